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
  };
  for (const auto& c : cases) {
    auto o = ParseServeOptions(c.args, FakeEnv(c.env), false);
    ASSERT_FALSE(o) << c.message;
    EXPECT_NE(o.error().find(c.message), std::string::npos) << o.error();
  }
}

}  // namespace
}  // namespace amtsweg::cli
