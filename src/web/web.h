#pragma once
// Everything the browser talks to: static assets (KERN UX and our own CSS/JS) and the HTML
// pages. One object owns the templates, the layout and every route group; the binary creates it
// once and registers it on the router:
//
//   auto web = Web::Create(catalog, storage, registry, {.web_root = *LocateWebRoot(flag, DefaultWebRoots()),
//                                            .sandbox = options.sandbox});
//   if (!web) fail(web.error());
//   (*web)->Register(router);
//
// Assets come from the web root, a directory holding `web/static/` (served at /static/…) and
// `node_modules/@kern-ux/native/dist/` (served at /static/kern/…, installed by `npm ci`). Both
// are checked when the Web is created, so a missing `npm ci` is a clear error at start, not a
// page without styles.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "catalog/catalog.h"
#include "http/router.h"
#include "metrics/metrics.h"
#include "storage/storage.h"
#include "web/layout.h"

namespace amtsweg::monitor {
class Recorder;
}

namespace amtsweg::web {

class Journey;
class MonitorPages;
class Portal;
class RegistryPages;

inline constexpr const char* kKernDist = "node_modules/@kern-ux/native/dist";
inline constexpr const char* kStaticDir = "web/static";
// json-logic-js, for the form rules in the browser (served at /static/json-logic/logic.js).
inline constexpr const char* kJsonLogicDir = "node_modules/json-logic-js";

struct WebOptions {
  std::string web_root;                         // see above; LocateWebRoot finds it
  bool sandbox = false;                         // "Testumgebung" banner on every page
  bool secure_cookies = false;                  // TLS in front (--hsts): cookies get Secure
  std::chrono::hours draft_retention{24 * 30};  // drafts expire this long after the last save
  monitor::Recorder* recorder = nullptr;        // usage events for the process monitor; none when null
};

class Web final {
 public:
  // Loads the embedded templates and checks the assets below `options.web_root`. Errors are
  // English sentences for the operator.
  [[nodiscard]] static tl::expected<std::unique_ptr<Web>, std::string> Create(
      std::shared_ptr<const catalog::Catalog> catalog, storage::Storage& storage, metrics::Registry& registry,
      WebOptions options);
  ~Web();
  Web(const Web&) = delete;
  Web& operator=(const Web&) = delete;

  // Registers every web route; the Web must outlive the router's use of them.
  void Register(http::Router& router) const;

  [[nodiscard]] const Layout& layout() const { return layout_; }
  [[nodiscard]] const std::shared_ptr<const Templates>& templates() const { return templates_; }

 private:
  Web(std::shared_ptr<const catalog::Catalog> catalog, storage::Storage& storage, metrics::Registry& registry,
      WebOptions options, std::shared_ptr<const Templates> templates);
  void RegisterAssets(http::Router& router) const;

  std::shared_ptr<const catalog::Catalog> catalog_;
  storage::Storage& storage_;    // for the citizen journey (drafts, submissions)
  metrics::Registry& registry_;  // likewise
  WebOptions options_;
  std::shared_ptr<const Templates> templates_;
  Layout layout_;
  std::unique_ptr<Portal> portal_;
  std::unique_ptr<Journey> journey_;
  std::unique_ptr<MonitorPages> monitor_;
  std::unique_ptr<RegistryPages> registry_pages_;
};

// Missing files (relative to `root`) that the pages need; empty when `root` is complete.
[[nodiscard]] std::vector<std::string> MissingAssets(const std::string& root);

// The web root: `explicit_root` when given (it must be complete), else the first complete
// directory among `candidates`. The error lists what is missing where and how to fix it.
[[nodiscard]] tl::expected<std::string, std::string> LocateWebRoot(
    const std::optional<std::string>& explicit_root, const std::vector<std::string>& candidates);

// Where to look by default: the current directory, then the executable's directory and its
// two parents (a build directory inside the source tree), then <prefix>/share/amtsweg.
[[nodiscard]] std::vector<std::string> DefaultWebRoots();

// A short version string over the asset contents for cache busting (?v=…); empty when a file
// cannot be read.
[[nodiscard]] std::string AssetVersion(const std::string& root);

}  // namespace amtsweg::web
