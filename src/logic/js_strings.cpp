// UTF-16 views of UTF-8 strings and ECMAScript number parsing. See js_strings.h.

#include "logic/js_strings.h"

#include <locale.h>
#include <stdlib.h>

#include <cmath>
#include <limits>

namespace amtsweg::logic::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;  // stray continuation byte: treat as one unit (cannot occur in valid input)
}

char32_t DecodeAt(std::string_view s, std::size_t pos, std::size_t len) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[pos + i]); };
  if (len == 1 || pos + len > s.size()) return b(0);
  if (len == 2) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
  if (len == 3) return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

bool IsJsWhitespace(char32_t c) {
  switch (c) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

std::string_view TrimJsWhitespace(std::string_view s) {
  std::size_t begin = 0;
  std::size_t end = 0;  // end of the last non-white-space code point
  bool seen_content = false;
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t len = SequenceLength(static_cast<unsigned char>(s[pos]));
    const bool white = IsJsWhitespace(DecodeAt(s, pos, len));
    if (!white && !seen_content) {
      begin = pos;
      seen_content = true;
    }
    pos += len;
    if (!white) end = pos;
  }
  return seen_content ? s.substr(begin, end - begin) : std::string_view();
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// strtod in the "C" locale, whatever the process locale is.
double CStrtod(const std::string& text) {
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", nullptr);
  return strtod_l(text.c_str(), nullptr, c_locale);
}

// Length of the longest StrDecimalLiteral prefix without sign (digits, '.', exponent), or 0.
std::size_t DecimalPrefix(std::string_view s) {
  std::size_t i = 0;
  std::size_t digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    const std::size_t exp_start = j;
    while (j < s.size() && IsDigit(s[j])) ++j;
    if (j > exp_start) i = j;
  }
  return i;
}

double RadixToNumber(std::string_view digits, int bits_per_digit) {
  if (digits.empty()) return kNaN;
  std::string bits;
  for (char c : digits) {
    int v = -1;
    if (IsDigit(c)) v = c - '0';
    if (bits_per_digit == 4 && c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (bits_per_digit == 4 && c >= 'A' && c <= 'F') v = c - 'A' + 10;
    if (v < 0 || v >= (1 << bits_per_digit)) return kNaN;
    for (int b = bits_per_digit - 1; b >= 0; --b) bits.push_back(((v >> b) & 1) != 0 ? '1' : '0');
  }
  bits.insert(0, (4 - bits.size() % 4) % 4, '0');
  std::string hex = "0x";
  for (std::size_t i = 0; i < bits.size(); i += 4) {
    const int nibble =
        (bits[i] - '0') * 8 + (bits[i + 1] - '0') * 4 + (bits[i + 2] - '0') * 2 + (bits[i + 3] - '0');
    hex.push_back("0123456789abcdef"[nibble]);
  }
  return CStrtod(hex);  // glibc rounds hexadecimal input correctly
}

}  // namespace

std::size_t Utf16Length(std::string_view s) {
  std::size_t units = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;
  }
  return units;
}

std::string Utf16Substr(std::string_view s, std::size_t start, std::size_t count) {
  std::string out;
  if (count == 0) return out;
  const std::size_t stop = start + count < start ? std::numeric_limits<std::size_t>::max() : start + count;
  std::size_t unit = 0;
  for (std::size_t pos = 0; pos < s.size() && unit < stop;) {
    const std::size_t len = SequenceLength(static_cast<unsigned char>(s[pos]));
    const std::size_t units = len == 4 ? 2 : 1;
    const bool first_in = unit >= start && unit < stop;
    const bool last_in = unit + units - 1 >= start && unit + units - 1 < stop;
    if (first_in && last_in) {
      out.append(s.substr(pos, len));
    } else if (first_in || last_in) {
      out.append(kReplacement);  // half of a surrogate pair
    }
    unit += units;
    pos += len;
  }
  return out;
}

int CompareUtf16(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  if (i == a.size() || i == b.size()) return a.size() == b.size() ? 0 : (i == a.size() ? -1 : 1);
  // Back up to the start of the code point that differs; both share the bytes before i.
  while (i > 0 && (static_cast<unsigned char>(a[i]) & 0xC0) == 0x80) --i;
  const char32_t ca = DecodeAt(a, i, SequenceLength(static_cast<unsigned char>(a[i])));
  const char32_t cb = DecodeAt(b, i, SequenceLength(static_cast<unsigned char>(b[i])));
  // Supplementary code points start with a lead surrogate (0xD800..0xDBFF) in UTF-16.
  const auto first_unit = [](char32_t c) { return c >= 0x10000 ? 0xD800 + ((c - 0x10000) >> 10) : c; };
  const char32_t ua = first_unit(ca);
  const char32_t ub = first_unit(cb);
  if (ua != ub) return ua < ub ? -1 : 1;
  return ca < cb ? -1 : (ca > cb ? 1 : 0);
}

double StringToNumber(std::string_view raw) {
  const std::string_view s = TrimJsWhitespace(raw);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0') {
    const char p = s[1];
    if (p == 'x' || p == 'X') return RadixToNumber(s.substr(2), 4);
    if (p == 'o' || p == 'O') return RadixToNumber(s.substr(2), 3);
    if (p == 'b' || p == 'B') return RadixToNumber(s.substr(2), 1);
  }
  std::size_t i = 0;
  const bool negative = s[0] == '-';
  if (s[0] == '+' || s[0] == '-') i = 1;
  const std::string_view rest = s.substr(i);
  if (rest == "Infinity") return negative ? -kInfinity : kInfinity;
  if (rest.empty() || DecimalPrefix(rest) != rest.size()) return kNaN;
  return CStrtod(std::string(s));
}

double ParseFloat(std::string_view raw) {
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const std::size_t len = SequenceLength(static_cast<unsigned char>(raw[pos]));
    if (!IsJsWhitespace(DecodeAt(raw, pos, len))) break;
    pos += len;
  }
  const std::string_view s = raw.substr(pos);
  std::size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) i = 1;
  const std::string_view rest = s.substr(i);
  if (rest.substr(0, 8) == "Infinity") return negative ? -kInfinity : kInfinity;
  const std::size_t len = DecimalPrefix(rest);
  if (len == 0) return kNaN;
  return CStrtod(std::string(s.substr(0, i + len)));
}

long long CanonicalIndex(std::string_view s) {
  if (s.empty() || s.size() > 10 || (s.size() > 1 && s[0] == '0')) return -1;
  long long v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v < 4294967295LL ? v : -1;  // array indices are below 2^32 - 1
}

}  // namespace amtsweg::logic::internal
