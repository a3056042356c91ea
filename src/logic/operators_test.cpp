// Table-driven tests of every operator: rule, data, expected JSON result (as json-logic-js
// 2.0.5 returns it after JSON.stringify). The differential test (tests/logic) checks the same
// against json-logic-js itself on thousands of random rules; these cases pin the semantics.

#include <gtest/gtest.h>

#include "logic/logic.h"

namespace amtsweg::logic {
namespace {

struct Case {
  const char* rule;
  const char* data;
  const char* expected;
};

void RunTable(const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string("rule ") + c.rule + " data " + c.data);
    const auto result = Apply(Json::parse(c.rule), Json::parse(c.data));
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(*result, Json::parse(c.expected)) << result->dump();
  }
}

TEST(OperatorsTest, Var) {
  RunTable({
      {R"({"var": "a"})", R"({"a": 1})", "1"},
      {R"({"var": ["a"]})", R"({"a": 1})", "1"},
      {R"({"var": "a.b.c"})", R"({"a": {"b": {"c": "deep"}}})", R"("deep")"},
      {R"({"var": ["x", 42]})", R"({})", "42"},
      {R"({"var": ["a", 42]})", R"({"a": null})", "null"},
      {R"({"var": ["a.b", 42]})", R"({"a": null})", "42"},
      {R"({"var": "x"})", R"({})", "null"},
      {R"({"var": 1})", R"(["a", "b"])", R"("b")"},
      {R"({"var": "01"})", R"(["a", "b"])", "null"},
      {R"({"var": "dogs.length"})", R"({"dogs": [1, 2, 3]})", "3"},
      {R"({"var": "s.length"})", R"({"s": "ä😀"})", "3"},
      {R"({"var": "s.1"})", R"({"s": "abc"})", R"("b")"},
      {R"({"var": ""})", R"({"a": 1})", R"({"a": 1})"},
      {R"({"var": null})", R"(5)", "5"},
      {R"({"var": []})", R"("whole")", R"("whole")"},
      {R"({"var": 1.5})", R"({"1": {"5": "x"}})", R"("x")"},
      {R"({"var": [{"cat": ["a", ".", "b"]}]})", R"({"a": {"b": 7}})", "7"},
      {R"({"var": "toString"})", R"({})", "null"},
  });
}

TEST(OperatorsTest, MissingAndMissingSome) {
  RunTable({
      {R"({"missing": ["a", "b", "c"]})", R"({"a": 1, "b": "", "c": null})", R"(["b", "c"])"},
      {R"({"missing": [["a", "b"], "c"]})", R"({"a": 1})", R"(["b"])"},
      {R"({"missing": []})", R"({})", "[]"},
      {R"({"missing": ["a.b"]})", R"({"a": {"b": 0}})", "[]"},
      {R"({"missing": [{"merge": ["a", "b"]}]})", R"({"b": 2})", R"(["a"])"},
      {R"({"missing": ["x", {"var": "k"}]})", R"({"k": {"cat": ["z", "z"]}})",
       R"(["x", {"cat": ["z", "z"]}])"},
      {R"({"missing_some": [1, ["a", "b", "c"]]})", R"({"a": "apple"})", "[]"},
      {R"({"missing_some": [2, ["a", "b", "c"]]})", R"({"a": "apple"})", R"(["b", "c"])"},
      {R"({"missing_some": [1, "ab"]})", R"({})", "[]"},
      {R"({"missing_some": [1, 5]})", R"({})", "[5]"},
  });
}

TEST(OperatorsTest, IfAndLogic) {
  RunTable({
      {R"({"if": []})", "null", "null"},
      {R"({"if": ["x"]})", "null", R"("x")"},
      {R"({"if": [false, 1]})", "null", "null"},
      {R"({"if": [true, "yes", "no"]})", "null", R"("yes")"},
      {R"({"if": [[], "yes", "no"]})", "null", R"("no")"},
      {R"({"if": ["0", "yes", "no"]})", "null", R"("yes")"},
      {R"({"if": [0, "a", "", "b", [], "c", "d"]})", "null", R"("d")"},
      {R"({"if": [0, "a", 1, "b", "c"]})", "null", R"("b")"},
      {R"({"?:": [false, 1, 2]})", "null", "2"},
      {R"({"and": [1, "", 2]})", "null", R"("")"},
      {R"({"and": [1, 2]})", "null", "2"},
      {R"({"and": []})", "null", "null"},
      {R"({"or": [0, [], "x"]})", "null", R"("x")"},
      {R"({"or": [0, []]})", "null", "[]"},
      {R"({"!": []})", "null", "true"},
      {R"({"!": [[]]})", "null", "true"},
      {R"({"!": "0"})", "null", "false"},
      {R"({"!!": [[0]]})", "null", "true"},
      {R"({"!!": [""]})", "null", "false"},
  });
}

TEST(OperatorsTest, Equality) {
  RunTable({
      {R"({"==": [1, "1"]})", "null", "true"},
      {R"({"==": [0, ""]})", "null", "true"},
      {R"({"==": [null, 0]})", "null", "false"},
      {R"({"==": [null]})", "null", "true"},
      {R"({"==": [[1], 1]})", "null", "true"},
      {R"({"==": [[], false]})", "null", "true"},
      {R"({"==": [true, "1"]})", "null", "true"},
      {R"({"==": ["0x10", 16]})", "null", "true"},
      {R"({"==": [{"var": "o"}, "[object Object]"]})", R"({"o": {"a": 1, "b": 2}})", "true"},
      {R"({"===": [1, "1"]})", "null", "false"},
      {R"({"===": [[1], [1]]})", "null", "false"},
      {R"({"===": [{"var": "a"}, {"var": "a"}]})", R"({"a": [1]})", "true"},
      {R"({"!=": [1, "2"]})", "null", "true"},
      {R"({"!==": [1, 1]})", "null", "false"},
  });
}

TEST(OperatorsTest, Comparison) {
  RunTable({
      {R"({">": ["10", "9"]})", "null", "false"},
      {R"({">": [10, "9"]})", "null", "true"},
      {R"({">=": [null, 0]})", "null", "true"},
      {R"({">=": [[2], 1]})", "null", "true"},
      {R"({"<": ["a", "b"]})", "null", "true"},
      {R"({"<": ["Z", "a"]})", "null", "true"},
      {R"({"<": ["\uffff", "😀"]})", "null", "false"},
      {R"({"<": [1, 2, 3]})", "null", "true"},
      {R"({"<": [1, 3, 2]})", "null", "false"},
      {R"({"<=": [1, 1, 1]})", "null", "true"},
      {R"({"<=": [1, "x"]})", "null", "false"},
      {R"({">": [1, "x"]})", "null", "false"},
  });
}

TEST(OperatorsTest, Arithmetic) {
  RunTable({
      {R"({"+": []})", "null", "0"},
      {R"({"+": ["3.5abc"]})", "null", "3.5"},
      {R"({"+": ["0x10"]})", "null", "0"},
      {R"({"+": [[1, 2], 1]})", "null", "2"},
      {R"({"+": [true, 1]})", "null", "null"},
      {R"({"+": [0.1, 0.2]})", "null", "0.30000000000000004"},
      {R"({"*": ["abc"]})", "null", R"("abc")"},
      {R"({"*": ["2", "3x"]})", "null", "6"},
      {R"({"-": ["5"]})", "null", "-5"},
      {R"({"-": [[5], "2"]})", "null", "3"},
      {R"({"-": []})", "null", "null"},
      {R"({"/": [1, 0]})", "null", "null"},
      {R"({"/": [1, 4]})", "null", "0.25"},
      {R"({"%": [-7, 3]})", "null", "-1"},
      {R"({"%": [7, 0]})", "null", "null"},
      {R"({"max": []})", "null", "null"},
      {R"({"max": [1, "3", [2]]})", "null", "3"},
      {R"({"min": [1, "x"]})", "null", "null"},
      {R"({"min": [4, -2, "7"]})", "null", "-2"},
      {R"({"*": [1e300, 1e300]})", "null", "null"},
      {R"({"+": [9007199254740992, 1]})", "null", "9007199254740992"},
  });
}

TEST(OperatorsTest, ArraysAndIteration) {
  RunTable({
      {R"({"map": [[1, 2, 3], {"*": [{"var": ""}, 2]}]})", "null", "[2, 4, 6]"},
      {R"({"map": ["abc", {"var": ""}]})", "null", "[]"},
      {R"({"map": [[1, 2]]})", "null", "[null, null]"},
      {R"({"filter": [[1, 0, "", "x", [], [0]], {"var": ""}]})", "null", R"([1, "x", [0]])"},
      {R"({"reduce": [[1, 2, 3], {"+": [{"var": "current"}, {"var": "accumulator"}]}, 0]})", "null", "6"},
      {R"({"reduce": [[], {"var": "current"}, 5]})", "null", "5"},
      {R"({"reduce": ["x", {"var": "current"}, 7]})", "null", "7"},
      {R"({"reduce": [[1, 2], {"var": ""}, 0]})", "null",
       R"({"current": 2, "accumulator": {"current": 1, "accumulator": 0}})"},
      {R"({"all": [[], true]})", "null", "false"},
      {R"({"all": [[1, 2], {">": [{"var": ""}, 0]}]})", "null", "true"},
      {R"({"none": [[], true]})", "null", "true"},
      {R"({"none": [[0, 1], {"var": ""}]})", "null", "false"},
      {R"({"some": [[], true]})", "null", "false"},
      {R"({"some": [[0, [], 3], {"var": ""}]})", "null", "true"},
      {R"({"merge": []})", "null", "[]"},
      {R"({"merge": [1, [2, [3]], null, "a"]})", "null", R"([1, 2, [3], null, "a"])"},
      {R"({"in": ["Spring", ["Spring", "Summer"]]})", "null", "true"},
      {R"({"in": [1, ["1"]]})", "null", "false"},
      {R"({"in": ["ring", "Spring"]})", "null", "true"},
      {R"({"in": ["", ""]})", "null", "false"},
      {R"({"in": ["a", 5]})", "null", "false"},
      {R"([1, {"var": "a"}, [2, {"+": [1, 1]}]])", R"({"a": "x"})", R"([1, "x", [2, 2]])"},
  });
}

TEST(OperatorsTest, Strings) {
  RunTable({
      {R"({"cat": ["I love ", {"var": "f"}, " pie"]})", R"({"f": "apple"})", R"("I love apple pie")"},
      {R"({"cat": [null, true, [1, null, [2, [3]]]]})", "null", R"("true1,,2,3")"},
      {R"({"cat": [1e21, " ", 1e-7, " ", 0.000001, " ", 2e20, " ", 1.5]})", "null",
       R"("1e+21 1e-7 0.000001 200000000000000000000 1.5")"},
      {R"({"cat": [{"var": "o"}]})", R"({"o": {"a": 1, "b": 2}})", R"("[object Object]")"},
      {R"({"substr": ["jsonlogic", 4]})", "null", R"("logic")"},
      {R"({"substr": ["jsonlogic", -5]})", "null", R"("logic")"},
      {R"({"substr": ["jsonlogic", 1, 3]})", "null", R"("son")"},
      {R"({"substr": ["jsonlogic", 4, -2]})", "null", R"("log")"},
      {R"({"substr": ["jsonlogic", 0, "-1"]})", "null", R"("")"},
      {R"({"substr": ["jsonlogic", 1e300, -1e300]})", "null", R"("")"},
      {R"({"substr": []})", "null", R"("undefined")"},
      {R"({"substr": [null, 1]})", "null", R"("ull")"},
      {R"({"substr": ["Grüße", 2, 2]})", "null", R"("üß")"},
      {R"({"substr": ["a😀b", 1, 2]})", "null", R"("😀")"},
      {R"({"log": ["logged"]})", "null", R"("logged")"},
  });
}

TEST(OperatorsTest, FailuresLikeJsonLogicJs) {
  const std::vector<std::pair<const char*, ErrorCode>> cases = {
      {R"({"foo": [1]})", ErrorCode::kUnknownOperator},
      {R"({"var.length": []})", ErrorCode::kUnknownOperator},
      {R"({"if": [false, {"nope": []}, 1]})", ErrorCode::kUnknownOperator},  // rejected at compile time
      {R"({"*": []})", ErrorCode::kMalformedRule},
      {R"({"missing_some": [1]})", ErrorCode::kMalformedRule},
  };
  for (const auto& [rule, code] : cases) {
    SCOPED_TRACE(rule);
    const auto result = Apply(Json::parse(rule), Json());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, code);
  }
  const auto to_string_key =
      Apply(Json::parse(R"({"cat": [{"var": "o"}]})"), Json::parse(R"({"o": {"toString": 1}})"));
  ASSERT_FALSE(to_string_key.has_value());
  EXPECT_EQ(to_string_key.error().code, ErrorCode::kRuntime);
}

TEST(OperatorsTest, RuleCanBeCopiedAndReused) {
  auto rule = Rule::Compile(Json::parse(R"({"in": [{"var": "x"}, ["a", "b"]]})"));
  ASSERT_TRUE(rule.has_value());
  const Rule copy = *rule;
  EXPECT_EQ(copy.Evaluate(Json{{"x", "a"}}).value(), Json(true));
  EXPECT_EQ(rule->Evaluate(Json{{"x", "c"}}).value(), Json(false));
}

TEST(OperatorsTest, TruthyAndNumberToString) {
  EXPECT_FALSE(Truthy(Json::array()));
  EXPECT_TRUE(Truthy(Json::parse("[0]")));
  EXPECT_TRUE(Truthy(Json("0")));
  EXPECT_FALSE(Truthy(Json(0.0)));
  EXPECT_TRUE(Truthy(Json::object()));
  EXPECT_EQ(JsNumberToString(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(JsNumberToString(1e21), "1e+21");
  EXPECT_EQ(JsNumberToString(1e20), "100000000000000000000");
  EXPECT_EQ(JsNumberToString(123e-20), "1.23e-18");
  EXPECT_EQ(JsNumberToString(0.000001), "0.000001");
  EXPECT_EQ(JsNumberToString(1e-7), "1e-7");
  EXPECT_EQ(JsNumberToString(-0.0), "0");
  EXPECT_EQ(JsNumberToString(-1.5), "-1.5");
  EXPECT_EQ(JsNumberToString(5e-324), "5e-324");
  EXPECT_EQ(JsNumberToString(1.7976931348623157e308), "1.7976931348623157e+308");
}

}  // namespace
}  // namespace amtsweg::logic
