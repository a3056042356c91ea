// Evaluation: operator dispatch, control flow ("if", "and", "or") and the per-element
// operators (map, filter, reduce, all, none, some), plus Rule::Evaluate, the boundary where
// internal aborts become Error values. See evaluator.h.

#include <algorithm>
#include <new>

#include "logic/evaluator.h"
#include "logic/js.h"

namespace amtsweg::logic::internal {

Evaluator::Evaluator(const Context& context)
    : context_(context),
      budget_(context.limits.max_steps),
      max_depth_(std::min(context.limits.max_depth, kHardMaxDepth)) {}

Value Evaluator::Eval(const Node& node, const Value& data) {
  budget_.Charge(1);
  switch (node.op) {
    case Op::kLiteral:
      return Value::FromJson(node.literal);
    case Op::kUndefined:
      return Value();
    default:
      break;
  }
  DepthGuard guard(*this);
  return EvalOperator(node, data);
}

Value Evaluator::EvalOperator(const Node& node, const Value& data) {
  switch (node.op) {
    case Op::kArray:
      return EvalArray(node, data);
    case Op::kVar:
      return EvalVar(node, data);
    case Op::kMissing:
      return EvalMissing(node, data);
    case Op::kMissingSome:
      return EvalMissingSome(node, data);
    case Op::kIf:
      return EvalIf(node, data);
    case Op::kOr:
      return EvalAndOr(node, data, /*is_and=*/false);
    case Op::kAnd:
      return EvalAndOr(node, data, /*is_and=*/true);
    case Op::kEq:
    case Op::kStrictEq:
    case Op::kNe:
    case Op::kStrictNe:
    case Op::kGt:
    case Op::kGe:
    case Op::kNot:
    case Op::kNotNot:
      return EvalCompare(node, data);
    case Op::kLt:
    case Op::kLe:
      return EvalBetween(node, data);
    case Op::kSub:
    case Op::kDiv:
    case Op::kMod:
      return EvalArithmetic(node, data);
    case Op::kAdd:
    case Op::kMul:
      return EvalFold(node, data);
    case Op::kMax:
    case Op::kMin:
      return EvalMinMax(node, data);
    case Op::kMap:
    case Op::kFilter:
    case Op::kAll:
    case Op::kNone:
    case Op::kSome:
      return EvalScoped(node, data);
    case Op::kReduce:
      return EvalReduce(node, data);
    case Op::kMerge:
      return EvalMerge(node, data);
    case Op::kIn:
      return EvalIn(node, data);
    case Op::kCat:
      return EvalCat(node, data);
    case Op::kSubstr:
      return EvalSubstr(node, data);
    case Op::kLog:
      return EvalLog(node, data);
    case Op::kToday:
      return EvalToday(node, data);
    case Op::kAgeYears:
      return EvalAgeYears(node, data);
    case Op::kDateDiffDays:
      return EvalDateDiffDays(node, data);
    case Op::kUnknown:
    case Op::kLiteral:
    case Op::kUndefined:
      break;
  }
  return EvalUnknown(node, data);
}

Value Evaluator::ArgNoEscape(const Node& node, std::size_t i, const Value& data) {
  if (i < node.args.size() && node.args[i].const_array) {
    budget_.Charge(1);
    return Value::Borrowed(&node.args[i].literal);
  }
  return Arg(node, i, data);
}

void Evaluator::EvalRest(const Node& node, std::size_t first, const Value& data) {
  for (std::size_t i = first; i < node.args.size(); ++i) (void)Eval(node.args[i], data);
}

std::vector<Value> Evaluator::AllArgs(const Node& node, const Value& data) {
  std::vector<Value> values;
  values.reserve(node.args.size());
  for (std::size_t i = 0; i < node.args.size(); ++i) values.push_back(ArgNoEscape(node, i, data));
  return values;
}

Value Evaluator::EvalArray(const Node& node, const Value& data) {
  std::vector<Value> items;
  items.reserve(node.args.size());
  for (const auto& arg : node.args) items.push_back(Eval(arg, data));
  return Value::Array(std::move(items), max_depth_);
}

// if/?: take (condition, consequent) pairs and an optional trailing else.
Value Evaluator::EvalIf(const Node& node, const Value& data) {
  const std::size_t n = node.args.size();
  std::size_t i = 0;
  for (; i + 1 < n; i += 2) {
    if (IsTruthy(Eval(node.args[i], data))) return Eval(node.args[i + 1], data);
  }
  if (i + 1 == n) return Eval(node.args[i], data);
  return Value::Null();
}

// Returns the deciding value, not a boolean; undefined without arguments.
Value Evaluator::EvalAndOr(const Node& node, const Value& data, bool is_and) {
  Value current;
  for (const auto& arg : node.args) {
    current = Eval(arg, data);
    if (IsTruthy(current) != is_and) return current;
  }
  return current;
}

Value Evaluator::EvalScoped(const Node& node, const Value& data) {
  const Value items = ArgNoEscape(node, 0, data);
  const Node* logic = node.args.size() > 1 ? &node.args[1] : nullptr;
  const auto test = [&](const Value& item) { return logic != nullptr && IsTruthy(Eval(*logic, item)); };
  const bool is_array = items.kind() == Kind::kArray;
  const std::size_t n = is_array ? items.ArraySize() : 0;
  switch (node.op) {
    case Op::kMap:
    case Op::kFilter: {
      std::vector<Value> out;
      budget_.Charge(static_cast<std::int64_t>(n));
      out.reserve(node.op == Op::kMap ? n : 0);
      for (std::size_t i = 0; i < n; ++i) {
        Value item = items.ArrayAt(i);
        if (node.op == Op::kMap) {
          out.push_back(logic != nullptr ? Eval(*logic, item) : Value());
        } else if (test(item)) {
          out.push_back(std::move(item));
        }
      }
      return Value::Array(std::move(out), max_depth_);
    }
    case Op::kAll:
      if (n == 0) return Value::Bool(false);
      for (std::size_t i = 0; i < n; ++i) {
        if (!test(items.ArrayAt(i))) return Value::Bool(false);
      }
      return Value::Bool(true);
    default: {  // none, some
      const bool want = node.op == Op::kSome;
      for (std::size_t i = 0; i < n; ++i) {
        if (test(items.ArrayAt(i))) return Value::Bool(want);
      }
      return Value::Bool(!want);
    }
  }
}

Value Evaluator::EvalReduce(const Node& node, const Value& data) {
  const Value items = ArgNoEscape(node, 0, data);
  Value accumulator = node.args.size() > 2 ? Eval(node.args[2], data) : Value::Null();
  if (items.kind() != Kind::kArray) return accumulator;
  const Node* logic = node.args.size() > 1 ? &node.args[1] : nullptr;
  const std::size_t n = items.ArraySize();
  for (std::size_t i = 0; i < n; ++i) {
    const Value scope = Value::Scope(items.ArrayAt(i), std::move(accumulator), max_depth_);
    accumulator = logic != nullptr ? Eval(*logic, scope) : Value();
  }
  return accumulator;
}

Value Evaluator::EvalUnknown(const Node& node, const Value& data) {
  EvalRest(node, 0, data);
  throw Abort{ErrorCode::kUnknownOperator, "Unrecognized operation " + node.name};
}

}  // namespace amtsweg::logic::internal

namespace amtsweg::logic {

tl::expected<Json, Error> Rule::Evaluate(const Json& data, const Context& context) const {
  try {
    internal::Evaluator evaluator(context);
    const internal::Value result = evaluator.Eval(*root_, internal::Value::FromJson(data));
    return internal::ToJson(result);
  } catch (const internal::Abort& abort) {
    return tl::unexpected(Error{abort.code, abort.message});
  } catch (const std::bad_alloc&) {
    return tl::unexpected(Error{ErrorCode::kTooMuchWork, "out of memory while evaluating the rule"});
  } catch (const std::exception& e) {
    return tl::unexpected(Error{ErrorCode::kRuntime, e.what()});
  }
}

}  // namespace amtsweg::logic
