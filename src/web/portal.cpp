// Portal pages (see portal.h): start, municipality, service, search.

#include "web/portal.h"

#include <algorithm>
#include <map>

#include "http/form.h"
#include "text/utf8.h"
#include "web/search.h"

namespace amtsweg::web {
namespace {

using nlohmann::json;

constexpr std::string_view kHome = "Startseite";

// The first value of `key` in a parsed query, or empty.
std::string QueryValue(const http::FormFields& fields, std::string_view key) {
  for (const auto& [k, v] : fields)
    if (k == key) return v;
  return {};
}

bool HasKey(const http::FormFields& fields, std::string_view key) {
  return std::any_of(fields.begin(), fields.end(), [&](const auto& f) { return f.first == key; });
}

std::string Trim(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

// Mustache sections treat every string, even an empty one, as true; optional texts that guard a
// section are therefore null when empty.
json OrNull(std::string_view text) { return text.empty() ? json(nullptr) : json(std::string(text)); }

json SearchForm(std::string label, std::string_view query, std::string_view ags) {
  return {
      {"search_label", std::move(label)}, {"search_query", std::string(query)}, {"search_ags", OrNull(ags)}};
}

json ServiceLink(const catalog::OfferedService& s) {
  return {{"href", ServicePath(s.municipality->ags, s.definition->id)},
          {"title", s.definition->title},
          {"summary", s.definition->summary},
          {"municipality_name", s.municipality->name}};
}

}  // namespace

std::string MunicipalityPath(std::string_view ags) { return "/gemeinden/" + std::string(ags); }

std::string ServicePath(std::string_view ags, std::string_view process_id) {
  return MunicipalityPath(ags) + "/leistungen/" + std::string(process_id);
}

std::vector<std::string> Paragraphs(std::string_view text) {
  std::vector<std::string> paragraphs;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) paragraphs.push_back(std::move(current));
    current.clear();
  };
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string line = Trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty()) {
      flush();
    } else {
      current += (current.empty() ? "" : " ") + line;
    }
  }
  flush();
  return paragraphs;
}

std::string AudienceText(process::Audience audience) {
  switch (audience) {
    case process::Audience::kCitizen:
      return "Privatpersonen (Bürgerinnen und Bürger)";
    case process::Audience::kOrganisation:
      return "Unternehmen und Organisationen";
    case process::Audience::kAny:
      return "Privatpersonen sowie Unternehmen und Organisationen";
  }
  return "Privatpersonen (Bürgerinnen und Bürger)";
}

std::string FeeText(const process::Fee& fee) {
  if (!fee.description.empty()) return fee.description;
  if (fee.rule) return "Die Kosten werden im Antrag aus Ihren Angaben berechnet.";
  return "gebührenfrei";
}

json StartView(const catalog::Catalog& catalog, std::string_view selected_ags, std::string_view error) {
  json municipalities = json::array();
  for (const auto& m : catalog.Municipalities()) {
    municipalities.push_back({{"ags", m.ags},
                              {"name", m.name},
                              {"selected", m.ags == selected_ags},
                              {"service_count", catalog.ServicesOf(m.ags).size()}});
  }
  json view = SearchForm("Name der Leistung", "", "");
  view["municipalities"] = std::move(municipalities);
  view["gemeinde_error"] = OrNull(error);
  view["has_error_summary"] = !error.empty();
  view["errors"] = json::array();
  if (!error.empty()) view["errors"].push_back({{"field_id", "f-gemeinde"}, {"message", std::string(error)}});
  return view;
}

json MunicipalityView(const catalog::Catalog& catalog, const storage::Municipality& municipality) {
  // Topics in alphabetical order; services inside a topic keep the catalogue's title order.
  std::map<std::string, std::pair<std::string, json>> by_topic;  // folded topic -> (topic, services)
  for (const auto* s : catalog.ServicesOf(municipality.ags)) {
    std::string topic = s->definition->topic.empty() ? "Weitere Leistungen" : s->definition->topic;
    auto& entry = by_topic[FoldCase(topic)];
    if (entry.first.empty()) entry = {topic, json::array()};
    entry.second.push_back(ServiceLink(*s));
  }
  json topics = json::array();
  for (auto& [folded, entry] : by_topic) {
    topics.push_back({{"topic_id", std::to_string(topics.size() + 1)},
                      {"topic", entry.first},
                      {"services", std::move(entry.second)}});
  }
  json view = SearchForm("Leistung bei " + municipality.name + " suchen", "", municipality.ags);
  view["name"] = municipality.name;
  view["ags"] = municipality.ags;
  view["topics"] = std::move(topics);
  return view;
}

json ServiceView(const catalog::OfferedService& service) {
  const auto& d = *service.definition;
  json description = json::array();
  for (auto& p : Paragraphs(d.description)) description.push_back({{"paragraph", std::move(p)}});
  return {{"title", d.title},
          {"summary", d.summary},
          {"description", std::move(description)},
          {"audience", AudienceText(d.audience)},
          {"has_documents", !d.required_documents.empty()},
          {"documents", d.required_documents},
          {"fee", FeeText(d.fee)},
          {"duration", OrNull(d.duration)},
          {"has_legal_basis", !d.legal_basis.empty()},
          {"legal_basis", d.legal_basis},
          {"office_name", service.office ? service.office->name : "Ihre Gemeindeverwaltung"},
          {"office_address", OrNull(service.office ? service.office->address : "")},
          {"municipality_name", service.municipality->name},
          {"municipality_href", MunicipalityPath(service.municipality->ags)},
          {"start_action", ServicePath(service.municipality->ags, d.id) + "/antrag"}};
}

json SearchView(const catalog::Catalog& catalog, const std::vector<catalog::OzgService>& ozg,
                std::string_view query, const storage::Municipality* preferred) {
  std::string trimmed = Trim(query);
  json view = SearchForm("Suchbegriff", trimmed, preferred ? preferred->ags : "");
  view["municipality_name"] = OrNull(preferred ? preferred->name : "");
  bool has_query = !QueryWords(trimmed).empty();
  view["empty_query"] = !has_query;
  view["has_query"] = has_query;
  json results = json::array();
  json not_online = json::array();
  if (has_query) {
    const SearchResults found = Search(catalog, ozg, trimmed, preferred ? preferred->ags : "");
    for (const auto* s : found.online) results.push_back(ServiceLink(*s));
    for (const auto* s : found.not_online) {
      not_online.push_back(
          {{"name", s->name},
           {"themenfeld", s->themenfeld},
           {"lebenslage", s->lebenslage},
           {"leika", s->leika},
           {"href", "https://verwaltung.bund.de/leistungsverzeichnis/de/leistung/" + s->leika}});
    }
  }
  std::size_t n = results.size();
  view["result_heading"] = (n == 0   ? std::string("Keine Online-Dienste")
                            : n == 1 ? std::string("1 Online-Dienst")
                                     : std::to_string(n) + " Online-Dienste") +
                           " für „" + trimmed + "“";
  view["has_results"] = n > 0;
  view["results"] = std::move(results);
  view["has_not_online"] = !not_online.empty();
  view["not_online_heading"] =
      preferred ? "Noch nicht online bei " + preferred->name : "Noch nicht online hier";
  view["not_online"] = std::move(not_online);
  view["has_nothing"] = n == 0 && !view["has_not_online"].get<bool>();
  return view;
}

Portal::Portal(std::shared_ptr<const catalog::Catalog> catalog, const Layout& layout, UsageTracker usage)
    : catalog_(std::move(catalog)), layout_(layout), usage_(std::move(usage)) {}

void Portal::Register(http::Router& router) const {
  router.Get("/", [this](const http::Request& r) { return Start(r); });
  router.Get("/suche", [this](const http::Request& r) { return Search(r); });
  router.Get("/gemeinden/{ags}", [this](const http::Request& r) { return Municipality(r); });
  router.Get("/gemeinden/{ags}/leistungen/{process}", [this](const http::Request& r) { return Service(r); });
}

http::Response Portal::BadAddress() const {
  return layout_.Message(400, "Die Adresse ist ungültig",
                         {"Die aufgerufene Adresse enthält Zeichen, die wir nicht verarbeiten können. Bitte "
                          "prüfen Sie die Adresse oder beginnen Sie auf der Startseite."});
}

http::Response Portal::Start(const http::Request& request) const {
  auto fields = http::ParseQuery(request.query);
  if (!fields) return BadAddress();
  std::string error;
  std::string ags = QueryValue(*fields, "gemeinde");
  if (HasKey(*fields, "gemeinde")) {
    if (catalog_->FindMunicipality(ags)) return Layout::SeeOther(MunicipalityPath(ags));
    error = ags.empty() ? "Wählen Sie Ihre Gemeinde aus."
                        : "Diese Gemeinde kennen wir nicht. Wählen Sie Ihre Gemeinde aus der Liste aus.";
  }
  return layout_.Page(200, "portal_start", StartView(*catalog_, ags, error),
                      {.title = "Verwaltungsleistungen online", .has_errors = !error.empty(), .crumbs = {}});
}

http::Response Portal::Municipality(const http::Request& request) const {
  const auto* m = catalog_->FindMunicipality(request.Param("ags"));
  if (!m) return layout_.NotFound();
  return layout_.Page(200, "portal_municipality", MunicipalityView(*catalog_, *m),
                      {.title = "Online-Dienste von " + m->name,
                       .has_errors = false,
                       .crumbs = {{std::string(kHome), "/"}, {m->name, ""}}});
}

http::Response Portal::Service(const http::Request& request) const {
  const auto* s = catalog_->Find(request.Param("ags"), request.Param("process"));
  if (!s) return layout_.NotFound();
  const auto& m = *s->municipality;
  usage_.Track(request.GetHeader("user-agent"), monitor::Kind::kServiceViewed, *s, {});
  return layout_.Page(
      200, "portal_service", ServiceView(*s),
      {.title = s->definition->title + " – " + m.name,
       .has_errors = false,
       .crumbs = {{std::string(kHome), "/"}, {m.name, MunicipalityPath(m.ags)}, {s->definition->title, ""}}});
}

http::Response Portal::Search(const http::Request& request) const {
  auto fields = http::ParseQuery(request.query);
  if (!fields) return BadAddress();
  std::string query = QueryValue(*fields, "q");
  if (query.size() > kMaxQueryBytes) {
    query.resize(kMaxQueryBytes);
    query.resize(text::ValidUtf8Prefix(query));  // never cut a character in half
  }
  const auto* preferred = catalog_->FindMunicipality(QueryValue(*fields, "gemeinde"));
  return layout_.Page(200, "portal_search", SearchView(*catalog_, catalog::OzgCatalogue(), query, preferred),
                      {.title = "Leistung suchen", .has_errors = false, .crumbs = {}});
}

}  // namespace amtsweg::web
