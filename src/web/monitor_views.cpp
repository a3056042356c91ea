// The monitor pages' views (see monitor_pages.h): report tables, the filter form and the charts,
// as the templates under web/templates/monitor/ render them. Pure.

#include <map>

#include "text/time.h"
#include "web/monitor_pages.h"
#include "web/svg_chart.h"

namespace amtsweg::web {
namespace {

using monitor::ColumnType;
using nlohmann::json;

bool Numeric(ColumnType type) { return type == ColumnType::kCount || type == ColumnType::kRatio; }

std::int64_t IntAt(const monitor::Table& table, std::size_t row, std::string_view column) {
  const int i = table.ColumnIndex(column);
  if (i < 0 || row >= table.rows.size()) return 0;
  const auto* n = std::get_if<std::int64_t>(&table.rows[row][static_cast<std::size_t>(i)].value);
  return n == nullptr ? 0 : *n;
}

bool HasValue(const monitor::Table& table, std::size_t row, std::string_view column) {
  const int i = table.ColumnIndex(column);
  return i >= 0 &&
         !std::holds_alternative<std::monostate>(table.rows[row][static_cast<std::size_t>(i)].value);
}

std::string TextAt(const monitor::Table& table, std::size_t row, std::string_view column) {
  const int i = table.ColumnIndex(column);
  if (i < 0 || row >= table.rows.size()) return {};
  const auto& cell = table.rows[row][static_cast<std::size_t>(i)];
  return monitor::FormatCell(cell, table.columns[static_cast<std::size_t>(i)].type);
}

// Bars of one count column labelled by a text column (at most `limit` rows, those with a value).
std::vector<BarValue> Bars(const monitor::Table& table, std::string_view label, std::string_view value,
                           std::size_t limit) {
  std::vector<BarValue> bars;
  for (std::size_t r = 0; r < table.rows.size() && bars.size() < limit; ++r) {
    if (HasValue(table, r, value)) bars.push_back({TextAt(table, r, label), IntAt(table, r, value)});
  }
  return bars;
}

std::string ExportQuery(const monitor::ViewFilter& filter) {
  std::string q = filter.period_days > 0
                      ? "zeitraum=" + std::to_string(filter.period_days)
                      : "von=" + text::DayIso(filter.from_day) + "&bis=" + text::DayIso(filter.to_day);
  if (filter.version) q += "&version=" + std::to_string(*filter.version);
  if (filter.device) q += "&geraet=" + *filter.device;
  return q;
}

std::string Value(const std::vector<std::pair<std::string, std::string>>& query, std::string_view key) {
  std::string value;
  for (const auto& [k, v] : query)
    if (k == key) value = v;
  return value;
}

}  // namespace

std::string MonitorMunicipalityPath(std::string_view ags) { return "/monitor/" + std::string(ags); }
std::string MonitorServicePath(std::string_view ags, std::string_view process) {
  return MonitorMunicipalityPath(ags) + "/" + std::string(process);
}
std::string MonitorComparisonPath(std::string_view process) {
  return "/monitor/vergleich/" + std::string(process);
}

std::string MonitorCookie(std::string_view key, bool secure) {
  std::string cookie =
      std::string(kMonitorCookie) + "=" + std::string(key) + "; Path=/monitor; HttpOnly; SameSite=Strict";
  if (key.empty()) cookie += "; Max-Age=0";
  if (secure) cookie += "; Secure";
  return cookie;
}

json TableView(const monitor::Table& table) {
  json headers = json::array();
  for (const auto& c : table.columns) headers.push_back({{"label", c.label}, {"numeric", Numeric(c.type)}});
  json rows = json::array();
  for (const auto& row : table.rows) {
    json cells = json::array();
    for (std::size_t i = 0; i < table.columns.size() && i < row.size(); ++i) {
      const auto& cell = row[i];
      cells.push_back({{"text", monitor::FormatCell(cell, table.columns[i].type)},
                       {"href", cell.href.empty() ? json(nullptr) : json(cell.href)},
                       {"numeric", Numeric(table.columns[i].type)},
                       {"best", cell.best},
                       {"row_header", i == 0}});
    }
    rows.push_back({{"cells", std::move(cells)}});
  }
  return {{"id", "t-" + table.id},
          {"caption", table.caption},
          {"headers", std::move(headers)},
          {"rows", std::move(rows)},
          {"empty", table.rows.empty()}};
}

json FilterView(std::string_view path, const monitor::ViewFilter& filter,
                const std::vector<std::pair<std::string, std::string>>& query) {
  json periods = json::array();
  for (int days : {7, 30, 90, 365}) {
    periods.push_back({{"value", std::to_string(days)},
                       {"label", "letzte " + std::to_string(days) + " Tage"},
                       {"selected", filter.period_days == days}});
  }
  json devices = json::array({{{"value", ""}, {"label", "alle Geräte"}, {"selected", !filter.device}}});
  for (const auto& [value, label] : std::vector<std::pair<std::string, std::string>>{
           {"phone", "Smartphone"}, {"tablet", "Tablet"}, {"desktop", "Computer"}}) {
    devices.push_back({{"value", value}, {"label", label}, {"selected", filter.device == value}});
  }
  const std::string export_query = ExportQuery(filter);
  return {{"action", std::string(path)},
          {"periods", std::move(periods)},
          {"devices", std::move(devices)},
          {"von", filter.period_days == 0 ? text::DayIso(filter.from_day) : Value(query, "von")},
          {"bis", filter.period_days == 0 ? text::DayIso(filter.to_day) : Value(query, "bis")},
          {"version", filter.version ? std::to_string(*filter.version) : Value(query, "version")},
          {"period_text", "vom " + text::DayIso(filter.from_day) + " bis " + text::DayIso(filter.to_day)},
          {"csv_href", std::string(path) + "?" + export_query + "&format=csv"},
          {"json_href", std::string(path) + "?" + export_query + "&format=json"}};
}

std::map<std::string, std::string> ReportCharts(const monitor::Report& report) {
  std::map<std::string, std::string> charts;
  if (const auto* t = report.Find("trichter")) {
    charts["trichter"] =
        HorizontalBars({"c-trichter", "Trichter",
                        "Balken je Schritt vom Aufruf der Leistungsseite bis zur Einreichung; bezahlt, "
                        "zugestellt und beschieden "
                        "werden noch nicht erfasst. Die Zahlen stehen in der Tabelle darunter."},
                       Bars(*t, "schritt", "anzahl", 64));
  }
  if (const auto* t = report.Find("abbrueche"); t != nullptr && !t->rows.empty()) {
    charts["abbrueche"] = HorizontalBars(
        {"c-abbrueche", "Abbrüche nach letzter Seite",
         "Balken je Seite: wie viele Anträge dort zuletzt bearbeitet und dann abgebrochen wurden."},
        Bars(*t, "seite", "abbrueche", 64));
  }
  if (const auto* t = report.Find("geraete")) {
    std::vector<std::string> categories;
    Series started{"Begonnen", {}}, submitted{"Eingereicht", {}};
    for (std::size_t r = 0; r < t->rows.size(); ++r) {
      categories.push_back(TextAt(*t, r, "geraet"));
      started.values.push_back(IntAt(*t, r, "begonnen"));
      submitted.values.push_back(IntAt(*t, r, "eingereicht"));
    }
    charts["geraete"] =
        GroupedColumns({"c-geraete", "Anträge nach Gerät",
                        "Säulen je Gerätegruppe: begonnene (dunkelblau) und eingereichte (orange) Anträge."},
                       categories, {started, submitted});
  }
  if (const auto* t = report.Find("wochen")) {
    std::vector<std::string> categories;
    Series started{"Begonnen", {}}, submitted{"Eingereicht", {}};
    for (std::size_t r = 0; r < t->rows.size(); ++r) {
      std::string week = TextAt(*t, r, "woche");  // "KW 49/2026" -> "KW 49"
      categories.push_back(week.substr(0, week.find('/')));
      started.values.push_back(IntAt(*t, r, "begonnen"));
      submitted.values.push_back(IntAt(*t, r, "eingereicht"));
    }
    charts["wochen"] =
        GroupedColumns({"c-wochen", "Wochenverlauf",
                        "Säulen je Kalenderwoche: begonnene (dunkelblau) und eingereichte (orange) Anträge."},
                       categories, {started, submitted});
  }
  for (const char* id : {"nutzung", "gemeinden"}) {
    const auto* t = report.Find(id);
    if (t == nullptr || t->rows.empty()) continue;
    const char* label = std::string_view(id) == "nutzung" ? "leistung" : "gemeinde";
    charts[id] =
        HorizontalBars({std::string("c-") + id, t->caption,
                        "Balken je Eintrag (höchstens 15): begonnene Anträge im Zeitraum, absteigend."},
                       Bars(*t, label, "begonnen", 15));
  }
  return charts;
}

}  // namespace amtsweg::web
