// Hostile rules must end in an Error value, never a crash, a hang or unbounded memory.

#include <gtest/gtest.h>

#include "logic/logic.h"

namespace amtsweg::logic {
namespace {

Json Nest(const std::string& op, int depth) {
  Json rule = 1;
  for (int i = 0; i < depth; ++i) rule = Json{{op, Json::array({std::move(rule)})}};
  return rule;
}

TEST(LimitsTest, DeeplyNestedRuleIsRejectedAtCompileTime) {
  const auto result = Rule::Compile(Nest("!", 100000));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kTooDeep);

  Json arrays = Json::array();
  for (int i = 0; i < 100000; ++i) arrays = Json::array({std::move(arrays)});
  const auto nested_arrays = Apply(arrays, Json());
  ASSERT_FALSE(nested_arrays.has_value());
  EXPECT_EQ(nested_arrays.error().code, ErrorCode::kTooDeep);
}

TEST(LimitsTest, NestingWithinTheLimitWorks) {
  const auto result = Apply(Nest("!!", 60), Json());
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(*result, Json(true));
}

TEST(LimitsTest, EvaluationDepthFollowsTheContext) {
  auto rule = Rule::Compile(Nest("!!", 30));
  ASSERT_TRUE(rule.has_value());
  Context context;
  context.limits.max_depth = 10;
  const auto result = rule->Evaluate(Json(), context);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kTooDeep);
}

TEST(LimitsTest, StepBudgetStopsLongLoops) {
  Json big = Json::array();
  for (int i = 0; i < 2000; ++i) big.push_back(i);
  Context context;
  context.limits.max_steps = 100000;
  const auto result =
      Apply(Json::parse(R"({"map": [{"var": "xs"}, {"+": [{"var": ""}, 1]}]})"), Json{{"xs", big}}, context);
  EXPECT_TRUE(result.has_value());
  const auto too_much =
      Apply(Json::parse(R"({"all": [{"var": "xs"}, {"some": [[1, 2, 3], {"var": ""}]}]})"), Json{{"xs", big}},
            Context{.today = "", .limits = {.max_depth = 64, .max_steps = 5000}});
  ASSERT_FALSE(too_much.has_value());
  EXPECT_EQ(too_much.error().code, ErrorCode::kTooMuchWork);
}

TEST(LimitsTest, DoublingStringsAreStoppedByTheBudget) {
  Json items = Json::array();
  for (int i = 0; i < 64; ++i) items.push_back(i);
  const Json rule =
      Json{{"reduce",
            Json::array({items, Json::parse(R"({"cat": [{"var": "accumulator"}, {"var": "accumulator"}]})"),
                         "xxxxxxxxxxxxxxxx"})}};
  const auto result = Apply(rule, Json());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kTooMuchWork);
}

TEST(LimitsTest, DoublingArraysAreStoppedByTheBudget) {
  Json items = Json::array();
  for (int i = 0; i < 64; ++i) items.push_back(i);
  const Json rule =
      Json{{"reduce",
            Json::array({items, Json::parse(R"({"merge": [{"var": "accumulator"}, {"var": "accumulator"}]})"),
                         Json::array({1})})}};
  const auto result = Apply(rule, Json());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kTooMuchWork);
}

TEST(LimitsTest, DeeplyNestedBuiltDataIsStopped) {
  Json items = Json::array();
  for (int i = 0; i < 5000; ++i) items.push_back(i);
  // Each step wraps the accumulator in one more array, and the reduce scope nests as well.
  for (const char* body : {R"({"merge": [[{"var": "accumulator"}]]})", R"({"var": ""})"}) {
    SCOPED_TRACE(body);
    const Json rule = Json{{"reduce", Json::array({items, Json::parse(body), 0})}};
    const auto result = Apply(rule, Json());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kTooDeep);
  }
}

TEST(LimitsTest, HugeSubstrArgumentsAreClamped) {
  const auto result = Apply(Json::parse(R"({"substr": ["abc", -1e308, 1e308]})"), Json());
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, Json("abc"));
}

TEST(LimitsTest, DeeplyNestedDataDoesNotCrashStringConversion) {
  Json deep = Json::array({1});
  for (int i = 0; i < 100000; ++i) deep = Json::array({std::move(deep)});
  const auto result = Apply(Json::parse(R"({"cat": [{"var": "d"}]})"), Json{{"d", std::move(deep)}});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kTooDeep);
}

TEST(LimitsTest, DataThatLooksLikeLogicIsBoundedToo) {
  // missing treats keys that are one-key objects as rules (as json-logic-js does).
  Json nested = Nest("!", 5000);
  const auto result =
      Apply(Json::parse(R"({"missing": ["x", {"var": "k"}]})"), Json{{"k", std::move(nested)}});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kTooDeep);
}

}  // namespace
}  // namespace amtsweg::logic
