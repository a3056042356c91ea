// Views of the transparency registry's pages (see registry_pages.h): tables, facts and lists
// as JSON for registry_page.mustache. Pure functions over a registry::Registry.

#include <cstdio>
#include <map>

#include "web/registry_pages.h"

namespace amtsweg::web {
namespace {

using nlohmann::json;
using registry::Coverage;
using registry::Where;

constexpr std::string_view kNotMeasured = "–";

// Table cells; every key set, so that a section never looks up a value of an outer context.
json Cell(std::string text, bool numeric = false, std::string href = "") {
  return {{"text", std::move(text)},
          {"numeric", numeric},
          {"row_header", false},
          {"href", href.empty() ? json(nullptr) : json(std::move(href))}};
}
json RowHeader(std::string text, std::string href = "") {
  json cell = Cell(std::move(text), false, std::move(href));
  cell["row_header"] = true;
  return cell;
}
json Number(std::int64_t n) { return Cell(std::to_string(n), true); }

json Table(std::string id, std::string caption, const std::vector<std::pair<std::string, bool>>& headers,
           json rows, std::string empty = "Keine Einträge.") {
  json h = json::array();
  for (const auto& [label, numeric] : headers) h.push_back({{"label", label}, {"numeric", numeric}});
  bool none = rows.empty();
  return {{"id", std::move(id)},
          {"caption", std::move(caption)},
          {"headers", std::move(h)},
          {"rows", std::move(rows)},
          {"empty", none ? json(std::move(empty)) : json(nullptr)}};
}

json Section(std::string id, std::string heading, std::vector<std::string> notes = {}) {
  json n = json::array();
  for (auto& text : notes) n.push_back({{"text", std::move(text)}});
  return {{"id", std::move(id)}, {"heading", std::move(heading)}, {"notes", std::move(n)}};
}

json Links(const std::vector<std::pair<std::string, std::string>>& links) {
  json items = json::array();
  for (const auto& [text, href] : links) items.push_back({{"text", text}, {"href", href}});
  return {{"items", std::move(items)}};
}

std::string Average(const std::optional<double>& value) {
  return value ? GermanDecimal(*value) : std::string(kNotMeasured);
}

std::string Percent(int part, int whole) {
  if (whole == 0) return std::string(kNotMeasured);
  return GermanDecimal(100.0 * part / whole) + " %";
}

json CoverageCells(const Coverage& c) {
  return json::array({Number(c.here), Number(c.elsewhere), Number(c.not_online),
                      Cell(Percent(c.here + c.elsewhere, c.catalogue), true),
                      Cell(Average(c.average_maturity), true)});
}

const std::vector<std::pair<std::string, bool>> kCoverageHeaders = {{"hier online", true},
                                                                    {"anderswo online", true},
                                                                    {"nicht online", true},
                                                                    {"Anteil online", true},
                                                                    {"Ø Reifegrad", true}};

std::string ServicesPath(std::string_view ags) { return "/register/leistungen?kommune=" + std::string(ags); }

}  // namespace

std::string GermanDecimal(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  std::string text = buffer;
  for (char& c : text)
    if (c == '.') c = ',';
  return text;
}

std::string GermanDate(std::string_view rfc3339) {
  if (rfc3339.size() < 10 || rfc3339[4] != '-' || rfc3339[7] != '-') return "unbekannt";
  return std::string(rfc3339.substr(8, 2)) + "." + std::string(rfc3339.substr(5, 2)) + "." +
         std::string(rfc3339.substr(0, 4));
}

std::string RegistryProcessPath(std::string_view id) { return "/register/prozesse/" + std::string(id); }
std::string RegistryMunicipalityPath(std::string_view ags) {
  return "/register/kommunen/" + std::string(ags);
}

json OverviewView(const registry::Registry& r) {
  json municipalities = json::array();
  for (const auto& mc : r.MunicipalityCoverages()) {
    json cells =
        json::array({RowHeader(mc.municipality->name, RegistryMunicipalityPath(mc.municipality->ags))});
    for (auto& c : CoverageCells(mc.coverage)) cells.push_back(std::move(c));
    municipalities.push_back({{"cells", std::move(cells)}});
  }
  json districts = json::array();
  for (const auto& d : r.Districts()) {
    json cells = json::array(
        {RowHeader(d.name), Cell(d.state), Number(static_cast<std::int64_t>(d.municipalities.size()))});
    for (auto& c : CoverageCells(d.coverage)) cells.push_back(std::move(c));
    districts.push_back({{"cells", std::move(cells)}});
  }
  auto with = [](std::vector<std::pair<std::string, bool>> first) {
    first.insert(first.end(), kCoverageHeaders.begin(), kCoverageHeaders.end());
    return first;
  };
  const std::string n = std::to_string(r.Catalogue().size());
  json by_municipality =
      Section("kommunen", "Abdeckung nach Kommune",
              {"Gezählt werden die " + n +
               " Leistungen des OZG-Katalogs. „Hier online“: als "
               "Online-Dienst auf dieser Plattform; „anderswo“: auf einem anderen Portal. Der "
               "Reifegrad ist der Durchschnitt über die Leistungen, die online sind."});
  by_municipality["table"] = Table("abdeckung-kommunen", "Leistungen je Kommune", with({{"Kommune", false}}),
                                   std::move(municipalities));
  json by_district = Section("kreise", "Abdeckung nach Kreis",
                             {"Ein Kreis umfasst die Kommunen mit denselben ersten fünf Stellen des "
                              "Regionalschlüssels (ARS). Gezählt werden Paare aus Kommune und Leistung."});
  by_district["table"] =
      Table("abdeckung-kreise", "Leistungen je Kreis",
            with({{"Kreis", false}, {"Land", false}, {"Kommunen", true}}), std::move(districts));
  json more = Section("weiter", "Weiter");
  more["links"] = Links({{"Welche Kommune bietet welche Leistung an", "/register/leistungen"},
                         {"Standardprozesse: wer sie baut und wer sie nutzt", "/register/prozesse"},
                         {"Offene Daten: alle Angebote als JSON", "/api/v1/opendata/offerings"},
                         {"Offene Daten: alle Angebote als CSV", "/api/v1/opendata/offerings?format=csv"}});
  json maturity =
      Section("reifegrad", "Was der Reifegrad bedeutet",
              {"0 – offline; 1 – Informationen online; 2 – Online-Formular, das Ergebnis geht noch "
               "auf Papier weiter; 3 – der ganze Antrag online: einreichen, identifizieren, Nachweise, "
               "bezahlen und der Bescheid zurück auf digitalem Weg; 4 – zusätzlich müssen vorliegende "
               "Nachweise nicht erneut erbracht werden (Once-Only). Nach dem OZG gilt eine Leistung ab "
               "Reifegrad 3 als online.",
               "Für Dienste auf dieser Plattform wird der Reifegrad aus dem berechnet, was der Prozess "
               "tatsächlich bietet; für Dienste anderswo ist er von der Kommune eingetragen."});
  return {
      {"heading", "Transparenzregister"},
      {"intro",
       "Welche Verwaltungsleistung ist wo online, in welchem Reifegrad, wer hat sie gebaut und wer "
       "nutzt sie nach?"},
      {"facts",
       {{"items",
         json::array(
             {{{"term", "Leistungen im OZG-Katalog"}, {"value", n}, {"href", nullptr}},
              {{"term", "Kommunen"}, {"value", std::to_string(r.Municipalities().size())}, {"href", nullptr}},
              {{"term", "Standardprozesse"},
               {"value", std::to_string(r.Processes().size())},
               {"href", "/register/prozesse"}}})}}},
      {"filter", nullptr},
      {"pager", nullptr},
      {"sections", json::array({std::move(by_municipality), std::move(by_district), std::move(maturity),
                                std::move(more)})}};
}

json ProcessesView(const registry::Registry& r) {
  json rows = json::array();
  for (const auto& p : r.Processes()) {
    std::string adopters;
    for (const auto& a : p.adopters)
      adopters += (adopters.empty() ? "" : ", ") + a.name + " (seit " + GermanDate(a.since) + ")";
    rows.push_back({{"cells", json::array({RowHeader(p.title, RegistryProcessPath(p.id)),
                                           Cell(p.owner.empty() ? "nicht eingetragen" : p.owner),
                                           Cell(registry::StatusLabel(p.status)), Number(p.version),
                                           Cell(p.maturity ? std::to_string(p.maturity->level) : "–", true),
                                           Cell(adopters.empty() ? "noch keine" : adopters)})}});
  }
  json list = Section("prozesse", "Alle Standardprozesse",
                      {"Ein Standardprozess wird einmal gebaut und von anderen Kommunen übernommen, "
                       "gegebenenfalls mit örtlichen Anpassungen (Variante)."});
  list["table"] = Table("standardprozesse", "Standardprozesse mit Eigentümer, Status und Nachnutzung",
                        {{"Prozess", false},
                         {"Eigentümer", false},
                         {"Status", false},
                         {"Version", true},
                         {"Reifegrad", true},
                         {"Nachgenutzt von (seit)", false}},
                        std::move(rows));
  return {{"heading", "Standardprozesse"},
          {"intro", "Wer baut welchen Online-Dienst, wie weit ist er, und welche Kommunen nutzen ihn nach?"},
          {"facts", nullptr},
          {"filter", nullptr},
          {"pager", nullptr},
          {"sections", json::array({std::move(list)})}};
}

json UsageSection(const registry::StandardProcess& p, const UsageByAgs& usage) {
  auto shown = [](const std::optional<std::int64_t>& n) {
    return n ? std::to_string(*n) : std::string("< 5");
  };
  json rows = json::array();
  for (const auto& a : p.adopters) {
    auto it = usage.find(a.ags);
    registry::UsageCells cells = it != usage.end() ? it->second : registry::SuppressSmall(0, 0);
    std::string conversion = cells.conversion ? GermanDecimal(100.0 * *cells.conversion) + " %" : "–";
    rows.push_back({{"cells", json::array({RowHeader(a.name), Cell(shown(cells.started), true),
                                           Cell(shown(cells.submitted), true), Cell(conversion, true)})}});
  }
  json section =
      Section("nutzung", "Nutzung in den letzten zwölf Monaten",
              {"Aus dem Prozessmonitor: begonnene und eingereichte Anträge. Zahlen unter 5 werden nicht "
               "genannt („< 5“), damit niemand erkennbar wird; dann fehlt auch die Abschlussquote."});
  section["table"] =
      Table("nutzung-tabelle", "Begonnen und eingereicht je Kommune",
            {{"Kommune", false}, {"begonnen", true}, {"eingereicht", true}, {"Abschlussquote", true}},
            std::move(rows), "Noch keine Kommune bietet diesen Prozess an.");
  return section;
}

json ProcessView(const registry::Registry& r, const registry::StandardProcess& p, const UsageByAgs* usage) {
  const catalog::OzgService* service = r.FindService(p.leika);
  json facts = json::array(
      {{{"term", "Eigentümer"},
        {"value", p.owner.empty() ? "nicht eingetragen" : p.owner},
        {"href", nullptr}},
       {{"term", "Status"}, {"value", registry::StatusLabel(p.status)}, {"href", nullptr}},
       {{"term", "Version"}, {"value", std::to_string(p.version)}, {"href", nullptr}},
       {{"term", "LeiKa-Schlüssel"}, {"value", p.leika}, {"href", nullptr}},
       {{"term", "Leistung im OZG-Katalog"},
        {"value", service ? service->name + " (" + service->themenfeld + ")" : "nicht im Katalog"},
        {"href", nullptr}}});
  if (p.maturity)
    facts.push_back(
        {{"term", "Reifegrad"}, {"value", registry::LevelText(p.maturity->level)}, {"href", nullptr}});
  json sections = json::array();
  if (p.maturity) {
    json rows = json::array();
    for (const auto& c : p.maturity->criteria) {
      rows.push_back({{"cells", json::array({RowHeader(c.name), Number(c.level),
                                             Cell(registry::StatusText(c.status)), Cell(c.reason)})}});
    }
    json criteria =
        Section("kriterien", "Warum dieser Reifegrad",
                {"Ein Reifegrad ist erreicht, wenn jedes Kriterium dieser und der niedrigeren Stufen "
                 "erfüllt oder für diesen Prozess nicht nötig ist. Die Kriterien ergeben sich aus der "
                 "Prozessdefinition und aus dem, was die Plattform heute kann."});
    criteria["table"] = Table(
        "reifegrad-kriterien", "Kriterien des Reifegrads",
        {{"Kriterium", false}, {"Stufe", true}, {"Stand", false}, {"Begründung", false}}, std::move(rows));
    sections.push_back(std::move(criteria));
  } else {
    sections.push_back(
        Section("kriterien", "Reifegrad",
                {"Der Prozess ist noch nicht auf dieser Plattform; ein Reifegrad wird berechnet, "
                 "sobald er live ist."}));
  }
  json rows = json::array();
  for (const auto& a : p.adopters) {
    rows.push_back(
        {{"cells", json::array({RowHeader(a.name, RegistryMunicipalityPath(a.ags)), Cell(GermanDate(a.since)),
                                Cell(a.variant.empty() ? "Standard" : "Variante " + a.variant)})}});
  }
  json adopters = Section("nachnutzung", "Nachgenutzt von");
  adopters["table"] = Table("nachnutzer", "Kommunen, die den Prozess anbieten",
                            {{"Kommune", false}, {"seit", false}, {"Fassung", false}}, std::move(rows),
                            "Noch keine Kommune bietet diesen Prozess an.");
  sections.push_back(std::move(adopters));
  if (usage && !p.adopters.empty()) sections.push_back(UsageSection(p, *usage));
  return {{"heading", p.title},
          {"intro", "Standardprozess im Transparenzregister"},
          {"facts", {{"items", std::move(facts)}}},
          {"filter", nullptr},
          {"pager", nullptr},
          {"sections", std::move(sections)}};
}

json MunicipalityRegistryView(const registry::Registry& r, const storage::Municipality& m) {
  json here = json::array(), elsewhere = json::array();
  std::map<std::string, json> missing;  // Themenfeld -> services
  for (const auto& s : r.Catalogue()) {
    const registry::Offer* offer = r.FindOffer(m.ags, s.leika);
    if (!offer) {
      auto& items = missing.try_emplace(s.themenfeld, json::array()).first->second;
      items.push_back({{"text", s.name + " (" + s.leika + ")"}, {"href", nullptr}});
      continue;
    }
    if (offer->where == Where::kHere) {
      here.push_back({{"cells", json::array({RowHeader(s.name, offer->url), Cell(s.themenfeld),
                                             Number(offer->maturity), Cell(GermanDate(offer->since)),
                                             Cell("Prozess " + offer->process, false,
                                                  RegistryProcessPath(offer->process))})}});
    } else {
      elsewhere.push_back(
          {{"cells", json::array({RowHeader(s.name), Cell(s.themenfeld), Number(offer->maturity),
                                  Cell("Leistung im Bundesportal", false, offer->url)})}});
    }
  }
  const Coverage c = r.CoverageOf(m.ags);
  json facts =
      json::array({{{"term", "Gemeindeschlüssel (AGS)"}, {"value", m.ags}, {"href", nullptr}},
                   {{"term", "Land"}, {"value", m.state}, {"href", nullptr}},
                   {{"term", "Online (hier / anderswo)"},
                    {"value", std::to_string(c.here) + " / " + std::to_string(c.elsewhere) + " von " +
                                  std::to_string(c.catalogue)},
                    {"href", nullptr}},
                   {{"term", "Ø Reifegrad"}, {"value", Average(c.average_maturity)}, {"href", nullptr}}});
  json hosted = Section("hier", "Hier online");
  hosted["table"] = Table("hier-online", "Leistungen auf dieser Plattform",
                          {{"Leistung", false},
                           {"Themenfeld", false},
                           {"Reifegrad", true},
                           {"seit", false},
                           {"Standardprozess", false}},
                          std::move(here), "Noch keine Leistung auf dieser Plattform.");
  json other = Section("anderswo", "Anderswo online",
                       {"Diese Leistungen bietet die Kommune auf einem anderen "
                        "Portal an; der Reifegrad ist eingetragen."});
  other["table"] =
      Table("anderswo-online", "Leistungen auf anderen Portalen",
            {{"Leistung", false}, {"Themenfeld", false}, {"Reifegrad", true}, {"Adresse", false}},
            std::move(elsewhere), "Keine Einträge.");
  json offline = Section("nicht-online", "Noch nicht online", {"Nach Themenfeld; zum Aufklappen."});
  json groups = json::array();
  for (auto& [themenfeld, items] : missing) {
    groups.push_back(
        {{"summary", themenfeld + " (" + std::to_string(items.size()) + ")"}, {"items", std::move(items)}});
  }
  offline["groups"] = std::move(groups);
  json more = Section("weiter", "Weiter");
  more["links"] =
      Links({{"Alle Leistungen von " + m.name + " in der Tabelle", ServicesPath(m.ags)},
             {"Online-Dienste von " + m.name + " im Portal", "/gemeinden/" + m.ags},
             {"Nutzungszahlen als offene Daten (JSON)", "/api/v1/opendata/usage?municipality=" + m.ags},
             {"Nutzungszahlen als offene Daten (CSV)",
              "/api/v1/opendata/usage?municipality=" + m.ags + "&format=csv"}});
  return {
      {"heading", m.name},
      {"intro", "Welche Leistungen " + m.name + " online anbietet und in welchem Reifegrad."},
      {"facts", {{"items", std::move(facts)}}},
      {"filter", nullptr},
      {"pager", nullptr},
      {"sections", json::array({std::move(hosted), std::move(other), std::move(offline), std::move(more)})}};
}

}  // namespace amtsweg::web
