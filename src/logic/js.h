#pragma once
// JavaScript's abstract operations on Values, as json-logic-js relies on them (internal).
//
// ToPrimitive/ToString/ToNumber, loose (==) and strict (===) equality and the relational
// comparison follow ECMAScript 2023 for the value kinds JSON Logic can produce:
//   [1] == 1  -> true ("1" == 1),   "10" < "9" -> true (strings compare as strings),
//   null == 0 -> false,             String([1, null, [2]]) -> "1,,2".
// A plain object converts to "[object Object]"; one with an own "toString" key cannot be
// converted (JavaScript throws a TypeError) and neither can we.

#include <optional>
#include <string>

#include "logic/value.h"

namespace amtsweg::logic::internal {

[[nodiscard]] bool IsTruthy(const Value& v);

// Arrays become their joined string, objects "[object Object]"; primitives are returned as is.
[[nodiscard]] Value ToPrimitive(const Value& v, Budget& budget);
[[nodiscard]] std::string ToString(const Value& v, Budget& budget);
// Appends String(v) to out; what Array.prototype.join does for one non-nullish element.
void AppendString(const Value& v, std::string& out, Budget& budget);
[[nodiscard]] double ToNumber(const Value& v, Budget& budget);
// parseFloat(v): parseFloat(String(v)), with a shortcut for numbers.
[[nodiscard]] double ParseFloatValue(const Value& v, Budget& budget);

[[nodiscard]] bool StrictEquals(const Value& a, const Value& b);
[[nodiscard]] bool LooseEquals(const Value& a, const Value& b, Budget& budget);
// a < b; nullopt is JavaScript's "undefined" outcome (a NaN was involved).
[[nodiscard]] std::optional<bool> LessThan(const Value& a, const Value& b, Budget& budget);

// ToIntegerOrInfinity(v) as used by String.prototype.substr.
[[nodiscard]] double ToIntegerOrInfinity(const Value& v, Budget& budget);

}  // namespace amtsweg::logic::internal
