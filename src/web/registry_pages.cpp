// Transparency registry pages (see registry_pages.h): the service table's query and view, and
// the handlers. The other views are in registry_views.cpp.

#include "web/registry_pages.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iostream>

#include "http/form.h"
#include "text/time.h"

namespace amtsweg::web {
namespace {

using nlohmann::json;

constexpr int kPageSize = 50;
constexpr std::string_view kHome = "Startseite";
constexpr std::string_view kRegister = "Transparenzregister";

// Percent-encodes a query value (RFC 3986 unreserved characters stay).
std::string Encode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string QueryValue(const http::FormFields& fields, std::string_view key) {
  for (const auto& [k, v] : fields)
    if (k == key) return v;
  return {};
}

std::optional<int> ParseInt(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// /register/leistungen with the query's filters and page `page`.
std::string ServicesHref(const registry::ServiceQuery& q, int page) {
  std::string href = "/register/leistungen?kommune=" + Encode(q.ags) +
                     "&reife=" + (q.maturity ? std::to_string(*q.maturity) : std::string()) +
                     "&themenfeld=" + Encode(q.themenfeld);
  return href + "&seite=" + std::to_string(page);
}

json Option(std::string value, std::string label, bool selected) {
  return {{"value", std::move(value)}, {"label", std::move(label)}, {"selected", selected}};
}

json FilterView(const registry::Registry& r, const registry::ServiceQuery& q) {
  json kommunen = json::array({Option("", "alle Kommunen", q.ags.empty())});
  for (const auto& m : r.Municipalities()) kommunen.push_back(Option(m.ags, m.name, m.ags == q.ags));
  json reife = json::array({Option("", "alle Reifegrade", !q.maturity)});
  for (int level = 0; level <= 4; ++level)
    reife.push_back(Option(std::to_string(level), registry::LevelText(level), q.maturity == level));
  json themen = json::array({Option("", "alle Themenfelder", q.themenfeld.empty())});
  for (const auto& t : r.Themenfelder()) themen.push_back(Option(t, t, t == q.themenfeld));
  return {{"kommunen", std::move(kommunen)},
          {"reifegrade", std::move(reife)},
          {"themenfelder", std::move(themen)}};
}

json Cell(std::string text, bool numeric = false, std::string href = "", bool row_header = false) {
  return {{"text", std::move(text)},
          {"numeric", numeric},
          {"row_header", row_header},
          {"href", href.empty() ? json(nullptr) : json(std::move(href))}};
}

// The 503 page when storage fails (logged without details for the reader).
http::Response Unavailable(const Layout& layout, const storage::Error& error) {
  std::cerr << "registry: storage: " << error.message << "\n";
  return layout.Message(503, "Das Register ist gerade nicht erreichbar",
                        {"Bitte versuchen Sie es in einigen Minuten noch einmal."});
}

// Started and submitted per municipality for `process` over the 365 days up to today.
storage::Result<UsageByAgs> LastYearUsage(storage::Storage& storage, const std::string& process,
                                          std::chrono::system_clock::time_point now) {
  const std::int64_t today =
      text::GermanDay(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  storage::UsageFilter filter;
  filter.process = process;
  filter.from_day = today - 364;
  filter.to_day = today;
  auto sums = storage.SumUsage(filter, {storage::UsageGroup::kAgs});
  if (!sums) return tl::unexpected(sums.error());
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> counts;  // ags -> (started, submitted)
  for (const auto& s : *sums) {
    if (s.group.size() != 1) continue;
    if (s.kind == "started") counts[s.group[0]].first += s.count;
    if (s.kind == "submitted") counts[s.group[0]].second += s.count;
  }
  UsageByAgs usage;
  for (const auto& [ags, c] : counts) usage.emplace(ags, registry::SuppressSmall(c.first, c.second));
  return usage;
}

}  // namespace

tl::expected<registry::ServiceQuery, std::string> ParseServiceQuery(const registry::Registry& r,
                                                                    std::string_view query) {
  auto fields = http::ParseQuery(query);
  if (!fields)
    return tl::unexpected(std::string("Die Adresse enthält Zeichen, die wir nicht verarbeiten können."));
  registry::ServiceQuery q;
  q.page_size = kPageSize;
  q.ags = QueryValue(*fields, "kommune");
  if (!q.ags.empty() && !r.FindMunicipality(q.ags))
    return tl::unexpected(std::string("Diese Kommune kennen wir nicht."));
  if (std::string reife = QueryValue(*fields, "reife"); !reife.empty()) {
    auto level = ParseInt(reife);
    if (!level || *level < 0 || *level > 4)
      return tl::unexpected(std::string("Der Reifegrad ist eine Zahl von 0 bis 4."));
    q.maturity = *level;
  }
  q.themenfeld = QueryValue(*fields, "themenfeld");
  if (!q.themenfeld.empty()) {
    auto all = r.Themenfelder();
    if (std::find(all.begin(), all.end(), q.themenfeld) == all.end())
      return tl::unexpected(std::string("Dieses Themenfeld kennen wir nicht."));
  }
  if (std::string seite = QueryValue(*fields, "seite"); !seite.empty()) {
    auto page = ParseInt(seite);
    if (!page || *page < 1) return tl::unexpected(std::string("Die Seitenzahl ist eine Zahl ab 1."));
    q.page = *page;
  }
  return q;
}

json ServicesView(const registry::Registry& r, const registry::ServiceQuery& query) {
  registry::ServicePage page = r.Services(query);
  json rows = json::array();
  for (const auto& row : page.rows) {
    const registry::Offer* o = row.offer;
    std::string where = !o                                   ? "nicht online"
                        : o->where == registry::Where::kHere ? "hier (amtsweg)"
                                                             : "anderswo";
    rows.push_back(
        {{"cells",
          json::array({Cell(row.service->name, false, o ? o->url : "", true),
                       Cell(row.municipality->name, false, RegistryMunicipalityPath(row.municipality->ags)),
                       Cell(row.service->themenfeld), Cell(where), Cell(std::to_string(row.maturity), true),
                       Cell(row.service->leika)})}});
  }
  json section = {{"id", "leistungen"},
                  {"heading", "Leistungen"},
                  {"notes", json::array({{{"text",
                                           "Reifegrad 0 heißt: nicht online. Ein Link auf der Leistung "
                                           "führt zum Online-Dienst."}}})}};
  section["table"] = {
      {"id", "leistungen-tabelle"},
      {"caption",
       "Kommunen und Leistungen, Seite " + std::to_string(page.page) + " von " + std::to_string(page.pages)},
      {"headers", json::array({{{"label", "Leistung"}, {"numeric", false}},
                               {{"label", "Kommune"}, {"numeric", false}},
                               {{"label", "Themenfeld"}, {"numeric", false}},
                               {{"label", "Wo online"}, {"numeric", false}},
                               {{"label", "Reifegrad"}, {"numeric", true}},
                               {{"label", "LeiKa-Schlüssel"}, {"numeric", false}}})},
      {"rows", std::move(rows)},
      {"empty", page.total == 0 ? json("Keine Leistung passt zu diesem Filter.") : json(nullptr)}};
  json pager = {{"page", page.page},
                {"pages", page.pages},
                {"total", page.total},
                {"previous", page.page > 1 ? json(ServicesHref(query, page.page - 1)) : json(nullptr)},
                {"next", page.page < page.pages ? json(ServicesHref(query, page.page + 1)) : json(nullptr)}};
  return {{"heading", "Wer bietet welche Leistung an"},
          {"intro",
           "Jede Kommune mit jeder Leistung des OZG-Katalogs: wo sie online ist und in welchem Reifegrad."},
          {"facts", nullptr},
          {"filter", FilterView(r, query)},
          {"pager", std::move(pager)},
          {"sections", json::array({std::move(section)})}};
}

RegistryPages::RegistryPages(std::shared_ptr<const catalog::Catalog> catalog, storage::Storage& storage,
                             const Layout& layout, Clock now)
    : catalog_(std::move(catalog)), storage_(storage), layout_(layout), now_(std::move(now)) {}

void RegistryPages::Register(http::Router& router) const {
  router.Get("/register", [this](const http::Request& r) { return Overview(r); });
  router.Get("/register/leistungen", [this](const http::Request& r) { return Services(r); });
  router.Get("/register/prozesse", [this](const http::Request& r) { return Processes(r); });
  router.Get("/register/prozesse/{id}", [this](const http::Request& r) { return Process(r); });
  router.Get("/register/kommunen/{ags}", [this](const http::Request& r) { return Municipality(r); });
}

tl::expected<registry::Registry, http::Response> RegistryPages::Load() const {
  auto loaded = registry::LoadRegistry(*catalog_, storage_);
  if (loaded) return std::move(*loaded);
  return tl::unexpected(Unavailable(layout_, loaded.error()));
}

http::Response RegistryPages::Render(const json& view, PageMeta meta) const {
  http::Response response = layout_.Page(200, "registry_page", view, meta);
  if (response.status == 200) response.headers.push_back({"Cache-Control", "public, max-age=60"});
  return response;
}

http::Response RegistryPages::Overview(const http::Request&) const {
  auto r = Load();
  if (!r) return std::move(r.error());
  return Render(OverviewView(*r), {.title = std::string(kRegister),
                                   .has_errors = false,
                                   .crumbs = {{std::string(kHome), "/"}, {std::string(kRegister), ""}}});
}

http::Response RegistryPages::Services(const http::Request& request) const {
  auto r = Load();
  if (!r) return std::move(r.error());
  auto query = ParseServiceQuery(*r, request.query);
  if (!query)
    return layout_.Message(400, "Dieser Filter geht nicht", {query.error(), "Wählen Sie den Filter neu."});
  return Render(
      ServicesView(*r, *query),
      {.title = "Wer bietet welche Leistung an",
       .has_errors = false,
       .crumbs = {{std::string(kHome), "/"}, {std::string(kRegister), "/register"}, {"Leistungen", ""}}});
}

http::Response RegistryPages::Processes(const http::Request&) const {
  auto r = Load();
  if (!r) return std::move(r.error());
  return Render(ProcessesView(*r), {.title = "Standardprozesse",
                                    .has_errors = false,
                                    .crumbs = {{std::string(kHome), "/"},
                                               {std::string(kRegister), "/register"},
                                               {"Standardprozesse", ""}}});
}

http::Response RegistryPages::Process(const http::Request& request) const {
  auto r = Load();
  if (!r) return std::move(r.error());
  const registry::StandardProcess* p = r->FindProcess(request.Param("id"));
  if (!p) return layout_.NotFound();
  auto usage = LastYearUsage(storage_, p->id, now_());
  if (!usage) return Unavailable(layout_, usage.error());
  return Render(ProcessView(*r, *p, &*usage), {.title = p->title + " – Standardprozess",
                                               .has_errors = false,
                                               .crumbs = {{std::string(kHome), "/"},
                                                          {std::string(kRegister), "/register"},
                                                          {"Standardprozesse", "/register/prozesse"},
                                                          {p->title, ""}}});
}

http::Response RegistryPages::Municipality(const http::Request& request) const {
  auto r = Load();
  if (!r) return std::move(r.error());
  const storage::Municipality* m = r->FindMunicipality(request.Param("ags"));
  if (!m) return layout_.NotFound();
  return Render(
      MunicipalityRegistryView(*r, *m),
      {.title = m->name + " im Transparenzregister",
       .has_errors = false,
       .crumbs = {{std::string(kHome), "/"}, {std::string(kRegister), "/register"}, {m->name, ""}}});
}

}  // namespace amtsweg::web
