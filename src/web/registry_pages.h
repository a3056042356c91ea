#pragma once
// The public pages of the transparency registry (issue 5): who offers which OZG service where, at
// which maturity, who builds which standard process and who reuses it. Routes:
//
//   GET /register                                    coverage per municipality and per district
//   GET /register/leistungen?kommune=AGS&reife=N&themenfeld=…&seite=N
//                                                    which municipality offers which service where
//                                                    (table, filterable, 50 rows a page)
//   GET /register/prozesse                           every standard process: owner, status,
//                                                    version, adopters
//   GET /register/prozesse/{id}                      one process: maturity with its criteria,
//                                                    adopters since when
//   GET /register/kommunen/{ags}                     one municipality: hosted, elsewhere, not online
//
// No JavaScript, no cookies, nothing personal: the pages are public and cacheable for a minute.
// The views are pure functions over a registry::Registry (tested without a server); the
// handlers read storage (registry::LoadRegistry) and render through the Layout.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "catalog/catalog.h"
#include "http/message.h"
#include "http/router.h"
#include "registry/opendata.h"
#include "registry/registry.h"
#include "storage/storage.h"
#include "web/layout.h"

namespace amtsweg::web {

class RegistryPages final {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;
  // `catalog`, `storage` and `layout` must outlive the pages; `now` dates the usage summary.
  RegistryPages(
      std::shared_ptr<const catalog::Catalog> catalog, storage::Storage& storage, const Layout& layout,
      Clock now = [] { return std::chrono::system_clock::now(); });

  void Register(http::Router& router) const;

  [[nodiscard]] http::Response Overview(const http::Request& request) const;
  [[nodiscard]] http::Response Services(const http::Request& request) const;
  [[nodiscard]] http::Response Processes(const http::Request& request) const;
  [[nodiscard]] http::Response Process(const http::Request& request) const;
  [[nodiscard]] http::Response Municipality(const http::Request& request) const;

 private:
  [[nodiscard]] tl::expected<registry::Registry, http::Response> Load() const;
  [[nodiscard]] http::Response Render(const nlohmann::json& view, PageMeta meta) const;

  std::shared_ptr<const catalog::Catalog> catalog_;
  storage::Storage& storage_;
  const Layout& layout_;
  Clock now_;
};

// Started and submitted journeys of one process per municipality (AGS), small counts withheld.
using UsageByAgs = std::map<std::string, registry::UsageCells, std::less<>>;

// Paths of the pages.
[[nodiscard]] std::string RegistryProcessPath(std::string_view id);
[[nodiscard]] std::string RegistryMunicipalityPath(std::string_view ags);

// The service table's query (?kommune=&reife=&themenfeld=&seite=), or a German message saying
// what is wrong (an unknown municipality or Themenfeld, a level outside 0–4, a bad page number).
[[nodiscard]] tl::expected<registry::ServiceQuery, std::string> ParseServiceQuery(const registry::Registry& r,
                                                                                  std::string_view query);

// Views of registry_page.mustache (pure).
[[nodiscard]] nlohmann::json OverviewView(const registry::Registry& r);
[[nodiscard]] nlohmann::json ServicesView(const registry::Registry& r, const registry::ServiceQuery& query);
[[nodiscard]] nlohmann::json ProcessesView(const registry::Registry& r);
// `usage`: the last twelve months per adopter, or null when not read (no section then).
[[nodiscard]] nlohmann::json ProcessView(const registry::Registry& r, const registry::StandardProcess& p,
                                         const UsageByAgs* usage = nullptr);
[[nodiscard]] nlohmann::json MunicipalityRegistryView(const registry::Registry& r,
                                                      const storage::Municipality& m);

// German number and date forms: "2,5", "01.04.2025" (from RFC 3339; "unbekannt" when empty).
[[nodiscard]] std::string GermanDecimal(double value);
[[nodiscard]] std::string GermanDate(std::string_view rfc3339);

}  // namespace amtsweg::web
