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

}  // namespace amtsweg::text
