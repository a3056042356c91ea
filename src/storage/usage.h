#pragma once
// What the process monitor (issue 5) and the transparency registry store, as plain rows. The
// Storage interface (storage.h) writes and reads them; the monitor component decides what they
// mean.
//
// Usage events are anonymous by construction: no names, no answers, no IP addresses, no
// cookies. A journey id is random (32 hex digits) and lives in the draft row only while the
// draft lives; after submission or expiry nothing links it to a person.
//
// Writes come in batches (UsageBatch): the monitor's recorder collects events for a moment,
// pre-aggregates the rollups in memory and hands the batch to WriteUsageAsync, which stores the
// raw events, adds the rollup counts (count = count + n) and updates the journeys, all in one
// transaction. Dashboards read only the rollups (SumUsage …), never the raw events, which expire
// after a configurable period while the rollups stay.
//
// Days are counted in German civil time (Europe/Berlin): day = days since 1970-01-01 of the
// local date, month = yyyymm of that date. Empty strings stand for "none" (variant, page, field,
// journey) so that every rollup key column is NOT NULL and part of the primary key.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace amtsweg::storage {

// The usage tables store kinds, devices and channels as these words.
//   kinds: service_viewed started page_completed validation_error draft_saved resumed submitted
//          paid delivered status_changed decided abandoned
//   devices: phone tablet desktop        channels: web api
struct UsageEvent {
  std::int64_t at = 0;  // unix seconds, UTC
  std::string kind;
  std::string ags;
  std::string process;
  int version = 1;
  std::string variant;  // "" none
  std::string page;     // "" none
  std::string field;    // validation_error: the field's path; else ""
  std::string device;
  std::string channel;
  std::string journey;                     // "" none (service_viewed, API submissions)
  std::optional<std::int64_t> duration_s;  // submitted: seconds since the journey started
  // page_completed: the page the journey goes on to (kReviewPage for the review), so that the
  // journey's last_page is where it was when it stopped. Not stored with the raw event.
  std::string next_page;
};

// usage_journeys.last_page of a journey that reached the review ("Angaben prüfen").
inline constexpr char kReviewPage[] = ":review";

// The dimensions every rollup row shares.
struct UsageKey {
  std::string ags;
  std::string process;
  std::int64_t day = 0;    // see above
  std::int64_t month = 0;  // yyyymm of day
  int version = 1;
  std::string variant;
  std::string device;
};

struct UsageDailyCount {  // usage_daily
  UsageKey key;
  std::string channel;
  std::string kind;
  std::int64_t count = 0;
};

struct UsagePageCount {  // usage_daily_pages: page_completed, validation_error, abandoned per page
  UsageKey key;
  std::string page;
  std::string kind;
  std::int64_t count = 0;
};

struct UsageFieldCount {  // usage_daily_fields: validation errors per field
  UsageKey key;
  std::string page;
  std::string field;
  std::int64_t count = 0;
};

struct UsageDurationCount {  // usage_durations: submissions per time-to-submit bucket
  UsageKey key;
  std::int64_t bucket_s = 0;  // upper bound of the bucket in seconds (monitor::kDurationBuckets)
  std::int64_t count = 0;
};

// The latest state of one journey in a batch (usage_journeys): inserted on its first event,
// then last_at/last_page/state follow its events. state: "open" | "submitted" | "abandoned".
struct UsageJourney {
  std::string journey;
  UsageKey key;  // day/month of the first event
  std::string channel;
  std::int64_t first_at = 0;
  std::int64_t last_at = 0;
  std::string last_page;
  std::string state;
};

struct UsageBatch {
  std::vector<UsageEvent> events;  // raw, in order
  std::vector<UsageDailyCount> daily;
  std::vector<UsagePageCount> pages;
  std::vector<UsageFieldCount> fields;
  std::vector<UsageDurationCount> durations;
  std::vector<UsageJourney> journeys;  // one per journey id in the batch
};

// Which rollup rows a dashboard query sums. Unset members do not filter. `ags` empty = every
// municipality (the state's view); otherwise only those listed.
struct UsageFilter {
  std::vector<std::string> ags;
  std::optional<std::string> process;
  std::int64_t from_day = 0;  // inclusive
  std::int64_t to_day = 0;    // inclusive
  std::optional<int> version;
  std::optional<std::string> device;
};

// What SumUsage groups by (besides kind, always). Each adds one column to UsageSum::group.
enum class UsageGroup { kAgs, kProcess, kDevice, kVersion, kWeek, kMonth, kChannel };

struct UsageSum {
  std::vector<std::string> group;  // the group columns' values, in the order asked, as text
  std::string kind;
  std::int64_t count = 0;
};

struct UsagePageSum {
  std::string ags;  // "" unless grouped by municipality
  std::string page;
  std::string kind;
  std::int64_t count = 0;
};

struct UsageFieldSum {
  std::string ags;  // "" unless grouped by municipality
  std::string page;
  std::string field;
  std::int64_t count = 0;
};

struct UsageDurationSum {
  std::string group;  // "" | the ags | the month (yyyymm), as asked
  std::int64_t bucket_s = 0;
  std::int64_t count = 0;
};

enum class UsageDurationGroup { kNone, kAgs, kMonth };

// Applications that reached an office on paper in a month, entered by the office.
struct PaperCount {
  std::string ags;
  std::string process;
  std::int64_t month = 0;  // yyyymm
  std::int64_t count = 0;
  std::string entered_at;  // RFC 3339 UTC
};

// Transparency registry (issue 5).
// A standard process as the registry lists it, also before a definition exists (planned).
// status: "geplant" | "in_entwicklung" | "im_test" | "live".
struct RegistryProcess {
  std::string id;  // process id ("hund-anmelden")
  std::string title;
  std::string leika;  // 14-digit LeiKa key
  std::string owner;  // who builds and maintains it, e.g. "Landeshauptstadt Stuttgart"
  std::string status;
  int version = 1;
  std::string updated_at;
};

// A service a municipality offers somewhere else (another portal), with the OZG maturity level
// (0–4) it entered. Services hosted here are the offerings table; their level is computed.
struct ExternalOffering {
  std::string ags;
  std::string leika;
  std::string url;
  int maturity = 0;
  std::string entered_at;
};

// Access to the monitor without accounts (which come with issue "accounts"): a secret key whose
// hash is stored, scoped to one municipality ("ags:08111000"), one state ("state:Baden-Württemberg")
// or everything ("all").
struct MonitorAccess {
  std::string key_hash;  // hex SHA-256 of the key
  std::string scope;
  std::string label;
  std::string created_at;
};

}  // namespace amtsweg::storage
