#pragma once
// The citizen's way in: the portal start page (choose a municipality, search), the municipality
// page (its online services by topic), the service page (what it is, what you need, "Jetzt
// starten") and the search results. Routes:
//
//   GET /                                       start page; ?gemeinde=AGS → 303 /gemeinden/AGS
//   GET /suche?q=…&gemeinde=AGS                 search results
//   GET /gemeinden/{ags}                        municipality page
//   GET /gemeinden/{ags}/leistungen/{process}   service page
//
// Handlers are thin: the views are built by the pure functions below (tested without a
// server) and rendered through the Layout.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "catalog/ozg.h"
#include "http/router.h"
#include "web/layout.h"
#include "web/usage_tracking.h"

namespace amtsweg::web {

class Portal final {
 public:
  // `layout` must outlive the Portal; `usage` records who views a service page.
  Portal(std::shared_ptr<const catalog::Catalog> catalog, const Layout& layout,
         UsageTracker usage = UsageTracker(nullptr, nullptr));

  void Register(http::Router& router) const;

  [[nodiscard]] http::Response Start(const http::Request& request) const;
  [[nodiscard]] http::Response Municipality(const http::Request& request) const;
  [[nodiscard]] http::Response Service(const http::Request& request) const;
  [[nodiscard]] http::Response Search(const http::Request& request) const;

 private:
  [[nodiscard]] http::Response BadAddress() const;
  std::shared_ptr<const catalog::Catalog> catalog_;
  const Layout& layout_;
  UsageTracker usage_;
};

// URLs of the pages.
[[nodiscard]] std::string MunicipalityPath(std::string_view ags);
[[nodiscard]] std::string ServicePath(std::string_view ags, std::string_view process_id);

// Views (pure). `error` is the German message for the municipality chooser, or empty.
[[nodiscard]] nlohmann::json StartView(const catalog::Catalog& catalog, std::string_view selected_ags,
                                       std::string_view error);
[[nodiscard]] nlohmann::json MunicipalityView(const catalog::Catalog& catalog,
                                              const storage::Municipality& municipality);
[[nodiscard]] nlohmann::json ServiceView(const catalog::OfferedService& service);
[[nodiscard]] nlohmann::json SearchView(const catalog::Catalog& catalog,
                                        const std::vector<catalog::OzgService>& ozg, std::string_view query,
                                        const storage::Municipality* preferred);

// Text helpers (pure): paragraphs of a YAML block text (blank lines separate them, line
// breaks inside a paragraph become spaces); German wording of the audience and the fee.
[[nodiscard]] std::vector<std::string> Paragraphs(std::string_view text);
[[nodiscard]] std::string AudienceText(process::Audience audience);
[[nodiscard]] std::string FeeText(const process::Fee& fee);

}  // namespace amtsweg::web
