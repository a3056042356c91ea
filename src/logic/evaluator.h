#pragma once
// One evaluation of a compiled rule (internal to src/logic).
//
// The Evaluator walks the node tree with the data as a Value, mirroring json-logic-js's
// apply(): "if", "and", "or" and the per-element operators control which arguments are
// evaluated; every other operator evaluates all its arguments first, in order, then applies.
// It owns the step budget, the depth counter and the rules compiled from data at run time
// (json-logic-js treats some *values* as rules again, see EvaluateMissing in data_access.cpp).
//
// Operators are split over several files by theme: evaluate.cpp (dispatch, control flow,
// per-element operators), operators.cpp (comparison, arithmetic, strings, arrays),
// data_access.cpp (var, missing, missing_some), dates.cpp (today, age_years, date_diff_days).

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "logic/node.h"
#include "logic/value.h"

namespace amtsweg::logic::internal {

using Node = Rule::Node;

class Evaluator final {
 public:
  explicit Evaluator(const Context& context);

  [[nodiscard]] Value Eval(const Node& node, const Value& data);

  Budget& budget() { return budget_; }
  int max_depth() const { return max_depth_; }

 private:
  class DepthGuard;

  Value EvalOperator(const Node& node, const Value& data);
  // Argument i, or undefined when absent. NoEscape may return a borrowed constant array for a
  // literal array argument; use it only where the array itself cannot reach the result.
  Value Arg(const Node& node, std::size_t i, const Value& data) {
    return i < node.args.size() ? Eval(node.args[i], data) : Value();
  }
  Value ArgNoEscape(const Node& node, std::size_t i, const Value& data);
  // Evaluates (and drops) arguments from `first` on, as json-logic-js evaluates them all.
  void EvalRest(const Node& node, std::size_t first, const Value& data);
  std::vector<Value> AllArgs(const Node& node, const Value& data);

  // evaluate.cpp
  Value EvalArray(const Node& node, const Value& data);
  Value EvalIf(const Node& node, const Value& data);
  Value EvalAndOr(const Node& node, const Value& data, bool is_and);
  Value EvalScoped(const Node& node, const Value& data);
  Value EvalReduce(const Node& node, const Value& data);
  Value EvalUnknown(const Node& node, const Value& data);

  // operators.cpp
  Value EvalCompare(const Node& node, const Value& data);
  Value EvalBetween(const Node& node, const Value& data);
  Value EvalArithmetic(const Node& node, const Value& data);
  Value EvalFold(const Node& node, const Value& data);
  Value EvalMinMax(const Node& node, const Value& data);
  Value EvalMerge(const Node& node, const Value& data);
  Value EvalIn(const Node& node, const Value& data);
  Value EvalCat(const Node& node, const Value& data);
  Value EvalSubstr(const Node& node, const Value& data);
  Value EvalLog(const Node& node, const Value& data);

  // data_access.cpp
  Value EvalVar(const Node& node, const Value& data);
  Value EvalMissing(const Node& node, const Value& data);
  Value EvalMissingSome(const Node& node, const Value& data);
  Value Lookup(const Value& name, const Value& default_value, const Value& data);
  Value Missing(const std::vector<Value>& args, const Value& data);
  Value ApplyValue(const Value& value, const Value& data);

  // dates.cpp
  Value EvalToday(const Node& node, const Value& data);
  Value EvalAgeYears(const Node& node, const Value& data);
  Value EvalDateDiffDays(const Node& node, const Value& data);
  const std::string& Today();

  const Context& context_;
  Budget budget_;
  int max_depth_;
  int depth_ = 0;
  std::string today_;
  // Rules found in data by ApplyValue, compiled once per evaluation and kept alive because
  // values may borrow from their literals.
  std::unordered_map<const Json*, std::unique_ptr<Node>> runtime_rules_;
};

// Counts one level of evaluation nesting for its lifetime; throws past Limits::max_depth.
class Evaluator::DepthGuard final {
 public:
  explicit DepthGuard(Evaluator& e) : e_(e) {
    if (++e_.depth_ > e_.max_depth_) {
      --e_.depth_;
      throw Abort{ErrorCode::kTooDeep, "evaluation nested deeper than the depth limit"};
    }
  }
  ~DepthGuard() { --e_.depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  Evaluator& e_;
};

}  // namespace amtsweg::logic::internal
