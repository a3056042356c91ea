// Value validators (see fields.h). Everything here is a pure function of its arguments except the
// regex cache, which exists only because std::regex construction is slow.

#include "process/fields.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <regex>
#include <shared_mutex>
#include <unordered_map>

namespace amtsweg::process {
namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
char ToUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

struct IbanLength {
  char country[3];
  int length;
};

// SEPA countries (EPC list) and their IBAN lengths.
constexpr std::array<IbanLength, 37> kIbanLengths{{
    {"AD", 24}, {"AT", 20}, {"BE", 16}, {"BG", 22}, {"CH", 21}, {"CY", 28}, {"CZ", 24}, {"DE", 22},
    {"DK", 18}, {"EE", 20}, {"ES", 24}, {"FI", 18}, {"FR", 27}, {"GB", 22}, {"GI", 23}, {"GR", 27},
    {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IS", 26}, {"IT", 27}, {"LI", 21}, {"LT", 20}, {"LU", 20},
    {"LV", 21}, {"MC", 27}, {"MT", 31}, {"NL", 18}, {"NO", 15}, {"PL", 28}, {"PT", 25}, {"RO", 24},
    {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"VA", 22},
}};

bool IbanLengthFits(std::string_view iban) {
  for (const auto& entry : kIbanLengths) {
    if (iban.substr(0, 2) == entry.country) return static_cast<int>(iban.size()) == entry.length;
  }
  return iban.size() >= 15 && iban.size() <= 34;  // ISO 13616 bounds for other countries
}

// ISO 7064 mod 97-10 over the rearranged IBAN (country and check digits moved to the end).
bool IbanChecksumValid(std::string_view iban) {
  int remainder = 0;
  auto feed = [&remainder](char c) {
    if (IsDigit(c)) {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else {
      const int value = c - 'A' + 10;
      remainder = (remainder * 100 + value) % 97;
    }
  };
  for (char c : iban.substr(4)) feed(c);
  for (char c : iban.substr(0, 4)) feed(c);
  return remainder == 1;
}

int ParseFixedDigits(std::string_view text) {
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

// Compiled patterns shared by all threads. Entries are never removed; the number of distinct
// patterns is bounded by the loaded definitions, and kMaxEntries guards against surprises.
class PatternCache final {
 public:
  // nullptr when the pattern does not compile.
  std::shared_ptr<const std::regex> Get(const std::string& pattern) {
    {
      std::shared_lock lock(mutex_);
      if (auto it = cache_.find(pattern); it != cache_.end()) return it->second;
    }
    std::shared_ptr<const std::regex> compiled;
    try {
      compiled = std::make_shared<const std::regex>(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      compiled = nullptr;
    }
    std::unique_lock lock(mutex_);
    if (cache_.size() < kMaxEntries) cache_.emplace(pattern, compiled);
    return compiled;
  }

 private:
  static constexpr std::size_t kMaxEntries = 10'000;
  std::shared_mutex mutex_;  // guards cache_
  std::unordered_map<std::string, std::shared_ptr<const std::regex>> cache_;
};

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool StartsWith(std::string_view bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() && bytes.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string_view TrimWhitespace(std::string_view value) {
  while (!value.empty() && IsAsciiSpace(value.front())) value.remove_prefix(1);
  while (!value.empty() && IsAsciiSpace(value.back())) value.remove_suffix(1);
  return value;
}

std::int64_t Utf8Length(std::string_view value) {
  std::int64_t count = 0;
  for (unsigned char c : value) count += (c & 0xC0) != 0x80;
  return count;
}

std::optional<std::string> NormalizeIban(std::string_view input) {
  std::string iban;
  iban.reserve(34);
  for (char c : input) {
    if (c == ' ') continue;
    const char upper = ToUpper(c);
    if (!IsDigit(upper) && !IsUpper(upper)) return std::nullopt;
    if (iban.size() == 34) return std::nullopt;
    iban.push_back(upper);
  }
  if (iban.size() < 15 || !IsUpper(iban[0]) || !IsUpper(iban[1]) || !IsDigit(iban[2]) || !IsDigit(iban[3])) {
    return std::nullopt;
  }
  if (!IbanLengthFits(iban) || !IbanChecksumValid(iban)) return std::nullopt;
  return iban;
}

bool IsValidGermanPostalCode(std::string_view value) {
  if (value.size() != 5) return false;
  for (char c : value) {
    if (!IsDigit(c)) return false;
  }
  const int code = ParseFixedDigits(value);
  return code >= 1001 && code <= 99998;
}

bool IsValidEmail(std::string_view value) {
  if (value.empty() || value.size() > 254) return false;
  const auto at = value.find('@');
  if (at == std::string_view::npos || value.find('@', at + 1) != std::string_view::npos) return false;
  for (unsigned char c : value) {
    if (c <= 0x20 || c == 0x7F) return false;
  }
  const std::string_view local = value.substr(0, at);
  const std::string_view domain = value.substr(at + 1);
  if (local.empty() || local.size() > 64 || domain.find('.') == std::string_view::npos) return false;
  // Domain labels: non-empty, no leading/trailing '-'.
  std::size_t start = 0;
  while (start <= domain.size()) {
    const auto dot = std::min(domain.find('.', start), domain.size());
    const std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    start = dot + 1;
  }
  return true;
}

bool IsValidPhone(std::string_view value) {
  int digits = 0;
  for (char c : value) {
    if (IsDigit(c)) {
      ++digits;
    } else if (c != ' ' && c != '+' && c != '/' && c != '-' && c != '(' && c != ')') {
      return false;
    }
  }
  return digits >= 5 && value.size() <= 40;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return (month == 2 && IsLeapYear(year)) ? 29 : kDays[month - 1];
}

std::optional<Date> ParseIsoDate(std::string_view value) {
  if (value.size() != 10 || value[4] != '-' || value[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(value[i])) return std::nullopt;
  }
  const Date date{ParseFixedDigits(value.substr(0, 4)), ParseFixedDigits(value.substr(5, 2)),
                  ParseFixedDigits(value.substr(8, 2))};
  if (date.year < 1 || date.month < 1 || date.month > 12) return std::nullopt;
  if (date.day < 1 || date.day > DaysInMonth(date.year, date.month)) return std::nullopt;
  return date;
}

std::string FormatIsoDate(const Date& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

std::string FormatGermanDate(const Date& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d.%02d.%04d", date.day, date.month, date.year);
  return buffer;
}

Date AddYears(const Date& date, int years) {
  Date result{date.year + years, date.month, date.day};
  result.day = std::min(result.day, DaysInMonth(result.year, result.month));
  return result;
}

std::optional<Date> ResolveDateBound(std::string_view bound, std::string_view today) {
  return ParseIsoDate(bound == "today" ? today : bound);
}

std::string SystemTodayUtc() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{days};
  return FormatIsoDate(Date{static_cast<int>(ymd.year()),
                            static_cast<int>(static_cast<unsigned>(ymd.month())),
                            static_cast<int>(static_cast<unsigned>(ymd.day()))});
}

std::optional<std::int64_t> RoundEurosToCents(double euros) {
  if (!std::isfinite(euros) || std::fabs(euros) > kMaxMoneyEuros) return std::nullopt;
  // Shortest round-trip representation in fixed notation, e.g. "1.005" or "0.30000000000000004".
  char buffer[400];
  const auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, std::fabs(euros), std::chars_format::fixed);
  if (ec != std::errc()) return std::nullopt;
  const std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  std::int64_t cents = 0;
  for (char c : whole) cents = cents * 10 + (c - '0');
  for (std::size_t i = 0; i < 2; ++i) cents = cents * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  if (fraction.size() > 2 && fraction[2] >= '5') ++cents;
  return euros < 0 ? -cents : cents;
}

std::optional<std::int64_t> MoneyToCents(double euros) {
  const auto cents = RoundEurosToCents(euros);
  if (!cents) return std::nullopt;
  // Accept binary noise (a few ulps of the scaled value), reject real third decimals.
  const double scaled = euros * 100.0;
  const double tolerance = 1e-6 + 4 * std::fabs(std::nextafter(scaled, HUGE_VAL) - scaled);
  if (std::fabs(scaled - static_cast<double>(*cents)) > tolerance) return std::nullopt;
  return cents;
}

PatternResult MatchPattern(const std::string& pattern, std::string_view value) {
  static PatternCache cache;
  const auto regex = cache.Get(pattern);
  if (!regex) return PatternResult::kInvalidPattern;
  try {
    return std::regex_match(value.begin(), value.end(), *regex) ? PatternResult::kMatch
                                                                : PatternResult::kNoMatch;
  } catch (const std::regex_error&) {  // error_complexity / error_stack
    return PatternResult::kNoMatch;
  }
}

tl::expected<std::string, Base64Error> DecodeBase64(std::string_view input, std::size_t max_bytes) {
  if (input.size() % 4 != 0) return tl::unexpected(Base64Error::kInvalid);
  std::size_t padding = 0;
  if (!input.empty() && input.back() == '=') padding = input[input.size() - 2] == '=' ? 2 : 1;
  const std::size_t decoded_size = input.size() / 4 * 3 - padding;
  if (decoded_size > max_bytes) return tl::unexpected(Base64Error::kTooLarge);
  std::string out;
  out.reserve(decoded_size);
  const std::size_t data_chars = input.size() - padding;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < data_chars; ++i) {
    const int value = Base64Value(input[i]);
    if (value < 0) return tl::unexpected(Base64Error::kInvalid);
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  // The bits left over in the last group must be zero (canonical encoding).
  if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) return tl::unexpected(Base64Error::kInvalid);
  return out;
}

std::string EncodeBase64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                            (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                            static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(kBase64Alphabet[(n >> shift) & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(kBase64Alphabet[(n >> 18) & 63]);
    out.push_back(kBase64Alphabet[(n >> 12) & 63]);
    out.push_back(rest == 2 ? kBase64Alphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::optional<std::string> SniffContentType(std::string_view bytes) {
  using namespace std::string_view_literals;
  if (StartsWith(bytes, "%PDF-"sv)) return "application/pdf";
  if (StartsWith(bytes, "\x89PNG\r\n\x1a\n"sv)) return "image/png";
  if (StartsWith(bytes, "\xFF\xD8\xFF"sv)) return "image/jpeg";
  if (StartsWith(bytes, "GIF87a"sv) || StartsWith(bytes, "GIF89a"sv)) return "image/gif";
  // ISO BMFF: box size (4 bytes), "ftyp", major brand.
  if (bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp"sv) {
    const std::string_view brand = bytes.substr(8, 4);
    if (brand == "heic"sv || brand == "heix"sv || brand == "mif1"sv || brand == "msf1"sv) return "image/heic";
  }
  return std::nullopt;
}

bool AcceptsContentType(const std::vector<std::string>& accept, std::string_view content_type) {
  if (accept.empty()) {
    return content_type == "application/pdf" || content_type == "image/png" || content_type == "image/jpeg";
  }
  const std::string_view major = content_type.substr(0, content_type.find('/'));
  for (const auto& allowed : accept) {
    if (allowed == content_type || allowed == "*/*") return true;
    if (allowed.size() == major.size() + 2 && allowed.ends_with("/*") && allowed.starts_with(major))
      return true;
  }
  return false;
}

}  // namespace amtsweg::process
