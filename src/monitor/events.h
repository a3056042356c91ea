#pragma once
// Usage events of the process monitor: what the server records as a journey happens, and the
// pure functions that turn events into the rollup rows storage keeps (storage/usage.h).
//
// Privacy by construction: an event has no free text from the citizen. Its strings are ids
// from the process definition (process, page, field path) or from this file (kind, device,
// channel), a municipality key, and a random journey id. The User-Agent is reduced to a device
// class and dropped; no IP address, no cookie value, no answer is ever part of an event.
//
//   monitor::Recorder recorder(storage, &registry, {});
//   recorder.Record(monitor::MakeEvent(monitor::Kind::kStarted, draft_context, device, now));
//   ...
//   recorder.Stop();  // flushes; before storage.Close()

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/usage.h"

namespace amtsweg::monitor {

enum class Kind {
  kServiceViewed,
  kStarted,
  kPageCompleted,
  kValidationError,
  kDraftSaved,
  kResumed,
  kSubmitted,
  kPaid,
  kDelivered,
  kStatusChanged,
  kDecided,
  kAbandoned,  // derived by the abandonment job, never recorded by a handler
};
// The word stored for a kind ("service_viewed", …), and back (nullopt for unknown words).
[[nodiscard]] const char* KindName(Kind kind);
[[nodiscard]] std::optional<Kind> KindFromName(std::string_view name);

enum class Device { kPhone, kTablet, kDesktop };
[[nodiscard]] const char* DeviceName(Device device);
// Phone, tablet or desktop from a User-Agent header (desktop when unknown or absent).
[[nodiscard]] Device DeviceFromUserAgent(std::string_view user_agent);

enum class Channel { kWeb, kApi };
[[nodiscard]] const char* ChannelName(Channel channel);

// A new random journey id: 32 lower-case hex digits from the OS's CSPRNG.
[[nodiscard]] std::string NewJourneyId();

// The process a journey runs: who offers it, which definition.
struct ProcessRef {
  std::string_view ags;
  std::string_view process;
  int version = 1;
  std::string_view variant;  // "" none
};

// An event at `at`. `page`/`field` only where the kind has them; `duration` only for
// kSubmitted of a journey (time since it started).
[[nodiscard]] storage::UsageEvent MakeEvent(Kind kind, const ProcessRef& process, Device device,
                                            Channel channel, std::string_view journey,
                                            std::chrono::system_clock::time_point at,
                                            std::string_view page = {}, std::string_view field = {},
                                            std::optional<std::chrono::seconds> duration = std::nullopt);

// Days and months: text::GermanDay, text::MonthOfDay (text/time.h).

// Upper bounds (seconds) of the time-to-submit buckets; the last one catches everything longer.
inline constexpr std::int64_t kDurationBuckets[] = {
    30,   60,   90,   120,   180,   240,   300,   420,   600,    900,    1200,    1800,     2700,
    3600, 5400, 7200, 10800, 14400, 21600, 43200, 86400, 172800, 604800, 2592000, INT64_MAX};
// The bucket a duration falls into.
[[nodiscard]] std::int64_t DurationBucket(std::int64_t seconds);

// Pre-aggregates events into one batch: raw events kept in order, rollup counts summed per key,
// one journey row per journey id with its latest state (submitted wins over open).
[[nodiscard]] storage::UsageBatch Aggregate(std::vector<storage::UsageEvent> events);

}  // namespace amtsweg::monitor
