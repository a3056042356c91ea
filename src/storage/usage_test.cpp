// The process monitor's storage on both engines: a batch lands in raw events, rollups and
// journeys; sums group and filter as asked; counts add up across batches; journeys move from
// open to submitted (which wins) or abandoned (counted exactly once); the purge removes raw
// events and closed journeys but keeps the rollups; strings that look like SQL are stored as
// they are. Also the registry, paper counts, monitor access keys, and the two new columns
// (drafts.journey, offerings.adopted_at).

#include <gtest/gtest.h>

#include <future>
#include <map>
#include <string>
#include <vector>

#include "storage/storage.h"
#include "storage/test_support.h"
#include "storage/usage_test_support.h"
#include "text/time.h"

namespace amtsweg::storage {
namespace {

using testing::Engine;
using testing::EngineName;
using namespace usage_testing;  // NOLINT: the fixtures of usage_test_support.h

class UsageTest : public testing::EngineTestBase {
 protected:
  std::optional<JourneyRow> Stored(const std::string& id) { return ReadJourney(database_, GetParam(), id); }
};

INSTANTIATE_TEST_SUITE_P(Engines, UsageTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

// Two municipalities, two devices, three days (two weeks, two months), two channels.
UsageBatch SampleBatch() {
  UsageBatch batch;
  batch.daily = {
      Daily(kAgsA, "hund-anmelden", kMonday, "phone", "web", "started", 5),
      Daily(kAgsA, "hund-anmelden", kMonday, "desktop", "web", "started", 3),
      Daily(kAgsA, "hund-anmelden", kSunday, "phone", "web", "started", 2),
      Daily(kAgsA, "hund-anmelden", kMonday, "phone", "web", "submitted", 4),
      Daily(kAgsA, "hund-anmelden", kNextMonth, "phone", "api", "submitted", 7),
      Daily(kAgsB, "hund-anmelden", kMonday, "phone", "web", "started", 11),
      Daily(kAgsB, "gewerbe-anmelden", kMonday, "desktop", "web", "started", 13),
  };
  batch.daily[1].key.version = 2;
  batch.pages = {Page(kAgsA, "hund-anmelden", kMonday, "halter", "page_completed", 6),
                 Page(kAgsA, "hund-anmelden", kMonday, "hund", "validation_error", 2),
                 Page(kAgsB, "hund-anmelden", kMonday, "halter", "page_completed", 1)};
  batch.fields = {Field(kAgsA, "hund-anmelden", kMonday, "hund", "hund.rasse", 2),
                  Field(kAgsB, "hund-anmelden", kMonday, "hund", "hund.rasse", 1)};
  batch.durations = {Duration(kAgsA, "hund-anmelden", kMonday, 300, 3),
                     Duration(kAgsA, "hund-anmelden", kNextMonth, 300, 1),
                     Duration(kAgsB, "hund-anmelden", kMonday, 600, 2)};
  return batch;
}

TEST_P(UsageTest, SumsGroupByEveryDimension) {
  auto storage = Migrated();
  ASSERT_TRUE(WriteAndWait(*storage, SampleBatch()));
  UsageFilter all = Filter(kSunday, kNextMonth);

  EXPECT_EQ(Sums(*storage, all, {}), (SumMap{{"started", 34}, {"submitted", 11}}));
  EXPECT_EQ(Sums(*storage, all, {UsageGroup::kAgs}),
            (SumMap{{"08111000|started", 10}, {"08111000|submitted", 11}, {"09162000|started", 24}}));
  EXPECT_EQ(Sums(*storage, all, {UsageGroup::kProcess, UsageGroup::kDevice}),
            (SumMap{{"gewerbe-anmelden|desktop|started", 13},
                    {"hund-anmelden|desktop|started", 3},
                    {"hund-anmelden|phone|started", 18},
                    {"hund-anmelden|phone|submitted", 11}}));
  EXPECT_EQ(Sums(*storage, all, {UsageGroup::kVersion}),
            (SumMap{{"1|started", 31}, {"1|submitted", 11}, {"2|started", 3}}));
  EXPECT_EQ(Sums(*storage, all, {UsageGroup::kChannel}),
            (SumMap{{"api|submitted", 7}, {"web|started", 34}, {"web|submitted", 4}}));
  const std::string sunday_week = std::to_string((kSunday + 3) / 7);
  const std::string monday_week = std::to_string((kMonday + 3) / 7);
  const std::string december_week = std::to_string((kNextMonth + 3) / 7);
  EXPECT_EQ(Sums(*storage, all, {UsageGroup::kWeek}), (SumMap{{sunday_week + "|started", 2},
                                                              {monday_week + "|started", 32},
                                                              {monday_week + "|submitted", 4},
                                                              {december_week + "|submitted", 7}}));
  EXPECT_EQ(Sums(*storage, all, {UsageGroup::kMonth}),
            (SumMap{{"202511|started", 34}, {"202511|submitted", 4}, {"202512|submitted", 7}}));
}

TEST_P(UsageTest, SumsAreOrderedByGroupThenKind) {
  auto storage = Migrated();
  ASSERT_TRUE(WriteAndWait(*storage, SampleBatch()));
  auto sums = storage->SumUsage(Filter(kSunday, kNextMonth), {UsageGroup::kAgs});
  ASSERT_TRUE(sums) << sums.error().message;
  ASSERT_EQ(sums->size(), 3u);
  EXPECT_EQ((*sums)[0].group, std::vector<std::string>{kAgsA});
  EXPECT_EQ((*sums)[0].kind, "started");
  EXPECT_EQ((*sums)[1].kind, "submitted");
  EXPECT_EQ((*sums)[2].group, std::vector<std::string>{kAgsB});
}

TEST_P(UsageTest, FiltersNarrowTheSums) {
  auto storage = Migrated();
  ASSERT_TRUE(WriteAndWait(*storage, SampleBatch()));
  UsageFilter days = Filter(kMonday, kMonday);
  EXPECT_EQ(Sums(*storage, days, {}), (SumMap{{"started", 32}, {"submitted", 4}}));
  UsageFilter process = Filter(kSunday, kNextMonth).Process("gewerbe-anmelden");
  EXPECT_EQ(Sums(*storage, process, {}), (SumMap{{"started", 13}}));
  UsageFilter version = Filter(kSunday, kNextMonth).Version(2);
  EXPECT_EQ(Sums(*storage, version, {}), (SumMap{{"started", 3}}));
  UsageFilter device = Filter(kSunday, kNextMonth).Device("desktop");
  EXPECT_EQ(Sums(*storage, device, {}), (SumMap{{"started", 16}}));
  UsageFilter one_ags = Filter(kSunday, kNextMonth).Ags({kAgsB});
  EXPECT_EQ(Sums(*storage, one_ags, {}), (SumMap{{"started", 24}}));
  UsageFilter nowhere = Filter(kSunday, kNextMonth).Ags({"00000000"});
  EXPECT_EQ(Sums(*storage, nowhere, {}), SumMap{});
  UsageFilter reversed = Filter(kNextMonth, kSunday);
  EXPECT_EQ(Sums(*storage, reversed, {}), SumMap{});
}

TEST_P(UsageTest, AgsFilterTakesSeveralValues) {
  auto storage = Migrated();
  UsageBatch batch;
  for (const char* ags : {"08111000", "08212000", "08221000", "09162000", "09564000"})
    batch.daily.push_back(Daily(ags, "hund-anmelden", kMonday, "phone", "web", "started", 1));
  ASSERT_TRUE(WriteAndWait(*storage, batch));
  // Three values (padded to four parameters), and the same value twice.
  UsageFilter three = Filter(kMonday, kMonday).Ags({"08111000", "09564000", "08221000"});
  EXPECT_EQ(Sums(*storage, three, {UsageGroup::kAgs}),
            (SumMap{{"08111000|started", 1}, {"08221000|started", 1}, {"09564000|started", 1}}));
  UsageFilter twice = Filter(kMonday, kMonday).Ags({"08212000", "08212000"});
  EXPECT_EQ(Sums(*storage, twice, {}), (SumMap{{"started", 1}}));
  UsageFilter too_many = Filter(kMonday, kMonday).Ags(std::vector<std::string>(5000, "08111000"));
  auto refused = storage->SumUsage(too_many, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalid);
}

TEST_P(UsageTest, CountsAddAcrossBatches) {
  auto storage = Migrated();
  ASSERT_TRUE(WriteAndWait(*storage, SampleBatch()));
  ASSERT_TRUE(WriteAndWait(*storage, SampleBatch()));
  UsageFilter all = Filter(kSunday, kNextMonth);
  EXPECT_EQ(Sums(*storage, all, {}), (SumMap{{"started", 68}, {"submitted", 22}}));
  auto pages = storage->SumUsagePages(all, false);
  ASSERT_TRUE(pages) << pages.error().message;
  ASSERT_EQ(pages->size(), 2u);
  EXPECT_EQ((*pages)[0].page, "halter");
  EXPECT_EQ((*pages)[0].kind, "page_completed");
  EXPECT_EQ((*pages)[0].count, 14);
  EXPECT_EQ((*pages)[0].ags, "");
  EXPECT_EQ((*pages)[1].page, "hund");
  EXPECT_EQ((*pages)[1].count, 4);
}

TEST_P(UsageTest, PagesFieldsAndDurationsGroupAsAsked) {
  auto storage = Migrated();
  ASSERT_TRUE(WriteAndWait(*storage, SampleBatch()));
  UsageFilter all = Filter(kSunday, kNextMonth);
  auto pages = storage->SumUsagePages(all, true);
  ASSERT_TRUE(pages) << pages.error().message;
  ASSERT_EQ(pages->size(), 3u);
  EXPECT_EQ((*pages)[2].ags, kAgsB);
  EXPECT_EQ((*pages)[2].count, 1);

  auto fields = storage->SumUsageFields(all, false);
  ASSERT_TRUE(fields) << fields.error().message;
  ASSERT_EQ(fields->size(), 1u);
  EXPECT_EQ((*fields)[0].field, "hund.rasse");
  EXPECT_EQ((*fields)[0].page, "hund");
  EXPECT_EQ((*fields)[0].count, 3);
  auto fields_by_ags = storage->SumUsageFields(Filter(kSunday, kNextMonth).Ags({kAgsA}), true);
  ASSERT_TRUE(fields_by_ags);
  ASSERT_EQ(fields_by_ags->size(), 1u);
  EXPECT_EQ((*fields_by_ags)[0].ags, kAgsA);
  EXPECT_EQ((*fields_by_ags)[0].count, 2);

  auto none = storage->SumUsageDurations(all, UsageDurationGroup::kNone);
  ASSERT_TRUE(none) << none.error().message;
  ASSERT_EQ(none->size(), 2u);
  EXPECT_EQ((*none)[0].group, "");
  EXPECT_EQ((*none)[0].bucket_s, 300);
  EXPECT_EQ((*none)[0].count, 4);
  EXPECT_EQ((*none)[1].bucket_s, 600);
  EXPECT_EQ((*none)[1].count, 2);
  auto by_month = storage->SumUsageDurations(all, UsageDurationGroup::kMonth);
  ASSERT_TRUE(by_month);
  ASSERT_EQ(by_month->size(), 3u);
  EXPECT_EQ((*by_month)[0].group, "202511");
  EXPECT_EQ((*by_month)[2].group, "202512");
  EXPECT_EQ((*by_month)[2].count, 1);
  auto by_ags = storage->SumUsageDurations(all, UsageDurationGroup::kAgs);
  ASSERT_TRUE(by_ags);
  ASSERT_EQ(by_ags->size(), 2u);
  EXPECT_EQ((*by_ags)[0].group, kAgsA);
  EXPECT_EQ((*by_ags)[0].count, 4);
}

TEST_P(UsageTest, EmptyBatchIsFine) {
  auto storage = Migrated();
  ASSERT_TRUE(WriteAndWait(*storage, UsageBatch{}));
  EXPECT_EQ(Sums(*storage, Filter(0, kNextMonth), {}), SumMap{});
  EXPECT_TRUE(storage->ListUsageEvents(10).value().empty());
}

TEST_P(UsageTest, RawEventsRoundTripOldestFirst) {
  auto storage = Migrated();
  UsageBatch batch;
  batch.events = {Event(kAt + 60, "submitted", "j1"), Event(kAt, "started", "j1"),
                  Event(kAt + 30, "service_viewed", "")};
  batch.events[0].duration_s = 60;
  batch.events[1].page = "halter";
  ASSERT_TRUE(WriteAndWait(*storage, batch));
  auto events = storage->ListUsageEvents(10);
  ASSERT_TRUE(events) << events.error().message;
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].kind, "started");
  EXPECT_EQ((*events)[0].page, "halter");
  EXPECT_EQ((*events)[0].duration_s, std::nullopt);
  EXPECT_EQ((*events)[1].kind, "service_viewed");
  EXPECT_EQ((*events)[1].journey, "");
  EXPECT_EQ((*events)[2].duration_s, 60);
  EXPECT_EQ((*events)[2].at, kAt + 60);
  EXPECT_EQ((*events)[2].ags, kAgsA);
  EXPECT_EQ((*events)[2].version, 3);
  EXPECT_EQ((*events)[2].variant, "muenchen-hund");
  EXPECT_EQ((*events)[2].device, "phone");
  EXPECT_EQ((*events)[2].channel, "web");
  EXPECT_EQ(storage->ListUsageEvents(1).value().size(), 1u);
  EXPECT_TRUE(storage->ListUsageEvents(-5).value().empty());
}

TEST_P(UsageTest, SqlLookingStringsAreStoredVerbatim) {
  auto storage = Migrated();
  const std::string hostile = R"(x'); DROP TABLE usage_daily; -- "q" \ {a,b} NULL ü)";
  UsageBatch batch;
  batch.events = {Event(kAt, "validation_error", hostile)};
  batch.events[0].page = hostile;
  batch.events[0].field = "NULL";
  batch.daily = {Daily(hostile, hostile, kMonday, "phone", "web", "started", 2)};
  batch.pages = {Page(kAgsA, "p", kMonday, hostile, "validation_error", 1)};
  batch.fields = {Field(kAgsA, "p", kMonday, hostile, "{\"x\"}", 1)};
  batch.journeys = {JourneyUpdate(hostile, kAt, hostile, "open")};
  ASSERT_TRUE(WriteAndWait(*storage, batch));

  auto events = storage->ListUsageEvents(10).value();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].journey, hostile);
  EXPECT_EQ(events[0].page, hostile);
  EXPECT_EQ(events[0].field, "NULL");
  UsageFilter filter = Filter(kMonday, kMonday).Ags({hostile}).Process(hostile);
  EXPECT_EQ(Sums(*storage, filter, {UsageGroup::kAgs, UsageGroup::kProcess}),
            (SumMap{{hostile + "|" + hostile + "|started", 2}}));
  auto fields = storage->SumUsageFields(Filter(kMonday, kMonday), false).value();
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].page, hostile);
  EXPECT_EQ(fields[0].field, "{\"x\"}");
  EXPECT_EQ(Stored(hostile)->last_page, hostile);
}

TEST_P(UsageTest, JourneyFollowsItsEventsAndSubmittedWins) {
  auto storage = Migrated();
  ASSERT_TRUE(WriteAndWait(*storage, Journeys({JourneyUpdate("j1", kAt, "halter", "open")})));
  EXPECT_EQ(*Stored("j1"), (JourneyRow{"open", kAt, "halter"}));
  // A later event moves the journey on; an older one (late batch) does not move last_page back.
  ASSERT_TRUE(WriteAndWait(*storage, Journeys({JourneyUpdate("j1", kAt + 100, "hund", "open")})));
  ASSERT_TRUE(WriteAndWait(*storage, Journeys({JourneyUpdate("j1", kAt + 50, "halter", "open")})));
  EXPECT_EQ(*Stored("j1"), (JourneyRow{"open", kAt + 100, "hund"}));
  ASSERT_TRUE(WriteAndWait(*storage, Journeys({JourneyUpdate("j1", kAt + 200, kReviewPage, "submitted")})));
  EXPECT_EQ(*Stored("j1"), (JourneyRow{"submitted", kAt + 200, kReviewPage}));
  // Nothing reopens a submitted journey.
  ASSERT_TRUE(WriteAndWait(*storage, Journeys({JourneyUpdate("j1", kAt + 300, "halter", "open")})));
  EXPECT_EQ(*Stored("j1"), (JourneyRow{"submitted", kAt + 300, "halter"}));
}

TEST_P(UsageTest, SameJourneyTwiceInOneBatchIsMerged) {
  auto storage = Migrated();
  UsageBatch batch = Journeys(
      {JourneyUpdate("j1", kAt + 200, kReviewPage, "submitted"), JourneyUpdate("j1", kAt, "halter", "open"),
       JourneyUpdate("j2", kAt, "halter", "open"), JourneyUpdate("j2", kAt + 10, "hund", "open")});
  batch.daily = {Daily(kAgsA, "p", kMonday, "phone", "web", "started", 1),
                 Daily(kAgsA, "p", kMonday, "phone", "web", "started", 2)};
  ASSERT_TRUE(WriteAndWait(*storage, batch));
  EXPECT_EQ(*Stored("j1"), (JourneyRow{"submitted", kAt + 200, kReviewPage}));
  EXPECT_EQ(*Stored("j2"), (JourneyRow{"open", kAt + 10, "hund"}));
  EXPECT_EQ(Sums(*storage, Filter(kMonday, kMonday), {}), (SumMap{{"started", 3}}));
}

TEST_P(UsageTest, AbandonmentCountsEachJourneyOnce) {
  auto storage = Migrated();
  const std::int64_t evening = kAt + 11 * 3600;  // 23:00 in Germany: still the day of kAt
  ASSERT_TRUE(WriteAndWait(*storage, Journeys({JourneyUpdate("stale-1", kAt, "halter", "open"),
                                               JourneyUpdate("stale-2", evening, "halter", "open"),
                                               JourneyUpdate("stale-3", kAt, "hund", "open"),
                                               JourneyUpdate("done", kAt, kReviewPage, "submitted"),
                                               JourneyUpdate("fresh", kAt + 86400 * 3, "halter", "open")})));
  const std::int64_t before = kAt + 86400 * 2;
  auto first =
      storage->MarkAbandonedJourneys(AbandonClaim("2026-11-30T10:00:00Z", "2026-11-30T11:00:00Z"), before);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ(**first, 3);
  // Not due again until 11:00; when due, nothing is left to mark.
  auto early =
      storage->MarkAbandonedJourneys(AbandonClaim("2026-11-30T10:30:00Z", "2026-11-30T11:30:00Z"), before);
  ASSERT_TRUE(early);
  EXPECT_FALSE(early->has_value());
  auto again =
      storage->MarkAbandonedJourneys(AbandonClaim("2026-11-30T11:00:00Z", "2026-11-30T12:00:00Z"), before);
  ASSERT_TRUE(again);
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ(**again, 0);

  const std::int64_t day = text::GermanDay(kAt);
  UsageFilter filter = Filter(day - 1, day + 10);
  EXPECT_EQ(Sums(*storage, filter, {UsageGroup::kMonth, UsageGroup::kChannel}),
            (SumMap{{std::to_string(text::MonthOfDay(day)) + "|web|abandoned", 3}}));
  EXPECT_EQ(Sums(*storage, Filter(day, day), {}), (SumMap{{"abandoned", 3}}));
  auto pages = storage->SumUsagePages(filter, true).value();
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0].page, "halter");
  EXPECT_EQ(pages[0].kind, "abandoned");
  EXPECT_EQ(pages[0].count, 2);
  EXPECT_EQ(pages[1].page, "hund");
  EXPECT_EQ(pages[1].count, 1);
  // Over the whole month the same counts come from the monthly rollups.
  UsageFilter months = Filter(day - 40, day + 40);
  EXPECT_EQ(Sums(*storage, months, {UsageGroup::kChannel}), (SumMap{{"web|abandoned", 3}}));
  auto month_pages = storage->SumUsagePages(months, false).value();
  ASSERT_EQ(month_pages.size(), 2u);
  EXPECT_EQ(month_pages[0].count, 2);
  EXPECT_EQ(month_pages[1].count, 1);
  EXPECT_EQ(Stored("stale-1")->state, "abandoned");
  EXPECT_EQ(Stored("done")->state, "submitted");
  EXPECT_EQ(Stored("fresh")->state, "open");

  // A new event revives an abandoned journey.
  ASSERT_TRUE(WriteAndWait(*storage, Journeys({JourneyUpdate("stale-1", before + 10, "hund", "open")})));
  EXPECT_EQ(*Stored("stale-1"), (JourneyRow{"open", before + 10, "hund"}));
}

TEST_P(UsageTest, PurgeRemovesOldEventsAndClosedJourneysButKeepsRollups) {
  auto storage = Migrated();
  UsageBatch batch = SampleBatch();
  batch.events = {Event(kAt, "started", "old-open"), Event(kAt + 5, "started", "old-done"),
                  Event(kAt + 1000, "started", "new")};
  batch.journeys = {JourneyUpdate("old-open", kAt, "halter", "open"),
                    JourneyUpdate("old-done", kAt + 5, kReviewPage, "submitted"),
                    JourneyUpdate("new-done", kAt + 1000, kReviewPage, "submitted")};
  ASSERT_TRUE(WriteAndWait(*storage, batch));
  JobClaim claim{"purge-usage", "2026-11-30T10:00:00Z", "2026-12-01T10:00:00Z", "test:1"};
  auto purged = storage->PurgeUsageEvents(claim, kAt + 500);
  ASSERT_TRUE(purged) << purged.error().message;
  ASSERT_TRUE(purged->has_value());
  EXPECT_EQ(**purged, 3);  // two events, one closed journey
  auto events = storage->ListUsageEvents(10).value();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].journey, "new");
  EXPECT_TRUE(Stored("old-open").has_value());
  EXPECT_FALSE(Stored("old-done").has_value());
  EXPECT_TRUE(Stored("new-done").has_value());
  EXPECT_EQ(Sums(*storage, Filter(kSunday, kNextMonth), {}), (SumMap{{"started", 34}, {"submitted", 11}}));
  EXPECT_FALSE(storage->PurgeUsageEvents(claim, kAt + 500).value().has_value());  // not due again
}

TEST_P(UsageTest, PaperCountsUpsertAndFilter) {
  auto storage = Migrated();
  ASSERT_TRUE(storage->SavePaperCount({kAgsA, "hund-anmelden", 202510, 12, "2026-11-01T08:00:00Z"}));
  ASSERT_TRUE(storage->SavePaperCount({kAgsA, "hund-anmelden", 202511, 9, "2026-12-01T08:00:00Z"}));
  ASSERT_TRUE(storage->SavePaperCount({kAgsB, "hund-anmelden", 202511, 4, "2026-12-01T08:00:00Z"}));
  ASSERT_TRUE(
      storage->SavePaperCount({kAgsA, "hund-anmelden", 202511, 8, "2026-12-02T08:00:00Z"}));  // corrected
  auto all = storage->ListPaperCounts({}, 202501, 202512);
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[1].month, 202511);
  EXPECT_EQ((*all)[1].count, 8);
  EXPECT_EQ((*all)[1].entered_at, "2026-12-02T08:00:00Z");
  EXPECT_EQ((*all)[2].ags, kAgsB);
  auto one = storage->ListPaperCounts({kAgsA}, 202511, 202511).value();
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].count, 8);
}

TEST_P(UsageTest, RegistryAndExternalOfferingsUpsertListAndDelete) {
  auto storage = Migrated();
  RegistryProcess hund{
      "hund-anmelden",       "Hund anmelden", "99108001001000", "Landeshauptstadt München", "live", 3,
      "2026-11-30T08:00:00Z"};
  RegistryProcess gewerbe{"gewerbe-anmelden",    "Gewerbe anmelden", "99050012104000",
                          "Stuttgart",           "geplant",          1,
                          "2026-11-30T08:00:00Z"};
  ASSERT_TRUE(storage->SaveRegistryProcess(hund));
  ASSERT_TRUE(storage->SaveRegistryProcess(gewerbe));
  gewerbe.status = "im_test";
  ASSERT_TRUE(storage->SaveRegistryProcess(gewerbe));
  auto processes = storage->ListRegistryProcesses().value();
  ASSERT_EQ(processes.size(), 2u);
  EXPECT_EQ(processes[0].id, "gewerbe-anmelden");
  EXPECT_EQ(processes[0].status, "im_test");
  EXPECT_EQ(processes[1].owner, "Landeshauptstadt München");
  EXPECT_EQ(processes[1].version, 3);

  ASSERT_TRUE(storage->SaveExternalOffering({kAgsA, "99108001001000", "https://a.example/hund", 2, "t1"}));
  ASSERT_TRUE(storage->SaveExternalOffering({kAgsB, "99108001001000", "https://b.example/hund", 3, "t1"}));
  ASSERT_TRUE(storage->SaveExternalOffering({kAgsA, "99108001001000", "https://a.example/hund2", 4, "t2"}));
  auto offerings = storage->ListExternalOfferings().value();
  ASSERT_EQ(offerings.size(), 2u);
  EXPECT_EQ(offerings[0].url, "https://a.example/hund2");
  EXPECT_EQ(offerings[0].maturity, 4);
  ASSERT_TRUE(storage->DeleteExternalOffering(kAgsA, "99108001001000"));
  ASSERT_TRUE(storage->DeleteExternalOffering(kAgsA, "99108001001000"));  // nothing left: still fine
  offerings = storage->ListExternalOfferings().value();
  ASSERT_EQ(offerings.size(), 1u);
  EXPECT_EQ(offerings[0].ags, kAgsB);
}

TEST_P(UsageTest, MonitorAccessIsSavedOnceAndFoundByHash) {
  auto storage = Migrated();
  MonitorAccess access{"ab12", "ags:08111000", "Stadt Stuttgart, Digitalisierung", "2026-11-30T08:00:00Z"};
  ASSERT_TRUE(storage->SaveMonitorAccess(access));
  auto again = storage->SaveMonitorAccess({"ab12", "all", "x", "2026-11-30T09:00:00Z"});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto found = storage->FindMonitorAccess("ab12");
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->scope, "ags:08111000");
  EXPECT_EQ((*found)->label, access.label);
  EXPECT_EQ((*found)->created_at, access.created_at);
  EXPECT_FALSE(storage->FindMonitorAccess("cd34").value().has_value());
}

TEST_P(UsageTest, DraftJourneyAndOfferingAdoptedAtRoundTrip) {
  auto storage = Migrated();
  Draft draft{.id = "0123456789ABCDEF",
              .secret_hash = "5e88",
              .municipality_ags = kAgsA,
              .process_id = "hund-anmelden",
              .variant_id = std::nullopt,
              .data_json = "{}",
              .current_page = "halter",
              .created_at = "2026-11-30T09:00:00Z",
              .updated_at = "2026-11-30T09:00:00Z",
              .expires_at = "2026-12-30T09:00:00Z",
              .journey = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"};
  ASSERT_TRUE(storage->CreateDraft(draft));
  Draft without = draft;
  without.id = "0123456789ABCDEG";
  without.journey = "";
  ASSERT_TRUE(storage->CreateDraft(without));
  EXPECT_EQ(storage->FindDraft(draft.id, "2026-11-30T10:00:00Z").value()->journey, draft.journey);
  EXPECT_EQ(storage->FindDraft(without.id, "2026-11-30T10:00:00Z").value()->journey, "");

  ASSERT_TRUE(storage->SaveOffering({kAgsA, "hund-anmelden", std::nullopt, "2026-01-15T00:00:00Z"}));
  ASSERT_TRUE(storage->SaveOffering({kAgsB, "hund-anmelden", "muenchen-hund", ""}));
  // Saving again without a date keeps the known one.
  ASSERT_TRUE(storage->SaveOffering({kAgsA, "hund-anmelden", std::nullopt, ""}));
  auto offerings = storage->ListOfferings().value();
  ASSERT_EQ(offerings.size(), 2u);
  EXPECT_EQ(offerings[0].adopted_at, "2026-01-15T00:00:00Z");
  EXPECT_EQ(offerings[1].adopted_at, "");
  EXPECT_EQ(offerings[1].variant_id, "muenchen-hund");
}

TEST_P(UsageTest, WritesAfterCloseFailWithClosed) {
  auto storage = Migrated();
  storage->Close();
  auto written = WriteAndWait(*storage, SampleBatch());
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kClosed);
}

}  // namespace
}  // namespace amtsweg::storage
