// Security headers, transport error bodies and the access-log line. See response_policy.h.

#include "http/response_policy.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace amtsweg::http {
namespace {

struct ErrorText {
  int status;
  std::string_view code;
  std::string_view message;
};

ErrorText TextFor(TransportErrorKind kind) {
  switch (kind) {
    case TransportErrorKind::kBadRequest:
      return {400, "bad_request", "Die Anfrage ist ungültig."};
    case TransportErrorKind::kNotFound:
      return {404, "not_found", "Die Seite wurde nicht gefunden."};
    case TransportErrorKind::kMethodNotAllowed:
      return {405, "method_not_allowed", "Diese Methode ist hier nicht erlaubt."};
    case TransportErrorKind::kPayloadTooLarge:
      return {413, "payload_too_large", "Die Anfrage ist zu groß."};
    case TransportErrorKind::kHeaderTooLarge:
      return {431, "header_too_large", "Die Kopfzeilen der Anfrage sind zu groß."};
    case TransportErrorKind::kServiceUnavailable:
      return {503, "shutting_down",
              "Der Dienst wird gerade neu gestartet. Bitte versuchen Sie es gleich noch einmal."};
    case TransportErrorKind::kInternal:
      break;
  }
  return {500, "internal_error", "Ein interner Fehler ist aufgetreten."};
}

}  // namespace

std::vector<Header> SecurityHeaders(bool hsts) {
  std::vector<Header> headers = {
      {"Content-Security-Policy", std::string(kContentSecurityPolicy)},
      {"X-Content-Type-Options", "nosniff"},
      // Not no-referrer: with no-referrer, browsers send `Origin: null` on same-origin form
      // POSTs, which would break Origin-based CSRF checks. Cross-origin only the origin leaks.
      {"Referrer-Policy", "strict-origin-when-cross-origin"},
      {"X-Frame-Options", "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
  };
  if (hsts) headers.push_back({"Strict-Transport-Security", "max-age=31536000; includeSubDomains"});
  return headers;
}

bool WantsJson(std::string_view path, std::string_view accept) {
  return path.substr(0, 5) == "/api/" || path == "/api" ||
         accept.find("application/json") != std::string_view::npos;
}

Response TransportError(TransportErrorKind kind, bool json) {
  const ErrorText text = TextFor(kind);
  if (!json) return TextResponse(text.status, std::string(text.message) + "\n");
  const nlohmann::ordered_json body = {
      {"errors",
       nlohmann::ordered_json::array({{{"field", ""}, {"code", text.code}, {"message", text.message}}})}};
  return JsonResponse(text.status, body.dump());
}

std::string Rfc3339Utc(std::chrono::system_clock::time_point time) {
  // Civil date from days since the epoch (H. Hinnant's algorithm): unlike gmtime_r, which takes
  // glibc's timezone lock, this is lock-free — it runs for every access-log line.
  const auto since_epoch = time.time_since_epoch();
  const long long millis_total = std::chrono::floor<std::chrono::milliseconds>(since_epoch).count();
  const long long days_since_epoch =
      (millis_total >= 0 ? millis_total : millis_total - 86'399'999) / 86'400'000;
  const long long millis_of_day = millis_total - days_since_epoch * 86'400'000;
  const long long z = days_since_epoch + 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  const long long day = doy - (153 * mp + 2) / 5 + 1;
  const long long month = mp < 10 ? mp + 3 : mp - 9;
  const long long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ", year, month, day,
                millis_of_day / 3'600'000, millis_of_day / 60'000 % 60, millis_of_day / 1000 % 60,
                millis_of_day % 1000);
  return buffer;
}

std::string AccessLogLine(const AccessLogEntry& entry) {
  // Written by hand, not with nlohmann::json: this runs once per request.
  std::string line;
  line.reserve(160);
  line += "{\"time\":\"";
  line += Rfc3339Utc(entry.time);
  line += "\",\"method\":\"";
  line += MethodName(entry.method);
  line += "\",\"route\":\"";
  for (char c : entry.route) {  // routes are patterns from code; escape anyway
    if (c == '"' || c == '\\') {
      line += '\\';
      line += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      line += ' ';
    } else {
      line += c;
    }
  }
  char numbers[96];
  std::snprintf(numbers, sizeof numbers, "\",\"status\":%d,\"duration_ms\":%.3f,\"bytes\":%zu}\n",
                entry.status, entry.duration_ms, entry.bytes);
  line += numbers;
  return line;
}

bool IsSafeHeader(const Header& header) {
  if (header.name.empty()) return false;
  for (char c : header.name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return header.value.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos;
}

}  // namespace amtsweg::http
