#pragma once
// Calendar dates for the form operations "today", "age_years" and "date_diff_days"
// (internal to src/logic; documented for designers in docs/logic.md).
//
// Only the ISO form "YYYY-MM-DD" with a real calendar date is accepted (years 0001-9999,
// Gregorian leap years): ParseIsoDate("2024-02-29") succeeds, "2023-02-29" does not.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace amtsweg::logic::internal {

struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
};

[[nodiscard]] std::optional<CivilDate> ParseIsoDate(std::string_view text);
// Days since 1970-01-01 (negative before).
[[nodiscard]] std::int64_t DaysFromCivil(const CivilDate& date);
// Whole years from `birth` to `reference`; someone born on 29 February becomes a year older
// on 1 March in common years. Negative when birth lies after reference.
[[nodiscard]] int WholeYearsBetween(const CivilDate& birth, const CivilDate& reference);
// Today's date in UTC from the system clock, "YYYY-MM-DD".
[[nodiscard]] std::string TodayUtc();

}  // namespace amtsweg::logic::internal
