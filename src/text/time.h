#pragma once
// Dates and times as amtsweg writes them (API answers, database columns): UTC, whole seconds.
// The access log keeps its own millisecond form (http/response_policy.h).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace amtsweg::text {

// "2026-11-30T08:00:00Z"
[[nodiscard]] std::string Rfc3339(std::chrono::system_clock::time_point t);
// "2026-11-30" (UTC; the date JSON Logic's "today" sees)
[[nodiscard]] std::string IsoDate(std::chrono::system_clock::time_point t);

// "2026-11-30T08:00:00Z" (exactly this form, as Rfc3339 writes it) -> the time point.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text);

// Whether `t` falls in German summer time (CEST, UTC+2): from the last Sunday of March, 01:00 UTC,
// to the last Sunday of October, 01:00 UTC (EU rule since 1996). Else CET, UTC+1. libstdc++ 12
// has no time-zone database, and Germany's offsets follow this one rule.
[[nodiscard]] bool GermanSummerTime(std::chrono::system_clock::time_point t);

// The wall-clock time in Germany as citizens read it: "30.11.2026, 09:05 Uhr".
[[nodiscard]] std::string GermanDateTime(std::chrono::system_clock::time_point t);

// The date in Germany at `unix_s` (CET/CEST as above) as days since 1970-01-01; the process
// monitor counts by these days (storage/usage.h).
[[nodiscard]] std::int64_t GermanDay(std::int64_t unix_s);
// yyyymm (e.g. 202611) of such a day, and "2026-11-30" for it.
[[nodiscard]] std::int64_t MonthOfDay(std::int64_t day);
[[nodiscard]] std::string DayIso(std::int64_t day);

}  // namespace amtsweg::text
