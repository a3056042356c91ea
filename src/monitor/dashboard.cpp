// The dashboards' reports built from rollup sums (see dashboard.h). Pure: no storage, no clock.

#include "monitor/dashboard.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include "text/time.h"

namespace amtsweg::monitor {
namespace {

constexpr std::string_view kNotMeasured = "noch nicht erfasst";
constexpr std::size_t kTopFields = 10;

using Kinds = std::map<std::string, std::int64_t>;

std::int64_t Get(const Kinds& kinds, std::string_view kind) {
  auto found = kinds.find(std::string(kind));
  return found == kinds.end() ? 0 : found->second;
}

Cell Count(std::int64_t n) {
  Cell cell;
  cell.value = n;
  return cell;
}
Cell Text(std::string text, std::string href = {}) {
  Cell cell;
  cell.value = std::move(text);
  cell.href = std::move(href);
  return cell;
}
Cell Missing(std::string_view why = {}) {
  Cell cell;
  cell.missing_text = std::string(why);
  return cell;
}
Cell Ratio(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return Missing();
  Cell cell;
  cell.value = static_cast<double>(part) / static_cast<double>(whole);
  return cell;
}
Cell Bound(std::optional<std::int64_t> seconds) {
  if (!seconds) return Missing();
  if (*seconds == INT64_MAX) return Missing("über 30 Tage");
  return Count(*seconds);
}

double RatioOf(std::int64_t part, std::int64_t whole) {
  return whole <= 0 ? -1.0 : static_cast<double>(part) / static_cast<double>(whole);
}

Table MakeTable(std::string id, std::string caption, std::vector<Column> columns) {
  Table t;
  t.id = std::move(id);
  t.caption = std::move(caption);
  t.columns = std::move(columns);
  return t;
}

Column Col(std::string id, std::string label, ColumnType type) {
  return Column{std::move(id), std::move(label), type};
}

std::string PageLabel(const process::Definition* definition, const std::string& page) {
  if (page.empty()) return "vor der ersten Seite";
  if (definition != nullptr) {
    for (const auto& p : definition->pages)
      if (p.id == page) return p.title;
  }
  return page;
}

// ISO 8601 week number and year of the week that starts on Monday `monday`.
std::pair<int, int> IsoWeek(std::int64_t monday) {
  using namespace std::chrono;
  const std::int64_t thursday = monday + 3;
  const year_month_day ymd{sys_days{days{thursday}}};
  const std::int64_t jan1 = sys_days{ymd.year() / January / 1}.time_since_epoch().count();
  return {static_cast<int>((thursday - jan1) / 7 + 1), static_cast<int>(ymd.year())};
}

std::int64_t WeekOfDay(std::int64_t day) { return (day + 3) >= 0 ? (day + 3) / 7 : -((-(day + 3) + 6) / 7); }

Table KeyFigures(const Kinds& kinds, const std::vector<storage::UsageDurationSum>& durations) {
  Table t = MakeTable("kennzahlen", "Kennzahlen im Zeitraum",
                      {Col("angesehen", "Leistung angesehen", ColumnType::kCount),
                       Col("begonnen", "Anträge begonnen", ColumnType::kCount),
                       Col("eingereicht", "Anträge eingereicht", ColumnType::kCount),
                       Col("abgebrochen", "Anträge abgebrochen", ColumnType::kCount),
                       Col("konversion", "Eingereicht je begonnen", ColumnType::kRatio),
                       Col("median_bis_s", "Median der Zeit bis zum Einreichen", ColumnType::kSeconds),
                       Col("p90_bis_s", "90 % reichen ein binnen", ColumnType::kSeconds)});
  const std::int64_t started = Get(kinds, "started");
  const std::int64_t submitted = Get(kinds, "submitted");
  t.rows.push_back({Count(Get(kinds, "service_viewed")), Count(started), Count(submitted),
                    Count(Get(kinds, "abandoned")), Ratio(submitted, started),
                    Bound(BucketQuantile(durations, 0.5)), Bound(BucketQuantile(durations, 0.9))});
  return t;
}

Table Funnel(const ServiceInputs& in, const Kinds& kinds) {
  Table t =
      MakeTable("trichter", "Trichter von der Leistungsseite bis zum Bescheid",
                {Col("schritt", "Schritt", ColumnType::kText), Col("anzahl", "Anzahl", ColumnType::kCount),
                 Col("anteil_vorschritt", "Anteil am vorigen Schritt", ColumnType::kRatio),
                 Col("anteil_begonnen", "Anteil an begonnenen Anträgen", ColumnType::kRatio)});
  const std::int64_t started = Get(kinds, "started");
  std::map<std::string, std::int64_t> completed;
  for (const auto& p : in.pages)
    if (p.kind == "page_completed") completed[p.page] += p.count;

  std::optional<std::int64_t> previous;
  auto add = [&](std::string label, std::int64_t n, bool relative_to_start) {
    t.rows.push_back({Text(std::move(label)), Count(n), previous ? Ratio(n, *previous) : Missing(),
                      relative_to_start ? Ratio(n, started) : Missing()});
    previous = n;
  };
  add("Leistung angesehen", Get(kinds, "service_viewed"), false);
  add("Antrag begonnen", started, true);
  if (in.definition != nullptr) {
    for (const auto& page : in.definition->pages)
      add("Seite „" + page.title + "“ ausgefüllt", completed[page.id], true);
  }
  add("Antrag eingereicht", Get(kinds, "submitted"), true);
  for (const char* step : {"Gebühr bezahlt", "An die Behörde zugestellt", "Beschieden"}) {
    t.rows.push_back({Text(step), Missing(kNotMeasured), Missing(kNotMeasured), Missing(kNotMeasured)});
  }
  return t;
}

Table DropOff(const ServiceInputs& in) {
  Table t = MakeTable(
      "abbrueche", "Abgebrochene Anträge nach letzter Seite",
      {Col("seite", "Zuletzt auf Seite", ColumnType::kText), Col("abbrueche", "Abbrüche", ColumnType::kCount),
       Col("anteil", "Anteil an allen Abbrüchen", ColumnType::kRatio)});
  std::map<std::string, std::int64_t> by_page;
  std::int64_t total = 0;
  for (const auto& p : in.pages) {
    if (p.kind != "abandoned") continue;
    by_page[p.page] += p.count;
    total += p.count;
  }
  std::vector<std::string> order;
  if (in.definition != nullptr) {
    for (const auto& page : in.definition->pages) order.push_back(page.id);
  }
  for (const auto& [page, n] : by_page)
    if (std::find(order.begin(), order.end(), page) == order.end()) order.push_back(page);
  for (const auto& page : order) {
    const std::int64_t n = by_page.count(page) ? by_page[page] : 0;
    t.rows.push_back({Text(PageLabel(in.definition, page)), Count(n), Ratio(n, total)});
  }
  return t;
}

Table ErrorFields(const ServiceInputs& in, std::int64_t started) {
  Table t =
      MakeTable("fehlerfelder", "Felder mit den meisten Eingabefehlern",
                {Col("feld", "Feld", ColumnType::kText), Col("seite", "Seite", ColumnType::kText),
                 Col("pfad", "Feldkennung", ColumnType::kText), Col("fehler", "Fehler", ColumnType::kCount),
                 Col("anteil_fehler", "Anteil an allen Eingabefehlern", ColumnType::kRatio),
                 Col("anteil_begonnen", "Fehler je begonnenem Antrag", ColumnType::kRatio)});
  std::map<std::pair<std::string, std::string>, std::int64_t> by_field;
  std::int64_t total = 0;
  for (const auto& f : in.fields) {
    by_field[{f.page, f.field}] += f.count;
    total += f.count;
  }
  std::vector<std::pair<std::pair<std::string, std::string>, std::int64_t>> ranked(by_field.begin(),
                                                                                   by_field.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (ranked.size() > kTopFields) ranked.resize(kTopFields);
  for (const auto& [key, n] : ranked) {
    const auto& [page, field] = key;
    std::string label = in.definition != nullptr ? FieldLabel(*in.definition, field) : field;
    t.rows.push_back({Text(std::move(label)), Text(PageLabel(in.definition, page)), Text(field), Count(n),
                      Ratio(n, total), Ratio(n, started)});
  }
  return t;
}

constexpr std::pair<const char*, const char*> kDevices[] = {
    {"phone", "Smartphone"}, {"tablet", "Tablet"}, {"desktop", "Computer"}};

Table Devices(const ServiceInputs& in, std::int64_t started_total) {
  Table t =
      MakeTable("geraete", "Anträge nach Gerät",
                {Col("geraet", "Gerät", ColumnType::kText), Col("begonnen", "Begonnen", ColumnType::kCount),
                 Col("eingereicht", "Eingereicht", ColumnType::kCount),
                 Col("konversion", "Eingereicht je begonnen", ColumnType::kRatio),
                 Col("anteil_begonnen", "Anteil an allen begonnenen", ColumnType::kRatio)});
  const auto groups = CountsByGroup(in.by_device);
  for (const auto& [device, label] : kDevices) {
    auto found = groups.find(device);
    const Kinds none;
    const Kinds& kinds = found == groups.end() ? none : found->second;
    const std::int64_t started = Get(kinds, "started");
    const std::int64_t submitted = Get(kinds, "submitted");
    t.rows.push_back({Text(label), Count(started), Count(submitted), Ratio(submitted, started),
                      Ratio(started, started_total)});
  }
  return t;
}

Table Weeks(const ServiceInputs& in) {
  Table t =
      MakeTable("wochen", "Begonnene und eingereichte Anträge je Woche",
                {Col("woche", "Woche", ColumnType::kText), Col("ab", "Beginn der Woche", ColumnType::kText),
                 Col("begonnen", "Begonnen", ColumnType::kCount),
                 Col("eingereicht", "Eingereicht", ColumnType::kCount)});
  const auto groups = CountsByGroup(in.by_week);
  for (std::int64_t week = WeekOfDay(in.from_day); week <= WeekOfDay(in.to_day); ++week) {
    const std::int64_t monday = week * 7 - 3;
    const auto [number, year] = IsoWeek(monday);
    char label[32];
    std::snprintf(label, sizeof label, "KW %d/%d", number, year);
    auto found = groups.find(std::to_string(week));
    const Kinds none;
    const Kinds& kinds = found == groups.end() ? none : found->second;
    t.rows.push_back({Text(label), Text(text::DayIso(monday)), Count(Get(kinds, "started")),
                      Count(Get(kinds, "submitted"))});
  }
  return t;
}

// Rank rows by a key, descending; ties by name.
struct Ranked {
  std::string name;
  std::string href;
  std::string extra;  // e.g. the AGS
  std::int64_t started = 0;
  std::int64_t submitted = 0;
};

void SortByStarts(std::vector<Ranked>& rows) {
  std::sort(rows.begin(), rows.end(), [](const Ranked& a, const Ranked& b) {
    return a.started != b.started ? a.started > b.started : a.name < b.name;
  });
}

std::vector<Ranked> ByConversion(std::vector<Ranked> rows) {
  std::erase_if(rows, [](const Ranked& r) { return r.started <= 0; });
  std::sort(rows.begin(), rows.end(), [](const Ranked& a, const Ranked& b) {
    const double ra = RatioOf(a.submitted, a.started);
    const double rb = RatioOf(b.submitted, b.started);
    if (ra != rb) return ra > rb;
    return a.started != b.started ? a.started > b.started : a.name < b.name;
  });
  return rows;
}

}  // namespace

int Table::ColumnIndex(std::string_view column) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].id == column) return static_cast<int>(i);
  return -1;
}

const Table* Report::Find(std::string_view table) const {
  for (const auto& t : tables)
    if (t.id == table) return &t;
  return nullptr;
}

std::map<std::string, std::int64_t> CountsByKind(const std::vector<storage::UsageSum>& sums) {
  Kinds kinds;
  for (const auto& s : sums) kinds[s.kind] += s.count;
  return kinds;
}

std::map<std::string, std::map<std::string, std::int64_t>> CountsByGroup(
    const std::vector<storage::UsageSum>& sums) {
  std::map<std::string, Kinds> groups;
  for (const auto& s : sums) groups[s.group.empty() ? std::string() : s.group.front()][s.kind] += s.count;
  return groups;
}

std::optional<std::int64_t> BucketQuantile(const std::vector<storage::UsageDurationSum>& buckets, double q) {
  std::map<std::int64_t, std::int64_t> by_bound;
  std::int64_t total = 0;
  for (const auto& b : buckets) {
    if (b.count <= 0) continue;
    by_bound[b.bucket_s] += b.count;
    total += b.count;
  }
  if (total == 0 || !(q > 0.0) || q > 1.0) return std::nullopt;
  // The rank of the q-quantile, 1-based: the smallest k with k >= q * total.
  std::int64_t rank = static_cast<std::int64_t>(q * static_cast<double>(total));
  if (static_cast<double>(rank) < q * static_cast<double>(total)) ++rank;
  rank = std::max<std::int64_t>(rank, 1);
  std::int64_t seen = 0;
  for (const auto& [bound, count] : by_bound) {
    seen += count;
    if (seen >= rank) return bound;
  }
  return by_bound.rbegin()->first;
}

std::string FieldLabel(const process::Definition& definition, std::string_view path) {
  std::vector<std::string> labels;
  const std::vector<process::Field>* level = nullptr;
  std::string_view rest = path;
  while (!rest.empty()) {
    const std::size_t dot = rest.find('.');
    std::string_view segment = rest.substr(0, dot);
    rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
    if (segment.ends_with("[]")) segment.remove_suffix(2);
    const process::Field* found = nullptr;
    auto search = [&](const std::vector<process::Field>& fields) {
      for (const auto& f : fields)
        if (f.id == segment) found = &f;
    };
    if (level == nullptr) {
      for (const auto& page : definition.pages) {
        search(page.fields);
        if (found != nullptr) break;
      }
    } else {
      search(*level);
    }
    if (found == nullptr) return std::string(path);
    labels.push_back(found->label.empty() ? found->id : found->label);
    level = &found->fields;
  }
  if (labels.empty()) return std::string(path);
  std::string label = labels.front();
  for (std::size_t i = 1; i < labels.size(); ++i) label += " – " + labels[i];
  return label;
}

Report BuildServiceReport(const ServiceInputs& in) {
  const Kinds kinds = CountsByKind(in.totals);
  const std::int64_t started = Get(kinds, "started");
  Report report;
  report.view = "leistung";
  report.tables.push_back(KeyFigures(kinds, in.durations));
  report.tables.push_back(Funnel(in, kinds));
  report.tables.push_back(DropOff(in));
  report.tables.push_back(ErrorFields(in, started));
  report.tables.push_back(Devices(in, started));
  report.tables.push_back(Weeks(in));
  return report;
}

namespace {

Table RankTable(std::string id, std::string caption, std::string name_column, std::string name_label,
                const std::vector<Ranked>& rows, bool with_extra) {
  Table t = MakeTable(std::move(id), std::move(caption), {});
  t.columns.push_back(Col("rang", "Rang", ColumnType::kCount));
  t.columns.push_back(Col(std::move(name_column), std::move(name_label), ColumnType::kText));
  if (with_extra) t.columns.push_back(Col("ags", "Gemeindeschlüssel", ColumnType::kText));
  t.columns.push_back(Col("begonnen", "Begonnen", ColumnType::kCount));
  t.columns.push_back(Col("eingereicht", "Eingereicht", ColumnType::kCount));
  t.columns.push_back(Col("konversion", "Eingereicht je begonnen", ColumnType::kRatio));
  std::int64_t rank = 0;
  for (const auto& r : rows) {
    std::vector<Cell> row{Count(++rank), Text(r.name, r.href)};
    if (with_extra) row.push_back(Text(r.extra));
    row.push_back(Count(r.started));
    row.push_back(Count(r.submitted));
    row.push_back(Ratio(r.submitted, r.started));
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string MonthIso(std::int64_t month) {
  char text[48];
  std::snprintf(text, sizeof text, "%04lld-%02lld", static_cast<long long>(month / 100),
                static_cast<long long>(month % 100));
  return text;
}

Table OnlineShare(const MunicipalityInputs& in) {
  Table t = MakeTable("onlineanteil", "Online-Anteil gegenüber Papieranträgen (Monate mit Papierzahlen)",
                      {Col("leistung", "Leistung", ColumnType::kText),
                       Col("monate", "Monate mit Papierzahlen", ColumnType::kCount),
                       Col("online", "Online eingereicht", ColumnType::kCount),
                       Col("papier", "Auf Papier", ColumnType::kCount),
                       Col("onlineanteil", "Online-Anteil", ColumnType::kRatio)});
  std::map<std::pair<std::string, std::string>, std::int64_t> online;  // (process, month) -> submitted
  for (const auto& s : in.by_process_month) {
    if (s.kind == "submitted" && s.group.size() >= 2) online[{s.group[0], s.group[1]}] += s.count;
  }
  for (const auto& service : in.services) {
    std::int64_t months = 0, paper = 0, online_sum = 0;
    for (const auto& p : in.paper) {
      if (p.process != service.process) continue;
      ++months;
      paper += p.count;
      online_sum += online[{p.process, std::to_string(p.month)}];
    }
    if (months == 0) {
      t.rows.push_back({Text(service.title, service.href), Count(0), Missing("keine Papierzahlen"),
                        Missing("keine Papierzahlen"), Missing("keine Papierzahlen")});
    } else {
      t.rows.push_back({Text(service.title, service.href), Count(months), Count(online_sum), Count(paper),
                        Ratio(online_sum, online_sum + paper)});
    }
  }
  return t;
}

Table PaperTable(const MunicipalityInputs& in) {
  Table t = MakeTable(
      "papier", "Erfasste Papieranträge",
      {Col("leistung", "Leistung", ColumnType::kText), Col("prozess", "Kennung", ColumnType::kText),
       Col("monat", "Monat", ColumnType::kText), Col("anzahl", "Papieranträge", ColumnType::kCount)});
  for (const auto& p : in.paper) {
    std::string title = p.process;
    for (const auto& s : in.services)
      if (s.process == p.process) title = s.title;
    t.rows.push_back({Text(std::move(title)), Text(p.process), Text(MonthIso(p.month)), Count(p.count)});
  }
  return t;
}

}  // namespace

Report BuildMunicipalityReport(const MunicipalityInputs& in) {
  const auto groups = CountsByGroup(in.by_process);
  std::vector<Ranked> rows;
  for (const auto& s : in.services) {
    auto found = groups.find(s.process);
    Ranked r{.name = s.title, .href = s.href, .extra = {}};
    if (found != groups.end()) {
      r.started = Get(found->second, "started");
      r.submitted = Get(found->second, "submitted");
    }
    rows.push_back(std::move(r));
  }
  SortByStarts(rows);
  Report report;
  report.view = "gemeinde";
  report.tables.push_back(RankTable("nutzung", "Leistungen nach Nutzung (begonnene Anträge)", "leistung",
                                    "Leistung", rows, false));
  report.tables.push_back(RankTable("konversion", "Leistungen nach Konversion (eingereicht je begonnen)",
                                    "leistung", "Leistung", ByConversion(rows), false));
  report.tables.push_back(OnlineShare(in));
  report.tables.push_back(PaperTable(in));
  return report;
}

Report BuildOverviewReport(const std::vector<MunicipalityRef>& municipalities,
                           const std::vector<storage::UsageSum>& by_ags) {
  const auto groups = CountsByGroup(by_ags);
  std::vector<Ranked> rows;
  for (const auto& m : municipalities) {
    Ranked r{.name = m.name, .href = m.href, .extra = m.ags};
    if (auto found = groups.find(m.ags); found != groups.end()) {
      r.started = Get(found->second, "started");
      r.submitted = Get(found->second, "submitted");
    }
    rows.push_back(std::move(r));
  }
  SortByStarts(rows);
  Report report;
  report.view = "uebersicht";
  report.tables.push_back(RankTable("gemeinden", "Gemeinden nach Nutzung (begonnene Anträge)", "gemeinde",
                                    "Gemeinde", rows, true));
  report.tables.push_back(RankTable("konversion", "Gemeinden nach Konversion (eingereicht je begonnen)",
                                    "gemeinde", "Gemeinde", ByConversion(rows), true));
  return report;
}

Report BuildComparisonReport(const ComparisonInputs& in) {
  Table t = MakeTable(
      "vergleich", "Gemeinden mit diesem Standardprozess im Vergleich",
      {Col("gemeinde", "Gemeinde", ColumnType::kText), Col("ags", "Gemeindeschlüssel", ColumnType::kText),
       Col("begonnen", "Begonnen", ColumnType::kCount), Col("eingereicht", "Eingereicht", ColumnType::kCount),
       Col("konversion", "Eingereicht je begonnen", ColumnType::kRatio),
       Col("median_bis_s", "Median der Zeit bis zum Einreichen", ColumnType::kSeconds),
       Col("fehlerfeld", "Häufigstes Fehlerfeld", ColumnType::kText),
       Col("fehlerfeld_anteil", "Dessen Fehler je begonnenem Antrag", ColumnType::kRatio)});
  const auto groups = CountsByGroup(in.by_ags);
  struct Row {
    std::vector<Cell> cells;
    double conversion = -1;
    std::optional<std::int64_t> median;
  };
  std::vector<Row> rows;
  for (const auto& [m, definition] : in.municipalities) {
    Kinds none;
    auto found = groups.find(m.ags);
    const Kinds& kinds = found == groups.end() ? none : found->second;
    const std::int64_t started = Get(kinds, "started");
    const std::int64_t submitted = Get(kinds, "submitted");
    std::vector<storage::UsageDurationSum> durations;
    for (const auto& d : in.durations)
      if (d.group == m.ags) durations.push_back(d);
    std::map<std::string, std::int64_t> fields;
    for (const auto& f : in.fields)
      if (f.ags == m.ags) fields[f.field] += f.count;
    auto top = std::max_element(fields.begin(), fields.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; });
    Row row{.cells = {}, .conversion = RatioOf(submitted, started), .median = BucketQuantile(durations, 0.5)};
    row.cells = {Text(m.name, m.href),      Text(m.ags),      Count(started), Count(submitted),
                 Ratio(submitted, started), Bound(row.median)};
    if (top == fields.end()) {
      row.cells.push_back(Missing("keine Fehler"));
      row.cells.push_back(Missing());
    } else {
      row.cells.push_back(Text(definition != nullptr ? FieldLabel(*definition, top->first) : top->first));
      row.cells.push_back(Ratio(top->second, started));
    }
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.conversion > b.conversion; });
  double best_conversion = -1;
  std::optional<std::int64_t> best_median;
  for (const auto& r : rows) {
    best_conversion = std::max(best_conversion, r.conversion);
    if (r.median && *r.median != INT64_MAX && (!best_median || *r.median < *best_median))
      best_median = r.median;
  }
  const int conversion_column = t.ColumnIndex("konversion");
  const int median_column = t.ColumnIndex("median_bis_s");
  for (auto& r : rows) {
    if (r.conversion >= 0 && r.conversion == best_conversion) r.cells[conversion_column].best = true;
    if (best_median && r.median == best_median) r.cells[median_column].best = true;
    t.rows.push_back(std::move(r.cells));
  }
  Report report;
  report.view = "vergleich";
  report.tables.push_back(std::move(t));
  return report;
}

}  // namespace amtsweg::monitor
