// Usage events: the words stored for kinds, devices and channels; the device class of real
// User-Agent strings; journey ids; duration buckets; and Aggregate — one rollup row per key,
// German days, journeys with their first/last time, last page and state.

#include "monitor/events.h"

#include <gtest/gtest.h>

#include <set>

namespace amtsweg::monitor {
namespace {

using std::chrono::sys_days;
using namespace std::chrono_literals;

std::int64_t DayNumber(std::chrono::year_month_day date) { return sys_days(date).time_since_epoch().count(); }

std::chrono::system_clock::time_point Utc(std::chrono::year_month_day date, std::chrono::seconds time) {
  return sys_days(date) + time;
}

constexpr std::chrono::year_month_day kNov30{std::chrono::year(2026), std::chrono::month(11),
                                             std::chrono::day(30)};

TEST(EventWords, EveryKindRoundTrips) {
  const std::vector<std::pair<Kind, std::string>> kinds = {
      {Kind::kServiceViewed, "service_viewed"},
      {Kind::kStarted, "started"},
      {Kind::kPageCompleted, "page_completed"},
      {Kind::kValidationError, "validation_error"},
      {Kind::kDraftSaved, "draft_saved"},
      {Kind::kResumed, "resumed"},
      {Kind::kSubmitted, "submitted"},
      {Kind::kPaid, "paid"},
      {Kind::kDelivered, "delivered"},
      {Kind::kStatusChanged, "status_changed"},
      {Kind::kDecided, "decided"},
      {Kind::kAbandoned, "abandoned"},
  };
  for (const auto& [kind, word] : kinds) {
    EXPECT_EQ(KindName(kind), word);
    EXPECT_EQ(KindFromName(word), kind) << word;
  }
}

TEST(EventWords, UnknownKindWordsAreRejected) {
  for (std::string_view word : {"", "Started", "started ", "submit", "abandoned\n", "page-completed"})
    EXPECT_FALSE(KindFromName(word).has_value()) << word;
}

TEST(EventWords, DevicesAndChannels) {
  EXPECT_STREQ(DeviceName(Device::kPhone), "phone");
  EXPECT_STREQ(DeviceName(Device::kTablet), "tablet");
  EXPECT_STREQ(DeviceName(Device::kDesktop), "desktop");
  EXPECT_STREQ(ChannelName(Channel::kWeb), "web");
  EXPECT_STREQ(ChannelName(Channel::kApi), "api");
}

struct UserAgentCase {
  const char* what;
  const char* user_agent;
  Device device;
};

TEST(DeviceFromUserAgent, RealUserAgents) {
  const UserAgentCase cases[] = {
      {"iPhone Safari",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
       "Version/17.1 Mobile/15E148 Safari/604.1",
       Device::kPhone},
      {"Android phone Chrome",
       "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile "
       "Safari/537.36",
       Device::kPhone},
      {"Samsung Internet phone",
       "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
       "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
       Device::kPhone},
      {"Firefox Android phone", "Mozilla/5.0 (Android 14; Mobile; rv:120.0) Gecko/120.0 Firefox/120.0",
       Device::kPhone},
      {"Windows Phone Edge",
       "Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, "
       "like "
       "Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.15063",
       Device::kPhone},
      {"Opera Mini",
       "Opera/9.80 (J2ME/MIDP; Opera Mini/5.1.21214/28.2725; U; de) Presto/2.8.119 Version/11.10",
       Device::kPhone},
      {"generic Mobi", "Mozilla/5.0 (Mobile; Nokia_8110_4G; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5",
       Device::kPhone},
      {"iPad Safari",
       "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 "
       "Mobile/15E148 Safari/604.1",
       Device::kTablet},
      {"Android tablet Chrome",
       "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 "
       "Safari/537.36",
       Device::kTablet},
      {"Firefox Android tablet", "Mozilla/5.0 (Android 14; Tablet; rv:120.0) Gecko/120.0 Firefox/120.0",
       Device::kTablet},
      {"Kindle Fire Silk",
       "Mozilla/5.0 (Linux; Android 9; KFMAWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/118.3.1 like "
       "Chrome/118.0.5993.111 Safari/537.36",
       Device::kTablet},
      {"Windows Chrome",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 "
       "Safari/537.36",
       Device::kDesktop},
      {"macOS Safari",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
       "Version/17.1 Safari/605.1.15",
       Device::kDesktop},
      {"Linux Firefox", "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
       Device::kDesktop},
      {"Windows Tablet PC (a laptop with a pen)",
       "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; Tablet PC 2.0)", Device::kDesktop},
      {"curl", "curl/7.88.1", Device::kDesktop},
      {"absent", "", Device::kDesktop},
      {"not UTF-8",
       "\xff\xfe"
       "Android",
       Device::kTablet},
  };
  for (const UserAgentCase& c : cases) EXPECT_EQ(DeviceFromUserAgent(c.user_agent), c.device) << c.what;
}

TEST(NewJourneyId, ThirtyTwoLowerHexDigitsAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewJourneyId();
    ASSERT_EQ(id.size(), 32u);
    for (char c : id) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(DurationBucket, UpperBoundsAreInclusive) {
  EXPECT_EQ(DurationBucket(-5), 30);
  EXPECT_EQ(DurationBucket(0), 30);
  EXPECT_EQ(DurationBucket(30), 30);
  EXPECT_EQ(DurationBucket(31), 60);
  EXPECT_EQ(DurationBucket(600), 600);
  EXPECT_EQ(DurationBucket(601), 900);
  EXPECT_EQ(DurationBucket(2592000), 2592000);
  EXPECT_EQ(DurationBucket(2592001), INT64_MAX);
  EXPECT_EQ(DurationBucket(INT64_MAX), INT64_MAX);
}

const ProcessRef kHund{.ags = "08111000", .process = "hund-anmelden", .version = 2, .variant = "stuttgart"};

TEST(MakeEvent, CarriesIdsOnly) {
  auto at = Utc(kNov30, 8h) + 500ms;
  storage::UsageEvent e = MakeEvent(Kind::kValidationError, kHund, Device::kPhone, Channel::kWeb, "j1", at,
                                    "hund", "hunde[].rasse");
  EXPECT_EQ(e.at, std::chrono::floor<std::chrono::seconds>(at).time_since_epoch().count());
  EXPECT_EQ(e.kind, "validation_error");
  EXPECT_EQ(e.ags, "08111000");
  EXPECT_EQ(e.process, "hund-anmelden");
  EXPECT_EQ(e.version, 2);
  EXPECT_EQ(e.variant, "stuttgart");
  EXPECT_EQ(e.page, "hund");
  EXPECT_EQ(e.field, "hunde[].rasse");
  EXPECT_EQ(e.device, "phone");
  EXPECT_EQ(e.channel, "web");
  EXPECT_EQ(e.journey, "j1");
  EXPECT_FALSE(e.duration_s.has_value());
}

TEST(MakeEvent, DurationOnlyForSubmissions) {
  auto at = Utc(kNov30, 8h);
  EXPECT_EQ(
      MakeEvent(Kind::kSubmitted, kHund, Device::kDesktop, Channel::kWeb, "j", at, {}, {}, 420s).duration_s,
      420);
  EXPECT_EQ(
      MakeEvent(Kind::kSubmitted, kHund, Device::kDesktop, Channel::kWeb, "j", at, {}, {}, -3s).duration_s,
      0);
  EXPECT_FALSE(MakeEvent(Kind::kStarted, kHund, Device::kDesktop, Channel::kWeb, "j", at, "p", {}, 420s)
                   .duration_s.has_value());
}

storage::UsageEvent Event(Kind kind, std::string_view journey, std::chrono::system_clock::time_point at,
                          std::string_view page = {}, std::string_view field = {},
                          Device device = Device::kPhone) {
  return MakeEvent(kind, kHund, device, Channel::kWeb, journey, at, page, field);
}

std::int64_t DailyCount(const storage::UsageBatch& batch, std::string_view kind,
                        std::string_view device = "phone") {
  std::int64_t sum = 0;
  for (const auto& row : batch.daily)
    if (row.kind == kind && row.key.device == device) sum += row.count;
  return sum;
}

TEST(Aggregate, OneDailyRowPerKeyChannelAndKind) {
  auto t = Utc(kNov30, 9h);
  std::vector<storage::UsageEvent> events = {
      Event(Kind::kServiceViewed, "", t),
      Event(Kind::kServiceViewed, "", t + 1s),
      Event(Kind::kServiceViewed, "", t + 2s, {}, {}, Device::kDesktop),
      Event(Kind::kStarted, "j1", t + 3s, "hund"),
  };
  events.push_back(MakeEvent(Kind::kSubmitted, kHund, Device::kPhone, Channel::kApi, "", t + 4s));
  storage::UsageBatch batch = Aggregate(events);
  ASSERT_EQ(batch.daily.size(), 4u);
  EXPECT_EQ(batch.daily[0].kind, "service_viewed");
  EXPECT_EQ(batch.daily[0].count, 2);
  EXPECT_EQ(batch.daily[0].key.device, "phone");
  EXPECT_EQ(batch.daily[0].key.ags, "08111000");
  EXPECT_EQ(batch.daily[0].key.process, "hund-anmelden");
  EXPECT_EQ(batch.daily[0].key.version, 2);
  EXPECT_EQ(batch.daily[0].key.variant, "stuttgart");
  EXPECT_EQ(batch.daily[0].key.day, DayNumber(kNov30));
  EXPECT_EQ(batch.daily[0].key.month, 202611);
  EXPECT_EQ(batch.daily[1].key.device, "desktop");
  EXPECT_EQ(batch.daily[1].count, 1);
  EXPECT_EQ(batch.daily[3].channel, "api");
  EXPECT_EQ(batch.daily[3].kind, "submitted");
  EXPECT_EQ(batch.events.size(), 5u);  // raw events kept, in order
  EXPECT_EQ(batch.events[3].kind, "started");
  // Only the journey has a journey row; the API submission and the views have none.
  ASSERT_EQ(batch.journeys.size(), 1u);
  EXPECT_EQ(batch.journeys[0].journey, "j1");
}

TEST(Aggregate, DaysAreGermanCivilDays) {
  // 23:30 UTC in winter is 00:30 the next day in Germany; in summer 22:30 UTC is already tomorrow.
  auto winter_late = Utc(kNov30, 23h + 30min);
  constexpr std::chrono::year_month_day kJune30{std::chrono::year(2026), std::chrono::month(6),
                                                std::chrono::day(30)};
  auto summer_late = Utc(kJune30, 22h + 30min);
  auto summer_early = Utc(kJune30, 21h + 59min);
  storage::UsageBatch batch =
      Aggregate({Event(Kind::kServiceViewed, "", winter_late), Event(Kind::kServiceViewed, "", summer_late),
                 Event(Kind::kServiceViewed, "", summer_early)});
  ASSERT_EQ(batch.daily.size(), 3u);
  EXPECT_EQ(batch.daily[0].key.day, DayNumber(kNov30) + 1);
  EXPECT_EQ(batch.daily[0].key.month, 202612);
  EXPECT_EQ(batch.daily[1].key.day, DayNumber(kJune30) + 1);
  EXPECT_EQ(batch.daily[1].key.month, 202607);
  EXPECT_EQ(batch.daily[2].key.day, DayNumber(kJune30));
  EXPECT_EQ(batch.daily[2].key.month, 202606);
}

TEST(Aggregate, PagesFieldsAndDurations) {
  auto t = Utc(kNov30, 10h);
  std::vector<storage::UsageEvent> events = {
      Event(Kind::kStarted, "j1", t, "halter"),
      Event(Kind::kValidationError, "j1", t + 10s, "halter", "name"),
      Event(Kind::kValidationError, "j1", t + 10s, "halter", "geburtsdatum"),
      Event(Kind::kValidationError, "j2", t + 11s, "halter", "name"),
      Event(Kind::kPageCompleted, "j1", t + 20s, "halter"),
      Event(Kind::kPageCompleted, "j2", t + 21s, "halter"),
      Event(Kind::kPageCompleted, "j1", t + 30s, "hund"),
      Event(Kind::kDraftSaved, "j2", t + 31s, "hund"),
  };
  events.push_back(
      MakeEvent(Kind::kSubmitted, kHund, Device::kPhone, Channel::kWeb, "j1", t + 40s, {}, {}, 40s));
  events.push_back(
      MakeEvent(Kind::kSubmitted, kHund, Device::kPhone, Channel::kWeb, "j3", t + 41s, {}, {}, 55s));
  events.push_back(
      MakeEvent(Kind::kSubmitted, kHund, Device::kPhone, Channel::kWeb, "j4", t + 42s, {}, {}, 7200s));
  storage::UsageBatch batch = Aggregate(events);

  // Pages: page_completed and validation_error per page; started/draft_saved are not page rows.
  ASSERT_EQ(batch.pages.size(), 3u);
  EXPECT_EQ(batch.pages[0].page, "halter");
  EXPECT_EQ(batch.pages[0].kind, "validation_error");
  EXPECT_EQ(batch.pages[0].count, 3);
  EXPECT_EQ(batch.pages[1].page, "halter");
  EXPECT_EQ(batch.pages[1].kind, "page_completed");
  EXPECT_EQ(batch.pages[1].count, 2);
  EXPECT_EQ(batch.pages[2].page, "hund");
  EXPECT_EQ(batch.pages[2].count, 1);

  ASSERT_EQ(batch.fields.size(), 2u);
  EXPECT_EQ(batch.fields[0].field, "name");
  EXPECT_EQ(batch.fields[0].page, "halter");
  EXPECT_EQ(batch.fields[0].count, 2);
  EXPECT_EQ(batch.fields[1].field, "geburtsdatum");
  EXPECT_EQ(batch.fields[1].count, 1);

  ASSERT_EQ(batch.durations.size(), 2u);
  EXPECT_EQ(batch.durations[0].bucket_s, 60);
  EXPECT_EQ(batch.durations[0].count, 2);
  EXPECT_EQ(batch.durations[1].bucket_s, 7200);
  EXPECT_EQ(batch.durations[1].count, 1);

  EXPECT_EQ(DailyCount(batch, "validation_error"), 3);
  EXPECT_EQ(DailyCount(batch, "submitted"), 3);
}

TEST(Aggregate, JourneysFollowTheirLatestEvent) {
  auto t = Utc(kNov30, 11h);
  std::vector<storage::UsageEvent> events = {
      Event(Kind::kStarted, "open", t, "halter", {}, Device::kTablet),
      Event(Kind::kStarted, "done", t + 1s, "halter"),
  };
  storage::UsageEvent completed = Event(Kind::kPageCompleted, "open", t + 60s, "halter");
  completed.next_page = "hund";  // the journey is now on "hund"
  events.push_back(completed);
  storage::UsageEvent reviewed = Event(Kind::kPageCompleted, "done", t + 90s, "hund");
  reviewed.next_page = storage::kReviewPage;
  events.push_back(reviewed);
  events.push_back(Event(Kind::kSubmitted, "done", t + 120s));
  // An event that arrives late but happened earlier does not move the journey back.
  events.push_back(Event(Kind::kValidationError, "open", t + 30s, "halter", "name"));

  storage::UsageBatch batch = Aggregate(events);
  ASSERT_EQ(batch.journeys.size(), 2u);
  const storage::UsageJourney& open = batch.journeys[0];
  EXPECT_EQ(open.journey, "open");
  EXPECT_EQ(open.state, "open");
  EXPECT_EQ(open.key.device, "tablet");
  EXPECT_EQ(open.channel, "web");
  EXPECT_EQ(open.first_at, MakeEvent(Kind::kStarted, kHund, Device::kPhone, Channel::kWeb, "", t).at);
  EXPECT_EQ(open.last_at, open.first_at + 60);
  EXPECT_EQ(open.last_page, "hund");
  const storage::UsageJourney& done = batch.journeys[1];
  EXPECT_EQ(done.state, "submitted");
  EXPECT_EQ(done.last_page, storage::kReviewPage);  // the submission names no page
  EXPECT_EQ(done.last_at, done.first_at + 119);
  EXPECT_EQ(done.key.day, DayNumber(kNov30));
  // next_page is not part of the stored raw event.
  for (const auto& e : batch.events) EXPECT_TRUE(e.next_page.empty());
}

TEST(Aggregate, JourneyKeyIsThatOfItsFirstEventEvenOutOfOrder) {
  auto t = Utc(kNov30, 23h);  // 00:00 on 1 December in Germany
  storage::UsageBatch batch =
      Aggregate({Event(Kind::kResumed, "j", t + 2h, "hund"), Event(Kind::kStarted, "j", t - 1h, "halter")});
  ASSERT_EQ(batch.journeys.size(), 1u);
  EXPECT_EQ(batch.journeys[0].key.day, DayNumber(kNov30));
  EXPECT_EQ(batch.journeys[0].first_at + 3 * 3600, batch.journeys[0].last_at);
  EXPECT_EQ(batch.journeys[0].last_page, "hund");
}

TEST(Aggregate, EmptyBatch) {
  storage::UsageBatch batch = Aggregate({});
  EXPECT_TRUE(batch.events.empty());
  EXPECT_TRUE(batch.daily.empty());
  EXPECT_TRUE(batch.journeys.empty());
}

}  // namespace
}  // namespace amtsweg::monitor
