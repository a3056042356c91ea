// The process monitor's pages (see monitor_pages.h): access, the four views, paper counts.

#include "web/monitor_pages.h"

#include <charconv>
#include <map>

#include "http/form.h"
#include "monitor/dashboard_query.h"
#include "text/time.h"
#include "web/journey_support.h"

namespace amtsweg::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::string_view kMonitor = "Prozessmonitor";
constexpr std::int64_t kMaxPaperCount = 10'000'000;

Response NoStore(Response response) {
  response.headers.push_back({"Cache-Control", "no-store"});
  return response;
}

json OrNull(std::string_view text) { return text.empty() ? json(nullptr) : json(std::string(text)); }

// The first value posted under `name`, or "" (journey_support.h).
std::string Field(const http::FormFields& fields, std::string_view name) {
  return std::string(journey::Field(fields, name));
}

// The return path after signing in: a monitor page of ours, nothing else.
std::string SafeNext(std::string_view next) {
  if (!next.starts_with("/monitor") || next.find("//") != std::string_view::npos ||
      next.find_first_of("\\\r\n") != std::string_view::npos || next.size() > 200) {
    return "/monitor";
  }
  return std::string(next);
}

std::string BearerKey(const Request& request) {
  std::string_view header = request.GetHeader("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || header.substr(0, kBearer.size()) != kBearer) return {};
  return std::string(header.substr(kBearer.size()));
}

json Section(const monitor::Table& table, const std::map<std::string, std::string>& charts,
             std::string note = {}) {
  auto chart = charts.find(table.id);
  return {{"id", "s-" + table.id},
          {"heading", table.caption},
          {"chart", chart == charts.end() ? json(nullptr) : json(chart->second)},
          {"note", OrNull(note)},
          {"table", TableView(table)}};
}

std::optional<std::int64_t> ParseCount(std::string_view text) {
  if (text.empty() || text.size() > 8) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > kMaxPaperCount)
    return std::nullopt;
  return value;
}

}  // namespace

MonitorPages::MonitorPages(std::shared_ptr<const catalog::Catalog> catalog, storage::Storage& storage,
                           const Layout& layout, MonitorPagesOptions options)
    : catalog_(std::move(catalog)), storage_(storage), layout_(layout), options_(std::move(options)) {}

void MonitorPages::Register(http::Router& router) const {
  router.Get("/monitor", [this](const Request& r) { return Overview(r); });
  router.Post("/monitor/anmelden", [this](const Request& r) { return SignIn(r); });
  router.Post("/monitor/abmelden", [this](const Request& r) { return SignOut(r); });
  router.Get("/monitor/vergleich/{process}", [this](const Request& r) { return Comparison(r); });
  router.Get("/monitor/{ags}", [this](const Request& r) { return Municipality(r); });
  router.Post("/monitor/{ags}/papier", [this](const Request& r) { return SavePaper(r); });
  router.Get("/monitor/{ags}/{process}", [this](const Request& r) { return Service(r); });
}

std::int64_t MonitorPages::Today() const {
  return text::GermanDay(
      std::chrono::duration_cast<std::chrono::seconds>(options_.now().time_since_epoch()).count());
}

// --- Access -------------------------------------------------------------------------------------

std::optional<monitor::Access> MonitorPages::SessionAccess(const Request& request, bool allow_bearer,
                                                           bool& storage_failed) const {
  std::string key = allow_bearer ? BearerKey(request) : std::string();
  if (key.empty()) key = journey::CookieValue(request, kMonitorCookie).value_or("");
  if (key.empty()) return std::nullopt;
  auto access = monitor::Authenticate(storage_, key);
  if (!access) {
    storage_failed = true;
    return std::nullopt;
  }
  return *access;
}

Response MonitorPages::SignInPage(int status, std::string_view error, std::string_view next) const {
  json view = {{"error", OrNull(error)}, {"next", SafeNext(next)}};
  return NoStore(
      layout_.Page(status, "monitor_signin", view,
                   {.title = "Anmeldung zum Prozessmonitor", .has_errors = !error.empty(), .crumbs = {}}));
}

Response MonitorPages::Problem(Format format, int status, std::string code, std::string message) const {
  if (format != Format::kHtml) {
    json body = {
        {"errors",
         json::array({{{"field", ""}, {"code", std::move(code)}, {"message", std::move(message)}}})}};
    Response r = http::JsonResponse(status, body.dump());
    if (status == 401) r.headers.push_back({"WWW-Authenticate", "Bearer realm=\"monitor\""});
    return NoStore(std::move(r));
  }
  const char* heading = status == 403   ? "Kein Zugriff"
                        : status == 404 ? "Seite nicht gefunden"
                        : status >= 500 ? "Der Prozessmonitor ist gerade nicht erreichbar"
                                        : "Die Anfrage ist ungültig";
  return NoStore(layout_.Message(status, heading, {message}));
}

std::variant<MonitorPages::ViewRequest, Response> MonitorPages::Open(const Request& request) const {
  ViewRequest view;
  auto query = http::ParseQuery(request.query);
  if (!query) return Problem(Format::kHtml, 400, "invalid_query", "Die Adresse enthält ungültige Zeichen.");
  view.query = std::move(*query);
  std::string format;
  for (const auto& [k, v] : view.query)
    if (k == "format") format = v;
  if (format == "csv") {
    view.format = Format::kCsv;
  } else if (format == "json") {
    view.format = Format::kJson;
  } else if (!format.empty() && format != "html") {
    return Problem(Format::kJson, 400, "invalid_format", "Als Format gibt es html, csv und json.");
  }
  bool storage_failed = false;
  auto access = SessionAccess(request, view.format != Format::kHtml, storage_failed);
  if (storage_failed) {
    return Problem(view.format, 503, "unavailable", "Bitte versuchen Sie es in einigen Minuten noch einmal.");
  }
  if (!access) {
    if (view.format != Format::kHtml) {
      return Problem(view.format, 401, "unauthorized", "Ein gültiger Zugangsschlüssel ist nötig.");
    }
    return SignInPage(request.path == "/monitor" ? 200 : 401, "", request.path);
  }
  view.access = std::move(*access);
  auto filter = monitor::ParseViewFilter(view.query, Today());
  if (!filter && view.format != Format::kHtml) {
    return Problem(view.format, 400, filter.error().code, filter.error().message);
  }
  if (!filter) {
    // The page again with the filter form, the message above it and no numbers.
    view.filter = *monitor::ParseViewFilter({}, Today());
    json form = FilterView(request.path, view.filter, view.query);
    form["error"] = filter.error().message;
    json page = {{"heading", kMonitor},
                 {"filter_error", filter.error().message},
                 {"filter", std::move(form)},
                 {"sections", json::array()},
                 {"links", json::array()}};
    return Render(
        view, monitor::Report{}, std::move(page),
        {.title = std::string(kMonitor), .has_errors = true, .crumbs = {{std::string(kMonitor), "/monitor"}}},
        400);
  }
  view.filter = *filter;
  return view;
}

const storage::Municipality* MonitorPages::AllowedMunicipality(const ViewRequest& view, std::string_view ags,
                                                               Response& denied) const {
  const auto* m = catalog_->FindMunicipality(ags);
  if (m != nullptr && view.access.scope.Allows(*m)) return m;
  // Outside the scope, an unknown AGS looks like a known one: no existence leak.
  if (m == nullptr && view.access.scope.kind == monitor::Scope::Kind::kAll) {
    denied = Problem(view.format, 404, "not_found", "Diese Gemeinde gibt es hier nicht.");
  } else {
    denied = Problem(view.format, 403, "forbidden",
                     "Ihr Zugangsschlüssel gilt nicht für diese Gemeinde. Er gilt für: " +
                         view.access.scope.Describe() + ".");
  }
  return nullptr;
}

Response MonitorPages::SignIn(const Request& request) const {
  if (!journey::FromOurOrigin(request))
    return Problem(Format::kHtml, 403, "forbidden", "Die Anfrage kam nicht von dieser Seite.");
  auto form = http::ParseUrlEncoded(request.body);
  const std::string key = form ? Field(*form, "schluessel") : "";
  const std::string next = form ? Field(*form, "weiter") : "";
  auto access = monitor::Authenticate(storage_, key);
  if (!access)
    return Problem(Format::kHtml, 503, "unavailable",
                   "Bitte versuchen Sie es in einigen Minuten noch einmal.");
  if (!*access) {
    return SignInPage(401,
                      key.empty() ? "Geben Sie Ihren Zugangsschlüssel ein."
                                  : "Dieser Zugangsschlüssel ist ungültig. Prüfen Sie die Eingabe; der "
                                    "Schlüssel hat 28 Zeichen in Gruppen zu vier.",
                      next);
  }
  Response r = Layout::SeeOther(SafeNext(next));
  r.headers.push_back({"Set-Cookie", MonitorCookie((*access)->key, options_.secure_cookies)});
  return NoStore(std::move(r));
}

Response MonitorPages::SignOut(const Request& request) const {
  bool storage_failed = false;
  auto access = SessionAccess(request, false, storage_failed);
  auto form = http::ParseUrlEncoded(request.body);
  if (!journey::FromOurOrigin(request) || !form ||
      (access && !monitor::SameSecret(Field(*form, "csrf"), monitor::AccessCsrfToken(access->key)))) {
    return Problem(Format::kHtml, 403, "forbidden", "Die Anfrage kam nicht von dieser Seite.");
  }
  Response r = Layout::SeeOther("/monitor");
  r.headers.push_back({"Set-Cookie", MonitorCookie("", options_.secure_cookies)});
  return NoStore(std::move(r));
}

// --- Views --------------------------------------------------------------------------------------

Response MonitorPages::Render(const ViewRequest& view, const monitor::Report& report, json page,
                              const PageMeta& meta, int status) const {
  if (view.format == Format::kJson) {
    return NoStore(http::JsonResponse(status, monitor::ReportJson(report, view.filter).dump()));
  }
  if (view.format == Format::kCsv) {
    Response r{.status = status,
               .content_type = "text/csv; charset=utf-8",
               .body = monitor::ReportCsv(report),
               .headers = {}};
    r.headers.push_back({"Content-Disposition", "attachment; filename=\"monitor-" + report.view + ".csv\""});
    return NoStore(std::move(r));
  }
  page["scope_text"] = view.access.scope.Describe();
  page["label"] = OrNull(view.access.label);
  page["csrf"] = monitor::AccessCsrfToken(view.access.key);
  page["has_links"] = page.contains("links") && !page["links"].empty();
  return NoStore(layout_.Page(status, "monitor_page", page, meta));
}

Response MonitorPages::Overview(const Request& request) const {
  auto opened = Open(request);
  if (auto* r = std::get_if<Response>(&opened)) return std::move(*r);
  const auto& view = std::get<ViewRequest>(opened);
  std::vector<monitor::MunicipalityRef> refs;
  std::vector<std::string> ags;
  for (const auto& m : catalog_->Municipalities()) {
    if (!view.access.scope.Allows(m)) continue;
    refs.push_back({m.ags, m.name, MonitorMunicipalityPath(m.ags)});
    ags.push_back(m.ags);
  }
  if (view.access.scope.kind == monitor::Scope::Kind::kAll) ags.clear();
  auto report = refs.empty() ? monitor::Report{"uebersicht", {}}
                             : monitor::QueryOverviewReport(storage_, refs, std::move(ags), view.filter);
  if (!report)
    return Problem(view.format, 503, "unavailable", "Bitte versuchen Sie es in einigen Minuten noch einmal.");
  const auto charts = ReportCharts(*report);
  json sections = json::array();
  for (const auto& t : report->tables) sections.push_back(Section(t, charts));
  json page = {
      {"heading", kMonitor},
      {"intro", "Wie die Online-Dienste genutzt werden: begonnene und eingereichte Anträge je Gemeinde."},
      {"filter", FilterView("/monitor", view.filter, view.query)},
      {"sections", std::move(sections)},
      {"links", json::array()},
      {"empty_scope", refs.empty()}};
  return Render(view, *report, std::move(page),
                {.title = std::string(kMonitor), .has_errors = false, .crumbs = {}});
}

Response MonitorPages::Municipality(const Request& request) const {
  auto opened = Open(request);
  if (auto* r = std::get_if<Response>(&opened)) return std::move(*r);
  const auto& view = std::get<ViewRequest>(opened);
  Response denied;
  const auto* m = AllowedMunicipality(view, request.Param("ags"), denied);
  if (m == nullptr) return denied;
  json paper = {{"saved", Field(view.query, "papier") == "gespeichert"}};
  return MunicipalityPage(view, *m, paper, 200);
}

Response MonitorPages::MunicipalityPage(const ViewRequest& view, const storage::Municipality& m,
                                        const json& paper_form, int status) const {
  std::vector<monitor::ServiceRef> services;
  json options = json::array();
  for (const auto* s : catalog_->ServicesOf(m.ags)) {
    services.push_back(
        {s->definition->id, s->definition->title, MonitorServicePath(m.ags, s->definition->id)});
    options.push_back({{"value", s->definition->id},
                       {"label", s->definition->title},
                       {"selected", paper_form.value("leistung", "") == s->definition->id}});
  }
  auto report = monitor::QueryMunicipalityReport(storage_, m.ags, services, view.filter);
  if (!report)
    return Problem(view.format, 503, "unavailable", "Bitte versuchen Sie es in einigen Minuten noch einmal.");
  const auto charts = ReportCharts(*report);
  json sections = json::array();
  for (const auto& t : report->tables) {
    std::string note;
    if (t.id == "onlineanteil") {
      note =
          "Gezählt werden ganze Kalendermonate des Zeitraums, für die Papierzahlen erfasst sind, und alle "
          "Online-Einreichungen dieser Monate (ohne Filter nach Version oder Gerät).";
    }
    sections.push_back(Section(t, charts, note));
  }
  json links = json::array();
  for (const auto& s : services) {
    links.push_back({{"href", MonitorComparisonPath(s.process)}, {"label", "Vergleich: " + s.title}});
  }
  json paper = paper_form;
  paper["action"] = MonitorMunicipalityPath(m.ags) + "/papier";
  paper["services"] = std::move(options);
  json page = {{"heading", "Prozessmonitor: " + m.name},
               {"intro", "Alle Online-Dienste von " + m.name +
                             " nach Nutzung und Konversion, der Online-Anteil "
                             "gegenüber Papieranträgen und die Erfassung der Papierzahlen."},
               {"filter", FilterView(MonitorMunicipalityPath(m.ags), view.filter, view.query)},
               {"sections", std::move(sections)},
               {"links", std::move(links)},
               {"paper", std::move(paper)}};
  const bool has_errors = paper_form.contains("errors");
  return Render(view, *report, std::move(page),
                {.title = "Prozessmonitor: " + m.name,
                 .has_errors = has_errors,
                 .crumbs = {{std::string(kMonitor), "/monitor"}, {m.name, ""}}},
                status);
}

Response MonitorPages::SavePaper(const Request& request) const {
  bool storage_failed = false;
  auto access = SessionAccess(request, false, storage_failed);
  if (storage_failed)
    return Problem(Format::kHtml, 503, "unavailable", "Bitte versuchen Sie es später noch einmal.");
  if (!access) return SignInPage(401, "", MonitorMunicipalityPath(request.Param("ags")));
  auto form = http::ParseUrlEncoded(request.body);
  if (!journey::FromOurOrigin(request) || !form ||
      !monitor::SameSecret(Field(*form, "csrf"), monitor::AccessCsrfToken(access->key))) {
    return Problem(Format::kHtml, 403, "forbidden", "Die Anfrage kam nicht von dieser Seite.");
  }
  ViewRequest view;
  view.access = std::move(*access);
  view.filter = *monitor::ParseViewFilter({}, Today());
  Response denied;
  const auto* m = AllowedMunicipality(view, request.Param("ags"), denied);
  if (m == nullptr) return denied;

  const std::string process = Field(*form, "leistung");
  const std::string month_text = Field(*form, "monat");
  const std::string count_text = Field(*form, "anzahl");
  json errors = json::array();
  if (catalog_->Find(m->ags, process) == nullptr) {
    errors.push_back({{"field_id", "f-leistung"}, {"message", "Wählen Sie eine Leistung aus."}});
  }
  auto month = monitor::MonthFromIso(month_text);
  if (!month) {
    errors.push_back(
        {{"field_id", "f-monat"}, {"message", "Geben Sie den Monat in der Form JJJJ-MM an, z. B. 2026-10."}});
  } else if (*month > text::MonthOfDay(Today())) {
    errors.push_back({{"field_id", "f-monat"}, {"message", "Der Monat darf nicht in der Zukunft liegen."}});
  }
  auto count = ParseCount(count_text);
  if (!count) {
    errors.push_back({{"field_id", "f-anzahl"},
                      {"message", "Geben Sie die Anzahl als ganze Zahl von 0 bis 10.000.000 an."}});
  }
  if (!errors.empty()) {
    json paper = {{"leistung", process},
                  {"monat", month_text},
                  {"anzahl", count_text},
                  {"errors", errors},
                  {"has_errors", true}};
    for (const auto& e : errors) paper[e["field_id"].get<std::string>().substr(2) + "_error"] = e["message"];
    return MunicipalityPage(view, *m, paper, 400);
  }
  auto saved = storage_.SavePaperCount({.ags = m->ags,
                                        .process = process,
                                        .month = *month,
                                        .count = *count,
                                        .entered_at = text::Rfc3339(options_.now())});
  if (!saved) return Problem(Format::kHtml, 503, "unavailable", "Die Zahl konnte nicht gespeichert werden.");
  return NoStore(Layout::SeeOther(MonitorMunicipalityPath(m->ags) + "?papier=gespeichert#s-papier"));
}

Response MonitorPages::Service(const Request& request) const {
  auto opened = Open(request);
  if (auto* r = std::get_if<Response>(&opened)) return std::move(*r);
  const auto& view = std::get<ViewRequest>(opened);
  Response denied;
  const auto* m = AllowedMunicipality(view, request.Param("ags"), denied);
  if (m == nullptr) return denied;
  const auto* s = catalog_->Find(m->ags, request.Param("process"));
  if (s == nullptr)
    return Problem(view.format, 404, "not_found", "Diesen Online-Dienst bietet die Gemeinde nicht an.");
  auto report = monitor::QueryServiceReport(storage_, m->ags, *s->definition, view.filter);
  if (!report)
    return Problem(view.format, 503, "unavailable", "Bitte versuchen Sie es in einigen Minuten noch einmal.");
  const auto charts = ReportCharts(*report);
  json sections = json::array();
  for (const auto& t : report->tables) {
    std::string note;
    if (t.id == "kennzahlen") {
      note =
          "Zeiten bis zum Einreichen werden in Zeitklassen gezählt; Median und 90-%-Wert nennen die "
          "Obergrenze "
          "der Klasse, in die sie fallen („bis zu“), ohne Interpolation.";
    } else if (t.id == "trichter") {
      note =
          "Bezahlung, Zustellung und Bescheid werden erst erfasst, wenn es diese Funktionen gibt. Seiten, "
          "die nur "
          "bei bestimmten Antworten erscheinen, füllen nicht alle aus.";
    } else if (t.id == "abbrueche") {
      note = "Ein Antrag gilt als abgebrochen, wenn er eine Zeit lang nicht mehr bearbeitet wurde.";
    }
    sections.push_back(Section(t, charts, note));
  }
  const std::string& title = s->definition->title;
  json page = {{"heading", title + " in " + m->name},
               {"intro",
                "Vom Aufruf der Leistungsseite bis zur Einreichung: wo Menschen aufgeben, welche Felder "
                "Fehler auslösen, wie lange es dauert."},
               {"filter", FilterView(MonitorServicePath(m->ags, s->definition->id), view.filter, view.query)},
               {"sections", std::move(sections)},
               {"links", json::array({{{"href", MonitorComparisonPath(s->definition->id)},
                                       {"label", "Mit anderen Gemeinden vergleichen"}}})}};
  return Render(
      view, *report, std::move(page),
      {.title = title + " – " + std::string(kMonitor),
       .has_errors = false,
       .crumbs = {
           {std::string(kMonitor), "/monitor"}, {m->name, MonitorMunicipalityPath(m->ags)}, {title, ""}}});
}

Response MonitorPages::Comparison(const Request& request) const {
  auto opened = Open(request);
  if (auto* r = std::get_if<Response>(&opened)) return std::move(*r);
  const auto& view = std::get<ViewRequest>(opened);
  const std::string process(request.Param("process"));
  std::vector<std::pair<monitor::MunicipalityRef, const process::Definition*>> offering;
  std::map<std::string, int> titles;  // variants may retitle the process; the most common title names it
  // Whoever runs the process in a municipality of the scope sees every municipality running it:
  // learning from the best is the point. Only the aggregate figures of the others are shown, and
  // their detail views stay closed (no link).
  bool runs_it = false;
  for (const auto& m : catalog_->Municipalities()) {
    const auto* s = catalog_->Find(m.ags, process);
    if (s == nullptr) continue;
    const bool own = view.access.scope.Allows(m);
    runs_it = runs_it || own;
    offering.push_back(
        {{m.ags, m.name, own ? MonitorServicePath(m.ags, process) : std::string()}, s->definition});
    ++titles[s->definition->title];
  }
  if (!runs_it) offering.clear();
  std::string title;
  int most = 0;
  for (const auto& [t, n] : titles) {
    if (n > most || (n == most && t.size() < title.size())) {
      title = t;
      most = n;
    }
  }
  if (offering.empty()) {
    return Problem(view.format, 404, "not_found", "In Ihren Gemeinden gibt es diesen Online-Dienst nicht.");
  }
  auto report = monitor::QueryComparisonReport(storage_, process, std::move(offering), view.filter);
  if (!report)
    return Problem(view.format, 503, "unavailable", "Bitte versuchen Sie es in einigen Minuten noch einmal.");
  json sections = json::array();
  for (const auto& t : report->tables) {
    sections.push_back(
        Section(t, {},
                "Hervorgehoben: die höchste Konversion und der kürzeste Median. Verlinkt sind die "
                "Gemeinden, für die Ihr Zugangsschlüssel gilt."));
  }
  json page = {
      {"heading", "Vergleich: " + title},
      {"intro", "Alle Gemeinden mit diesem Standardprozess nebeneinander – lernen Sie von den besten."},
      {"filter", FilterView(MonitorComparisonPath(process), view.filter, view.query)},
      {"sections", std::move(sections)},
      {"links", json::array()}};
  return Render(view, *report, std::move(page),
                {.title = "Vergleich: " + title + " – " + std::string(kMonitor),
                 .has_errors = false,
                 .crumbs = {{std::string(kMonitor), "/monitor"}, {"Vergleich: " + title, ""}}});
}

}  // namespace amtsweg::web
