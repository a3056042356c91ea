#include "text/time.h"

#include <cstdio>

namespace amtsweg::text {
namespace {

struct Civil {
  int year;
  unsigned month, day;
  long long seconds_of_day;
};

Civil ToCivil(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto seconds = floor<std::chrono::seconds>(t);
  auto days = floor<std::chrono::days>(seconds);
  year_month_day ymd{days};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
          (seconds - days).count()};
}

}  // namespace

std::string Rfc3339(std::chrono::system_clock::time_point t) {
  Civil c = ToCivil(t);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ", c.year, c.month, c.day,
                c.seconds_of_day / 3600, c.seconds_of_day / 60 % 60, c.seconds_of_day % 60);
  return buffer;
}

std::string IsoDate(std::chrono::system_clock::time_point t) {
  Civil c = ToCivil(t);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", c.year, c.month, c.day);
  return buffer;
}

std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text) {
  using namespace std::chrono;
  int year = 0;
  unsigned month = 0, day = 0, hour = 0, minute = 0, second = 0;
  char z = 0;
  int consumed = 0;
  const std::string copy(text.substr(0, 32));
  if (text.size() != 20 ||
      std::sscanf(copy.c_str(), "%4d-%2u-%2uT%2u:%2u:%2u%c%n", &year, &month, &day, &hour, &minute, &second,
                  &z, &consumed) != 7 ||
      consumed != 20 || z != 'Z' || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  const year_month_day ymd{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd} + hours{hour} + minutes{minute} + seconds{second};
}

bool GermanSummerTime(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const year y = year_month_day{floor<days>(t)}.year();
  const auto start = sys_days{y / March / Sunday[last]} + hours{1};
  const auto end = sys_days{y / October / Sunday[last]} + hours{1};
  return t >= start && t < end;
}

std::string GermanDateTime(std::chrono::system_clock::time_point t) {
  const auto local = t + std::chrono::hours{GermanSummerTime(t) ? 2 : 1};
  Civil c = ToCivil(local);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%02u.%02u.%04d, %02lld:%02lld Uhr", c.day, c.month, c.year,
                c.seconds_of_day / 3600, c.seconds_of_day / 60 % 60);
  return buffer;
}

std::int64_t GermanDay(std::int64_t unix_s) {
  using namespace std::chrono;
  const sys_seconds t{seconds{unix_s}};
  const auto local = t + hours{GermanSummerTime(t) ? 2 : 1};
  return floor<days>(local).time_since_epoch().count();
}

std::int64_t MonthOfDay(std::int64_t day) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{day}}};
  return static_cast<int>(ymd.year()) * 100 + static_cast<unsigned>(ymd.month());
}

std::string DayIso(std::int64_t day) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{day}}};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

}  // namespace amtsweg::text
