// The simulator on the seeded demo catalogue: deterministic per seed; views exceed starts; the
// device mix; pages and validation-error fields are real ids of the definition's pages; times
// lie in the window and nothing after `end`; municipalities running the same process differ;
// and Simulate writes what it reports (the rollups' sums equal its counts) and marks stale
// journeys abandoned. The simulator is deterministic for a seed, so none of this is flaky.

#include "monitor/simulate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

#include "catalog/seed.h"
#include "monitor/events.h"
#include "storage/test_support.h"
#include "text/time.h"

namespace amtsweg::monitor {
namespace {

using namespace std::chrono_literals;

const auto kEnd = std::chrono::sys_days(std::chrono::year_month_day(
                      std::chrono::year(2026), std::chrono::month(11), std::chrono::day(30))) +
                  12h;
const std::int64_t kEndUnix = std::chrono::floor<std::chrono::seconds>(kEnd).time_since_epoch().count();

class SimulateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::OpenSqlite({.path = dir_.File("db.sqlite")}, nullptr);
    ASSERT_TRUE(opened) << opened.error().message;
    storage_ = std::move(*opened);
    ASSERT_TRUE(storage_->Migrate());
    ASSERT_TRUE(catalog::Seed(*storage_));
    auto loaded = catalog::Catalog::Load(*storage_);
    ASSERT_TRUE(loaded);
    catalog_ = *loaded;
  }
  void TearDown() override { storage_->Close(); }

  std::vector<storage::UsageEvent> Visits(std::uint64_t seed, int visits, int days = 30) {
    JourneySimulator simulator(*catalog_, {.days = days, .seed = seed, .end = kEnd});
    std::vector<storage::UsageEvent> events;
    for (int i = 0; i < visits; ++i) {
      auto visit = simulator.NextVisit();
      events.insert(events.end(), visit.begin(), visit.end());
    }
    return events;
  }

  // Whether `path` ("a", "a.b", "a[].b") names fields of `page`, level by level.
  static bool IsFieldOf(const process::Page& page, std::string path) {
    const std::vector<process::Field>* level = &page.fields;
    while (!path.empty()) {
      const std::size_t dot = path.find('.');
      std::string id = path.substr(0, dot);
      path = dot == std::string::npos ? "" : path.substr(dot + 1);
      const bool repeat = id.ends_with("[]");
      if (repeat) id.resize(id.size() - 2);
      const process::Field* found = nullptr;
      for (const process::Field& field : *level)
        if (field.id == id) found = &field;
      if (found == nullptr || repeat != (found->type == process::FieldType::kRepeat)) return false;
      level = &found->fields;
    }
    return true;
  }

  storage::testing::TempDir dir_;
  std::unique_ptr<storage::Storage> storage_;
  std::shared_ptr<const catalog::Catalog> catalog_;
};

TEST_F(SimulateTest, DeterministicPerSeed) {
  auto a = Visits(7, 500);
  auto b = Visits(7, 500);
  auto c = Visits(8, 500);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].at, b[i].at);
    EXPECT_EQ(a[i].kind, b[i].kind);
    EXPECT_EQ(a[i].journey, b[i].journey);
    EXPECT_EQ(a[i].field, b[i].field);
  }
  bool differs = a.size() != c.size();
  for (std::size_t i = 0; !differs && i < a.size(); ++i)
    differs = a[i].at != c[i].at || a[i].kind != c[i].kind;
  EXPECT_TRUE(differs);
}

TEST_F(SimulateTest, VisitsComeInTimeOrderAndFillTheSpan) {
  for (const auto& [events, days] : {std::pair<std::int64_t, int>{40000, 2}, {200000, 1}}) {
    JourneySimulator simulator(*catalog_, {.events = events, .days = days, .seed = 4, .end = kEnd});
    std::int64_t written = 0;
    std::vector<std::int64_t> starts;
    while (written < events * 9 / 10) {  // within the first pass (the rate aims at 97 %)
      auto visit = simulator.NextVisit();
      starts.push_back(visit.front().at);
      written += static_cast<std::int64_t>(visit.size());
    }
    EXPECT_TRUE(std::is_sorted(starts.begin(), starts.end())) << events;
    const std::int64_t span = std::int64_t{86400} * days;
    EXPECT_LT(starts.front(), kEndUnix - span + 3 * 3600) << events;
    EXPECT_GT(starts.back(), kEndUnix - 6 * 3600) << events;  // nights are quiet
  }
}

TEST_F(SimulateTest, EventsUseRealIdsAndStayInTheWindow) {
  auto events = Visits(1, 20000, 30);
  std::map<std::string, std::int64_t> kinds;
  std::map<std::string, std::int64_t> devices;
  std::set<std::string> tripped_fields;
  for (const storage::UsageEvent& e : events) {
    ++kinds[e.kind];
    if (e.channel == "web" && e.kind == "service_viewed") ++devices[e.device];
    EXPECT_LE(e.at, kEndUnix);
    EXPECT_GE(e.at, kEndUnix - 30 * 86400);
    const catalog::OfferedService* service = catalog_->Find(e.ags, e.process);
    ASSERT_NE(service, nullptr) << e.ags << " " << e.process;
    EXPECT_EQ(e.version, service->definition->version);
    EXPECT_EQ(e.variant, service->definition->variant_id.value_or(""));
    ASSERT_TRUE(KindFromName(e.kind).has_value()) << e.kind;
    if (!e.page.empty()) {
      const process::Page* page = nullptr;
      for (const process::Page& p : service->definition->pages)
        if (p.id == e.page) page = &p;
      ASSERT_NE(page, nullptr) << e.process << " has no page " << e.page;
      if (e.kind == "validation_error") {
        EXPECT_TRUE(IsFieldOf(*page, e.field)) << e.process << "/" << e.page << ": " << e.field;
        tripped_fields.insert(e.process + "/" + e.field);
      }
    }
    if (e.kind == "submitted" && e.channel == "web") {
      ASSERT_TRUE(e.duration_s.has_value());
      EXPECT_GT(*e.duration_s, 0);
      EXPECT_FALSE(e.journey.empty());
    }
    if (e.channel == "api") {
      EXPECT_EQ(e.kind, "submitted");
      EXPECT_TRUE(e.journey.empty());
    }
    if (e.kind == "service_viewed") {
      EXPECT_TRUE(e.journey.empty());
    }
  }
  const double views = static_cast<double>(kinds["service_viewed"]);
  EXPECT_GT(kinds["started"], 0.3 * views);
  EXPECT_LT(kinds["started"], 0.7 * views);
  EXPECT_GT(kinds["page_completed"], kinds["started"]);
  EXPECT_LT(kinds["submitted"], kinds["started"] + kinds["submitted"] / 10);
  EXPECT_GT(kinds["validation_error"], 0);
  EXPECT_GT(kinds["draft_saved"], kinds["resumed"]);
  EXPECT_GT(kinds["resumed"], 0);
  EXPECT_GT(tripped_fields.size(), 10u);
  EXPECT_NEAR(devices["phone"] / views, 0.55, 0.03);
  EXPECT_NEAR(devices["desktop"] / views, 0.38, 0.03);
  EXPECT_NEAR(devices["tablet"] / views, 0.07, 0.02);
  for (const char* never : {"paid", "delivered", "status_changed", "decided", "abandoned"})
    EXPECT_EQ(kinds[never], 0) << never;
}

TEST_F(SimulateTest, MunicipalitiesRunningTheSameProcessDiffer) {
  auto events = Visits(3, 40000, 60);
  std::map<std::string, std::pair<double, double>> by_ags;  // hund-anmelden: started, submitted (web)
  for (const storage::UsageEvent& e : events) {
    if (e.process != "hund-anmelden" || e.channel != "web") continue;
    if (e.kind == "started") by_ags[e.ags].first += 1;
    if (e.kind == "submitted") by_ags[e.ags].second += 1;
  }
  ASSERT_GE(by_ags.size(), 2u);
  double lowest = 1, highest = 0;
  for (const auto& [ags, counts] : by_ags) {
    ASSERT_GT(counts.first, 50) << ags;
    std::cout << "[ info ] hund-anmelden in " << ags << ": " << counts.second / counts.first
              << " submitted per start\n";
    lowest = std::min(lowest, counts.second / counts.first);
    highest = std::max(highest, counts.second / counts.first);
  }
  EXPECT_GT(highest - lowest, 0.05);
}

TEST_F(SimulateTest, WritesWhatItReportsAndMarksStaleJourneysAbandoned) {
  auto result = Simulate(*catalog_, *storage_,
                         {.events = 30000, .days = 20, .seed = 5, .end = kEnd, .batch_events = 7000});
  ASSERT_TRUE(result) << result.error();
  EXPECT_GE(result->events, 30000);
  EXPECT_LT(result->events, 30100);
  auto raw = storage_->ListUsageEvents(1'000'000);
  ASSERT_TRUE(raw) << raw.error().message;
  EXPECT_EQ(static_cast<std::int64_t>(raw->size()), result->events);

  storage::UsageFilter filter;
  filter.from_day = text::GermanDay(kEndUnix) - 30;
  filter.to_day = text::GermanDay(kEndUnix);
  auto sums = storage_->SumUsage(filter, {});
  ASSERT_TRUE(sums) << sums.error().message;
  std::map<std::string, std::int64_t> totals;
  for (const storage::UsageSum& sum : *sums) totals[sum.kind] += sum.count;
  EXPECT_EQ(totals["started"], result->journeys);
  EXPECT_EQ(totals["submitted"], result->submitted);
  ASSERT_TRUE(result->abandoned.has_value());
  EXPECT_EQ(totals["abandoned"], *result->abandoned);
  EXPECT_GT(*result->abandoned, result->journeys / 10);
  EXPECT_LT(*result->abandoned, result->journeys);
  std::int64_t all = 0;
  for (const auto& [kind, count] : totals)
    if (kind != "abandoned") all += count;
  EXPECT_EQ(all, result->events);
}

TEST_F(SimulateTest, AnEmptyCatalogueIsAnError) {
  storage::testing::TempDir other;
  auto opened = storage::OpenSqlite({.path = other.File("empty.sqlite")}, nullptr);
  ASSERT_TRUE(opened);
  ASSERT_TRUE((*opened)->Migrate());
  auto empty = catalog::Catalog::Load(**opened);
  ASSERT_TRUE(empty);
  auto result = Simulate(**empty, **opened, {.events = 10, .end = kEnd});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), "the catalogue offers no online service");
  (*opened)->Close();
}

}  // namespace
}  // namespace amtsweg::monitor
