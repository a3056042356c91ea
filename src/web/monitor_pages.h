#pragma once
// The process monitor's pages for staff (issue 5): how each online service is used. Routes:
//
//   GET  /monitor                          sign-in form, or the municipalities of the key's scope
//   POST /monitor/anmelden                 key -> cookie amtsweg_monitor (HttpOnly, Strict, /monitor)
//   POST /monitor/abmelden                 clears it
//   GET  /monitor/{ags}                    services ranked by use and conversion, online share,
//                                          paper counts (form)
//   POST /monitor/{ags}/papier             enter a paper count (service, month, count)
//   GET  /monitor/{ags}/{process}          funnel, drop-off, time to submit, error fields,
//                                          devices, weekly trend
//   GET  /monitor/vergleich/{process}      every municipality running the process (when one of the
//                                          scope does); detail links only to the scope's own
//
// Every GET view also answers ?format=csv and ?format=json (the same tables; a key may come as
// "Authorization: Bearer <key>" there) and reads the filters of monitor/dashboard.h. A key sees
// only the municipalities of its scope; any other AGS is answered with 403 whether it exists or
// not. POSTs need our Origin and the CSRF token derived from the key. All answers are no-store.
//
// The numbers come from monitor/dashboard_query.h; this file only reads requests and renders.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "http/message.h"
#include "http/router.h"
#include "monitor/access.h"
#include "monitor/dashboard.h"
#include "storage/storage.h"
#include "web/layout.h"

namespace amtsweg::web {

inline constexpr std::string_view kMonitorCookie = "amtsweg_monitor";

struct MonitorPagesOptions {
  bool secure_cookies = false;
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
};

class MonitorPages final {
 public:
  // `catalog`, `storage` and `layout` must outlive the pages.
  MonitorPages(std::shared_ptr<const catalog::Catalog> catalog, storage::Storage& storage,
               const Layout& layout, MonitorPagesOptions options);

  void Register(http::Router& router) const;

  [[nodiscard]] http::Response Overview(const http::Request& request) const;
  [[nodiscard]] http::Response SignIn(const http::Request& request) const;
  [[nodiscard]] http::Response SignOut(const http::Request& request) const;
  [[nodiscard]] http::Response Municipality(const http::Request& request) const;
  [[nodiscard]] http::Response SavePaper(const http::Request& request) const;
  [[nodiscard]] http::Response Service(const http::Request& request) const;
  [[nodiscard]] http::Response Comparison(const http::Request& request) const;

  enum class Format { kHtml, kCsv, kJson };

  // What every GET view reads first: the format, the key's access, the filters.
  struct ViewRequest {
    Format format = Format::kHtml;
    monitor::Access access;
    monitor::ViewFilter filter;
    std::vector<std::pair<std::string, std::string>> query;
  };

 private:
  // The ViewRequest, or the answer when the request cannot be served (400, 401, 503).
  [[nodiscard]] std::variant<ViewRequest, http::Response> Open(const http::Request& request) const;
  [[nodiscard]] std::optional<monitor::Access> SessionAccess(const http::Request& request, bool allow_bearer,
                                                             bool& storage_failed) const;
  [[nodiscard]] const storage::Municipality* AllowedMunicipality(const ViewRequest& view,
                                                                 std::string_view ags,
                                                                 http::Response& denied) const;
  [[nodiscard]] http::Response MunicipalityPage(const ViewRequest& view, const storage::Municipality& m,
                                                const nlohmann::json& paper_form, int status) const;
  [[nodiscard]] http::Response Render(const ViewRequest& view, const monitor::Report& report,
                                      nlohmann::json page, const PageMeta& meta, int status = 200) const;
  [[nodiscard]] http::Response SignInPage(int status, std::string_view error, std::string_view next) const;
  [[nodiscard]] http::Response Problem(Format format, int status, std::string code,
                                       std::string message) const;
  [[nodiscard]] std::int64_t Today() const;

  std::shared_ptr<const catalog::Catalog> catalog_;
  storage::Storage& storage_;
  const Layout& layout_;
  MonitorPagesOptions options_;
};

// URLs of the views.
[[nodiscard]] std::string MonitorMunicipalityPath(std::string_view ags);
[[nodiscard]] std::string MonitorServicePath(std::string_view ags, std::string_view process);
[[nodiscard]] std::string MonitorComparisonPath(std::string_view process);

// The cookie that holds a key (or clears it when `key` is empty).
[[nodiscard]] std::string MonitorCookie(std::string_view key, bool secure);

// Views for the templates (pure). A report table as the monitor_table partial renders it.
[[nodiscard]] nlohmann::json TableView(const monitor::Table& table);
// The filter form: the current values, the period choices, the export links of `path`.
[[nodiscard]] nlohmann::json FilterView(std::string_view path, const monitor::ViewFilter& filter,
                                        const std::vector<std::pair<std::string, std::string>>& query);
// The charts of a report (id of the table they precede -> SVG).
[[nodiscard]] std::map<std::string, std::string> ReportCharts(const monitor::Report& report);

}  // namespace amtsweg::web
