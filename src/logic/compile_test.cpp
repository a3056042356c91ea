// ReferencedVars (what the process checker uses to reject unknown fields) and compile errors.

#include <gtest/gtest.h>

#include "logic/logic.h"

namespace amtsweg::logic {
namespace {

std::vector<std::string> Vars(const char* rule) {
  auto compiled = Rule::Compile(Json::parse(rule));
  EXPECT_TRUE(compiled.has_value()) << rule;
  return compiled ? compiled->ReferencedVars() : std::vector<std::string>{};
}

using Names = std::vector<std::string>;

TEST(CompileTest, ReferencedVars) {
  EXPECT_EQ(Vars(R"({"var": "halter.name"})"), Names{"halter.name"});
  EXPECT_EQ(Vars(R"({"and": [{"var": "a"}, {"var": ["b", 1]}, {"var": "a"}]})"), (Names{"a", "b"}));
  EXPECT_EQ(Vars(R"({"var": ["a", {"var": "fallback"}]})"), (Names{"a", "fallback"}));
  EXPECT_EQ(Vars(R"({"var": 0})"), Names{"0"});
  EXPECT_EQ(Vars(R"({"var": ""})"), Names{});
  EXPECT_EQ(Vars(R"({"var": [{"var": "which"}]})"), Names{"which"});  // dynamic name not listed
  EXPECT_EQ(Vars(R"({"missing": ["a", "b"]})"), (Names{"a", "b"}));
  EXPECT_EQ(Vars(R"({"missing": [["a", "b"], "ignored"]})"), (Names{"a", "b"}));
  EXPECT_EQ(Vars(R"({"missing_some": [1, ["x", "y"]]})"), (Names{"x", "y"}));
  // Per-element sub-rules read the element, not the top-level data.
  EXPECT_EQ(Vars(R"({"map": [{"var": "dogs"}, {"var": "fee"}]})"), Names{"dogs"});
  EXPECT_EQ(Vars(R"({"reduce": [{"var": "dogs"}, {"+": [{"var": "current.fee"}, {"var": "accumulator"}]},
                                {"var": "base"}]})"),
            (Names{"dogs", "base"}));
  EXPECT_EQ(Vars(R"({"some": [{"var": "xs"}, {"all": [{"var": "ys"}, {"var": "z"}]}]})"), Names{"xs"});
  EXPECT_EQ(Vars(R"({"if": [{"var": "a"}, {"filter": [{"var": "b"}, {"var": "c"}]}, 1]})"),
            (Names{"a", "b"}));
}

TEST(CompileTest, MalformedRules) {
  const std::vector<std::pair<const char*, ErrorCode>> cases = {
      {R"({"unknown_op": []})", ErrorCode::kUnknownOperator},
      {R"({"and": [true, {"+": [1, {"bogus": 1}]}]})", ErrorCode::kUnknownOperator},
      {R"({"hasOwnProperty": ["x"]})", ErrorCode::kUnknownOperator},
      {R"({"*": []})", ErrorCode::kMalformedRule},
      {R"({"missing_some": [1, null]})", ErrorCode::kMalformedRule},
  };
  for (const auto& [rule, code] : cases) {
    const auto compiled = Rule::Compile(Json::parse(rule));
    ASSERT_FALSE(compiled.has_value()) << rule;
    EXPECT_EQ(compiled.error().code, code) << rule;
    EXPECT_FALSE(compiled.error().message.empty());
  }
}

TEST(CompileTest, LiteralsAreNotLogic) {
  for (const char* rule : {R"({})", R"({"a": 1, "b": 2})", R"("text")", "null", "3.5", "[]"}) {
    const auto result = Apply(Json::parse(rule), Json());
    ASSERT_TRUE(result.has_value()) << rule;
    EXPECT_EQ(*result, Json::parse(rule));
  }
}

}  // namespace
}  // namespace amtsweg::logic
