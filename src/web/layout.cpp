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
    : templates_(std::move(templates)), options_(std::move(options)) {}

nlohmann::json Layout::LayoutView(const PageMeta& meta, std::string content) const {
  nlohmann::json crumbs = nlohmann::json::array();
  for (const auto& crumb : meta.crumbs) {
    nlohmann::json item = {{"label", crumb.label}};
    if (!crumb.href.empty()) item["href"] = crumb.href;
    crumbs.push_back(std::move(item));
  }
  return {{"title", meta.title},
          {"lang", "de"},
          {"site_name", options_.site_name},
          {"sandbox", options_.sandbox},
          {"has_errors", meta.has_errors},
          {"asset_version",  // a section: null when empty (mustache treats "" as true)
           options_.asset_version.empty() ? nlohmann::json(nullptr) : nlohmann::json(options_.asset_version)},
          {"has_crumbs", !meta.crumbs.empty()},
          {"crumbs", std::move(crumbs)},
          {"content", std::move(content)}};
}

http::Response Layout::Page(int status, std::string_view body_template, const nlohmann::json& body_view,
                            const PageMeta& meta) const {
  return Page(status, body_template, body_view, nlohmann::json(), meta);
}

http::Response Layout::Page(int status, std::string_view body_template, const nlohmann::json& body_base,
                            const nlohmann::json& body_overlay, const PageMeta& meta) const {
  auto body = templates_->Render(body_template, body_base, body_overlay);
  if (!body) return InternalError(body_template, body.error());
  auto html = templates_->Render("layout", LayoutView(meta, std::move(*body)));
  if (!html) return InternalError("layout", html.error());
  http::Response response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(*html);
  return response;
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
