// Rule compilation: JSON -> node tree, plus the Rule value type and its public entry points.
//
// Shape rules follow json-logic-js's apply(): an object with exactly one key is an operation
// whose arguments are the value (an array, or a single value wrapped in one); an array is
// evaluated element-wise; everything else, including objects with zero or several keys, is a
// literal. ReferencedVars are collected while compiling, from literal var/missing/missing_some
// names outside the per-element sub-rules of map/filter/reduce/all/none/some.

#include <algorithm>
#include <new>
#include <optional>
#include <unordered_map>

#include "logic/js.h"
#include "logic/js_strings.h"
#include "logic/node.h"
#include "logic/value.h"

namespace amtsweg::logic::internal {
namespace {

bool IsScalar(const Json& j) { return j.is_null() || j.is_boolean() || j.is_number() || j.is_string(); }

bool IsScopedOperator(Op op) {
  return op == Op::kMap || op == Op::kFilter || op == Op::kReduce || op == Op::kAll || op == Op::kNone ||
         op == Op::kSome;
}

// String(x) for a literal var/missing name, if it is a string or a number.
std::optional<std::string> LiteralName(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number()) return JsNumberToString(j.get<double>());
  return std::nullopt;
}

void AddVar(const Json& name, std::vector<std::string>* vars) {
  auto text = LiteralName(name);
  if (!text || text->empty()) return;
  if (std::find(vars->begin(), vars->end(), *text) == vars->end()) vars->push_back(std::move(*text));
}

using Args = std::vector<const Json*>;

// missing reads its first argument as the key list when that is an array, else all arguments.
void AddMissingKeys(const Args& args, std::vector<std::string>* vars) {
  if (!args.empty() && args[0]->is_array()) {
    for (const auto& key : *args[0]) AddVar(key, vars);
    return;
  }
  for (const Json* key : args) AddVar(*key, vars);
}

void CollectVars(Op op, const Args& args, std::vector<std::string>* vars) {
  if (vars == nullptr) return;
  if (op == Op::kVar && !args.empty()) AddVar(*args[0], vars);
  if (op == Op::kMissing) AddMissingKeys(args, vars);
  if (op == Op::kMissingSome && args.size() >= 2 && args[1]->is_array()) {
    Args options;
    for (const auto& option : *args[1]) options.push_back(&option);
    AddMissingKeys(options, vars);
  }
}

void CheckStrict(Op op, const std::string& name, const Args& args) {
  if (op == Op::kUnknown) throw Abort{ErrorCode::kUnknownOperator, "Unrecognized operation " + name};
  if (op == Op::kMul && args.empty())
    throw Abort{ErrorCode::kMalformedRule, "\"*\" needs at least one argument"};
  if (op == Op::kMissingSome && (args.size() < 2 || args[1]->is_null())) {
    throw Abort{ErrorCode::kMalformedRule, "\"missing_some\" needs a count and a list of names"};
  }
}

void PrepareVar(Rule::Node& node) {
  if (node.args.empty()) {
    node.static_path = node.whole_data = true;
    return;
  }
  const Rule::Node& name = node.args[0];
  if (name.op != Op::kLiteral || !IsScalar(name.literal)) return;
  node.static_path = true;
  const Json& lit = name.literal;
  if (lit.is_null() || (lit.is_string() && lit.get_ref<const std::string&>().empty())) {
    node.whole_data = true;
    return;
  }
  std::string text;
  if (lit.is_string()) text = lit.get<std::string>();
  if (lit.is_number()) text = JsNumberToString(lit.get<double>());
  if (lit.is_boolean()) text = lit.get<bool>() ? "true" : "false";
  node.path = SplitPath(text);
}

void PrepareArray(Rule::Node& node, const Json& rule) {
  node.const_array = std::all_of(node.args.begin(), node.args.end(), [](const Rule::Node& a) {
    return a.op == Op::kLiteral && IsScalar(a.literal);
  });
  if (node.const_array) node.literal = rule;
}

}  // namespace

Op OperatorFromName(std::string_view name) {
  static const std::unordered_map<std::string_view, Op> kOperators = {
      {"var", Op::kVar},
      {"missing", Op::kMissing},
      {"missing_some", Op::kMissingSome},
      {"if", Op::kIf},
      {"?:", Op::kIf},
      {"==", Op::kEq},
      {"===", Op::kStrictEq},
      {"!=", Op::kNe},
      {"!==", Op::kStrictNe},
      {"!", Op::kNot},
      {"!!", Op::kNotNot},
      {"or", Op::kOr},
      {"and", Op::kAnd},
      {">", Op::kGt},
      {">=", Op::kGe},
      {"<", Op::kLt},
      {"<=", Op::kLe},
      {"max", Op::kMax},
      {"min", Op::kMin},
      {"+", Op::kAdd},
      {"-", Op::kSub},
      {"*", Op::kMul},
      {"/", Op::kDiv},
      {"%", Op::kMod},
      {"map", Op::kMap},
      {"filter", Op::kFilter},
      {"reduce", Op::kReduce},
      {"all", Op::kAll},
      {"none", Op::kNone},
      {"some", Op::kSome},
      {"merge", Op::kMerge},
      {"in", Op::kIn},
      {"cat", Op::kCat},
      {"substr", Op::kSubstr},
      {"log", Op::kLog},
      {"today", Op::kToday},
      {"age_years", Op::kAgeYears},
      {"date_diff_days", Op::kDateDiffDays},
  };
  const auto it = kOperators.find(name);
  return it == kOperators.end() ? Op::kUnknown : it->second;
}

std::vector<PathSegment> SplitPath(std::string_view name) {
  std::vector<PathSegment> path;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = name.find('.', start);
    const std::string_view key = name.substr(start, dot == std::string_view::npos ? dot : dot - start);
    path.push_back(PathSegment{std::string(key), CanonicalIndex(key)});
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return path;
}

Rule::Node CompileNode(const Json& rule, int max_depth, bool strict, std::vector<std::string>* vars) {
  if (max_depth <= 0) throw Abort{ErrorCode::kTooDeep, "rule is nested deeper than the depth limit"};
  Rule::Node node;
  if (rule.is_array()) {
    node.op = Op::kArray;
    node.args.reserve(rule.size());
    for (const auto& item : rule) node.args.push_back(CompileNode(item, max_depth - 1, strict, vars));
    PrepareArray(node, rule);
    return node;
  }
  if (!rule.is_object() || rule.size() != 1) {
    node.op = rule.is_discarded() ? Op::kUndefined : Op::kLiteral;
    node.literal = rule;
    return node;
  }
  const auto member = rule.begin();
  const std::string& name = member.key();
  const Json& raw_args = member.value();
  Args args;
  if (raw_args.is_array()) {
    for (const auto& arg : raw_args) args.push_back(&arg);
  } else {
    args.push_back(&raw_args);
  }
  node.op = OperatorFromName(name);
  node.name = name;
  if (strict) CheckStrict(node.op, name, args);
  CollectVars(node.op, args, vars);
  node.args.reserve(args.size());
  for (std::size_t i = 0; i < args.size(); ++i) {
    const bool per_element = IsScopedOperator(node.op) && i == 1;
    node.args.push_back(CompileNode(*args[i], max_depth - 1, strict, per_element ? nullptr : vars));
  }
  if (node.op == Op::kVar) PrepareVar(node);
  return node;
}

}  // namespace amtsweg::logic::internal

namespace amtsweg::logic {

using internal::Abort;

Rule::Rule(std::unique_ptr<Node> root, std::vector<std::string> vars)
    : root_(std::move(root)), vars_(std::move(vars)) {}
Rule::Rule(Rule&&) noexcept = default;
Rule& Rule::operator=(Rule&&) noexcept = default;
Rule::Rule(const Rule& other) : root_(std::make_unique<Node>(*other.root_)), vars_(other.vars_) {}
Rule& Rule::operator=(const Rule& other) {
  if (this != &other) *this = Rule(other);
  return *this;
}
Rule::~Rule() = default;

tl::expected<Rule, Error> Rule::Compile(const Json& rule, const Limits& limits) {
  try {
    std::vector<std::string> vars;
    const int max_depth = std::min(limits.max_depth, internal::kHardMaxDepth);
    auto root = std::make_unique<Node>(internal::CompileNode(rule, max_depth, /*strict=*/true, &vars));
    return Rule(std::move(root), std::move(vars));
  } catch (const Abort& abort) {
    return tl::unexpected(Error{abort.code, abort.message});
  } catch (const std::bad_alloc&) {
    return tl::unexpected(Error{ErrorCode::kTooMuchWork, "out of memory while compiling the rule"});
  } catch (const std::exception& e) {
    return tl::unexpected(Error{ErrorCode::kMalformedRule, e.what()});
  }
}

const std::vector<std::string>& Rule::ReferencedVars() const { return vars_; }

tl::expected<Json, Error> Apply(const Json& rule, const Json& data, const Context& context) {
  auto compiled = Rule::Compile(rule, context.limits);
  if (!compiled) return tl::unexpected(compiled.error());
  return compiled->Evaluate(data, context);
}

bool Truthy(const Json& value) {
  switch (value.type()) {
    case Json::value_t::boolean:
      return value.get<bool>();
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: {
      const double d = value.get<double>();
      return d != 0 && d == d;
    }
    case Json::value_t::string:
      return !value.get_ref<const std::string&>().empty();
    case Json::value_t::array:
      return !value.empty();
    case Json::value_t::object:
      return true;
    default:
      return false;
  }
}

}  // namespace amtsweg::logic
