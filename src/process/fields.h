#pragma once
// Value validators for the field types of a process definition: pure functions over strings and
// numbers, no JSON, no rules. validate.cpp applies them to submitted answers; example.cpp uses
// them to build values that pass.
//
//   NormalizeIban("de89 3704 0044 0532 0130 00")  -> "DE89370400440532013000"
//   ParseIsoDate("2024-02-29")                     -> Date{2024, 2, 29}
//   MoneyToCents(0.1 + 0.2)                        -> 30
//
// All functions accept arbitrary (hostile) input and never throw.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace amtsweg::process {

// Leading and trailing ASCII whitespace removed.
[[nodiscard]] std::string_view TrimWhitespace(std::string_view value);

// Number of Unicode code points in a UTF-8 string (continuation bytes are not counted).
[[nodiscard]] std::int64_t Utf8Length(std::string_view value);

// ISO 13616: letters/digits (spaces allowed anywhere), country-specific length for the SEPA
// countries we know, mod-97 check. Returns the IBAN in upper case without spaces, or nullopt.
[[nodiscard]] std::optional<std::string> NormalizeIban(std::string_view input);

// German postal code: exactly five digits in the range 01001..99998.
[[nodiscard]] bool IsValidGermanPostalCode(std::string_view value);

// Pragmatic e-mail check: one '@', non-empty local part, a domain with a dot and no empty
// labels, no whitespace or control characters, at most 254 characters.
[[nodiscard]] bool IsValidEmail(std::string_view value);

// Digits, spaces and + / - ( ), with at least five digits.
[[nodiscard]] bool IsValidPhone(std::string_view value);

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  auto operator<=>(const Date&) const = default;
};

// Strict "YYYY-MM-DD" with a real calendar check (leap years); years 0001..9999.
[[nodiscard]] std::optional<Date> ParseIsoDate(std::string_view value);
[[nodiscard]] std::string FormatIsoDate(const Date& date);     // "2026-03-27"
[[nodiscard]] std::string FormatGermanDate(const Date& date);  // "27.03.2026"
[[nodiscard]] bool IsLeapYear(int year);
[[nodiscard]] int DaysInMonth(int year, int month);
// The same day `years` earlier/later; 29 February becomes 28 February in common years.
[[nodiscard]] Date AddYears(const Date& date, int years);

// A date bound as written in a definition ("YYYY-MM-DD" or "today"), `today` being
// "YYYY-MM-DD" from the injected clock. nullopt when either is malformed.
[[nodiscard]] std::optional<Date> ResolveDateBound(std::string_view bound, std::string_view today);

// Today's date in UTC from the system clock, "YYYY-MM-DD".
[[nodiscard]] std::string SystemTodayUtc();

// Largest amount of money we represent (euros); beyond it cents no longer fit doubles exactly.
inline constexpr double kMaxMoneyEuros = 1e12;

// Rounds euros to whole cents, half away from zero on the shortest decimal representation, so
// 1.005 rounds to 101 and 0.1 + 0.2 to 30. nullopt for non-finite or too large values.
[[nodiscard]] std::optional<std::int64_t> RoundEurosToCents(double euros);

// A money answer: finite, |euros| <= kMaxMoneyEuros, at most two decimals (binary noise such as
// 0.30000000000000004 is tolerated). Returns exact cents.
[[nodiscard]] std::optional<std::int64_t> MoneyToCents(double euros);

// Values longer than this (code points) are not matched against patterns: std::regex
// backtracks recursively and cannot be interrupted.
inline constexpr std::int64_t kMaxPatternInputLength = 1000;

enum class PatternResult { kMatch, kNoMatch, kInvalidPattern };

// Whole-value match of an ECMAScript pattern. Compiled patterns are cached process-wide
// (thread-safe), since constructing a std::regex costs far more than matching it. The caller
// must enforce kMaxPatternInputLength.
[[nodiscard]] PatternResult MatchPattern(const std::string& pattern, std::string_view value);

enum class Base64Error { kInvalid, kTooLarge };

// Strict RFC 4648 base64 (standard alphabet, padding required, no whitespace, zero pad bits).
// kTooLarge when the decoded size would exceed max_bytes (checked before decoding).
[[nodiscard]] tl::expected<std::string, Base64Error> DecodeBase64(std::string_view input,
                                                                  std::size_t max_bytes);
[[nodiscard]] std::string EncodeBase64(std::string_view bytes);

// Content type from magic bytes: application/pdf, image/png, image/jpeg, image/gif,
// image/heic; nullopt when unknown.
[[nodiscard]] std::optional<std::string> SniffContentType(std::string_view bytes);

// Whether `content_type` is allowed by an accept list ("image/png", "image/*", "*/*").
// An empty list allows PDF, PNG and JPEG.
[[nodiscard]] bool AcceptsContentType(const std::vector<std::string>& accept, std::string_view content_type);

}  // namespace amtsweg::process
