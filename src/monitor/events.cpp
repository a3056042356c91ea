// Usage events and their pre-aggregation (see events.h).
//
// Aggregate is on the ingest path of every event (recorder, simulator), so it groups with one
// reusable key buffer and hash maps from key to row index: a repeated key costs a lookup and an
// add, no allocation. Rows come out in the order their keys first appeared, so a batch is the
// same for the same events.

#include "monitor/events.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <unordered_map>
#include <utility>

#include "text/time.h"

namespace amtsweg::monitor {
namespace {

constexpr std::array<std::pair<Kind, const char*>, 12> kKinds{{
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
}};

bool Contains(std::string_view text, std::string_view token) {
  return text.find(token) != std::string_view::npos;
}

bool IsPhone(std::string_view ua) {
  return Contains(ua, "iPhone") || Contains(ua, "iPod") || Contains(ua, "Windows Phone");
}

// iPads announce "Mobile" too, and Android tablets are Android without "Mobile", so tablets are
// decided before the generic phone tokens. "Tablet PC" is a Windows laptop with a pen.
bool IsTablet(std::string_view ua) {
  if (Contains(ua, "iPad") || Contains(ua, "Kindle") || Contains(ua, "Silk/") || Contains(ua, "PlayBook"))
    return true;
  if (Contains(ua, "Android")) return !Contains(ua, "Mobile");
  return Contains(ua, "Tablet") && !Contains(ua, "Tablet PC");
}

// ---- Aggregate ----

constexpr char kSeparator = '\x1f';  // never part of an id, a key or a word from this file

void AppendKeyPart(std::string& key, std::string_view part) {
  key.append(part);
  key.push_back(kSeparator);
}

void AppendKeyPart(std::string& key, std::int64_t number) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
  key.append(digits, end);
  key.push_back(kSeparator);
}

storage::UsageKey KeyOf(const storage::UsageEvent& event, std::int64_t day) {
  return storage::UsageKey{.ags = event.ags,
                           .process = event.process,
                           .day = day,
                           .month = text::MonthOfDay(day),
                           .version = event.version,
                           .variant = event.variant,
                           .device = event.device};
}

// Rows of one rollup table, summed per key.
template <typename Row>
class Rollup {
 public:
  // The row for `key`, made by `make` when the key is new.
  template <typename Make>
  Row& At(const std::string& key, Make&& make) {
    return rows_[IndexOf(key, make)];
  }
  // The index of the row for `key` (rows are numbered in the order keys first appear).
  template <typename Make>
  std::size_t IndexOf(const std::string& key, Make&& make) {
    auto [it, inserted] = index_.try_emplace(key, rows_.size());
    if (inserted) rows_.push_back(make());
    return it->second;
  }
  Row& operator[](std::size_t index) { return rows_[index]; }
  std::vector<Row> Take() { return std::move(rows_); }

 private:
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<Row> rows_;
};

// The German day of an event; events of one batch mostly share an hour, so the last answer is
// kept (the day cannot change within an hour that starts on a full hour: offsets are whole hours).
class DayCache {
 public:
  std::int64_t DayOf(std::int64_t at) {
    const std::int64_t hour = at >= 0 ? at / 3600 : (at - 3599) / 3600;
    if (hour != hour_) {
      hour_ = hour;
      day_ = text::GermanDay(hour * 3600);
    }
    return day_;
  }

 private:
  std::int64_t hour_ = INT64_MIN;
  std::int64_t day_ = 0;
};

class Aggregator {
 public:
  void Add(const storage::UsageEvent& event) {
    const std::int64_t day = days_.DayOf(event.at);
    key_.clear();
    AppendKeyPart(key_, event.ags);
    AppendKeyPart(key_, event.process);
    AppendKeyPart(key_, day);
    AppendKeyPart(key_, std::int64_t{event.version});
    AppendKeyPart(key_, event.variant);
    AppendKeyPart(key_, event.device);
    const std::size_t base = key_.size();
    AddDaily(event, day);
    key_.resize(base);
    if (!event.page.empty() && (event.kind == "page_completed" || event.kind == "validation_error")) {
      AddPage(event, day);
      key_.resize(base);
    }
    if (event.kind == "validation_error" && !event.field.empty()) {
      AddField(event, day);
      key_.resize(base);
    }
    if (event.kind == "submitted" && event.duration_s) AddDuration(event, day);
    if (!event.journey.empty()) AddJourney(event, day);
  }

  storage::UsageBatch Finish(std::vector<storage::UsageEvent> events) {
    storage::UsageBatch batch;
    batch.daily = daily_.Take();
    batch.pages = pages_.Take();
    batch.fields = fields_.Take();
    batch.durations = durations_.Take();
    batch.journeys = journeys_.Take();
    for (storage::UsageEvent& event : events) event.next_page.clear();  // not stored with the raw event
    batch.events = std::move(events);
    return batch;
  }

 private:
  void AddDaily(const storage::UsageEvent& event, std::int64_t day) {
    AppendKeyPart(key_, event.channel);
    AppendKeyPart(key_, event.kind);
    daily_
        .At(key_,
            [&] {
              return storage::UsageDailyCount{
                  .key = KeyOf(event, day), .channel = event.channel, .kind = event.kind};
            })
        .count++;
  }
  void AddPage(const storage::UsageEvent& event, std::int64_t day) {
    AppendKeyPart(key_, event.page);
    AppendKeyPart(key_, event.kind);
    pages_
        .At(key_,
            [&] {
              return storage::UsagePageCount{
                  .key = KeyOf(event, day), .page = event.page, .kind = event.kind};
            })
        .count++;
  }
  void AddField(const storage::UsageEvent& event, std::int64_t day) {
    AppendKeyPart(key_, event.page);
    AppendKeyPart(key_, event.field);
    fields_
        .At(key_,
            [&] {
              return storage::UsageFieldCount{
                  .key = KeyOf(event, day), .page = event.page, .field = event.field};
            })
        .count++;
  }
  void AddDuration(const storage::UsageEvent& event, std::int64_t day) {
    const std::int64_t bucket = DurationBucket(*event.duration_s);
    AppendKeyPart(key_, bucket);
    durations_
        .At(key_, [&] { return storage::UsageDurationCount{.key = KeyOf(event, day), .bucket_s = bucket}; })
        .count++;
  }
  void AddJourney(const storage::UsageEvent& event, std::int64_t day) {
    const std::size_t index = journeys_.IndexOf(event.journey, [&] {
      page_at_.push_back(INT64_MIN);
      return storage::UsageJourney{.journey = event.journey,
                                   .key = KeyOf(event, day),
                                   .channel = event.channel,
                                   .first_at = event.at,
                                   .last_at = event.at,
                                   .last_page = "",
                                   .state = "open"};
    });
    storage::UsageJourney& journey = journeys_[index];
    if (event.at < journey.first_at) {  // out of order: the journey's key is that of its first event
      journey.first_at = event.at;
      journey.key = KeyOf(event, day);
      journey.channel = event.channel;
    }
    journey.last_at = std::max(journey.last_at, event.at);
    // Where the journey is: the page of its latest event that names one, or the page after a
    // completed one. Equal times: the later event in the batch wins.
    const std::string& page = event.next_page.empty() ? event.page : event.next_page;
    if (!page.empty() && event.at >= page_at_[index]) {
      journey.last_page = page;
      page_at_[index] = event.at;
    }
    if (event.kind == "submitted") journey.state = "submitted";
  }

  DayCache days_;
  std::string key_;
  Rollup<storage::UsageDailyCount> daily_;
  Rollup<storage::UsagePageCount> pages_;
  Rollup<storage::UsageFieldCount> fields_;
  Rollup<storage::UsageDurationCount> durations_;
  Rollup<storage::UsageJourney> journeys_;
  std::vector<std::int64_t> page_at_;  // per journey row: time of the event its last_page came from
};

}  // namespace

const char* KindName(Kind kind) {
  for (const auto& [k, name] : kKinds)
    if (k == kind) return name;
  return "";
}

std::optional<Kind> KindFromName(std::string_view name) {
  for (const auto& [kind, word] : kKinds)
    if (name == word) return kind;
  return std::nullopt;
}

const char* DeviceName(Device device) {
  switch (device) {
    case Device::kPhone:
      return "phone";
    case Device::kTablet:
      return "tablet";
    case Device::kDesktop:
      return "desktop";
  }
  return "desktop";
}

Device DeviceFromUserAgent(std::string_view user_agent) {
  if (IsPhone(user_agent)) return Device::kPhone;
  if (IsTablet(user_agent)) return Device::kTablet;
  if (Contains(user_agent, "Mobi") || Contains(user_agent, "Opera Mini")) return Device::kPhone;
  return Device::kDesktop;
}

const char* ChannelName(Channel channel) { return channel == Channel::kApi ? "api" : "web"; }

std::string NewJourneyId() {
  std::array<unsigned char, 16> bytes{};
  // The OS's CSPRNG does not fail on a running system; a journey id that is not random would
  // make journeys linkable, so there is no weaker fallback.
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) std::abort();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    id.push_back(kHex[b >> 4]);
    id.push_back(kHex[b & 0x0F]);
  }
  return id;
}

storage::UsageEvent MakeEvent(Kind kind, const ProcessRef& process, Device device, Channel channel,
                              std::string_view journey, std::chrono::system_clock::time_point at,
                              std::string_view page, std::string_view field,
                              std::optional<std::chrono::seconds> duration) {
  storage::UsageEvent event;
  event.at = std::chrono::floor<std::chrono::seconds>(at).time_since_epoch().count();
  event.kind = KindName(kind);
  event.ags = process.ags;
  event.process = process.process;
  event.version = process.version;
  event.variant = process.variant;
  event.page = page;
  event.field = field;
  event.device = DeviceName(device);
  event.channel = ChannelName(channel);
  event.journey = journey;
  if (kind == Kind::kSubmitted && duration) event.duration_s = std::max<std::int64_t>(duration->count(), 0);
  return event;
}

std::int64_t DurationBucket(std::int64_t seconds) {
  for (std::int64_t bound : kDurationBuckets)
    if (seconds <= bound) return bound;
  return INT64_MAX;
}

storage::UsageBatch Aggregate(std::vector<storage::UsageEvent> events) {
  Aggregator aggregator;
  for (const storage::UsageEvent& event : events) aggregator.Add(event);
  return aggregator.Finish(std::move(events));
}

}  // namespace amtsweg::monitor
