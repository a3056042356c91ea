// The eager operators: comparison, arithmetic, strings and arrays. Each evaluates all its
// arguments (extra ones too, as json-logic-js does), then applies JavaScript semantics from
// js.h. The code mirrors json-logic-js's operations table; comments quote it where the
// JavaScript is subtle.

#include <cmath>
#include <iostream>
#include <limits>

#include "logic/evaluator.h"
#include "logic/js.h"
#include "logic/js_strings.h"

namespace amtsweg::logic::internal {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

bool LessEqual(const Value& a, const Value& b, Budget& budget) {
  const auto greater = LessThan(b, a, budget);
  return greater.has_value() && !*greater;
}

bool Less(const Value& a, const Value& b, Budget& budget) { return LessThan(a, b, budget).value_or(false); }

}  // namespace

Value Evaluator::EvalCompare(const Node& node, const Value& data) {
  const Value a = ArgNoEscape(node, 0, data);
  if (node.op == Op::kNot || node.op == Op::kNotNot) {
    EvalRest(node, 1, data);
    return Value::Bool(IsTruthy(a) == (node.op == Op::kNotNot));
  }
  const Value b = ArgNoEscape(node, 1, data);
  EvalRest(node, 2, data);
  switch (node.op) {
    case Op::kEq:
      return Value::Bool(LooseEquals(a, b, budget_));
    case Op::kNe:
      return Value::Bool(!LooseEquals(a, b, budget_));
    case Op::kStrictEq:
      return Value::Bool(StrictEquals(a, b));
    case Op::kStrictNe:
      return Value::Bool(!StrictEquals(a, b));
    case Op::kGt:
      return Value::Bool(Less(b, a, budget_));
    default: {  // >=
      const auto less = LessThan(a, b, budget_);
      return Value::Bool(less.has_value() && !*less);
    }
  }
}

// "<" and "<=" with an optional third argument: (c === undefined) ? a < b : (a < b) && (b < c)
Value Evaluator::EvalBetween(const Node& node, const Value& data) {
  const Value a = ArgNoEscape(node, 0, data);
  const Value b = ArgNoEscape(node, 1, data);
  const Value c = ArgNoEscape(node, 2, data);
  EvalRest(node, 3, data);
  const auto compare = node.op == Op::kLt ? Less : LessEqual;
  if (c.kind() == Kind::kUndefined) return Value::Bool(compare(a, b, budget_));
  return Value::Bool(compare(a, b, budget_) && compare(b, c, budget_));
}

// "-" (unary negation without b), "/" and "%": ToNumber on both sides.
Value Evaluator::EvalArithmetic(const Node& node, const Value& data) {
  const Value a = ArgNoEscape(node, 0, data);
  const Value b = ArgNoEscape(node, 1, data);
  EvalRest(node, 2, data);
  if (node.op == Op::kSub && b.kind() == Kind::kUndefined) return Value::Number(-ToNumber(a, budget_));
  const double x = ToNumber(a, budget_);
  const double y = ToNumber(b, budget_);
  if (node.op == Op::kSub) return Value::Number(x - y);
  if (node.op == Op::kDiv) return Value::Number(x / y);
  return Value::Number(std::fmod(x, y));
}

// "+": reduce((a, b) => parseFloat(a) + parseFloat(b), 0)
// "*": reduce((a, b) => parseFloat(a) * parseFloat(b)) -- no initial value, so a single
// argument comes back unconverted and none at all is a TypeError.
Value Evaluator::EvalFold(const Node& node, const Value& data) {
  const std::size_t n = node.args.size();
  if (node.op == Op::kMul && n == 0) ThrowRuntime("Reduce of empty array with no initial value");
  if (node.op == Op::kMul && n == 1) return Eval(node.args[0], data);
  const std::vector<Value> args = AllArgs(node, data);
  double acc = node.op == Op::kAdd ? 0.0 : ParseFloatValue(args[0], budget_);
  for (std::size_t i = node.op == Op::kAdd ? 0 : 1; i < n; ++i) {
    const double prev = acc == 0 ? 0.0 : acc;  // parseFloat(String(-0)) is 0
    const double next = ParseFloatValue(args[i], budget_);
    acc = node.op == Op::kAdd ? prev + next : prev * next;
  }
  return Value::Number(acc);
}

// Math.max / Math.min: every argument through ToNumber; NaN wins; +0 > -0.
Value Evaluator::EvalMinMax(const Node& node, const Value& data) {
  const std::vector<Value> args = AllArgs(node, data);
  const bool is_max = node.op == Op::kMax;
  double result = is_max ? -kInfinity : kInfinity;
  bool nan = false;
  for (const auto& arg : args) {
    const double x = ToNumber(arg, budget_);
    if (std::isnan(x)) {
      nan = true;
    } else if (is_max ? (x > result || (x == 0 && result == 0 && !std::signbit(x)))
                      : (x < result || (x == 0 && result == 0 && std::signbit(x)))) {
      result = x;
    }
  }
  return Value::Number(nan ? std::numeric_limits<double>::quiet_NaN() : result);
}

// reduce((a, b) => a.concat(b), []): arrays are spread one level, anything else appended.
Value Evaluator::EvalMerge(const Node& node, const Value& data) {
  std::vector<Value> out;
  for (std::size_t i = 0; i < node.args.size(); ++i) {
    Value arg = ArgNoEscape(node, i, data);
    if (arg.kind() != Kind::kArray) {
      out.push_back(std::move(arg));
      continue;
    }
    const std::size_t n = arg.ArraySize();
    budget_.Charge(static_cast<std::int64_t>(n));
    for (std::size_t j = 0; j < n; ++j) out.push_back(arg.ArrayAt(j));
  }
  return Value::Array(std::move(out), max_depth_);
}

// if (!b || typeof b.indexOf === "undefined") return false; return b.indexOf(a) !== -1;
Value Evaluator::EvalIn(const Node& node, const Value& data) {
  const Value a = ArgNoEscape(node, 0, data);
  const Value b = ArgNoEscape(node, 1, data);
  EvalRest(node, 2, data);
  const bool js_truthy = IsTruthy(b) || b.kind() == Kind::kArray;  // [] is truthy in JavaScript
  if (!js_truthy) return Value::Bool(false);
  if (b.kind() == Kind::kString) {
    const std::string needle = ToString(a, budget_);
    budget_.ChargeBytes(b.string().size());
    return Value::Bool(b.string().find(needle) != std::string_view::npos);
  }
  if (b.kind() == Kind::kArray) {
    const std::size_t n = b.ArraySize();
    budget_.Charge(1 + static_cast<std::int64_t>(n / 8));
    for (std::size_t i = 0; i < n; ++i) {
      if (StrictEquals(a, b.ArrayAt(i))) return Value::Bool(true);
    }
    return Value::Bool(false);
  }
  const Json* object = b.json();
  if (object != nullptr && object->contains("indexOf")) ThrowRuntime("b.indexOf is not a function");
  return Value::Bool(false);
}

// Array.prototype.join.call(arguments, ""): null and undefined become "".
Value Evaluator::EvalCat(const Node& node, const Value& data) {
  std::string out;
  for (std::size_t i = 0; i < node.args.size(); ++i) {
    const Value arg = ArgNoEscape(node, i, data);
    if (!arg.IsNullish()) AppendString(arg, out, budget_);
  }
  budget_.ChargeBytes(out.size());
  return Value::String(std::move(out));
}

// String(source).substr(start, end), except that a negative end drops characters from the
// end: temp = String(source).substr(start); temp.substr(0, temp.length + end).
Value Evaluator::EvalSubstr(const Node& node, const Value& data) {
  const Value source = ArgNoEscape(node, 0, data);
  const Value start = ArgNoEscape(node, 1, data);
  const Value end = ArgNoEscape(node, 2, data);
  EvalRest(node, 3, data);
  std::string converted;
  if (source.kind() != Kind::kString) converted = ToString(source, budget_);
  const std::string_view text =
      source.kind() == Kind::kString ? source.string() : std::string_view(converted);
  budget_.ChargeBytes(text.size());
  const double size = static_cast<double>(Utf16Length(text));
  double from = ToIntegerOrInfinity(start, budget_);
  from = from < 0 ? std::max(size + from, 0.0) : std::min(from, size);
  const double rest = size - from;
  double count = rest;
  if (Less(end, Value::Number(0), budget_)) {
    // temp.length + end is a number only for a number end; for a string or an array it is a
    // string concatenation such as "5-1", whose ToNumber is NaN, i.e. a length of 0.
    count = end.kind() == Kind::kNumber ? std::trunc(rest + end.number()) : 0;
  } else if (end.kind() != Kind::kUndefined) {
    count = ToIntegerOrInfinity(end, budget_);
  }
  count = std::clamp(count, 0.0, rest);
  return Value::String(Utf16Substr(text, static_cast<std::size_t>(from), static_cast<std::size_t>(count)));
}

// console.log(a); return a; -- we only write (to stderr) when Context::debug_log is set.
Value Evaluator::EvalLog(const Node& node, const Value& data) {
  Value a = Arg(node, 0, data);
  EvalRest(node, 1, data);
  if (context_.debug_log) {
    std::cerr << "logic log: " << ToJson(a).dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  }
  return a;
}

}  // namespace amtsweg::logic::internal
