#include "text/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace amtsweg::text {
namespace {

TEST(Utf8, WellFormedness) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"", true},
      {"plain ascii", true},
      {"\xC3\xA4\xC3\xB6\xC3\xBC\xC3\x9F", true},  // äöüß
      {"\xE2\x82\xAC", true},                      // €
      {"\xF0\x9F\x98\x80", true},                  // U+1F600
      {"\xF4\x8F\xBF\xBF", true},                  // U+10FFFF
      {"\xED\x9F\xBF", true},                      // U+D7FF
      {"\xEE\x80\x80", true},                      // U+E000
      {"\x80", false},                             // lone continuation
      {"\xC0\x80", false},                         // overlong NUL
      {"\xC1\xBF", false},                         // overlong
      {"\xE0\x80\xAF", false},                     // overlong '/'
      {"\xE0\x9F\xBF", false},                     // overlong
      {"\xF0\x8F\xBF\xBF", false},                 // overlong
      {"\xED\xA0\x80", false},                     // surrogate U+D800
      {"\xED\xBF\xBF", false},                     // surrogate U+DFFF
      {"\xF4\x90\x80\x80", false},                 // U+110000
      {"\xF5\x80\x80\x80", false},                 // beyond
      {"\xFF", false},
      {"\xC3", false},           // truncated
      {"\xE2\x82", false},       // truncated
      {"\xE2\x28\xA1", false},   // bad continuation
      {"a\xF0\x9F\x98", false},  // truncated 4-byte
  };
  for (const auto& [input, valid] : cases)
    EXPECT_EQ(IsValidUtf8(input), valid) << testing::PrintToString(input);
}

TEST(Utf8, PrefixPointsAtTheFirstBadByte) {
  EXPECT_EQ(ValidUtf8Prefix(""), 0u);
  EXPECT_EQ(ValidUtf8Prefix("abc"), 3u);
  EXPECT_EQ(ValidUtf8Prefix("ab\xFF"), 2u);
  EXPECT_EQ(ValidUtf8Prefix("\xC3\xA4x\xE2\x82"), 3u);  // "äx" then a truncated "€"
}

}  // namespace
}  // namespace amtsweg::text
