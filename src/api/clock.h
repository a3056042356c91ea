#pragma once
// Dates and times as the API writes them, from an injected clock.

#include <chrono>
#include <string>

namespace amtsweg::api {

// "2026-11-30T08:00:00Z"
[[nodiscard]] std::string Rfc3339(std::chrono::system_clock::time_point t);
// "2026-11-30" (UTC; the date JSON Logic's "today" sees)
[[nodiscard]] std::string IsoDate(std::chrono::system_clock::time_point t);

}  // namespace amtsweg::api
