// JavaScript coercions and comparisons on Values. See js.h.

#include "logic/js.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "logic/js_strings.h"

namespace amtsweg::logic::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Joining arrays of arrays recurses; input data may be nested arbitrarily deep.
constexpr int kMaxJoinDepth = 1000;

void RequireConvertibleObject(const Value& v) {
  const Json* j = v.json();
  if (j != nullptr && j->is_object() && j->contains("toString")) {
    ThrowRuntime("Cannot convert object to primitive value");
  }
}

void AppendStringAt(const Value& v, std::string& out, Budget& budget, int depth);

void AppendJoined(const Value& array, std::string& out, Budget& budget, int depth) {
  if (depth > kMaxJoinDepth)
    throw Abort{ErrorCode::kTooDeep, "array nested too deeply to convert to a string"};
  const std::size_t n = array.ArraySize();
  budget.Charge(static_cast<std::int64_t>(n));
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out.push_back(',');
    const Value item = array.ArrayAt(i);
    if (!item.IsNullish()) AppendStringAt(item, out, budget, depth + 1);
  }
}

void AppendStringAt(const Value& v, std::string& out, Budget& budget, int depth) {
  switch (v.kind()) {
    case Kind::kUndefined:
      out += "undefined";
      return;
    case Kind::kNull:
      out += "null";
      return;
    case Kind::kBool:
      out += v.boolean() ? "true" : "false";
      return;
    case Kind::kNumber:
      out += JsNumberToString(v.number());
      return;
    case Kind::kString:
      budget.ChargeBytes(v.string().size());
      out += v.string();
      return;
    case Kind::kArray:
      AppendJoined(v, out, budget, depth);
      return;
    case Kind::kObject:
      RequireConvertibleObject(v);
      out += "[object Object]";
      return;
  }
}

}  // namespace

bool IsTruthy(const Value& v) {
  switch (v.kind()) {
    case Kind::kUndefined:
    case Kind::kNull:
      return false;
    case Kind::kBool:
      return v.boolean();
    case Kind::kNumber:
      return v.number() != 0 && !std::isnan(v.number());
    case Kind::kString:
      return !v.string().empty();
    case Kind::kArray:
      return v.ArraySize() != 0;
    case Kind::kObject:
      return true;
  }
  return false;
}

Value ToPrimitive(const Value& v, Budget& budget) {
  if (!v.IsObjectLike()) return v;
  return Value::String(ToString(v, budget));
}

std::string ToString(const Value& v, Budget& budget) {
  if (v.kind() == Kind::kString) return std::string(v.string());
  std::string out;
  AppendStringAt(v, out, budget, 0);
  return out;
}

void AppendString(const Value& v, std::string& out, Budget& budget) { AppendStringAt(v, out, budget, 0); }

double ToNumber(const Value& v, Budget& budget) {
  switch (v.kind()) {
    case Kind::kUndefined:
      return kNaN;
    case Kind::kNull:
      return 0;
    case Kind::kBool:
      return v.boolean() ? 1 : 0;
    case Kind::kNumber:
      return v.number();
    case Kind::kString:
      return StringToNumber(v.string());
    case Kind::kArray:
    case Kind::kObject:
      return StringToNumber(ToString(v, budget));
  }
  return kNaN;
}

double ParseFloatValue(const Value& v, Budget& budget) {
  if (v.kind() == Kind::kNumber) return v.number() == 0 ? 0.0 : v.number();  // String(-0) is "0"
  if (v.kind() == Kind::kString) return ParseFloat(v.string());
  return ParseFloat(ToString(v, budget));
}

bool StrictEquals(const Value& a, const Value& b) {
  if (a.IsObjectLike() || b.IsObjectLike()) return a.kind() == b.kind() && a.SameReference(b);
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kBool:
      return a.boolean() == b.boolean();
    case Kind::kNumber:
      return a.number() == b.number();
    case Kind::kString:
      return a.string() == b.string();
    default:
      return true;  // undefined, null
  }
}

bool LooseEquals(const Value& a, const Value& b, Budget& budget) {
  const Kind ka = a.kind();
  const Kind kb = b.kind();
  if (ka == kb || (a.IsObjectLike() && b.IsObjectLike())) return StrictEquals(a, b);
  if (a.IsNullish() || b.IsNullish()) return a.IsNullish() && b.IsNullish();
  if (ka == Kind::kNumber && kb == Kind::kString) return a.number() == StringToNumber(b.string());
  if (ka == Kind::kString && kb == Kind::kNumber) return StringToNumber(a.string()) == b.number();
  if (ka == Kind::kBool) return LooseEquals(Value::Number(a.boolean() ? 1 : 0), b, budget);
  if (kb == Kind::kBool) return LooseEquals(a, Value::Number(b.boolean() ? 1 : 0), budget);
  if (b.IsObjectLike()) return LooseEquals(a, ToPrimitive(b, budget), budget);
  if (a.IsObjectLike()) return LooseEquals(ToPrimitive(a, budget), b, budget);
  return false;
}

std::optional<bool> LessThan(const Value& a, const Value& b, Budget& budget) {
  const Value pa = ToPrimitive(a, budget);
  const Value pb = ToPrimitive(b, budget);
  if (pa.kind() == Kind::kString && pb.kind() == Kind::kString) {
    return CompareUtf16(pa.string(), pb.string()) < 0;
  }
  const double na = ToNumber(pa, budget);
  const double nb = ToNumber(pb, budget);
  if (std::isnan(na) || std::isnan(nb)) return std::nullopt;
  return na < nb;
}

double ToIntegerOrInfinity(const Value& v, Budget& budget) {
  const double d = ToNumber(v, budget);
  if (std::isnan(d)) return 0;
  return std::trunc(d) + 0.0;  // + 0.0 turns -0 into 0
}

}  // namespace amtsweg::logic::internal

namespace amtsweg::logic {

std::string JsNumberToString(double value) {
  if (std::isnan(value)) return "NaN";
  if (value == 0) return "0";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  std::string out = value < 0 ? "-" : "";
  // Shortest round-trip digits, e.g. "1.2345e+02" -> digits "12345", point after 3 digits.
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, std::fabs(value), std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(result.ptr - buf));
  const std::size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::from_chars(sci.data() + e_pos + 1 + (sci[e_pos + 1] == '+' ? 1 : 0), sci.data() + sci.size(),
                  exponent);
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += n - 1 < 0 ? "e-" : "e+";
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

}  // namespace amtsweg::logic
