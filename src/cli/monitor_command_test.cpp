// `amtsweg monitor simulate`: its arguments (every rejection has a case), and one real run into
// a seeded SQLite database.

#include "cli/monitor_command.h"

#include <gtest/gtest.h>

#include <map>

#include "catalog/seed.h"
#include "storage/test_support.h"
#include "text/time.h"

namespace amtsweg::cli {
namespace {

Environment Env(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

const auto kNow = *text::ParseRfc3339("2026-11-30T12:00:00Z");

TEST(ParseSimulateArgs, DefaultsAndFlags) {
  auto parsed = ParseSimulateArgs({"--events", "1000"}, Env({}), kNow);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->events, 1000);
  EXPECT_EQ(parsed->db, "amtsweg.db");
  EXPECT_EQ(parsed->days, 90);
  EXPECT_EQ(parsed->seed, 1u);
  EXPECT_EQ(parsed->end, kNow);

  parsed = ParseSimulateArgs(
      {"--events=5", "--days", "7", "--seed=42", "--db", "x.db", "--end", "2026-01-02T03:04:05Z"},
      Env({{"AMTSWEG_DB", "env.db"}}), kNow);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->events, 5);
  EXPECT_EQ(parsed->days, 7);
  EXPECT_EQ(parsed->seed, 42u);
  EXPECT_EQ(parsed->db, "x.db");
  EXPECT_EQ(text::Rfc3339(parsed->end), "2026-01-02T03:04:05Z");
  EXPECT_EQ(ParseSimulateArgs({"--events", "1"}, Env({{"AMTSWEG_DB", "env.db"}}), kNow)->db, "env.db");
}

TEST(ParseSimulateArgs, Rejections) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{}, "--events N is required"},
      {{"--days", "3"}, "--events N is required"},
      {{"--events"}, "option --events needs a value"},
      {{"--events", "0"}, "invalid value '0' for --events"},
      {{"--events", "-5"}, "invalid value '-5' for --events"},
      {{"--events", "10x"}, "invalid value '10x' for --events"},
      {{"--events", "2000000000"}, "invalid value '2000000000' for --events"},
      {{"--events", "1", "--days", "0"}, "invalid value '0' for --days"},
      {{"--events", "1", "--days", "3651"}, "invalid value '3651' for --days"},
      {{"--events", "1", "--seed", "-1"}, "invalid value '-1' for --seed"},
      {{"--events", "1", "--end", "yesterday"}, "invalid value 'yesterday' for --end"},
      {{"--events", "1", "--db="}, "invalid value '' for --db"},
      {{"--events", "1", "--port", "8"}, "unknown option '--port'"},
      {{"simulate"}, "unknown option 'simulate'"},
  };
  for (const auto& [args, message] : cases) {
    auto parsed = ParseSimulateArgs(args, Env({}), kNow);
    ASSERT_FALSE(parsed) << message;
    EXPECT_EQ(parsed.error(), message);
  }
}

TEST(RunMonitorCommand, BadUsageExitsTwo) {
  EXPECT_EQ(RunMonitorCommand({}), 2);
  EXPECT_EQ(RunMonitorCommand({"frobnicate"}), 2);
  EXPECT_EQ(RunMonitorCommand({"simulate"}), 2);
  EXPECT_EQ(RunMonitorCommand({"simulate", "--events", "ten"}), 2);
}

TEST(RunMonitorCommand, SimulatesIntoASeededDatabase) {
  storage::testing::TempDir dir;
  const std::string db = dir.File("demo.sqlite");
  {
    auto storage = storage::OpenSqlite({.path = db}, nullptr);
    ASSERT_TRUE(storage);
    ASSERT_TRUE((*storage)->Migrate());
    ASSERT_TRUE(catalog::Seed(**storage));
    (*storage)->Close();
  }
  EXPECT_EQ(RunMonitorCommand({"simulate", "--events", "3000", "--days", "10", "--db", db}), 0);
  auto storage = storage::OpenSqlite({.path = db}, nullptr);
  ASSERT_TRUE(storage);
  auto events = (*storage)->ListUsageEvents(10'000);
  ASSERT_TRUE(events);
  EXPECT_GE(events->size(), 3000u);
  (*storage)->Close();
}

TEST(RunMonitorCommand, AnEmptyDatabaseFails) {
  storage::testing::TempDir dir;
  EXPECT_EQ(RunMonitorCommand({"simulate", "--events", "10", "--db", dir.File("empty.sqlite")}), 1);
}

}  // namespace
}  // namespace amtsweg::cli
