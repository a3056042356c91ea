// Table-driven tests of the value validators: every rejection path has a row.

#include "process/fields.h"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

namespace amtsweg::process {
namespace {

TEST(IbanTest, ValidIbansAreNormalised) {
  struct Case {
    const char* input;
    const char* expected;
  };
  const Case cases[] = {
      {"DE89370400440532013000", "DE89370400440532013000"},
      {"DE89 3704 0044 0532 0130 00", "DE89370400440532013000"},
      {"de89 3704 0044 0532 0130 00", "DE89370400440532013000"},
      {"  DE89370400440532013000 ", "DE89370400440532013000"},
      {"AT611904300234573201", "AT611904300234573201"},
      {"FR1420041010050500013M02606", "FR1420041010050500013M02606"},
      {"NL91ABNA0417164300", "NL91ABNA0417164300"},
      {"GB29NWBK60161331926819", "GB29NWBK60161331926819"},
      {"NO9386011117947", "NO9386011117947"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(NormalizeIban(c.input).value_or("<invalid>"), c.expected) << c.input;
  }
}

TEST(IbanTest, InvalidIbansAreRejected) {
  const char* cases[] = {
      "",
      "DE88370400440532013000",                      // wrong checksum
      "DE8937040044053201300",                       // 21 characters, DE needs 22
      "DE893704004405320130000",                     // 23 characters
      "DE89-3704-0044-0532-0130-00",                 // hyphens are not allowed
      "DE89370400440532013000\n",                    // newline
      "89DE370400440532013000",                      // country code missing
      "DEXX370400440532013000",                      // check digits not digits
      "DE89370400440532013ÄÖ",                       // non-ASCII
      "XX12",                                        // too short
      "AT611904300234573202",                        // Austrian IBAN with a wrong checksum
      "DE8937040044053201300000000000000000000000",  // longer than 34
  };
  for (const char* c : cases) EXPECT_FALSE(NormalizeIban(c).has_value()) << c;
}

TEST(PostalCodeTest, Table) {
  struct Case {
    const char* input;
    bool valid;
  };
  const Case cases[] = {
      {"70173", true},  {"01067", true},   {"01001", true},  {"99998", true},
      {"0100", false},  {"12345 ", false}, {"00999", false}, {"99999", false},
      {"1234a", false}, {"123456", false}, {"", false},      {"-1234", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsValidGermanPostalCode(c.input), c.valid) << c.input;
}

TEST(EmailTest, Table) {
  struct Case {
    const char* input;
    bool valid;
  };
  const Case cases[] = {
      {"erika.mustermann@example.org", true},
      {"a@b.de", true},
      {"x+tag@sub.example.co.uk", true},
      {"", false},
      {"erika", false},
      {"erika@", false},
      {"@example.org", false},
      {"erika@example", false},
      {"erika@@example.org", false},
      {"er ika@example.org", false},
      {"erika@example..org", false},
      {"erika@.example.org", false},
      {"erika@example.org.", false},
      {"erika@-example.org", false},
      {"a@b@c.de", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsValidEmail(c.input), c.valid) << c.input;
  EXPECT_FALSE(IsValidEmail(std::string(250, 'a') + "@b.de"));
}

TEST(PhoneTest, Table) {
  struct Case {
    const char* input;
    bool valid;
  };
  const Case cases[] = {
      {"+49 711 123456", true},
      {"0711/123456", true},
      {"(0711) 12-34-56", true},
      {"12345", true},
      {"1234", false},
      {"+49 711 abc", false},
      {"", false},
      {"0711.123456", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsValidPhone(c.input), c.valid) << c.input;
}

TEST(DateTest, ParseTable) {
  struct Case {
    const char* input;
    bool valid;
  };
  const Case cases[] = {
      {"2024-02-29", true},  {"2023-02-28", true},        {"2000-02-29", true},  {"2026-12-31", true},
      {"2023-02-29", false}, {"1900-02-29", false},       {"2024-13-01", false}, {"2024-00-10", false},
      {"2024-04-31", false}, {"2024-01-00", false},       {"1.2.2024", false},   {"01.02.2024", false},
      {"2024-1-01", false},  {"2024-01-01T00:00", false}, {"0000-01-01", false}, {"", false},
      {"2024/01/01", false}, {"20240101", false},
  };
  for (const auto& c : cases) EXPECT_EQ(ParseIsoDate(c.input).has_value(), c.valid) << c.input;
}

TEST(DateTest, BoundsAndFormatting) {
  EXPECT_EQ(ResolveDateBound("today", "2026-03-27"), (Date{2026, 3, 27}));
  EXPECT_EQ(ResolveDateBound("1900-01-01", "2026-03-27"), (Date{1900, 1, 1}));
  EXPECT_FALSE(ResolveDateBound("yesterday", "2026-03-27").has_value());
  EXPECT_FALSE(ResolveDateBound("today", "").has_value());
  EXPECT_LT((Date{2024, 2, 29}), (Date{2024, 3, 1}));
  EXPECT_EQ(FormatGermanDate(Date{2026, 3, 7}), "07.03.2026");
  EXPECT_EQ(FormatIsoDate(Date{996, 3, 7}), "0996-03-07");
  EXPECT_EQ(AddYears(Date{2024, 2, 29}, -30), (Date{1994, 2, 28}));
  EXPECT_TRUE(ParseIsoDate(SystemTodayUtc()).has_value());
}

TEST(MoneyTest, Table) {
  struct Case {
    double euros;
    std::optional<std::int64_t> cents;
  };
  const Case cases[] = {
      {0, 0},
      {12.5, 1250},
      {0.1 + 0.2, 30},
      {1.1 * 3, 330},
      {108, 10800},
      {-3.25, -325},
      {19.99, 1999},
      {1234567.89, 123456789},
      {1.005, std::nullopt},
      {0.125, std::nullopt},
      {12.345, std::nullopt},
      {1e13, std::nullopt},
      {std::nan(""), std::nullopt},
      {HUGE_VAL, std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(MoneyToCents(c.euros), c.cents) << c.euros;
}

TEST(MoneyTest, RoundingHalfAwayFromZero) {
  EXPECT_EQ(RoundEurosToCents(1.005), 101);
  EXPECT_EQ(RoundEurosToCents(12.344), 1234);
  EXPECT_EQ(RoundEurosToCents(0.1 + 0.2), 30);
  EXPECT_EQ(RoundEurosToCents(-2.675), -268);
  EXPECT_EQ(RoundEurosToCents(1e-9), 0);
  EXPECT_EQ(RoundEurosToCents(216), 21600);
  EXPECT_FALSE(RoundEurosToCents(1e300).has_value());
}

TEST(Utf8LengthTest, CountsCodePoints) {
  EXPECT_EQ(Utf8Length(""), 0);
  EXPECT_EQ(Utf8Length("abc"), 3);
  EXPECT_EQ(Utf8Length("Müller"), 6);
  EXPECT_EQ(Utf8Length("Straße €"), 8);
  EXPECT_EQ(Utf8Length("🐕"), 1);
}

TEST(PatternTest, WholeValueMatch) {
  EXPECT_EQ(MatchPattern("[0-9]{5}", "12345"), PatternResult::kMatch);
  EXPECT_EQ(MatchPattern("[0-9]{5}", "123456"), PatternResult::kNoMatch);
  EXPECT_EQ(MatchPattern("^[0-9]{15}$", "276098106543210"), PatternResult::kMatch);
  EXPECT_EQ(MatchPattern("\\d{3}", "12a"), PatternResult::kNoMatch);
  EXPECT_EQ(MatchPattern("([a-z", "x"), PatternResult::kInvalidPattern);
  EXPECT_EQ(MatchPattern("([a-z", "x"), PatternResult::kInvalidPattern);  // cached failure
}

TEST(Base64Test, DecodesStrictly) {
  EXPECT_EQ(DecodeBase64("", 10).value(), "");
  EXPECT_EQ(DecodeBase64("TWFu", 10).value(), "Man");
  EXPECT_EQ(DecodeBase64("TWE=", 10).value(), "Ma");
  EXPECT_EQ(DecodeBase64("TQ==", 10).value(), "M");
  const char* invalid[] = {"TWF", "TW=u", "TQ=", "T===", "TR==", "TWF\n", "TW u", "TWF*", "====", "TQ==TQ=="};
  for (const char* c : invalid) {
    const auto decoded = DecodeBase64(c, 100);
    ASSERT_FALSE(decoded.has_value()) << c;
    EXPECT_EQ(decoded.error(), Base64Error::kInvalid) << c;
  }
  ASSERT_FALSE(DecodeBase64("TWFu", 2).has_value());
  EXPECT_EQ(DecodeBase64("TWFu", 2).error(), Base64Error::kTooLarge);
  EXPECT_TRUE(DecodeBase64("TWFu", 3).has_value());
}

TEST(Base64Test, RoundTrip) {
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes.push_back(static_cast<char>(i * 7));
  for (std::size_t n = 0; n < 10; ++n) {
    const auto encoded = EncodeBase64(std::string_view(bytes).substr(0, n));
    EXPECT_EQ(DecodeBase64(encoded, 1000).value(), bytes.substr(0, n));
  }
  EXPECT_EQ(DecodeBase64(EncodeBase64(bytes), 1000).value(), bytes);
}

TEST(ContentTypeTest, SniffsMagicBytes) {
  using namespace std::string_literals;
  EXPECT_EQ(SniffContentType("%PDF-1.4\n"), "application/pdf");
  EXPECT_EQ(SniffContentType("\x89PNG\r\n\x1a\n\0\0"s), "image/png");
  EXPECT_EQ(SniffContentType("\xFF\xD8\xFF\xE0"), "image/jpeg");
  EXPECT_EQ(SniffContentType("GIF89a..."), "image/gif");
  EXPECT_EQ(SniffContentType("\0\0\0\x18"
                             "ftypheic\0\0"s),
            "image/heic");
  EXPECT_FALSE(SniffContentType("%PD").has_value());
  EXPECT_FALSE(SniffContentType("hello").has_value());
  EXPECT_FALSE(SniffContentType("").has_value());
}

TEST(ContentTypeTest, AcceptList) {
  EXPECT_TRUE(AcceptsContentType({"application/pdf"}, "application/pdf"));
  EXPECT_FALSE(AcceptsContentType({"application/pdf"}, "image/png"));
  EXPECT_TRUE(AcceptsContentType({"application/pdf", "image/*"}, "image/png"));
  EXPECT_FALSE(AcceptsContentType({"image/*"}, "application/pdf"));
  EXPECT_TRUE(AcceptsContentType({"*/*"}, "image/gif"));
  EXPECT_TRUE(AcceptsContentType({}, "image/jpeg"));
  EXPECT_FALSE(AcceptsContentType({}, "image/gif"));
}

}  // namespace
}  // namespace amtsweg::process
