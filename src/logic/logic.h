#pragma once
// JSON Logic (jsonlogic.com) with exactly the semantics of json-logic-js 2.0.x.
//
// Rules are compiled once into a tree and then evaluated many times; compiling checks the
// shape of the rule (unknown operator, wrong arity where json-logic-js would throw) and
// collects the variable names it reads, which the process checker uses to reject rules that
// reference unknown fields. Evaluation is bounded: recursion depth and the number of steps are
// limited, so a hostile rule can neither crash nor hang the server.
//
//   auto rule = amtsweg::logic::Rule::Compile(nlohmann::json::parse(R"({">":[{"var":"n"},2]})"));
//   auto result = rule->Evaluate(nlohmann::json{{"n", 3}});   // -> true
//
// Extra operations for forms (documented in docs/logic.md):
//   {"today": []}                      -> "YYYY-MM-DD" from the injected clock
//   {"age_years": [date, reference?]}  -> whole years between an ISO date and reference/today
//   {"date_diff_days": [from, to]}     -> days from one ISO date to another
//
// Compile and Evaluate never throw: every failure is an Error value.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

namespace amtsweg::logic {

using Json = nlohmann::json;

struct Limits {
  int max_depth = 64;                  // nesting of the rule and of data it builds
  std::int64_t max_steps = 1'000'000;  // operator applications per evaluation
};

struct Context {
  // Today's date as "YYYY-MM-DD" (injected clock; empty means the system clock, UTC).
  std::string today;
  Limits limits;
  // "log" returns its argument; with debug_log it also writes it to stderr (never stdout).
  bool debug_log = false;
};

enum class ErrorCode { kMalformedRule, kUnknownOperator, kTooDeep, kTooMuchWork, kRuntime };

struct Error {
  ErrorCode code;
  std::string message;  // English, for logs and designers
};

class Rule final {
 public:
  [[nodiscard]] static tl::expected<Rule, Error> Compile(const Json& rule, const Limits& limits = {});

  [[nodiscard]] tl::expected<Json, Error> Evaluate(const Json& data, const Context& context = {}) const;

  // Every name the rule reads through "var", "missing" or "missing_some" with a literal
  // argument, as written (e.g. "halter.name"); dynamic names are not listed.
  [[nodiscard]] const std::vector<std::string>& ReferencedVars() const;

  Rule(Rule&&) noexcept;
  Rule& operator=(Rule&&) noexcept;
  Rule(const Rule&);  // deep copy
  Rule& operator=(const Rule&);
  ~Rule();

  struct Node;  // implementation detail

 private:
  explicit Rule(std::unique_ptr<Node> root, std::vector<std::string> vars);
  std::unique_ptr<Node> root_;
  std::vector<std::string> vars_;
};

// Convenience: compile and evaluate in one go (what `amtsweg logic eval` does).
[[nodiscard]] tl::expected<Json, Error> Apply(const Json& rule, const Json& data,
                                              const Context& context = {});

// JavaScript truthiness as json-logic-js defines it ([] is falsy, "0" is truthy).
[[nodiscard]] bool Truthy(const Json& value);

// Number.prototype.toString / String(x) as JavaScript prints it (used by "cat" and coercions).
[[nodiscard]] std::string JsNumberToString(double value);

// JSON.stringify(value) of a JSON value: numbers printed as JavaScript prints them (1e+21,
// 1.5e-7, 0.30000000000000004), non-finite numbers as null, compact. What `amtsweg logic eval`
// prints, so its output matches json-logic-js under Node byte for byte (object keys sorted).
[[nodiscard]] std::string ToJsJson(const Json& value);

}  // namespace amtsweg::logic
