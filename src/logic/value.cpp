// Construction of owned values and the conversion back to Json (what JSON.stringify would
// print). See value.h for why values borrow and own.

#include "logic/value.h"

#include <algorithm>
#include <cmath>

namespace amtsweg::logic::internal {

void ThrowRuntime(std::string message) { throw Abort{ErrorCode::kRuntime, std::move(message)}; }

void Budget::ThrowTooMuchWork() {
  throw Abort{ErrorCode::kTooMuchWork, "rule exceeds the step budget of one evaluation"};
}

namespace {

[[noreturn]] void ThrowTooDeepData() {
  throw Abort{ErrorCode::kTooDeep, "rule builds values nested deeper than the depth limit"};
}

Json NumberToJson(double d) {
  if (!std::isfinite(d)) return nullptr;
  constexpr double kMaxSafe = 9007199254740992.0;  // 2^53
  if (d == std::trunc(d) && std::fabs(d) <= kMaxSafe) return static_cast<std::int64_t>(d);
  return d;
}

Json BorrowedToJson(const Json& j) {
  switch (j.type()) {
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return NumberToJson(j.get<double>());
    case Json::value_t::array: {
      Json out = Json::array();
      out.get_ref<Json::array_t&>().reserve(j.size());
      for (const auto& item : j) out.push_back(item.is_discarded() ? Json(nullptr) : BorrowedToJson(item));
      return out;
    }
    case Json::value_t::object: {
      Json out = Json::object();
      for (const auto& [key, item] : j.items()) {
        if (!item.is_discarded()) out[key] = BorrowedToJson(item);
      }
      return out;
    }
    case Json::value_t::discarded:
      return nullptr;
    default:
      return j;
  }
}

}  // namespace

Value Value::String(std::string s) {
  auto* heap = new HeapString();
  heap->text = std::move(s);
  Value v(Kind::kString);
  v.heap_ = heap;
  heap->refs = 1;
  return v;
}

Value Value::Array(std::vector<Value> items, int max_depth) {
  int depth = 1;
  for (const auto& item : items) depth = std::max(depth, 1 + item.OwnedDepth());
  if (depth > max_depth) ThrowTooDeepData();
  auto* heap = new HeapArray();
  heap->items = std::move(items);
  heap->depth = depth;
  Value v(Kind::kArray);
  v.heap_ = heap;
  heap->refs = 1;
  return v;
}

Value Value::Scope(Value current, Value accumulator, int max_depth) {
  const int depth = 1 + std::max(current.OwnedDepth(), accumulator.OwnedDepth());
  if (depth > max_depth) ThrowTooDeepData();
  auto* heap = new HeapScope();
  heap->current = std::move(current);
  heap->accumulator = std::move(accumulator);
  heap->depth = depth;
  Value v(Kind::kObject);
  v.heap_ = heap;
  heap->refs = 1;
  return v;
}

int Value::OwnedDepth() const {
  if (heap_ == nullptr) return 0;
  if (const auto* array = owned_array()) return array->depth;
  if (const auto* s = scope()) return s->depth;
  return 0;
}

Json ToJson(const Value& value) {
  switch (value.kind()) {
    case Kind::kUndefined:
    case Kind::kNull:
      return nullptr;
    case Kind::kBool:
      return value.boolean();
    case Kind::kNumber:
      return NumberToJson(value.number());
    case Kind::kString:
      return std::string(value.string());
    case Kind::kArray: {
      if (const Json* j = value.json()) return BorrowedToJson(*j);
      Json out = Json::array();
      for (const auto& item : value.owned_array()->items) out.push_back(ToJson(item));
      return out;
    }
    case Kind::kObject: {
      if (const Json* j = value.json()) return BorrowedToJson(*j);
      const HeapScope* s = value.scope();
      Json out = Json::object();
      if (s->current.kind() != Kind::kUndefined) out["current"] = ToJson(s->current);
      if (s->accumulator.kind() != Kind::kUndefined) out["accumulator"] = ToJson(s->accumulator);
      return out;
    }
  }
  return nullptr;
}

}  // namespace amtsweg::logic::internal
