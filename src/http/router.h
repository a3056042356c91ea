#pragma once
// Maps method + path to a handler. Patterns are literal segments and `{name}` parameters:
//
//   router.Get("/api/v1/processes/{process}", handler);
//   auto match = router.Find(Method::kGet, "/api/v1/processes/hund");
//   // match.status == 200, match.params == {{"process","hund"}}, match.route == pattern
//
// Find distinguishes 404 (no pattern matches the path) from 405 (the path matches, the method
// does not). HEAD falls back to GET. The pattern is the label for per-route metrics.
//
// Pattern syntax (a bad pattern is a programmer error: Add throws std::invalid_argument):
//   /a/b         literal segments, compared byte for byte with the percent-decoded path
//   /a/{id}      a parameter: exactly one non-empty segment
//   /static/{path...}  a catch-all, only as the last segment: the rest of the path (one or more
//                non-empty characters, slashes included), e.g. "css/site.css"
// Trailing slashes are significant: "/a/" and "/a" are different paths; "/a/" matches neither
// "/a" nor "/a/{id}" (its last segment is empty). When several patterns match, the more specific
// wins, segment by segment: literal before parameter before catch-all.

#include <deque>
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
  void Get(std::string pattern, Handler handler) {
    Add(Method::kGet, std::move(pattern), std::move(handler));
  }
  void Post(std::string pattern, Handler handler) {
    Add(Method::kPost, std::move(pattern), std::move(handler));
  }

  struct Match {
    int status = 404;                             // 200 found, 404 no such path, 405 method not allowed
    const std::string* route = nullptr;           // the matched pattern (stable for the router's life)
    const Handler* handler = nullptr;             // exactly one of handler / async_handler
    const AsyncHandler* async_handler = nullptr;  // is set when status == 200
    std::vector<std::pair<std::string, std::string>> params;
    std::string allow;  // for 405: the Allow header value
  };
  [[nodiscard]] Match Find(Method method, std::string_view path) const;

 private:
  struct Segment {
    enum Kind { kLiteral = 2, kParam = 1, kCatchAll = 0 } kind;  // value = specificity
    std::string text;                                            // literal text or parameter name
  };
  struct Route {
    Method method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
    AsyncHandler async_handler;
  };
  void AddRoute(Method method, std::string pattern, Handler handler, AsyncHandler async_handler);
  static bool Matches(const Route& route, const std::vector<std::string_view>& path,
                      std::vector<std::pair<std::string, std::string>>* params);
  static bool MoreSpecific(const Route& a, const Route& b);
  std::deque<Route> routes_;  // a deque keeps Match::route pointers stable across Add
};

}  // namespace amtsweg::http
