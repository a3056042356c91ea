// Wraps page bodies in web/templates/layout.mustache (see layout.h).

#include "web/layout.h"

#include <iostream>

namespace amtsweg::web {
namespace {

http::Response InternalError(std::string_view what, const std::string& error) {
  std::cerr << "amtsweg: rendering " << what << " failed: " << error << std::endl;
  return http::TextResponse(500, "Interner Fehler. Bitte versuchen Sie es später noch einmal.");
}

}  // namespace

Layout::Layout(std::shared_ptr<const Templates> templates, LayoutOptions options)
    : templates_(std::move(templates)), options_(std::move(options)) {
  const auto shape = mustache::OverlayShape::Object({{"title", mustache::OverlayShape::Any()},
                                                     {"has_errors", mustache::OverlayShape::Any()},
                                                     {"has_crumbs", mustache::OverlayShape::Any()},
                                                     {"crumbs", mustache::OverlayShape::Any()},
                                                     {"content", mustache::OverlayShape::Any()}});
  if (templates_->Has("layout")) {
    auto program =
        templates_->Specialize("layout", std::make_shared<const nlohmann::json>(LayoutStaticView()), shape);
    if (program) program_ = std::make_shared<const mustache::Program>(std::move(*program));
  }
}

nlohmann::json Layout::LayoutStaticView() const {
  return {
      {"lang", "de"},
      {"site_name", options_.site_name},
      {"sandbox", options_.sandbox},
      {"asset_version",  // a section: null when empty (mustache treats "" as true)
       options_.asset_version.empty() ? nlohmann::json(nullptr) : nlohmann::json(options_.asset_version)}};
}

nlohmann::json Layout::LayoutOverlay(const PageMeta& meta, std::string content) {
  nlohmann::json crumbs = nlohmann::json::array();
  for (const auto& crumb : meta.crumbs) {
    nlohmann::json item = {{"label", crumb.label}};
    if (!crumb.href.empty()) item["href"] = crumb.href;
    crumbs.push_back(std::move(item));
  }
  nlohmann::json overlay = nlohmann::json::object();
  overlay["title"] = meta.title;
  overlay["has_errors"] = meta.has_errors;
  overlay["has_crumbs"] = !meta.crumbs.empty();
  overlay["crumbs"] = std::move(crumbs);
  overlay["content"] = std::move(content);
  return overlay;
}

nlohmann::json Layout::LayoutView(const PageMeta& meta, std::string content) const {
  return mustache::Merged(LayoutStaticView(), LayoutOverlay(meta, std::move(content)));
}

http::Response Layout::Wrap(int status, const PageMeta& meta, std::string content) const {
  http::Response response;
  if (program_ != nullptr) {
    response.body.reserve(content.size() + 4096);
    mustache::Render(*program_, LayoutOverlay(meta, std::move(content)), response.body);
  } else {
    auto html = templates_->Render("layout", LayoutView(meta, std::move(content)));
    if (!html) return InternalError("layout", html.error());
    response.body = std::move(*html);
  }
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  return response;
}

http::Response Layout::Page(int status, std::string_view body_template, const nlohmann::json& body_view,
                            const PageMeta& meta) const {
  return Page(status, body_template, body_view, nlohmann::json(), meta);
}

http::Response Layout::Page(int status, std::string_view body_template, const nlohmann::json& body_base,
                            const nlohmann::json& body_overlay, const PageMeta& meta) const {
  auto body = templates_->Render(body_template, body_base, body_overlay);
  if (!body) return InternalError(body_template, body.error());
  return Wrap(status, meta, std::move(*body));
}

http::Response Layout::Page(int status, const mustache::Program& body, const nlohmann::json& body_overlay,
                            const PageMeta& meta) const {
  std::string content;
  content.reserve(16 * 1024);
  mustache::Render(body, body_overlay, content);
  return Wrap(status, meta, std::move(content));
}

http::Response Layout::Message(int status, std::string_view heading,
                               const std::vector<std::string>& paragraphs) const {
  return Page(status, "portal_message", {{"heading", std::string(heading)}, {"paragraphs", paragraphs}},
              {.title = std::string(heading), .has_errors = false, .crumbs = {}});
}

http::Response Layout::NotFound() const {
  return Message(404, "Seite nicht gefunden",
                 {"Diese Seite gibt es nicht. Vielleicht ist die Adresse falsch geschrieben oder der "
                  "Online-Dienst wird hier nicht mehr angeboten.",
                  "Wählen Sie auf der Startseite Ihre Gemeinde oder suchen Sie die Leistung."});
}

http::Response Layout::SeeOther(std::string location) {
  http::Response response;
  response.status = 303;
  response.headers.push_back({"Location", std::move(location)});
  return response;
}

}  // namespace amtsweg::web
