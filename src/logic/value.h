#pragma once
// Runtime values of the JSON Logic evaluator (internal to src/logic).
//
// json-logic-js computes with JavaScript values, so the evaluator needs more than JSON: it needs
// `undefined` (e.g. {"and": []}), object identity (`===` and `in` compare arrays by reference)
// and cheap access to the caller's data without copying it. A Value is therefore either an
// inline scalar, a *borrowed* pointer into a Json that outlives the evaluation (the data, or a
// literal inside the compiled rule), or an *owned* heap payload built during the evaluation
// (strings from "cat", arrays from "map", reduce's {current, accumulator} scope).
//
// Owned payloads use an intrusive, non-atomic reference count: values never leave the thread
// that evaluates, and the result is converted back to Json before Evaluate returns.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "logic/logic.h"

namespace amtsweg::logic::internal {

// Upper bound for Limits::max_depth: evaluation recurses once per level on the C++ stack.
inline constexpr int kHardMaxDepth = 1000;

// Thrown inside the evaluator and the compiler only; Rule::Compile and Rule::Evaluate catch it
// and return it as an Error value. Exceptions keep the hot path free of per-node checks.
struct Abort {
  ErrorCode code;
  std::string message;
};

[[noreturn]] void ThrowRuntime(std::string message);  // a JavaScript TypeError in json-logic-js

// Operator applications and built bytes/elements of one evaluation. Charging what a rule
// builds (not only what it does) bounds memory as well as time.
class Budget final {
 public:
  explicit Budget(std::int64_t steps) : steps_left_(steps) {}
  void Charge(std::int64_t steps) {
    steps_left_ -= steps;
    if (steps_left_ < 0) ThrowTooMuchWork();
  }
  void ChargeBytes(std::size_t bytes) { Charge(1 + static_cast<std::int64_t>(bytes / 16)); }

 private:
  [[noreturn]] static void ThrowTooMuchWork();
  std::int64_t steps_left_;
};

enum class Kind : std::uint8_t { kUndefined, kNull, kBool, kNumber, kString, kArray, kObject };

class Heap {
 public:
  virtual ~Heap() = default;
  int refs = 0;
};

class Value final {
 public:
  Value() = default;  // undefined
  Value(const Value& other) : kind_(other.kind_), bool_(other.bool_), bits_(other.bits_), heap_(other.heap_) {
    if (heap_ != nullptr) ++heap_->refs;
  }
  Value(Value&& other) noexcept
      : kind_(other.kind_),
        bool_(other.bool_),
        bits_(other.bits_),
        heap_(std::exchange(other.heap_, nullptr)) {}
  Value& operator=(Value other) noexcept {
    Swap(other);
    return *this;
  }
  ~Value() { Release(); }

  static Value Null() { return Value(Kind::kNull); }
  static Value Bool(bool b) {
    Value v(Kind::kBool);
    v.bool_ = b;
    return v;
  }
  static Value Number(double d) {
    Value v(Kind::kNumber);
    v.bits_.number = d;
    return v;
  }
  static Value BorrowedString(const std::string* s) {
    Value v(Kind::kString);
    v.bits_.borrowed = s;
    return v;
  }
  static Value String(std::string s);
  // A Json array or object that outlives the evaluation (data or rule literal).
  static Value Borrowed(const Json* j) {
    Value v(j->is_array() ? Kind::kArray : Kind::kObject);
    v.bits_.borrowed = j;
    return v;
  }
  static Value Array(std::vector<Value> items, int max_depth);
  static Value Scope(Value current, Value accumulator, int max_depth);
  // Borrows strings, arrays and objects; copies scalars. Json "discarded" stands for undefined.
  static Value FromJson(const Json& j);

  Kind kind() const { return kind_; }
  bool IsNullish() const { return kind_ == Kind::kUndefined || kind_ == Kind::kNull; }
  bool IsObjectLike() const { return kind_ == Kind::kArray || kind_ == Kind::kObject; }
  bool boolean() const { return bool_; }
  double number() const { return bits_.number; }
  std::string_view string() const;

  // Arrays (borrowed or owned).
  std::size_t ArraySize() const;
  Value ArrayAt(std::size_t i) const;
  // Borrowed array/object, or nullptr for owned ones.
  const Json* json() const {
    return IsObjectLike() && heap_ == nullptr ? static_cast<const Json*>(bits_.borrowed) : nullptr;
  }
  // Owned reduce scope, or nullptr.
  const class HeapScope* scope() const;
  const class HeapArray* owned_array() const;
  // Nesting of owned arrays/scopes (borrowed data counts as 0).
  int OwnedDepth() const;

  // JavaScript reference identity for arrays and objects.
  bool SameReference(const Value& other) const {
    return heap_ == other.heap_ && (heap_ != nullptr || bits_.borrowed == other.bits_.borrowed);
  }

 private:
  explicit Value(Kind kind) : kind_(kind) {}
  void Swap(Value& other) noexcept {
    std::swap(kind_, other.kind_);
    std::swap(bool_, other.bool_);
    std::swap(bits_, other.bits_);
    std::swap(heap_, other.heap_);
  }
  void Release() {
    if (heap_ != nullptr && --heap_->refs == 0) delete heap_;
  }

  Kind kind_ = Kind::kUndefined;
  bool bool_ = false;
  union Bits {
    double number;
    const void* borrowed;  // const std::string* for strings, const Json* for arrays/objects
  } bits_{.number = 0};
  Heap* heap_ = nullptr;  // owned payload (string, array or scope)
};

class HeapString final : public Heap {
 public:
  std::string text;
};

class HeapArray final : public Heap {
 public:
  std::vector<Value> items;
  int depth = 1;
};

// The object json-logic-js builds for each step of "reduce": {current, accumulator}.
class HeapScope final : public Heap {
 public:
  Value current;
  Value accumulator;
  int depth = 1;
};

inline std::string_view Value::string() const {
  if (heap_ != nullptr) return static_cast<const HeapString*>(heap_)->text;
  return *static_cast<const std::string*>(bits_.borrowed);
}

inline const HeapScope* Value::scope() const {
  return kind_ == Kind::kObject && heap_ != nullptr ? static_cast<const HeapScope*>(heap_) : nullptr;
}

inline const HeapArray* Value::owned_array() const {
  return kind_ == Kind::kArray && heap_ != nullptr ? static_cast<const HeapArray*>(heap_) : nullptr;
}

inline Value Value::FromJson(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return Null();
    case Json::value_t::boolean:
      return Bool(j.get_ref<const Json::boolean_t&>());
    case Json::value_t::number_integer:
      return Number(static_cast<double>(j.get_ref<const Json::number_integer_t&>()));
    case Json::value_t::number_unsigned:
      return Number(static_cast<double>(j.get_ref<const Json::number_unsigned_t&>()));
    case Json::value_t::number_float:
      return Number(j.get_ref<const Json::number_float_t&>());
    case Json::value_t::string:
      return BorrowedString(&j.get_ref<const std::string&>());
    case Json::value_t::array:
    case Json::value_t::object:
      return Borrowed(&j);
    default:  // discarded, binary: never produced by parsing JSON text
      return Value();
  }
}

inline std::size_t Value::ArraySize() const {
  if (heap_ != nullptr) return static_cast<const HeapArray*>(heap_)->items.size();
  return static_cast<const Json*>(bits_.borrowed)->size();
}

inline Value Value::ArrayAt(std::size_t i) const {
  if (heap_ != nullptr) return static_cast<const HeapArray*>(heap_)->items[i];
  return FromJson((*static_cast<const Json*>(bits_.borrowed))[i]);
}

// JSON.stringify at the output boundary: NaN/Infinity -> null, integral numbers within 2^53 as
// integers, undefined -> null in arrays and at the top, omitted in objects.
[[nodiscard]] Json ToJson(const Value& value);

}  // namespace amtsweg::logic::internal
