// Route table: a linear scan over parsed patterns. Route counts are in the dozens, so a scan of
// pre-split segments beats a trie on clarity and is fast enough (see docs/http.md).

#include "http/router.h"

#include <array>
#include <stdexcept>

namespace amtsweg::http {
namespace {

// "/a/b/" -> {"a", "b", ""}; "/" -> {""}. The views point into `path`.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path.front() != '/') return segments;
  std::size_t start = 1;
  while (true) {
    const std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      segments.push_back(path.substr(start));
      return segments;
    }
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

bool IsParamName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

constexpr std::array<Method, 7> kAllowOrder{Method::kGet,   Method::kHead,   Method::kPost,   Method::kPut,
                                            Method::kPatch, Method::kDelete, Method::kOptions};

}  // namespace

void Router::Add(Method method, std::string pattern, Handler handler) {
  AddRoute(method, std::move(pattern), std::move(handler), nullptr);
}

void Router::AddAsync(Method method, std::string pattern, AsyncHandler handler) {
  AddRoute(method, std::move(pattern), nullptr, std::move(handler));
}

void Router::AddRoute(Method method, std::string pattern, Handler handler, AsyncHandler async_handler) {
  if (method == Method::kOther) throw std::invalid_argument("router: cannot route Method::kOther");
  if (!handler && !async_handler) throw std::invalid_argument("router: empty handler for " + pattern);
  const auto parts = SplitPath(pattern);
  if (parts.empty()) throw std::invalid_argument("router: pattern must start with '/': " + pattern);
  Route route{method, pattern, {}, std::move(handler), std::move(async_handler)};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string_view part = parts[i];
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      std::string_view name = part.substr(1, part.size() - 2);
      Segment::Kind kind = Segment::kParam;
      if (name.size() > 3 && name.substr(name.size() - 3) == "...") {
        name.remove_suffix(3);
        kind = Segment::kCatchAll;
        if (i + 1 != parts.size()) throw std::invalid_argument("router: catch-all must be last: " + pattern);
      }
      if (!IsParamName(name)) throw std::invalid_argument("router: bad parameter name in " + pattern);
      route.segments.push_back({kind, std::string(name)});
    } else if (part.find_first_of("{}") != std::string_view::npos) {
      throw std::invalid_argument("router: braces must enclose a whole segment: " + pattern);
    } else {
      route.segments.push_back({Segment::kLiteral, std::string(part)});
    }
  }
  for (const auto& existing : routes_) {
    if (existing.method == method && existing.pattern == pattern) {
      throw std::invalid_argument("router: duplicate route " + pattern);
    }
  }
  routes_.push_back(std::move(route));
}

bool Router::Matches(const Route& route, const std::vector<std::string_view>& path,
                     std::vector<std::pair<std::string, std::string>>* params) {
  const auto& segments = route.segments;
  const bool catch_all = !segments.empty() && segments.back().kind == Segment::kCatchAll;
  if (catch_all ? path.size() < segments.size() : path.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const Segment& segment = segments[i];
    if (segment.kind == Segment::kLiteral) {
      if (segment.text != path[i]) return false;
    } else if (segment.kind == Segment::kParam) {
      if (path[i].empty()) return false;
      if (params != nullptr) params->emplace_back(segment.text, std::string(path[i]));
    } else {
      // The rest of the path: from this segment's first byte to the end of the last one.
      const std::string_view last = path.back();
      const std::string_view rest(path[i].data(), last.data() + last.size() - path[i].data());
      if (rest.empty()) return false;
      if (params != nullptr) params->emplace_back(segment.text, std::string(rest));
    }
  }
  return true;
}

bool Router::MoreSpecific(const Route& a, const Route& b) {
  const std::size_t n = std::min(a.segments.size(), b.segments.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a.segments[i].kind != b.segments[i].kind) return a.segments[i].kind > b.segments[i].kind;
  }
  return a.segments.size() > b.segments.size();
}

Router::Match Router::Find(Method method, std::string_view path) const {
  Match match;
  const auto segments = SplitPath(path);
  if (segments.empty()) return match;  // not an origin-form path: 404

  const Route* best = nullptr;
  const Route* best_get = nullptr;  // for HEAD without an explicit HEAD route
  bool allowed[kAllowOrder.size()] = {};
  bool path_known = false;
  for (const Route& route : routes_) {
    if (!Matches(route, segments, nullptr)) continue;
    path_known = true;
    for (std::size_t i = 0; i < kAllowOrder.size(); ++i) {
      if (kAllowOrder[i] == route.method) allowed[i] = true;
    }
    if (route.method == method && (best == nullptr || MoreSpecific(route, *best))) best = &route;
    if (route.method == Method::kGet && (best_get == nullptr || MoreSpecific(route, *best_get)))
      best_get = &route;
  }
  if (best == nullptr && method == Method::kHead) best = best_get;
  if (best == nullptr) {
    if (!path_known) return match;
    match.status = 405;
    if (allowed[0]) allowed[1] = true;  // GET implies HEAD
    for (std::size_t i = 0; i < kAllowOrder.size(); ++i) {
      if (!allowed[i]) continue;
      if (!match.allow.empty()) match.allow += ", ";
      match.allow += MethodName(kAllowOrder[i]);
    }
    return match;
  }
  Matches(*best, segments, &match.params);
  match.status = 200;
  match.route = &best->pattern;
  if (best->handler) {
    match.handler = &best->handler;
  } else {
    match.async_handler = &best->async_handler;
  }
  return match;
}

}  // namespace amtsweg::http
