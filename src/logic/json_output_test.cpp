#include <gtest/gtest.h>

#include <cmath>

#include "logic/logic.h"

namespace amtsweg::logic {
namespace {

TEST(ToJsJson, PrintsLikeJsonStringify) {
  struct Case {
    const char* json;
    const char* expected;
  };
  const Case cases[] = {
      {"3", "3"},
      {"-0.5", "-0.5"},
      {"1e21", "1e+21"},
      {"1.5e-7", "1.5e-7"},
      {"0.30000000000000004", "0.30000000000000004"},
      {"123456789012345680000", "123456789012345680000"},
      {R"("a\"b\\c\nd\u0001é")", R"("a\"b\\c\nd\u0001é")"},
      {R"([1,"x",null,true,{"b":1,"a":[]}])", R"([1,"x",null,true,{"a":[],"b":1}])"},
  };
  for (const auto& c : cases) EXPECT_EQ(ToJsJson(Json::parse(c.json)), c.expected) << c.json;
  EXPECT_EQ(ToJsJson(Json(std::nan(""))), "null");
  EXPECT_EQ(ToJsJson(Json(INFINITY)), "null");
}

}  // namespace
}  // namespace amtsweg::logic
