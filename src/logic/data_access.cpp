// Reading the data: "var", "missing" and "missing_some".
//
// var walks String(name).split(".") through the data like JavaScript property access:
// object keys, array indices ("dogs.0.name"), and "length" of arrays and strings
// ("dogs.length"); the default applies only when a step yields undefined, so an explicit
// null in the data is returned as null.
//
// missing and missing_some in json-logic-js call jsonLogic.apply({"var": key}) and
// jsonLogic.apply({"missing": options}) on *evaluated values*, so a key that is itself a
// one-key object is run as a rule. ApplyValue reproduces that: for plain string keys it is the
// identity and costs nothing.

#include "logic/evaluator.h"
#include "logic/js.h"
#include "logic/js_strings.h"

namespace amtsweg::logic::internal {
namespace {

// data[key] in JavaScript for the kinds of values JSON Logic sees. Inherited members of the
// prototypes (toString, constructor, array methods...) are not data and read as undefined.
Value GetProperty(const Value& object, std::string_view key, long long index) {
  switch (object.kind()) {
    case Kind::kObject: {
      if (const HeapScope* scope = object.scope()) {
        if (key == "current") return scope->current;
        if (key == "accumulator") return scope->accumulator;
        return Value();
      }
      const auto& members = object.json()->get_ref<const Json::object_t&>();
      const auto it = members.find(key);
      return it == members.end() ? Value() : Value::FromJson(it->second);
    }
    case Kind::kArray: {
      const std::size_t size = object.ArraySize();
      if (index >= 0 && static_cast<std::size_t>(index) < size)
        return object.ArrayAt(static_cast<std::size_t>(index));
      if (key == "length") return Value::Number(static_cast<double>(size));
      return Value();
    }
    case Kind::kString: {
      const std::string_view text = object.string();
      if (key == "length") return Value::Number(static_cast<double>(Utf16Length(text)));
      if (index >= 0 && static_cast<std::size_t>(index) < Utf16Length(text)) {
        return Value::String(Utf16Substr(text, static_cast<std::size_t>(index), 1));
      }
      return Value();
    }
    default:
      return Value();
  }
}

bool IsLogic(const Value& value) {
  const Json* j = value.json();
  return j != nullptr && j->is_object() && j->size() == 1;
}

}  // namespace

Value Evaluator::EvalVar(const Node& node, const Value& data) {
  if (!node.static_path) {
    const Value name = Arg(node, 0, data);
    const Value default_value = Arg(node, 1, data);
    EvalRest(node, 2, data);
    return Lookup(name, default_value, data);
  }
  const Value default_value = Arg(node, 1, data);
  EvalRest(node, 2, data);
  if (node.whole_data) return data;
  const Value not_found = default_value.kind() == Kind::kUndefined ? Value::Null() : default_value;
  Value current = data;
  for (const auto& segment : node.path) {
    if (current.IsNullish()) return not_found;
    current = GetProperty(current, segment.key, segment.index);
    if (current.kind() == Kind::kUndefined) return not_found;
  }
  return current;
}

// The body of json-logic-js's "var" for a name known only at run time.
Value Evaluator::Lookup(const Value& name, const Value& default_value, const Value& data) {
  const Value not_found = default_value.kind() == Kind::kUndefined ? Value::Null() : default_value;
  if (name.IsNullish() || (name.kind() == Kind::kString && name.string().empty())) return data;
  std::string converted;
  if (name.kind() != Kind::kString) converted = ToString(name, budget_);
  const std::string_view path = name.kind() == Kind::kString ? name.string() : std::string_view(converted);
  Value current = data;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string_view key = path.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (current.IsNullish()) return not_found;
    current = GetProperty(current, key, CanonicalIndex(key));
    if (current.kind() == Kind::kUndefined) return not_found;
    if (dot == std::string_view::npos) return current;
    start = dot + 1;
  }
}

// jsonLogic.apply(value, data) for a value computed at run time.
Value Evaluator::ApplyValue(const Value& value, const Value& data) {
  if (value.kind() == Kind::kArray) {
    DepthGuard guard(*this);
    const std::size_t n = value.ArraySize();
    budget_.Charge(static_cast<std::int64_t>(n));
    std::vector<Value> items;
    items.reserve(n);
    for (std::size_t i = 0; i < n; ++i) items.push_back(ApplyValue(value.ArrayAt(i), data));
    return Value::Array(std::move(items), max_depth_);
  }
  if (!IsLogic(value)) return value;
  const Json* rule = value.json();
  auto& compiled = runtime_rules_[rule];
  if (compiled == nullptr) {
    const int remaining = std::max(1, max_depth_ - depth_);
    compiled = std::make_unique<Node>(CompileNode(*rule, remaining, /*strict=*/false, nullptr));
  }
  return Eval(*compiled, data);
}

// keys = Array.isArray(arguments[0]) ? arguments[0] : arguments; a key is missing when
// jsonLogic.apply({"var": key}, data) is null or "".
Value Evaluator::Missing(const std::vector<Value>& args, const Value& data) {
  const bool key_list = !args.empty() && args[0].kind() == Kind::kArray;
  const std::size_t n = key_list ? args[0].ArraySize() : args.size();
  budget_.Charge(static_cast<std::int64_t>(n));
  std::vector<Value> missing;
  for (std::size_t i = 0; i < n; ++i) {
    const Value key = key_list ? args[0].ArrayAt(i) : args[i];
    Value found;
    if (key.kind() == Kind::kArray) {  // {"var": [name, default]}
      const Value applied = ApplyValue(key, data);
      const std::size_t size = applied.ArraySize();
      found = Lookup(size > 0 ? applied.ArrayAt(0) : Value(), size > 1 ? applied.ArrayAt(1) : Value(), data);
    } else {
      found = Lookup(ApplyValue(key, data), Value(), data);
    }
    if (found.kind() == Kind::kNull || (found.kind() == Kind::kString && found.string().empty())) {
      missing.push_back(key);
    }
  }
  return Value::Array(std::move(missing), max_depth_);
}

Value Evaluator::EvalMissing(const Node& node, const Value& data) {
  return Missing(AllArgs(node, data), data);
}

// are_missing = apply({"missing": options}); options.length - are_missing.length >= need_count
// ? [] : are_missing
Value Evaluator::EvalMissingSome(const Node& node, const Value& data) {
  const Value need_count = ArgNoEscape(node, 0, data);
  const Value options = ArgNoEscape(node, 1, data);
  EvalRest(node, 2, data);
  std::vector<Value> keys;
  if (options.kind() == Kind::kArray) {
    const Value applied = ApplyValue(options, data);
    for (std::size_t i = 0; i < applied.ArraySize(); ++i) keys.push_back(applied.ArrayAt(i));
  } else {
    keys.push_back(ApplyValue(options, data));
  }
  const Value are_missing = Missing(keys, data);
  if (options.IsNullish()) ThrowRuntime("Cannot read properties of null (reading 'length')");
  const Value length = GetProperty(options, "length", -1);
  const double present = ToNumber(length, budget_) - static_cast<double>(are_missing.ArraySize());
  const auto less = LessThan(Value::Number(present), need_count, budget_);
  if (less.has_value() && !*less) return Value::Array({}, max_depth_);
  return are_missing;
}

}  // namespace amtsweg::logic::internal
