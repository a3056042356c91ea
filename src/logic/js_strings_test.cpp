// ECMAScript number parsing and UTF-16 string views.

#include "logic/js_strings.h"

#include <gtest/gtest.h>

#include <cmath>

namespace amtsweg::logic::internal {
namespace {

TEST(JsStringsTest, StringToNumber) {
  const std::vector<std::pair<const char*, double>> cases = {
      {"", 0},
      {"  ", 0},
      {"12", 12},
      {" 12 ", 12},
      {"\t7\n", 7},
      {"1e3", 1000},
      {".5", 0.5},
      {"5.", 5},
      {"+.5", 0.5},
      {"-0.25", -0.25},
      {"0x1f", 31},
      {"0X1F", 31},
      {"0b101", 5},
      {"0o17", 15},
      {"Infinity", INFINITY},
      {"-Infinity", -INFINITY},
      {"\xC2\xA0"
       "5",
       5},
      {"1e400", INFINITY},
      {"0x1fffffffffffff1", 144115188075855857.0},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(StringToNumber(text), expected) << text;
  for (const char* nan : {"abc", "1_000", "-0x10", "0x", "1e", ".", "infinity", "1,2", "3.14abc", "0b2"}) {
    EXPECT_TRUE(std::isnan(StringToNumber(nan))) << nan;
  }
  EXPECT_TRUE(std::signbit(StringToNumber("-0")));
}

TEST(JsStringsTest, ParseFloat) {
  const std::vector<std::pair<const char*, double>> cases = {
      {"3.14abc", 3.14}, {"  -7x", -7},           {"1e", 1},  {"1e+", 1}, {"-.5e-1x", -0.05},
      {"0x10", 0},       {"Infinityx", INFINITY}, {"1,2", 1},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(ParseFloat(text), expected) << text;
  for (const char* nan : {"", "x1", ".e1", "-", "null"}) EXPECT_TRUE(std::isnan(ParseFloat(nan))) << nan;
}

TEST(JsStringsTest, Utf16) {
  EXPECT_EQ(Utf16Length("abc"), 3u);
  EXPECT_EQ(Utf16Length("ä😀"), 3u);
  EXPECT_EQ(Utf16Substr("Grüße", 2, 2), "üß");
  EXPECT_EQ(Utf16Substr("a😀b", 1, 2), "😀");
  EXPECT_EQ(Utf16Substr("a😀b", 1, 1), "\xEF\xBF\xBD");  // half a surrogate pair
  EXPECT_EQ(Utf16Substr("abc", 5, 2), "");
  EXPECT_LT(CompareUtf16("Z", "a"), 0);
  EXPECT_LT(CompareUtf16("ab", "abc"), 0);
  EXPECT_EQ(CompareUtf16("ä", "ä"), 0);
  EXPECT_GT(CompareUtf16("\xEF\xBF\xBF", "😀"), 0);  // U+FFFF sorts after a surrogate pair
  EXPECT_EQ(CanonicalIndex("0"), 0);
  EXPECT_EQ(CanonicalIndex("17"), 17);
  for (const char* bad : {"", "01", "-1", "1.0", "a", "4294967295"})
    EXPECT_EQ(CanonicalIndex(bad), -1) << bad;
}

}  // namespace
}  // namespace amtsweg::logic::internal
