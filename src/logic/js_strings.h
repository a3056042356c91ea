#pragma once
// JavaScript string and number primitives on UTF-8 text (internal to src/logic).
//
// JavaScript strings are UTF-16: "length", "substr", indexing and "<" on strings count and
// compare UTF-16 code units. We keep UTF-8 and translate; e.g. Utf16Length("ä😀") == 3.
// A code unit that would be half of a surrogate pair (substr cutting an emoji in two) comes
// out as U+FFFD, since UTF-8 cannot hold a lone surrogate.
//
// Number parsing follows ECMAScript exactly: StringToNumber is Number("..."): trims JS white
// space, accepts "", hex/octal/binary prefixes and "Infinity"; ParseFloat is parseFloat(),
// the longest decimal prefix.

#include <cstddef>
#include <string>
#include <string_view>

namespace amtsweg::logic::internal {

[[nodiscard]] std::size_t Utf16Length(std::string_view s);
// Code units [start, start + count) of s, clamped to the string.
[[nodiscard]] std::string Utf16Substr(std::string_view s, std::size_t start, std::size_t count);
// <0, 0, >0 like JavaScript's relational comparison of two strings (UTF-16 code unit order).
[[nodiscard]] int CompareUtf16(std::string_view a, std::string_view b);

[[nodiscard]] double StringToNumber(std::string_view s);
[[nodiscard]] double ParseFloat(std::string_view s);

// Parses a canonical array index ("0", "17"; not "01", "-1", "1.0"); -1 when s is not one.
[[nodiscard]] long long CanonicalIndex(std::string_view s);

}  // namespace amtsweg::logic::internal
