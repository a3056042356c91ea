#pragma once
// The frame of every HTML page (web/templates/layout.mustache): <html lang="de">, skip link,
// header with the sandbox banner, breadcrumbs, main#inhalt, footer. A handler renders its body
// template through Layout and gets a complete response:
//
//   Layout layout(templates, {.sandbox = true, .asset_version = "3f2a…"});
//   return layout.Page(200, "portal_service", view,
//                      {.title = "Hund anmelden", .crumbs = {{"Startseite", "/"}, {"Stuttgart",
//                      "/gemeinden/08111000"},
//                                                            {"Hund anmelden", ""}}});
//   return layout.NotFound();           // German 404 page
//   return Layout::SeeOther("/gemeinden/08111000");
//
// A render error (a template bug) is logged to stderr and answered with a plain 500; it never
// reaches the citizen as a half page.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/message.h"
#include "web/templates.h"

namespace amtsweg::web {

struct LayoutOptions {
  bool sandbox = false;       // shows the "Testumgebung" banner on every page
  std::string asset_version;  // cache buster for CSS/JS links (?v=…); empty: none
  std::string site_name = "amtsweg";
};

// One breadcrumb; the current page comes last, with an empty href.
struct Crumb {
  std::string label;
  std::string href;
};

struct PageMeta {
  std::string title;        // <title>, without the "Fehler: " prefix and the site name
  bool has_errors = false;  // prefixes the title with "Fehler: "
  std::vector<Crumb> crumbs;
};

class Layout final {
 public:
  Layout(std::shared_ptr<const Templates> templates, LayoutOptions options);

  // Renders `body_template` with `body_view` and wraps it in the layout (text/html).
  [[nodiscard]] http::Response Page(int status, std::string_view body_template,
                                    const nlohmann::json& body_view, const PageMeta& meta) const;
  // The same for a layered body view (`body_overlay` over `body_base`, see mustache.h).
  [[nodiscard]] http::Response Page(int status, std::string_view body_template,
                                    const nlohmann::json& body_base, const nlohmann::json& body_overlay,
                                    const PageMeta& meta) const;
  // The same for a body specialised against its static view (mustache_program.h), rendered with
  // `body_overlay`.
  [[nodiscard]] http::Response Page(int status, const mustache::Program& body,
                                    const nlohmann::json& body_overlay, const PageMeta& meta) const;
  // A short page with a heading and paragraphs (404, 400, 403 …), in German.
  [[nodiscard]] http::Response Message(int status, std::string_view heading,
                                       const std::vector<std::string>& paragraphs) const;
  [[nodiscard]] http::Response NotFound() const;
  // 303 See Other to a local path.
  [[nodiscard]] static http::Response SeeOther(std::string location);

  // The layout's view for `content` (exposed for tests and for pages rendered elsewhere).
  [[nodiscard]] nlohmann::json LayoutView(const PageMeta& meta, std::string content) const;
  // LayoutView in two layers: what the options fix (lang, site name, sandbox, asset version) and
  // what each page brings (title, has_errors, crumbs, content). The layout template is
  // specialised against the first once (mustache_program.h); pages render only the second.
  [[nodiscard]] nlohmann::json LayoutStaticView() const;
  [[nodiscard]] static nlohmann::json LayoutOverlay(const PageMeta& meta, std::string content);
  [[nodiscard]] const Templates& templates() const { return *templates_; }
  [[nodiscard]] const std::shared_ptr<const Templates>& shared_templates() const { return templates_; }
  [[nodiscard]] const LayoutOptions& options() const { return options_; }

 private:
  // `content` wrapped in the layout.
  [[nodiscard]] http::Response Wrap(int status, const PageMeta& meta, std::string content) const;

  std::shared_ptr<const Templates> templates_;
  LayoutOptions options_;
  // The layout specialised against LayoutStaticView; null when the templates have no layout.
  std::shared_ptr<const mustache::Program> program_;
};

}  // namespace amtsweg::web
