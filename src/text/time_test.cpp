// UTC formats and German wall-clock time (CET/CEST switch at 01:00 UTC on the last Sundays of
// March and October).

#include "text/time.h"

#include <gtest/gtest.h>

namespace amtsweg::text {
namespace {

std::chrono::system_clock::time_point At(const char* rfc3339) {
  auto t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(std::chrono::system_clock::time_point{});
}

TEST(TimeTest, Rfc3339RoundTrips) {
  for (const char* text : {"2026-11-30T08:00:00Z", "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z"}) {
    EXPECT_EQ(Rfc3339(At(text)), text);
  }
  EXPECT_EQ(IsoDate(At("2026-11-30T23:59:59Z")), "2026-11-30");
}

TEST(TimeTest, MalformedTimesAreRefused) {
  for (const char* text :
       {"", "2026-11-30", "2026-11-30T08:00:00", "2026-11-30T08:00:00+01:00", "2026-02-30T08:00:00Z",
        "2026-11-30T24:00:00Z", "2026-13-01T08:00:00Z", "2026-11-30T08:00:00Zx", "x026-11-30T08:00:00Z"}) {
    EXPECT_FALSE(ParseRfc3339(text).has_value()) << text;
  }
}

TEST(TimeTest, GermanWallClockFollowsSummerTime) {
  EXPECT_EQ(GermanDateTime(At("2026-11-30T08:05:00Z")), "30.11.2026, 09:05 Uhr");  // CET
  EXPECT_EQ(GermanDateTime(At("2026-07-01T08:05:00Z")), "01.07.2026, 10:05 Uhr");  // CEST
  EXPECT_EQ(GermanDateTime(At("2026-12-31T23:30:00Z")), "01.01.2027, 00:30 Uhr");  // next day and year
  // 2026: summer time from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC.
  EXPECT_FALSE(GermanSummerTime(At("2026-03-29T00:59:59Z")));
  EXPECT_TRUE(GermanSummerTime(At("2026-03-29T01:00:00Z")));
  EXPECT_TRUE(GermanSummerTime(At("2026-10-25T00:59:59Z")));
  EXPECT_FALSE(GermanSummerTime(At("2026-10-25T01:00:00Z")));
  EXPECT_EQ(GermanDateTime(At("2026-03-29T00:59:00Z")), "29.03.2026, 01:59 Uhr");
  EXPECT_EQ(GermanDateTime(At("2026-03-29T01:00:00Z")), "29.03.2026, 03:00 Uhr");
}

}  // namespace
}  // namespace amtsweg::text
