#pragma once
// Dates and times as amtsweg writes them (API answers, database columns): UTC, whole seconds.
// The access log keeps its own millisecond form (http/response_policy.h).

#include <chrono>
#include <string>

namespace amtsweg::text {

// "2026-11-30T08:00:00Z"
[[nodiscard]] std::string Rfc3339(std::chrono::system_clock::time_point t);
// "2026-11-30" (UTC; the date JSON Logic's "today" sees)
[[nodiscard]] std::string IsoDate(std::chrono::system_clock::time_point t);

}  // namespace amtsweg::text
