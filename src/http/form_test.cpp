// Parser tables: well-formed inputs with their exact results, and malformed inputs with the
// error each must produce. Every rejection path in form.cpp and multipart.cpp has a case.

#include "http/form.h"

#include <gtest/gtest.h>

#include <random>

namespace amtsweg::http {
namespace {

using E = FormErrorCode;

TEST(FormTest, QueryStrings) {
  struct Case {
    std::string input;
    FormFields expected;
  };
  const std::vector<Case> cases = {
      {"", {}},
      {"a=1&b=x%20y&c&c=2", {{"a", "1"}, {"b", "x y"}, {"c", ""}, {"c", "2"}}},
      {"q=a+b%2Bc", {{"q", "a b+c"}}},
      {"&&a=1&&", {{"a", "1"}}},
      {"a==b", {{"a", "=b"}}},
      {"=v", {{"", "v"}}},
      {"%C3%A4=%E2%82%AC", {{"\xC3\xA4", "\xE2\x82\xAC"}}},
      {"k=%00", {{"k", std::string("\0", 1)}}},
      {"x=%7e%7E", {{"x", "~~"}}},
  };
  for (const auto& c : cases) {
    auto result = ParseQuery(c.input);
    ASSERT_TRUE(result.has_value()) << c.input << ": " << result.error().message;
    EXPECT_EQ(*result, c.expected) << c.input;
    auto body = ParseUrlEncoded(c.input);
    ASSERT_TRUE(body.has_value());
    EXPECT_EQ(*body, c.expected);
  }
}

TEST(FormTest, MalformedQueryStrings) {
  const std::vector<std::pair<std::string, E>> cases = {
      {"a=%", E::kBadPercentEncoding},        {"a=%4", E::kBadPercentEncoding},
      {"a=%zz", E::kBadPercentEncoding},      {"%g0=1", E::kBadPercentEncoding},
      {"a=1&b=%%41", E::kBadPercentEncoding}, {"a=%C3", E::kInvalidUtf8},
      {"a=%C0%AF", E::kInvalidUtf8},          {"%FF=1", E::kInvalidUtf8},
      {"a=%ED%A0%80", E::kInvalidUtf8},
  };
  for (const auto& [input, code] : cases) {
    auto result = ParseQuery(input);
    ASSERT_FALSE(result.has_value()) << input;
    EXPECT_EQ(result.error().code, code) << input;
  }
}

TEST(FormTest, Paths) {
  const std::vector<std::pair<std::string, std::string>> ok = {
      {"/", "/"},
      {"/a/b", "/a/b"},
      {"/a%20b", "/a b"},
      {"/a+b", "/a+b"},
      {"/a/", "/a/"},
      {"/a%2Fb", "/a/b"},
      {"/..a/b..", "/..a/b.."},
      {"/.well-known/x", "/.well-known/x"},
      {"/%C3%A4", "/\xC3\xA4"},
  };
  for (const auto& [input, expected] : ok) {
    auto result = DecodePath(input);
    ASSERT_TRUE(result.has_value()) << input;
    EXPECT_EQ(*result, expected);
  }
  const std::vector<std::pair<std::string, E>> bad = {
      {"", E::kNotOriginForm},
      {"a/b", E::kNotOriginForm},
      {"http://x/", E::kNotOriginForm},
      {"/a%00b", E::kNulByte},
      {std::string("/a\0b", 4), E::kNulByte},
      {"/a%", E::kBadPercentEncoding},
      {"/a%2", E::kBadPercentEncoding},
      {"/%FF", E::kInvalidUtf8},
      {"/..", E::kPathTraversal},
      {"/a/../b", E::kPathTraversal},
      {"/a/./b", E::kPathTraversal},
      {"/a/.", E::kPathTraversal},
      {"/%2e%2e/etc/passwd", E::kPathTraversal},
      {"/static/%2E%2E/secret", E::kPathTraversal},
      {"/static/a%2F..%2F..%2Fsecret", E::kPathTraversal},
      {"/static/%2e", E::kPathTraversal},
  };
  for (const auto& [input, code] : bad) {
    auto result = DecodePath(input);
    ASSERT_FALSE(result.has_value()) << testing::PrintToString(input);
    EXPECT_EQ(result.error().code, code) << testing::PrintToString(input);
  }
}

constexpr char kType[] = "multipart/form-data; boundary=XyZ";

TEST(FormTest, MultipartWellFormed) {
  const std::string binary("\x00\x01\xFF\r\n--Xy\r\n", 11);
  const std::string body =
      "preamble is ignored\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"first\"\r\n"
      "\r\n"
      "Hund \xC3\xA4\r\n"
      "--XyZ  \r\n"  // transport padding
      "content-disposition: FORM-DATA; name=\"upload\"; filename=\"a \\\"b\\\".bin\"\r\n"
      "Content-Type: application/octet-stream\r\n"
      "\r\n" +
      binary +
      "\r\n--XyZ\r\n"
      "Content-Disposition: form-data; name=empty\r\n"
      "\r\n"
      "\r\n--XyZ--\r\nepilogue";
  auto parts = ParseMultipart(kType, body);
  ASSERT_TRUE(parts.has_value()) << parts.error().message;
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].name, "first");
  EXPECT_EQ((*parts)[0].data, "Hund \xC3\xA4");
  EXPECT_FALSE((*parts)[0].has_filename);
  EXPECT_EQ((*parts)[0].content_type, "text/plain");
  EXPECT_EQ((*parts)[1].name, "upload");
  EXPECT_TRUE((*parts)[1].has_filename);
  EXPECT_EQ((*parts)[1].filename, "a \"b\".bin");
  EXPECT_EQ((*parts)[1].content_type, "application/octet-stream");
  EXPECT_EQ((*parts)[1].data, binary);
  EXPECT_EQ((*parts)[1].headers.size(), 2u);
  EXPECT_EQ((*parts)[2].name, "empty");
  EXPECT_EQ((*parts)[2].data, "");
}

TEST(FormTest, MultipartBoundaryForms) {
  EXPECT_EQ(*MultipartBoundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(*MultipartBoundary("Multipart/Form-Data;BOUNDARY=\"a b'c\""), "a b'c");
  EXPECT_EQ(*MultipartBoundary("multipart/form-data; charset=utf-8; boundary=----x123"), "----x123");
  EXPECT_EQ(*MultipartBoundary("multipart/form-data; boundary=" + std::string(70, 'b')),
            std::string(70, 'b'));
  auto empty = ParseMultipart("multipart/form-data; boundary=b", "--b--");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
}

TEST(FormTest, MultipartMalformed) {
  const std::string cd = "Content-Disposition: form-data; name=\"a\"\r\n\r\n";
  struct Case {
    std::string content_type;
    std::string body;
    E code;
  };
  const std::vector<Case> cases = {
      {"text/plain", "", E::kNotMultipart},
      {"multipart/mixed; boundary=b", "", E::kNotMultipart},
      {"multipart/form-data", "", E::kMissingBoundary},
      {"multipart/form-data; charset=utf-8", "", E::kMissingBoundary},
      {"multipart/form-data; boundary=", "", E::kBadBoundary},
      {"multipart/form-data; boundary=\"\"", "", E::kBadBoundary},
      {"multipart/form-data; boundary=" + std::string(71, 'b'), "", E::kBadBoundary},
      {"multipart/form-data; boundary=\"ab \"", "", E::kBadBoundary},
      {"multipart/form-data; boundary=a\x01", "", E::kBadBoundary},
      {"multipart/form-data; boundary=\"abc", "", E::kMalformedPartHeader},
      {"multipart/form-data; boundary=\"abc\"x", "", E::kMalformedPartHeader},
      {"multipart/form-data; bound ary=x", "", E::kMalformedPartHeader},
      {"multipart/form-data; novalue; boundary=x", "", E::kMalformedPartHeader},
      {kType, "", E::kMissingFirstBoundary},
      {kType, "garbage garbage", E::kMissingFirstBoundary},
      {kType, "--XY\r\n", E::kMissingFirstBoundary},
      {kType, "--XyZ", E::kTruncated},
      {kType, "--XyZ\r", E::kTruncated},
      {kType, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"", E::kTruncated},
      {kType, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n", E::kTruncated},
      {kType, "--XyZ\r\n" + cd + "value", E::kMissingFinalBoundary},
      {kType, "--XyZ\r\n" + cd + "value\r\n--Xy", E::kMissingFinalBoundary},
      {kType, "--XyZ\r\n" + cd + "value\r\n--XyZ", E::kTruncated},
      {kType, "--XyZgarbage\r\n" + cd + "v\r\n--XyZ--", E::kMalformedPartHeader},
      {kType, "--XyZ\r\nno colon here\r\n\r\nv\r\n--XyZ--", E::kMalformedPartHeader},
      {kType, "--XyZ\r\n: empty name\r\n\r\nv\r\n--XyZ--", E::kMalformedPartHeader},
      {kType, "--XyZ\r\n folded: x\r\n\r\nv\r\n--XyZ--", E::kMalformedPartHeader},
      {kType, "--XyZ\r\nX-A: a\nb\r\n\r\nv\r\n--XyZ--", E::kMalformedPartHeader},
      {kType, "--XyZ\r\n\r\nv\r\n--XyZ--", E::kMissingDisposition},
      {kType, "--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--", E::kMissingDisposition},
      {kType, "--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n--XyZ--", E::kMissingDisposition},
      {kType, "--XyZ\r\nContent-Disposition: form-data\r\n\r\nv\r\n--XyZ--", E::kMissingDisposition},
      {kType, "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--XyZ--",
       E::kMalformedPartHeader},
      {kType, "--XyZ\r\n" + cd + "\xC3\x28\r\n--XyZ--", E::kInvalidUtf8},
      {kType, "--XyZ\r\nContent-Disposition: form-data; name=\"\xFF\"\r\n\r\nv\r\n--XyZ--", E::kInvalidUtf8},
      {kType, "--XyZ\r\nX: " + std::string(5000, 'x') + "\r\n\r\nv\r\n--XyZ--", E::kHeaderTooLarge},
  };
  for (const auto& c : cases) {
    auto result = ParseMultipart(c.content_type, c.body);
    ASSERT_FALSE(result.has_value()) << c.content_type << " | " << testing::PrintToString(c.body);
    EXPECT_EQ(result.error().code, c.code)
        << c.content_type << " | " << testing::PrintToString(c.body) << " | " << result.error().message;
  }
}

TEST(FormTest, MultipartPartLimit) {
  std::string body;
  for (int i = 0; i < 5; ++i) body += "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";
  body += "--b--";
  EXPECT_EQ(ParseMultipart("multipart/form-data; boundary=b", body)->size(), 5u);
  auto limited = ParseMultipart("multipart/form-data; boundary=b", body, MultipartLimits{4, 1024});
  ASSERT_FALSE(limited.has_value());
  EXPECT_EQ(limited.error().code, E::kTooManyParts);
}

// Random and mutated inputs must never crash (run under ASan/UBSan with AMTSWEG_SANITIZE=ON).
// Every parser here on one mutated input: the first line as a multipart Content-Type, the rest
// as its body (the libFuzzer target fuzz/http_form.cpp does this with coverage guidance).
void ParseEverything(std::string_view input) {
  (void)ParseQuery(input);
  (void)DecodePath(input);
  const std::size_t newline = input.find('\n');
  if (newline != std::string_view::npos) {
    (void)ParseMultipart(input.substr(0, newline), input.substr(newline + 1), MultipartLimits{8, 512});
  }
  (void)ParseMultipart("multipart/form-data; boundary=b", input);
}

TEST(FormTest, MutatedInputsDoNotCrash) {
  std::mt19937 random(42);
  const std::string seed =
      "multipart/form-data; boundary=b\n--b\r\nContent-Disposition: form-data; name=\"a\"; "
      "filename=\"x\"\r\n\r\n%41+b&c=%zz\r\n--b--";
  for (int i = 0; i < 20000; ++i) {
    std::string input = seed;
    const int mutations = 1 + static_cast<int>(random() % 8);
    for (int m = 0; m < mutations; ++m) {
      const std::size_t at = random() % (input.size() + 1);
      switch (random() % 3) {
        case 0:
          if (at < input.size()) input[at] = static_cast<char>(random());
          break;
        case 1:
          input.insert(at, 1, "\r\n-%;=\"b"[random() % 8]);
          break;
        default:
          input.erase(at, random() % 6);
      }
    }
    ParseEverything(input);
  }
}

}  // namespace
}  // namespace amtsweg::http
