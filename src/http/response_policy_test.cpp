// Exact security headers, error bodies and access-log lines.

#include "http/response_policy.h"

#include <gtest/gtest.h>

namespace amtsweg::http {
namespace {

TEST(ResponsePolicyTest, SecurityHeaders) {
  const auto headers = SecurityHeaders(false);
  auto value = [&](std::string_view name) {
    for (const auto& h : headers) {
      if (h.name == name) return h.value;
    }
    return std::string("<absent>");
  };
  EXPECT_EQ(
      value("Content-Security-Policy"),
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
      "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  EXPECT_EQ(value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(value("Referrer-Policy"), "strict-origin-when-cross-origin");
  EXPECT_EQ(value("X-Frame-Options"), "DENY");
  EXPECT_EQ(value("Cross-Origin-Opener-Policy"), "same-origin");
  EXPECT_NE(value("Permissions-Policy"), "<absent>");
  EXPECT_EQ(value("Strict-Transport-Security"), "<absent>");
  const auto with_hsts = SecurityHeaders(true);
  EXPECT_EQ(with_hsts.size(), headers.size() + 1);
  EXPECT_EQ(with_hsts.back().name, "Strict-Transport-Security");
  EXPECT_EQ(with_hsts.back().value, "max-age=31536000; includeSubDomains");
}

TEST(ResponsePolicyTest, JsonWanted) {
  EXPECT_TRUE(WantsJson("/api/v1/x", ""));
  EXPECT_TRUE(WantsJson("/api", ""));
  EXPECT_TRUE(WantsJson("/x", "text/html, application/json;q=0.9"));
  EXPECT_FALSE(WantsJson("/apix", "text/html"));
  EXPECT_FALSE(WantsJson("/", ""));
}

TEST(ResponsePolicyTest, ErrorBodies) {
  const Response json = TransportError(TransportErrorKind::kPayloadTooLarge, true);
  EXPECT_EQ(json.status, 413);
  EXPECT_EQ(json.content_type, "application/json");
  EXPECT_EQ(json.body,
            "{\"errors\":[{\"field\":\"\",\"code\":\"payload_too_large\",\"message\":\"Die Anfrage ist zu "
            "groß.\"}]}");
  const Response text = TransportError(TransportErrorKind::kPayloadTooLarge, false);
  EXPECT_EQ(text.status, 413);
  EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(text.body, "Die Anfrage ist zu groß.\n");
  const std::vector<std::pair<TransportErrorKind, std::pair<int, std::string>>> cases = {
      {TransportErrorKind::kBadRequest, {400, "bad_request"}},
      {TransportErrorKind::kNotFound, {404, "not_found"}},
      {TransportErrorKind::kMethodNotAllowed, {405, "method_not_allowed"}},
      {TransportErrorKind::kHeaderTooLarge, {431, "header_too_large"}},
      {TransportErrorKind::kInternal, {500, "internal_error"}},
      {TransportErrorKind::kServiceUnavailable, {503, "shutting_down"}},
  };
  for (const auto& [kind, expected] : cases) {
    const Response r = TransportError(kind, true);
    EXPECT_EQ(r.status, expected.first);
    EXPECT_NE(r.body.find("\"code\":\"" + expected.second + "\""), std::string::npos) << r.body;
  }
}

TEST(ResponsePolicyTest, AccessLogLine) {
  AccessLogEntry entry;
  entry.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1764491534123));
  entry.method = Method::kPost;
  entry.route = "/api/v1/processes/{process}";
  entry.status = 201;
  entry.duration_ms = 1.23456;
  entry.bytes = 42;
  EXPECT_EQ(
      AccessLogLine(entry),
      "{\"time\":\"2025-11-30T08:32:14.123Z\",\"method\":\"POST\",\"route\":\"/api/v1/processes/{process}\","
      "\"status\":201,\"duration_ms\":1.235,\"bytes\":42}\n");
  entry.method = Method::kOther;
  entry.route = "unmatched";
  EXPECT_NE(AccessLogLine(entry).find("\"method\":\"OTHER\",\"route\":\"unmatched\""), std::string::npos);
  entry.route = "/a\"b\\c\nd";
  EXPECT_NE(AccessLogLine(entry).find("\"route\":\"/a\\\"b\\\\c d\""), std::string::npos)
      << AccessLogLine(entry);
}

TEST(ResponsePolicyTest, Rfc3339) {
  using std::chrono::milliseconds;
  using std::chrono::system_clock;
  const std::vector<std::pair<long long, std::string>> cases = {
      {0, "1970-01-01T00:00:00.000Z"},
      {951782400000, "2000-02-29T00:00:00.000Z"},   // leap day
      {1767225599999, "2025-12-31T23:59:59.999Z"},  // last millisecond of a year
      {4107542400000, "2100-03-01T00:00:00.000Z"},  // 2100 is not a leap year
      {-1, "1969-12-31T23:59:59.999Z"},
  };
  for (const auto& [millis, expected] : cases) {
    EXPECT_EQ(Rfc3339Utc(system_clock::time_point(milliseconds(millis))), expected) << millis;
  }
}

TEST(ResponsePolicyTest, HeaderSafety) {
  EXPECT_TRUE(IsSafeHeader({"Location", "/a?b=c"}));
  EXPECT_FALSE(IsSafeHeader({"Location", "/a\r\nSet-Cookie: x=y"}));
  EXPECT_FALSE(IsSafeHeader({"Location", "/a\nb"}));
  EXPECT_FALSE(IsSafeHeader({"Location", std::string("a\0b", 3)}));
  EXPECT_FALSE(IsSafeHeader({"Bad Name", "v"}));
  EXPECT_FALSE(IsSafeHeader({"", "v"}));
  EXPECT_FALSE(IsSafeHeader({"X:Y", "v"}));
}

}  // namespace
}  // namespace amtsweg::http
