#pragma once
// Request and response values passed between the transport (server.cpp, the only file that
// sees Boost.Beast) and the handlers. Handlers never touch sockets.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amtsweg::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  Method method = Method::kGet;
  std::string target;  // raw request-target as received
  std::string path;    // percent-decoded path, without the query
  std::string query;   // raw query string, without '?'
  std::vector<Header> headers;
  std::string body;
  std::vector<std::pair<std::string, std::string>> params;  // path parameters, set by the router
  std::string remote_address;                               // for rate limiting only; never logged

  // Case-insensitive; empty when absent.
  [[nodiscard]] std::string_view GetHeader(std::string_view name) const;
  // Path parameter by name; empty when absent.
  [[nodiscard]] std::string_view Param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<Header> headers;  // extra headers (Location, ETag, Retry-After, ...)
};

[[nodiscard]] Response TextResponse(int status, std::string body);
[[nodiscard]] Response JsonResponse(int status, std::string body);  // application/json

// "GET", "HEAD", ...; "OTHER" for kOther (the raw token is attacker-chosen and never echoed).
[[nodiscard]] std::string_view MethodName(Method method);
// Exact, case-sensitive token match as RFC 9110 requires; unknown tokens give kOther.
[[nodiscard]] Method ParseMethod(std::string_view token);

// A synchronous handler runs on the I/O thread and must not block for long.
using Handler = std::function<Response(const Request&)>;
// An asynchronous handler calls `reply` exactly once, from any thread (e.g. after a group
// commit became durable). The server resumes the connection when it is called.
using Reply = std::function<void(Response)>;
using AsyncHandler = std::function<void(const Request&, Reply)>;

}  // namespace amtsweg::http
