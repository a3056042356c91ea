// How the usage storage performs, on both engines: a 20,000-event batch (prints events/s and
// checks that every row landed), and the dashboards' access paths (SumUsage for one
// municipality uses the rollup's primary key, the comparison of all municipalities the
// by_process index; never a scan of the raw events). The timing of sums over ~300k rollup rows
// is a disabled test; run it with --gtest_also_run_disabled_tests. It times each dashboard sum
// through Storage (reading whole months from usage_monthly) and, on a connection of its own,
// the same sum read from the daily table only, as it was before the monthly rollups.
//
//   ctest --test-dir build -R unit_storage -V | grep 'usage speed'

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "storage/storage.h"
#include "storage/test_support.h"
#include "storage/usage_sql.h"
#include "storage/usage_test_support.h"
#include "text/time.h"

namespace amtsweg::storage {
namespace {

using testing::Engine;
using testing::EngineName;
using namespace usage_testing;  // NOLINT: the fixtures of usage_test_support.h

constexpr const char* kDevices[] = {"phone", "tablet", "desktop"};
constexpr const char* kPages[] = {"start", "halter", "hund", "zahlung"};

// A realistic batch: `journeys` journeys of 10 events each (started, pages, one validation
// error, submitted), over 20 municipalities, rolled up the way the recorder does.
UsageBatch JourneyBatch(int journeys, std::int64_t at) {
  UsageBatch batch;
  std::map<std::string, std::size_t> daily_index;
  auto count = [&](const UsageEvent& e) {
    std::int64_t day = text::GermanDay(e.at);
    std::string key = e.ags + "|" + e.device + "|" + e.kind + "|" + std::to_string(day);
    auto [it, inserted] = daily_index.try_emplace(key, batch.daily.size());
    if (inserted) batch.daily.push_back(Daily(e.ags, e.process, day, e.device, e.channel, e.kind, 0));
    batch.daily[it->second].count += 1;
  };
  for (int j = 0; j < journeys; ++j) {
    std::string id = "journey-" + std::to_string(at) + "-" + std::to_string(j);
    std::string ags = "08" + std::to_string(111000 + j % 20);
    for (int step = 0; step < 10; ++step) {
      UsageEvent e = Event(at + j % 600 + step,
                           step == 0   ? "started"
                           : step == 9 ? "submitted"
                                       : "page_completed",
                           id);
      if (step == 5) e.kind = "validation_error";
      e.ags = ags;
      e.device = kDevices[j % 3];
      e.page = step == 0 || step == 9 ? "" : kPages[step % 4];
      if (step == 9) e.duration_s = 9;
      count(e);
      batch.events.push_back(std::move(e));
    }
    UsageJourney journey = JourneyUpdate(id, at + j % 600 + 9, kReviewPage, "submitted");
    journey.key.ags = ags;
    batch.journeys.push_back(std::move(journey));
  }
  return batch;
}

class UsageSpeedTest : public testing::EngineTestBase {};

const char* Name(Engine engine) { return engine == Engine::kSqlite ? "sqlite" : "postgres"; }

INSTANTIATE_TEST_SUITE_P(Engines, UsageSpeedTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

TEST_P(UsageSpeedTest, WritesTwentyThousandEventBatches) {
  auto storage = Migrated();
  constexpr int kRounds = 3;
  double best = 0;
  for (int round = 0; round < kRounds; ++round) {
    UsageBatch batch = JourneyBatch(2000, kAt + round * 1000);
    const std::size_t events = batch.events.size();
    ASSERT_EQ(events, 20000u);
    auto start = std::chrono::steady_clock::now();
    std::clock_t cpu_start = std::clock();  // the writer thread's work; this thread only waits
    ASSERT_TRUE(WriteAndWait(*storage, std::move(batch)));
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    double rate = static_cast<double>(events) / seconds;
    best = std::max(best, rate);
    std::printf(
        "usage speed [%s]: %zu events (+ rollups, 2000 journeys) in %.1f ms wall = %.0f events/s; "
        "%.1f ms CPU in this process = %.0f events/s per core\n",
        Name(GetParam()), events, seconds * 1000, rate, cpu_seconds * 1000,
        static_cast<double>(events) / cpu_seconds);
  }
  std::printf("usage speed [%s]: best %.0f events/s wall\n", Name(GetParam()), best);
  // Everything landed: 2000 journeys × 3 rounds submitted, each counted once.
  const std::int64_t day = text::GermanDay(kAt);
  SumMap sums = Sums(*storage, Filter(day, day), {});
  EXPECT_EQ(sums["started"], 6000);
  EXPECT_EQ(sums["submitted"], 6000);
  EXPECT_EQ(sums["page_completed"], 6000 * 7);
  EXPECT_EQ(storage->ListUsageEvents(100000).value().size(), 60000u);
}

// --- Access paths (SQLite's EXPLAIN QUERY PLAN) ---

std::string QueryPlan(sqlite::Connection& connection, const usage_sql::Query& query) {
  auto statement = connection.Prepare("EXPLAIN QUERY PLAN " + query.sql);
  EXPECT_TRUE(statement) << statement.error().message;
  if (!statement) return "";
  int position = 1;
  for (const auto& param : query.params) {
    if (const auto* number = std::get_if<std::int64_t>(&param)) {
      statement->BindInt64(position++, *number);
    } else {
      statement->BindText(position++, std::get<std::string>(param));
    }
  }
  std::string plan;
  while (statement->Step() == SQLITE_ROW) plan += statement->ColumnText(3) + "\n";
  return plan;
}

TEST(UsageQueryPlanTest, DashboardsUseTheRollupIndexes) {
  testing::TempDir dir;
  {
    auto storage = OpenSqlite(testing::OptionsFor(dir.File("plan.db")), nullptr);
    ASSERT_TRUE(storage);
    ASSERT_TRUE((*storage)->Migrate());
  }
  auto connection = sqlite::Connection::Open(dir.File("plan.db"), {});
  ASSERT_TRUE(connection);

  UsageFilter one = Filter(kMonday, kMonday + 90).Ags({kAgsA}).Process("hund-anmelden");
  auto per_service = usage_sql::SumUsageQuery(one, std::vector<UsageGroup>{UsageGroup::kWeek});
  ASSERT_TRUE(per_service);
  std::string plan = QueryPlan(**connection, *per_service);
  EXPECT_NE(
      plan.find("SEARCH usage_daily USING INDEX sqlite_autoindex_usage_daily_1 (ags=? AND process=? AND "
                "day>? AND day<?)"),
      std::string::npos)
      << plan;

  UsageFilter comparison = Filter(kMonday, kMonday + 90).Process("hund-anmelden");
  auto all_ags = usage_sql::SumUsageQuery(comparison, std::vector<UsageGroup>{UsageGroup::kAgs});
  ASSERT_TRUE(all_ags);
  plan = QueryPlan(**connection, *all_ags);
  EXPECT_NE(
      plan.find("SEARCH usage_daily USING INDEX usage_daily_by_process (process=? AND day>? AND day<?)"),
      std::string::npos)
      << plan;
  // December and January are whole: they come from the monthly table, through its index.
  EXPECT_NE(
      plan.find(
          "SEARCH usage_monthly USING INDEX usage_monthly_by_process (process=? AND month>? AND month<?)"),
      std::string::npos)
      << plan;

  for (const auto& query : {usage_sql::SumPagesQuery(one, false), usage_sql::SumFieldsQuery(one, false),
                            usage_sql::SumDurationsQuery(one, UsageDurationGroup::kNone)}) {
    ASSERT_TRUE(query);
    plan = QueryPlan(**connection, *query);
    EXPECT_NE(plan.find("USING INDEX sqlite_autoindex_usage_"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("usage_events"), std::string::npos) << plan;
  }
}

// --- Sums over a year of rollups (disabled: a measurement, not a check to run every time) ---

TEST_P(UsageSpeedTest, DISABLED_SumsOverThreeHundredThousandRollupRows) {
  auto storage = Migrated();
  // 40 municipalities × 4 processes × 365 days × 3 devices × ~1.7 kinds ≈ 300k rows.
  const char* processes[] = {"hund-anmelden", "gewerbe-anmelden", "wohnsitz-anmelden", "parken"};
  const char* kinds[] = {"started", "submitted"};
  std::size_t rows = 0;
  for (int d = 0; d < 365; ++d) {
    UsageBatch batch;
    for (int a = 0; a < 40; ++a) {
      for (const char* process : processes) {
        for (const char* device : kDevices) {
          for (const char* kind : kinds) {
            if (kind == kinds[1] && (a + d) % 6 == 0) continue;
            batch.daily.push_back(Daily("08" + std::to_string(111000 + a), process, kSunday + d, device,
                                        "web", kind, 1 + (a * d) % 7));
          }
        }
      }
    }
    rows += batch.daily.size();
    ASSERT_TRUE(WriteAndWait(*storage, std::move(batch)));
  }
  const char* engine = Name(GetParam());
  std::printf("usage speed [%s]: %zu rollup rows\n", engine, rows);
  constexpr int kRepeats = 5;
  RawReader reader(database_, GetParam());
  auto time = [&](const char* what, const UsageFilter& filter, std::vector<UsageGroup> group_by) {
    auto start = std::chrono::steady_clock::now();
    std::vector<UsageSum> sums;
    for (int i = 0; i < kRepeats; ++i) sums = storage->SumUsage(filter, group_by).value();
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
                kRepeats;
    auto daily_only = usage_sql::SumUsageQuery(filter, group_by, usage_sql::Rollups::kDailyOnly).value();
    start = std::chrono::steady_clock::now();
    std::size_t daily_rows = 0;
    for (int i = 0; i < kRepeats; ++i) daily_rows = reader.CountRows(daily_only);
    double daily_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
        kRepeats;
    std::printf("usage speed [%s]: %s: %.2f ms (%zu rows); daily table only %.2f ms\n", engine, what, ms,
                sums.size(), daily_ms);
    EXPECT_GT(sums.size(), 0u);
    EXPECT_EQ(sums.size(), daily_rows);
  };
  time("one service, 90 days by week",
       Filter(kSunday + 200, kSunday + 290).Ags({kAgsA}).Process("hund-anmelden"), {UsageGroup::kWeek});
  time("one municipality, a year by process and month", Filter(kSunday, kSunday + 365).Ags({kAgsA}),
       {UsageGroup::kProcess, UsageGroup::kMonth});
  time("comparison of all municipalities, one process, 90 days",
       Filter(kSunday + 200, kSunday + 290).Process("hund-anmelden"), {UsageGroup::kAgs});
  time("state, a year by process and month", Filter(kSunday, kSunday + 365),
       {UsageGroup::kProcess, UsageGroup::kMonth});
  time("state, a year by municipality", Filter(kSunday, kSunday + 365), {UsageGroup::kAgs});
  time("comparison of all municipalities, one process, a year",
       Filter(kSunday, kSunday + 365).Process("parken"), {UsageGroup::kAgs});
}

}  // namespace
}  // namespace amtsweg::storage
