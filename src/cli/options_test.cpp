#include "cli/options.h"

#include <gtest/gtest.h>

#include <map>

namespace amtsweg::cli {
namespace {

Environment FakeEnv(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

TEST(ServeOptions, Defaults) {
  auto serve = ParseServeOptions({}, FakeEnv({}), false);
  ASSERT_TRUE(serve);
  EXPECT_EQ(serve->db, "amtsweg.db");
  EXPECT_EQ(serve->port, 8080);
  EXPECT_FALSE(serve->sandbox);
  auto demo = ParseServeOptions({}, FakeEnv({}), true);
  ASSERT_TRUE(demo);
  EXPECT_EQ(demo->db, "amtsweg-demo.db");
  EXPECT_TRUE(demo->sandbox);
  EXPECT_EQ(serve->draft_retention_days, 30);
  EXPECT_EQ(demo->draft_retention_days, 30);
}

TEST(ServeOptions, DraftRetentionFromFlagOrEnvironment) {
  EXPECT_EQ(ParseServeOptions({"--draft-retention-days", "7"}, FakeEnv({}), false)->draft_retention_days, 7);
  EXPECT_EQ(
      ParseServeOptions({}, FakeEnv({{"AMTSWEG_DRAFT_RETENTION_DAYS", "90"}}), false)->draft_retention_days,
      90);
  EXPECT_EQ(ParseServeOptions({"--draft-retention-days=1"}, FakeEnv({{"AMTSWEG_DRAFT_RETENTION_DAYS", "90"}}),
                              false)
                ->draft_retention_days,
            1);
  EXPECT_EQ(ParseServeOptions({"--draft-retention-days", "3650"}, FakeEnv({}), false)->draft_retention_days,
            3650);
}

TEST(ServeOptions, MonitorSettings) {
  auto defaults = ParseServeOptions({}, FakeEnv({}), false);
  EXPECT_EQ(defaults->usage_retention_days, 90);
  EXPECT_EQ(defaults->abandon_after_seconds, 86400);
  EXPECT_EQ(defaults->usage_flush_ms, 200);
  auto set = ParseServeOptions({"--usage-retention-days", "7", "--abandon-after-seconds=2"},
                               FakeEnv({{"AMTSWEG_USAGE_FLUSH_MS", "50"}}), false);
  ASSERT_TRUE(set);
  EXPECT_EQ(set->usage_retention_days, 7);
  EXPECT_EQ(set->abandon_after_seconds, 2);
  EXPECT_EQ(set->usage_flush_ms, 50);
}

TEST(ServeOptions, FlagsBeatEnvironment) {
  auto o = ParseServeOptions(
      {"--port", "0", "--db=x.db", "--sandbox"},
      FakeEnv({{"AMTSWEG_PORT", "9000"}, {"AMTSWEG_DB", "env.db"}, {"AMTSWEG_THREADS", "3"}}), false);
  ASSERT_TRUE(o) << o.error();
  EXPECT_EQ(o->port, 0);
  EXPECT_EQ(o->db, "x.db");
  EXPECT_EQ(o->threads, 3);
  EXPECT_TRUE(o->sandbox);
}

TEST(ServeOptions, SwitchesTakeExplicitValues) {
  auto o = ParseServeOptions({"--sandbox=false", "--hsts", "--no-access-log"}, FakeEnv({}), true);
  ASSERT_TRUE(o);
  EXPECT_FALSE(o->sandbox);
  EXPECT_TRUE(o->hsts);
  EXPECT_FALSE(o->access_log);
}

TEST(ServeOptions, RejectsBadInput) {
  struct Case {
    std::vector<std::string> args;
    std::map<std::string, std::string> env;
    std::string message;
  };
  std::vector<Case> cases = {
      {{"--port", "70000"}, {}, "invalid value '70000' for --port"},
      {{"--port", "80x"}, {}, "invalid value '80x' for --port"},
      {{"--port", "-1"}, {}, "invalid value '-1' for --port"},
      {{"--port"}, {}, "option --port needs a value"},
      {{"--frobnicate"}, {}, "unknown option '--frobnicate'"},
      {{"--db="}, {}, "invalid value '' for --db"},
      {{"--threads", "1000"}, {}, "invalid value '1000' for --threads"},
      {{"--max-body", "10"}, {}, "invalid value '10' for --max-body"},
      {{"--sandbox=maybe"}, {}, "invalid value 'maybe' for --sandbox"},
      {{}, {{"AMTSWEG_PORT", "http"}}, "invalid value 'http' in AMTSWEG_PORT"},
      {{"--draft-retention-days", "0"}, {}, "invalid value '0' for --draft-retention-days"},
      {{"--usage-retention-days", "0"}, {}, "invalid value '0' for --usage-retention-days"},
      {{"--abandon-after-seconds", "0"}, {}, "invalid value '0' for --abandon-after-seconds"},
      {{"--usage-flush-ms", "5"}, {}, "invalid value '5' for --usage-flush-ms"},
      {{"--draft-retention-days", "3651"}, {}, "invalid value '3651' for --draft-retention-days"},
      {{"--draft-retention-days", "-5"}, {}, "invalid value '-5' for --draft-retention-days"},
      {{"--draft-retention-days", "30d"}, {}, "invalid value '30d' for --draft-retention-days"},
      {{"--draft-retention-days"}, {}, "option --draft-retention-days needs a value"},
      {{}, {{"AMTSWEG_DRAFT_RETENTION_DAYS", ""}}, "invalid value '' in AMTSWEG_DRAFT_RETENTION_DAYS"},
  };
  for (const auto& c : cases) {
    auto o = ParseServeOptions(c.args, FakeEnv(c.env), false);
    ASSERT_FALSE(o) << c.message;
    EXPECT_NE(o.error().find(c.message), std::string::npos) << o.error();
  }
}

}  // namespace
}  // namespace amtsweg::cli
