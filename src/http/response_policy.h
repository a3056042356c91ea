#pragma once
// What the server adds to and says in responses, kept apart from the socket code so it can be
// tested without I/O: the security headers on every response, the error responses the
// transport produces itself (JSON for API clients, German plain text otherwise), and the
// access-log line.
//
//   auto headers = SecurityHeaders(/*hsts=*/false);   // CSP, nosniff, X-Frame-Options, ...
//   Response r = TransportError(TransportErrorKind::kPayloadTooLarge, WantsJson(path, accept));

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace amtsweg::http {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
inline constexpr std::string_view kServerName = "amtsweg";

// Headers on every response. A handler may override any of them by setting the same header.
[[nodiscard]] std::vector<Header> SecurityHeaders(bool hsts);

// True for /api/ paths and for clients whose Accept header names JSON.
[[nodiscard]] bool WantsJson(std::string_view path, std::string_view accept);

enum class TransportErrorKind {
  kBadRequest,          // 400 bad_request
  kNotFound,            // 404 not_found
  kMethodNotAllowed,    // 405 method_not_allowed
  kPayloadTooLarge,     // 413 payload_too_large
  kHeaderTooLarge,      // 431 header_too_large
  kInternal,            // 500 internal_error
  kServiceUnavailable,  // 503 shutting_down
};

// {"errors":[{"field":"","code":"payload_too_large","message":"Die Anfrage ist zu groß."}]}
// when `json`, else the German message as text/plain.
[[nodiscard]] Response TransportError(TransportErrorKind kind, bool json);

// RFC 3339 UTC with milliseconds: "2026-11-30T08:42:14.123Z".
[[nodiscard]] std::string Rfc3339Utc(std::chrono::system_clock::time_point time);

struct AccessLogEntry {
  std::chrono::system_clock::time_point time;
  Method method = Method::kGet;
  std::string_view route;  // the route pattern or "unmatched" — never the raw path or query
  int status = 0;
  double duration_ms = 0;
  std::size_t bytes = 0;  // response body bytes sent
};

// One JSON object and a newline. Contains no IP address, header, path, query or body.
[[nodiscard]] std::string AccessLogLine(const AccessLogEntry& entry);

// True when a header name/value pair can be written without enabling response splitting.
[[nodiscard]] bool IsSafeHeader(const Header& header);

}  // namespace amtsweg::http
