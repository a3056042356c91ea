#pragma once
// Maps method + path to a handler. Patterns are literal segments and `{name}` parameters:
//
//   router.Get("/api/v1/processes/{process}", handler);
//   auto match = router.Find(Method::kGet, "/api/v1/processes/hund");
//   // match.status == 200, match.params == {{"process","hund"}}, match.route == pattern
//
// Find distinguishes 404 (no pattern matches the path) from 405 (the path matches, the method
// does not). HEAD falls back to GET. The pattern is the label for per-route metrics.

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "http/message.h"

namespace amtsweg::http {

class Router final {
 public:
  void Add(Method method, std::string pattern, Handler handler);
  void AddAsync(Method method, std::string pattern, AsyncHandler handler);
  void Get(std::string pattern, Handler handler) { Add(Method::kGet, std::move(pattern), std::move(handler)); }
  void Post(std::string pattern, Handler handler) { Add(Method::kPost, std::move(pattern), std::move(handler)); }

  struct Match {
    int status = 404;  // 200 found, 404 no such path, 405 method not allowed
    const std::string* route = nullptr;  // the matched pattern (stable for the router's life)
    const Handler* handler = nullptr;             // exactly one of handler / async_handler
    const AsyncHandler* async_handler = nullptr;  // is set when status == 200
    std::vector<std::pair<std::string, std::string>> params;
    std::string allow;  // for 405: the Allow header value
  };
  [[nodiscard]] Match Find(Method method, std::string_view path) const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    AsyncHandler async_handler;
  };
  std::vector<Route> routes_;
};

}  // namespace amtsweg::http
