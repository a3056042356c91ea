// The dashboards over real storage (SQLite): events written as the recorder writes them
// (Aggregate + WriteUsageAsync) come back in the reports exactly; access keys are found by their
// hash. The pure builders are tested with hand-made sums in dashboard_test.cpp.

#include "monitor/dashboard_query.h"

#include <gtest/gtest.h>

#include <future>

#include "monitor/access.h"
#include "monitor/events.h"
#include "storage/test_support.h"
#include "text/time.h"

namespace amtsweg::monitor {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

class DashboardQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::OpenSqlite(storage::testing::OptionsFor(dir_.File("test.db")), nullptr);
    ASSERT_TRUE(opened) << opened.error().message;
    storage_ = std::move(*opened);
    ASSERT_TRUE(storage_->Migrate());
    definition_.id = "hund-anmelden";
    definition_.title = "Hund anmelden";
    for (const char* id : {"halter", "hunde"}) {
      process::Page page;
      page.id = id;
      page.title = std::string("Seite ") + id;
      process::Field field;
      field.id = std::string(id) + "_feld";
      field.label = std::string("Feld ") + id;
      page.fields.push_back(field);
      definition_.pages.push_back(page);
    }
  }
  void TearDown() override {
    if (storage_) storage_->Close();
  }

  void Write(std::vector<storage::UsageEvent> events) {
    std::promise<storage::Result<void>> done;
    storage_->WriteUsageAsync(Aggregate(std::move(events)),
                              [&](storage::Result<void> r) { done.set_value(r); });
    auto result = done.get_future().get();
    ASSERT_TRUE(result) << result.error().message;
  }

  // A journey in `ags` on `device` at `at`: viewed, started, the first `pages` pages completed,
  // an error on the second page's field, and submitted after `submit_after` when set.
  void Journey(std::vector<storage::UsageEvent>& out, std::string_view ags, Device device,
               system_clock::time_point at, int pages, bool error, std::optional<seconds> submit_after) {
    const ProcessRef ref{ags, "hund-anmelden", 1, ""};
    const std::string journey = NewJourneyId();
    out.push_back(MakeEvent(Kind::kServiceViewed, ref, device, Channel::kWeb, "", at));
    out.push_back(MakeEvent(Kind::kStarted, ref, device, Channel::kWeb, journey, at));
    for (int i = 0; i < pages; ++i) {
      out.push_back(
          MakeEvent(Kind::kPageCompleted, ref, device, Channel::kWeb, journey, at, definition_.pages[i].id));
    }
    if (error) {
      out.push_back(
          MakeEvent(Kind::kValidationError, ref, device, Channel::kWeb, journey, at, "hunde", "hunde_feld"));
    }
    if (submit_after) {
      out.push_back(MakeEvent(Kind::kSubmitted, ref, device, Channel::kWeb, journey, at + *submit_after, {},
                              {}, *submit_after));
    }
  }

  storage::testing::TempDir dir_;
  std::unique_ptr<storage::Storage> storage_;
  process::Definition definition_;
  // 2026-11-25 10:00 UTC, a Wednesday.
  const system_clock::time_point at_ = system_clock::from_time_t(1795600800);
  const std::int64_t day_ = text::GermanDay(1795600800);
};

const Table& TableOf(const Report& report, std::string_view id) {
  const Table* t = report.Find(id);
  if (t == nullptr) throw std::runtime_error("no table " + std::string(id));
  return *t;
}

std::int64_t Int(const Table& t, std::size_t row, std::string_view column) {
  return std::get<std::int64_t>(t.rows.at(row).at(static_cast<std::size_t>(t.ColumnIndex(column))).value);
}

TEST_F(DashboardQueryTest, ServiceReportCountsWhatWasWritten) {
  std::vector<storage::UsageEvent> events;
  Journey(events, "08111000", Device::kPhone, at_, 2, false, seconds(200));   // submitted after 200 s
  Journey(events, "08111000", Device::kPhone, at_, 2, false, seconds(1000));  // after 1000 s
  Journey(events, "08111000", Device::kDesktop, at_, 1, true, std::nullopt);  // error on page 2, open
  Journey(events, "08111000", Device::kTablet, at_, 0, false, std::nullopt);
  Journey(events, "09162000", Device::kPhone, at_, 2, false, seconds(50));  // another municipality
  Write(std::move(events));

  ViewFilter filter;
  filter.from_day = day_ - 6;
  filter.to_day = day_;
  auto report = QueryServiceReport(*storage_, "08111000", definition_, filter);
  ASSERT_TRUE(report) << report.error().message;
  const Table& k = TableOf(*report, "kennzahlen");
  EXPECT_EQ(Int(k, 0, "angesehen"), 4);
  EXPECT_EQ(Int(k, 0, "begonnen"), 4);
  EXPECT_EQ(Int(k, 0, "eingereicht"), 2);
  EXPECT_EQ(Int(k, 0, "median_bis_s"), DurationBucket(200));
  EXPECT_EQ(Int(k, 0, "p90_bis_s"), DurationBucket(1000));
  const Table& f = TableOf(*report, "trichter");
  EXPECT_EQ(Int(f, 2, "anzahl"), 3);  // page halter
  EXPECT_EQ(Int(f, 3, "anzahl"), 2);  // page hunde
  EXPECT_EQ(Int(f, 4, "anzahl"), 2);  // submitted
  const Table& e = TableOf(*report, "fehlerfelder");
  ASSERT_EQ(e.rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(e.rows[0][0].value), "Feld hunde");
  const Table& g = TableOf(*report, "geraete");
  EXPECT_EQ(Int(g, 0, "begonnen"), 2);  // Smartphone
  EXPECT_EQ(Int(g, 0, "eingereicht"), 2);
  EXPECT_EQ(Int(g, 1, "begonnen"), 1);  // Tablet
  EXPECT_EQ(Int(g, 2, "begonnen"), 1);  // Computer
  const Table& w = TableOf(*report, "wochen");
  std::int64_t started = 0;
  for (std::size_t r = 0; r < w.rows.size(); ++r) started += Int(w, r, "begonnen");
  EXPECT_EQ(started, 4);

  filter.device = "phone";
  auto phone = QueryServiceReport(*storage_, "08111000", definition_, filter);
  ASSERT_TRUE(phone);
  EXPECT_EQ(Int(TableOf(*phone, "kennzahlen"), 0, "begonnen"), 2);
  filter.device.reset();
  filter.from_day = day_ + 1;
  filter.to_day = day_ + 7;
  auto later = QueryServiceReport(*storage_, "08111000", definition_, filter);
  ASSERT_TRUE(later);
  EXPECT_EQ(Int(TableOf(*later, "kennzahlen"), 0, "begonnen"), 0);
}

TEST_F(DashboardQueryTest, MunicipalityOverviewAndComparison) {
  std::vector<storage::UsageEvent> events;
  Journey(events, "08111000", Device::kPhone, at_, 2, false, seconds(100));
  Journey(events, "08111000", Device::kPhone, at_, 1, true, std::nullopt);
  Journey(events, "09162000", Device::kPhone, at_, 2, false, seconds(100));
  Write(std::move(events));
  ASSERT_TRUE(storage_->SavePaperCount(
      {"08111000", "hund-anmelden", text::MonthOfDay(day_), 3, "2026-11-30T00:00:00Z"}));

  ViewFilter filter;
  filter.from_day = day_ - 29;
  filter.to_day = day_;
  auto municipality =
      QueryMunicipalityReport(*storage_, "08111000", {{"hund-anmelden", "Hund anmelden", "/h"}}, filter);
  ASSERT_TRUE(municipality) << municipality.error().message;
  const Table& use = TableOf(*municipality, "nutzung");
  EXPECT_EQ(Int(use, 0, "begonnen"), 2);
  EXPECT_EQ(Int(use, 0, "eingereicht"), 1);
  const Table& share = TableOf(*municipality, "onlineanteil");
  EXPECT_EQ(Int(share, 0, "online"), 1);
  EXPECT_EQ(Int(share, 0, "papier"), 3);

  auto overview = QueryOverviewReport(
      *storage_, {{"08111000", "Stuttgart", "/s"}, {"09162000", "München", "/m"}}, {}, filter);
  ASSERT_TRUE(overview);
  EXPECT_EQ(std::get<std::string>(TableOf(*overview, "gemeinden").rows[0][1].value), "Stuttgart");
  auto only_munich = QueryOverviewReport(*storage_, {{"09162000", "München", "/m"}}, {"09162000"}, filter);
  ASSERT_TRUE(only_munich);
  EXPECT_EQ(Int(TableOf(*only_munich, "gemeinden"), 0, "begonnen"), 1);

  auto comparison = QueryComparisonReport(
      *storage_, "hund-anmelden",
      {{{"08111000", "Stuttgart", "/s"}, &definition_}, {{"09162000", "München", "/m"}, &definition_}},
      filter);
  ASSERT_TRUE(comparison);
  const Table& c = TableOf(*comparison, "vergleich");
  ASSERT_EQ(c.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(c.rows[0][0].value), "München");  // 1 of 1 submitted
  EXPECT_TRUE(c.rows[0][static_cast<std::size_t>(c.ColumnIndex("konversion"))].best);
  EXPECT_EQ(std::get<std::string>(c.rows[1][static_cast<std::size_t>(c.ColumnIndex("fehlerfeld"))].value),
            "Feld hunde");
}

TEST_F(DashboardQueryTest, AccessKeysAreFoundByTheirHashOnly) {
  auto key = CreateAccessKey(*storage_, "ags:08111000", "Digitallotsin", system_clock::now());
  ASSERT_TRUE(key) << key.error().message;
  auto access = Authenticate(*storage_, *key);
  ASSERT_TRUE(access);
  ASSERT_TRUE(*access);
  EXPECT_EQ((*access)->scope.ToString(), "ags:08111000");
  EXPECT_EQ((*access)->label, "Digitallotsin");
  auto typed = *key;
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto lower = Authenticate(*storage_, typed);
  ASSERT_TRUE(lower && *lower);
  for (const std::string bad : {std::string(), std::string("nonsense"), std::string(28, '0')}) {
    auto none = Authenticate(*storage_, bad);
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none) << bad;
  }
  EXPECT_FALSE(CreateAccessKey(*storage_, "ags:123", "x", system_clock::now()));
}

}  // namespace
}  // namespace amtsweg::monitor
