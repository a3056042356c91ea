// Date operations for forms (not part of json-logic-js; see dates.h and docs/logic.md):
//   {"today": []}                          -> "2025-03-14" (Context::today, else UTC clock)
//   {"age_years": ["1990-05-10"]}          -> whole years until today; null for a bad date
//   {"age_years": ["1990-05-10", "2025-05-09"]} -> 34
//   {"date_diff_days": ["2025-01-01", "2025-03-01"]} -> 59 (second minus first)

#include "logic/dates.h"

#include <chrono>
#include <cstdio>

#include "logic/evaluator.h"

namespace amtsweg::logic::internal {
namespace {

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

int ParseDigits(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::optional<CivilDate> DateArg(const Value& v) {
  if (v.kind() != Kind::kString) return std::nullopt;
  return ParseIsoDate(v.string());
}

}  // namespace

std::optional<CivilDate> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const CivilDate d{ParseDigits(text.substr(0, 4)), ParseDigits(text.substr(5, 2)),
                    ParseDigits(text.substr(8, 2))};
  if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1) return std::nullopt;
  if (d.day > DaysInMonth(d.year, d.month)) return std::nullopt;
  return d;
}

// Howard Hinnant's days_from_civil.
std::int64_t DaysFromCivil(const CivilDate& date) {
  const int y = date.month <= 2 ? date.year - 1 : date.year;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int mp = (date.month + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + date.day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

int WholeYearsBetween(const CivilDate& birth, const CivilDate& reference) {
  int years = reference.year - birth.year;
  const bool before_birthday =
      reference.month < birth.month || (reference.month == birth.month && reference.day < birth.day);
  if (before_birthday) --years;
  return years;
}

std::string TodayUtc() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{days};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

const std::string& Evaluator::Today() {
  if (today_.empty()) today_ = context_.today.empty() ? TodayUtc() : context_.today;
  return today_;
}

Value Evaluator::EvalToday(const Node& node, const Value& data) {
  EvalRest(node, 0, data);
  return Value::String(Today());
}

Value Evaluator::EvalAgeYears(const Node& node, const Value& data) {
  const Value birth = Arg(node, 0, data);
  const Value reference = Arg(node, 1, data);
  EvalRest(node, 2, data);
  const auto b = DateArg(birth);
  const auto r = reference.kind() == Kind::kUndefined ? ParseIsoDate(Today()) : DateArg(reference);
  if (!b || !r) return Value::Null();
  return Value::Number(WholeYearsBetween(*b, *r));
}

Value Evaluator::EvalDateDiffDays(const Node& node, const Value& data) {
  const Value from = Arg(node, 0, data);
  const Value to = Arg(node, 1, data);
  EvalRest(node, 2, data);
  const auto a = DateArg(from);
  const auto b = DateArg(to);
  if (!a || !b) return Value::Null();
  return Value::Number(static_cast<double>(DaysFromCivil(*b) - DaysFromCivil(*a)));
}

}  // namespace amtsweg::logic::internal
