// Web routes and assets (see web.h).

#include "web/web.h"

#include "web/journey.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "http/static_files.h"
#include "web/monitor_pages.h"
#include "web/portal.h"
#include "web/registry_pages.h"

namespace amtsweg::web {
namespace {

namespace fs = std::filesystem;

// Files the layout links to; their presence shows the web root is complete.
const std::vector<std::string>& RequiredAssets() {
  static const std::vector<std::string> kFiles = {
      std::string(kKernDist) + "/kern.min.css", std::string(kKernDist) + "/fonts/fira-sans.css",
      std::string(kStaticDir) + "/amtsweg.css", std::string(kStaticDir) + "/amtsweg.js",
      std::string(kJsonLogicDir) + "/logic.js",
  };
  return kFiles;
}

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string DescribeMissing(const std::string& root, const std::vector<std::string>& missing) {
  std::string text = root + " lacks";
  for (const auto& m : missing) text += " " + m;
  return text;
}

}  // namespace

std::vector<std::string> MissingAssets(const std::string& root) {
  std::vector<std::string> missing;
  for (const auto& file : RequiredAssets()) {
    std::error_code ec;
    if (!fs::is_regular_file(fs::path(root) / file, ec)) missing.push_back(file);
  }
  return missing;
}

tl::expected<std::string, std::string> LocateWebRoot(const std::optional<std::string>& explicit_root,
                                                     const std::vector<std::string>& candidates) {
  constexpr const char* kHint = " (run `npm ci` in the source tree, or pass --web-root DIR)";
  if (explicit_root) {
    auto missing = MissingAssets(*explicit_root);
    if (missing.empty()) return *explicit_root;
    return tl::unexpected("the web root " + DescribeMissing(*explicit_root, missing) + kHint);
  }
  std::string tried;
  for (const auto& candidate : candidates) {
    auto missing = MissingAssets(candidate);
    if (missing.empty()) return candidate;
    tried += (tried.empty() ? "" : "; ") + DescribeMissing(candidate, missing);
  }
  return tl::unexpected("cannot find the web assets: " +
                        (tried.empty() ? std::string("no directory to search") : tried) + kHint);
}

std::vector<std::string> DefaultWebRoots() {
  std::vector<std::string> roots;
  std::error_code ec;
  if (auto cwd = fs::current_path(ec); !ec) roots.push_back(cwd.string());
  if (auto exe = fs::read_symlink("/proc/self/exe", ec); !ec) {
    fs::path dir = exe.parent_path();
    roots.push_back(dir.string());
    roots.push_back(dir.parent_path().string());
    roots.push_back(dir.parent_path().parent_path().string());
    roots.push_back((dir.parent_path() / "share" / "amtsweg").string());
  }
  return roots;
}

std::string AssetVersion(const std::string& root) {
  std::string all;
  for (const auto& file : RequiredAssets()) {
    auto content = ReadFile(fs::path(root) / file);
    if (!content) return {};
    all += *content;
  }
  std::string etag = http::StrongETag(all);  // "\"<16 hex>\""
  return etag.size() > 2 ? etag.substr(1, etag.size() - 2) : std::string();
}

tl::expected<std::unique_ptr<Web>, std::string> Web::Create(std::shared_ptr<const catalog::Catalog> catalog,
                                                            storage::Storage& storage,
                                                            metrics::Registry& registry, WebOptions options) {
  if (auto missing = MissingAssets(options.web_root); !missing.empty())
    return tl::unexpected("the web root " + DescribeMissing(options.web_root, missing));
  auto templates = Templates::Embedded();
  if (!templates) {
    std::string text = "the HTML templates have errors:";
    for (const auto& e : templates.error()) text += "\n  " + e;
    return tl::unexpected(text);
  }
  return std::unique_ptr<Web>(new Web(std::move(catalog), storage, registry, std::move(options), *templates));
}

Web::Web(std::shared_ptr<const catalog::Catalog> catalog, storage::Storage& storage,
         metrics::Registry& registry, WebOptions options, std::shared_ptr<const Templates> templates)
    : catalog_(std::move(catalog)),
      storage_(storage),
      registry_(registry),
      options_(std::move(options)),
      templates_(std::move(templates)),
      layout_(templates_, {.sandbox = options_.sandbox, .asset_version = AssetVersion(options_.web_root)}),
      portal_(std::make_unique<Portal>(
          catalog_, layout_,
          UsageTracker(options_.recorder, [] { return std::chrono::system_clock::now(); }))),
      journey_(std::make_unique<Journey>(catalog_, storage_, layout_, registry_,
                                         JourneyOptions{.sandbox = options_.sandbox,
                                                        .secure_cookies = options_.secure_cookies,
                                                        .draft_retention = options_.draft_retention,
                                                        .recorder = options_.recorder})),
      monitor_(std::make_unique<MonitorPages>(
          catalog_, storage_, layout_,
          MonitorPagesOptions{.secure_cookies = options_.secure_cookies,
                              .now = [] { return std::chrono::system_clock::now(); }})),
      registry_pages_(std::make_unique<RegistryPages>(catalog_, storage_, layout_)) {}

Web::~Web() = default;

void Web::Register(http::Router& router) const {
  RegisterAssets(router);
  portal_->Register(router);
  journey_->Register(router);
  monitor_->Register(router);
  registry_pages_->Register(router);
}

void Web::RegisterAssets(http::Router& router) const {
  const fs::path root(options_.web_root);
  router.Get("/static/kern/{path...}", http::StaticFiles((root / kKernDist).string()));
  router.Get("/static/json-logic/{path...}", http::StaticFiles((root / kJsonLogicDir).string()));
  router.Get("/static/{path...}", http::StaticFiles((root / kStaticDir).string()));
}

}  // namespace amtsweg::web
