// Monthly rollups (usage_sql.h): which whole months a day range holds, which tables a sum's
// statement reads, and — on both engines — a property test with a fixed seed: random rollup rows
// over ~110 days (four calendar months, written in several batches with repeated keys) and many
// random sums (range, grouping, filters); every sum must equal the reference computed in C++
// from the rows written, whether it read whole months from usage_monthly* or days only.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
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
using usage_sql::WholeMonths;
using usage_sql::WholeMonthsIn;
using namespace usage_testing;  // NOLINT: the fixtures of usage_test_support.h

// Days of 2025: 2025-11-01 = 20393, 2025-11-30 = 20422, 2025-12-01 = 20423, 2025-12-31 = 20453.
constexpr std::int64_t kNov1 = 20393;
constexpr std::int64_t kNov30 = 20422;
constexpr std::int64_t kDec1 = 20423;
constexpr std::int64_t kDec31 = 20453;

TEST(WholeMonthsTest, FindsTheWholeMonthsInARange) {
  EXPECT_EQ(text::DayIso(kNov1), "2025-11-01");
  EXPECT_EQ(text::DayIso(kDec31), "2025-12-31");
  EXPECT_EQ(WholeMonthsIn(kNov1, kNov30), (WholeMonths{kNov1, kNov30, 202511, 202511}));
  EXPECT_EQ(WholeMonthsIn(kNov1 + 1, kDec31), (WholeMonths{kDec1, kDec31, 202512, 202512}));
  EXPECT_EQ(WholeMonthsIn(kNov1 - 3, kDec31 + 3), (WholeMonths{kNov1, kDec31, 202511, 202512}));
  // Leap February 2024: 2024-02-01 = 19754, 2024-02-29 = 19782.
  EXPECT_EQ(WholeMonthsIn(19750, 19785), (WholeMonths{19754, 19782, 202402, 202402}));
  // Across a new year: 2025-12-15 .. 2026-02-10 holds only January 2026 (20454 .. 20484).
  EXPECT_EQ(WholeMonthsIn(kDec1 + 14, 20495), (WholeMonths{20454, 20484, 202601, 202601}));
}

TEST(WholeMonthsTest, NoneWhenNoMonthIsWholeOrTheRangeIsOdd) {
  const std::pair<std::int64_t, std::int64_t> cases[] = {
      {kNov1 + 1, kNov30},       // misses the 1st
      {kNov1, kNov30 - 1},       // misses the last day
      {kNov1 + 10, kDec1 + 10},  // two partial months
      {kDec1, kDec1},            // one day
      {kDec31, kDec1},           // from after to
      {-40, 100},                // before 1970
      {kDec1, 3000000},          // after 9999
      {INT64_MIN, INT64_MAX},
  };
  for (const auto& [from, to] : cases) EXPECT_FALSE(WholeMonthsIn(from, to)) << from << ".." << to;
}

bool ReadsMonthly(const Result<usage_sql::Query>& query) {
  EXPECT_TRUE(query);
  return query && query->sql.find("usage_monthly") != std::string::npos;
}

TEST(MonthlyQueryTest, ReadsMonthsOnlyWhereItMay) {
  const UsageFilter year = Filter(kNov1 - 5, kNov1 + 365).Ags({kAgsA, kAgsB}).Process("hund-anmelden");
  const std::vector<UsageGroup> by_month = {UsageGroup::kMonth};
  auto monthly = usage_sql::SumUsageQuery(year, by_month);
  EXPECT_TRUE(ReadsMonthly(monthly));
  ASSERT_TRUE(monthly);
  // Head days, whole months, tail days; every part with all filters bound.
  EXPECT_NE(
      monthly->sql.find("usage_daily WHERE day BETWEEN $1 AND $2 AND ags IN ($3, $4) AND process = $5 "
                        "UNION ALL SELECT kind, month, count FROM usage_monthly WHERE month BETWEEN $6 AND "
                        "$7 AND ags IN ($8, $9) AND process = $10 UNION ALL"),
      std::string::npos)
      << monthly->sql;
  EXPECT_EQ(monthly->params.size(), 15u);

  EXPECT_FALSE(ReadsMonthly(usage_sql::SumUsageQuery(year, std::vector<UsageGroup>{UsageGroup::kWeek})));
  EXPECT_FALSE(ReadsMonthly(usage_sql::SumUsageQuery(year, by_month, usage_sql::Rollups::kDailyOnly)));
  EXPECT_FALSE(ReadsMonthly(usage_sql::SumUsageQuery(Filter(kNov1 + 1, kDec1 + 20), by_month)));
  EXPECT_TRUE(ReadsMonthly(usage_sql::SumPagesQuery(year, true)));
  EXPECT_TRUE(ReadsMonthly(usage_sql::SumFieldsQuery(year, false)));
  EXPECT_TRUE(ReadsMonthly(usage_sql::SumDurationsQuery(year, UsageDurationGroup::kMonth)));
  EXPECT_FALSE(ReadsMonthly(
      usage_sql::SumDurationsQuery(year, UsageDurationGroup::kAgs, usage_sql::Rollups::kDailyOnly)));
}

// --- Property test ---

constexpr const char* kAgsList[] = {kAgsA, kAgsB, "05315000"};
constexpr const char* kProcesses[] = {"hund-anmelden", "gewerbe-anmelden"};
constexpr const char* kDevices[] = {"phone", "tablet", "desktop"};
constexpr const char* kChannels[] = {"web", "api"};
constexpr const char* kKinds[] = {"started", "submitted", "page_completed"};
constexpr const char* kPages[] = {"halter", "hund"};
constexpr const char* kFields[] = {"hund.rasse", "halter.name"};
constexpr std::int64_t kBuckets[] = {60, 300, 900};
constexpr std::int64_t kFirstDay = kNov1 + 8;  // 2025-11-09 .. 2026-02-26: two whole months
constexpr int kDays = 110;

class Random final {
 public:
  explicit Random(unsigned seed) : engine_(seed) {}
  int Below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(engine_); }
  bool Coin() { return Below(2) == 1; }
  template <typename T, std::size_t N>
  T Pick(const T (&values)[N]) {
    return values[Below(static_cast<int>(N))];
  }

 private:
  std::mt19937 engine_;
};

UsageKey RandomKey(Random& random) {
  std::int64_t day = kFirstDay + random.Below(kDays);
  return UsageKey{.ags = random.Pick(kAgsList),
                  .process = random.Pick(kProcesses),
                  .day = day,
                  .month = text::MonthOfDay(day),
                  .version = 1 + random.Below(2),
                  .variant = random.Coin() ? "" : "muenchen-hund",
                  .device = random.Pick(kDevices)};
}

// A batch of random rollup rows; small domains make equal keys within a batch likely.
UsageBatch RandomBatch(Random& random, int rows) {
  UsageBatch batch;
  for (int i = 0; i < rows; ++i) {
    std::int64_t count = 1 + random.Below(5);
    batch.daily.push_back(
        UsageDailyCount{RandomKey(random), random.Pick(kChannels), random.Pick(kKinds), count});
    batch.pages.push_back(UsagePageCount{RandomKey(random), random.Pick(kPages), random.Pick(kKinds), count});
    batch.fields.push_back(
        UsageFieldCount{RandomKey(random), random.Pick(kPages), random.Pick(kFields), count});
    batch.durations.push_back(UsageDurationCount{RandomKey(random), random.Pick(kBuckets), count});
  }
  return batch;
}

UsageFilter RandomFilter(Random& random) {
  std::int64_t from = kFirstDay - 5 + random.Below(kDays + 10);
  std::int64_t to = from + random.Below(kDays + 10);
  UsageFilter filter = Filter(from, to);
  for (const char* ags : kAgsList) {
    if (random.Below(3) == 0) filter.ags.emplace_back(ags);
  }
  if (random.Below(3) == 0) filter.process = random.Pick(kProcesses);
  if (random.Below(4) == 0) filter.version = 1 + random.Below(2);
  if (random.Below(4) == 0) filter.device = random.Pick(kDevices);
  return filter;
}

std::vector<UsageGroup> RandomGroups(Random& random) {
  constexpr UsageGroup kGroups[] = {UsageGroup::kAgs,     UsageGroup::kProcess, UsageGroup::kDevice,
                                    UsageGroup::kVersion, UsageGroup::kMonth,   UsageGroup::kChannel};
  std::vector<UsageGroup> groups;
  for (int n = random.Below(3); n > 0; --n) groups.push_back(random.Pick(kGroups));
  return groups;
}

bool Matches(const UsageFilter& f, const UsageKey& k) {
  return k.day >= f.from_day && k.day <= f.to_day &&
         (f.ags.empty() || std::find(f.ags.begin(), f.ags.end(), k.ags) != f.ags.end()) &&
         (!f.process || *f.process == k.process) && (!f.version || *f.version == k.version) &&
         (!f.device || *f.device == k.device);
}

std::string GroupValue(UsageGroup group, const UsageDailyCount& row) {
  switch (group) {
    case UsageGroup::kAgs:
      return row.key.ags;
    case UsageGroup::kProcess:
      return row.key.process;
    case UsageGroup::kDevice:
      return row.key.device;
    case UsageGroup::kVersion:
      return std::to_string(row.key.version);
    case UsageGroup::kMonth:
      return std::to_string(row.key.month);
    case UsageGroup::kChannel:
      return row.channel;
    case UsageGroup::kWeek:
      return std::to_string((row.key.day + 3) / 7);
  }
  return "";
}

// What every sum must be, computed from the rows written (keys as in usage_test_support.h).
struct Reference {
  std::vector<UsageBatch> batches;

  SumMap Usage(const UsageFilter& filter, const std::vector<UsageGroup>& groups) const {
    SumMap sums;
    for (const UsageBatch& batch : batches) {
      for (const UsageDailyCount& row : batch.daily) {
        if (!Matches(filter, row.key)) continue;
        std::string key;
        for (UsageGroup group : groups) key += GroupValue(group, row) + "|";
        sums[key + row.kind] += row.count;
      }
    }
    return sums;
  }
  SumMap Pages(const UsageFilter& filter, bool by_ags) const {
    SumMap sums;
    for (const UsageBatch& batch : batches) {
      for (const UsagePageCount& row : batch.pages) {
        if (Matches(filter, row.key))
          sums[(by_ags ? row.key.ags : "") + "|" + row.page + "|" + row.kind] += row.count;
      }
    }
    return sums;
  }
  SumMap Fields(const UsageFilter& filter, bool by_ags) const {
    SumMap sums;
    for (const UsageBatch& batch : batches) {
      for (const UsageFieldCount& row : batch.fields) {
        if (Matches(filter, row.key))
          sums[(by_ags ? row.key.ags : "") + "|" + row.page + "|" + row.field] += row.count;
      }
    }
    return sums;
  }
  SumMap Durations(const UsageFilter& filter, UsageDurationGroup group) const {
    SumMap sums;
    for (const UsageBatch& batch : batches) {
      for (const UsageDurationCount& row : batch.durations) {
        if (!Matches(filter, row.key)) continue;
        std::string value = group == UsageDurationGroup::kAgs     ? row.key.ags
                            : group == UsageDurationGroup::kMonth ? std::to_string(row.key.month)
                                                                  : "";
        sums[value + "|" + std::to_string(row.bucket_s)] += row.count;
      }
    }
    return sums;
  }
};

SumMap PageSums(Storage& storage, const UsageFilter& filter, bool by_ags) {
  SumMap sums;
  auto rows = storage.SumUsagePages(filter, by_ags);
  EXPECT_TRUE(rows) << rows.error().message;
  if (rows) {
    for (const UsagePageSum& s : *rows) sums[s.ags + "|" + s.page + "|" + s.kind] += s.count;
  }
  return sums;
}

SumMap FieldSums(Storage& storage, const UsageFilter& filter, bool by_ags) {
  SumMap sums;
  auto rows = storage.SumUsageFields(filter, by_ags);
  EXPECT_TRUE(rows) << rows.error().message;
  if (rows) {
    for (const UsageFieldSum& s : *rows) sums[s.ags + "|" + s.page + "|" + s.field] += s.count;
  }
  return sums;
}

SumMap DurationSums(Storage& storage, const UsageFilter& filter, UsageDurationGroup group) {
  SumMap sums;
  auto rows = storage.SumUsageDurations(filter, group);
  EXPECT_TRUE(rows) << rows.error().message;
  if (rows) {
    for (const UsageDurationSum& s : *rows) sums[s.group + "|" + std::to_string(s.bucket_s)] += s.count;
  }
  return sums;
}

std::string Describe(const UsageFilter& f) {
  std::string text = text::DayIso(f.from_day) + ".." + text::DayIso(f.to_day) + " ags=";
  for (const std::string& ags : f.ags) text += ags + ",";
  return text + " process=" + f.process.value_or("*") +
         " version=" + (f.version ? std::to_string(*f.version) : "*") + " device=" + f.device.value_or("*");
}

class UsageMonthlyTest : public testing::EngineTestBase {};

INSTANTIATE_TEST_SUITE_P(Engines, UsageMonthlyTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

TEST_P(UsageMonthlyTest, SumsOverMonthsEqualTheSumsOfTheRowsWritten) {
  auto storage = Migrated();
  Random random(5);
  Reference reference;
  for (int b = 0; b < 6; ++b) {
    reference.batches.push_back(RandomBatch(random, 50 + random.Below(400)));
    ASSERT_TRUE(WriteAndWait(*storage, reference.batches.back()));
  }
  constexpr UsageDurationGroup kDurationGroups[] = {UsageDurationGroup::kNone, UsageDurationGroup::kAgs,
                                                    UsageDurationGroup::kMonth};
  int read_months = 0;
  for (int q = 0; q < 150; ++q) {
    const UsageFilter filter = RandomFilter(random);
    const std::vector<UsageGroup> groups = RandomGroups(random);
    const bool by_ags = random.Coin();
    const UsageDurationGroup duration_group = random.Pick(kDurationGroups);
    if (WholeMonthsIn(filter.from_day, filter.to_day)) ++read_months;
    SCOPED_TRACE(Describe(filter));
    EXPECT_EQ(Sums(*storage, filter, groups), reference.Usage(filter, groups));
    EXPECT_EQ(PageSums(*storage, filter, by_ags), reference.Pages(filter, by_ags));
    EXPECT_EQ(FieldSums(*storage, filter, by_ags), reference.Fields(filter, by_ags));
    EXPECT_EQ(DurationSums(*storage, filter, duration_group), reference.Durations(filter, duration_group));
  }
  // The seed gives both paths plenty of cases.
  EXPECT_GT(read_months, 40);
  EXPECT_LT(read_months, 130);
}

TEST_P(UsageMonthlyTest, AMonthReadsTheSameWhicheverTableItComesFrom) {
  auto storage = Migrated();
  UsageBatch batch;
  batch.daily = {Daily(kAgsA, "hund-anmelden", kNov1, "phone", "web", "started", 2),
                 Daily(kAgsA, "hund-anmelden", kNov30, "phone", "web", "started", 3),
                 Daily(kAgsA, "hund-anmelden", kDec1, "phone", "web", "started", 5)};
  ASSERT_TRUE(WriteAndWait(*storage, batch));
  ASSERT_TRUE(WriteAndWait(*storage, batch));  // counts add up in both tables
  // November whole (monthly table) vs. November minus a day (daily table only).
  EXPECT_EQ(Sums(*storage, Filter(kNov1, kNov30), {UsageGroup::kMonth}), (SumMap{{"202511|started", 10}}));
  EXPECT_EQ(Sums(*storage, Filter(kNov1, kNov30 - 1), {UsageGroup::kMonth}), (SumMap{{"202511|started", 4}}));
  EXPECT_EQ(Sums(*storage, Filter(kNov1 - 9, kDec1), {UsageGroup::kMonth}),
            (SumMap{{"202511|started", 10}, {"202512|started", 10}}));
  // Grouping by week stays on days; the same rows.
  EXPECT_EQ(Sums(*storage, Filter(kNov1, kNov30), {UsageGroup::kWeek}),
            (SumMap{{std::to_string((kNov1 + 3) / 7) + "|started", 4},
                    {std::to_string((kNov30 + 3) / 7) + "|started", 6}}));
}

}  // namespace
}  // namespace amtsweg::storage
