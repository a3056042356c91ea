// The dashboards' reports from hand-made rollup sums (dashboard.h), and their exports.

#include "monitor/dashboard.h"

#include <gtest/gtest.h>

#include "monitor/dashboard_query.h"

namespace amtsweg::monitor {
namespace {

using storage::UsageDurationSum;
using storage::UsageSum;

std::vector<std::pair<std::string, std::string>> Q(std::vector<std::pair<std::string, std::string>> q) {
  return q;
}

const std::int64_t kToday = *DayFromIso("2026-11-30");

process::Definition DogDefinition() {
  process::Definition d;
  d.id = "hund-anmelden";
  d.title = "Hund anmelden";
  process::Page halter;
  halter.id = "halter";
  halter.title = "Halterin oder Halter";
  process::Field name;
  name.id = "name";
  name.label = "Name";
  halter.fields.push_back(name);
  process::Page hunde;
  hunde.id = "hunde";
  hunde.title = "Ihre Hunde";
  process::Field repeat;
  repeat.id = "hunde";
  repeat.label = "Hunde";
  process::Field rasse;
  rasse.id = "rasse";
  rasse.label = "Rasse";
  repeat.fields.push_back(rasse);
  hunde.fields.push_back(repeat);
  d.pages = {halter, hunde};
  return d;
}

const Table& TableOf(const Report& report, std::string_view id) {
  const Table* t = report.Find(id);
  if (t == nullptr) throw std::runtime_error("no table " + std::string(id));
  return *t;
}

const Cell& At(const Table& t, std::size_t row, std::string_view column) {
  const int i = t.ColumnIndex(column);
  if (i < 0 || row >= t.rows.size()) throw std::runtime_error("no cell " + std::string(column));
  return t.rows[row][static_cast<std::size_t>(i)];
}

std::int64_t Int(const Cell& c) { return std::get<std::int64_t>(c.value); }
double Ratio(const Cell& c) { return std::get<double>(c.value); }
std::string Str(const Cell& c) { return std::get<std::string>(c.value); }
bool Empty(const Cell& c) { return std::holds_alternative<std::monostate>(c.value); }

// --- Filters ----------------------------------------------------------------------------------

TEST(ViewFilterTest, DefaultsToNinetyDaysUpToToday) {
  auto f = ParseViewFilter({}, kToday);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->to_day, kToday);
  EXPECT_EQ(f->from_day, kToday - 89);
  EXPECT_FALSE(f->version);
  EXPECT_FALSE(f->device);
}

TEST(ViewFilterTest, ReadsPeriodVersionDevice) {
  auto f = ParseViewFilter(Q({{"zeitraum", "7"}, {"version", "2"}, {"geraet", "phone"}}), kToday);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->from_day, kToday - 6);
  EXPECT_EQ(f->version, 2);
  EXPECT_EQ(f->device, "phone");
  auto dates = ParseViewFilter(Q({{"von", "2026-11-01"}, {"bis", "2026-11-15"}, {"zeitraum", "7"}}), kToday);
  ASSERT_TRUE(dates);
  EXPECT_EQ(dates->from_day, *DayFromIso("2026-11-01"));
  EXPECT_EQ(dates->to_day, *DayFromIso("2026-11-15"));
  auto from_only = ParseViewFilter(Q({{"von", "2026-11-01"}}), kToday);
  ASSERT_TRUE(from_only);
  EXPECT_EQ(from_only->to_day, kToday);
  auto empty_values = ParseViewFilter(Q({{"von", ""}, {"geraet", ""}, {"version", ""}}), kToday);
  ASSERT_TRUE(empty_values);
  EXPECT_EQ(empty_values->from_day, kToday - 89);
}

TEST(ViewFilterTest, RejectsWithStableCodes) {
  const std::vector<std::pair<std::vector<std::pair<std::string, std::string>>, std::string>> cases = {
      {{{"von", "2026-13-01"}}, "invalid_date"},
      {{{"von", "2026-02-30"}}, "invalid_date"},
      {{{"bis", "30.11.2026"}}, "invalid_date"},
      {{{"von", "1999-01-01"}}, "invalid_date"},
      {{{"von", "2026-11-20"}, {"bis", "2026-11-10"}}, "invalid_period"},
      {{{"von", "2000-01-01"}, {"bis", "2026-11-10"}}, "invalid_period"},
      {{{"zeitraum", "14"}}, "invalid_period"},
      {{{"zeitraum", "-7"}}, "invalid_period"},
      {{{"zeitraum", "99999999999999999999"}}, "invalid_period"},
      {{{"version", "0"}}, "invalid_version"},
      {{{"version", "1x"}}, "invalid_version"},
      {{{"geraet", "Phone"}}, "invalid_device"},
      {{{"geraet", "toaster"}}, "invalid_device"},
  };
  for (const auto& [query, code] : cases) {
    auto f = ParseViewFilter(query, kToday);
    ASSERT_FALSE(f) << query.front().first << "=" << query.front().second;
    EXPECT_EQ(f.error().code, code) << query.front().second;
    EXPECT_FALSE(f.error().message.empty());
  }
}

TEST(ViewFilterTest, MonthsAndWholeMonths) {
  EXPECT_EQ(MonthFromIso("2026-10"), 202610);
  EXPECT_FALSE(MonthFromIso("2026-13"));
  EXPECT_FALSE(MonthFromIso("2026-1"));
  EXPECT_FALSE(MonthFromIso("abcd-01"));
  auto [first, last] = WholeMonths(*DayFromIso("2026-10-15"), *DayFromIso("2026-11-03"));
  EXPECT_EQ(first, *DayFromIso("2026-10-01"));
  EXPECT_EQ(last, *DayFromIso("2026-11-30"));
}

// --- Quantiles and labels -----------------------------------------------------------------------

TEST(BucketQuantileTest, UpperBoundOfTheBucketHoldingTheRank) {
  std::vector<UsageDurationSum> b = {{"", 60, 2}, {"", 300, 5}, {"", 900, 2}, {"", 3600, 1}};
  EXPECT_EQ(BucketQuantile(b, 0.5), 300);  // rank 5 of 10 lies in the second bucket
  EXPECT_EQ(BucketQuantile(b, 0.9), 900);  // rank 9
  EXPECT_EQ(BucketQuantile(b, 1.0), 3600);
  EXPECT_EQ(BucketQuantile(b, 0.2), 60);  // rank 2: still the first bucket
  EXPECT_EQ(BucketQuantile(b, 0.21), 300);
  EXPECT_FALSE(BucketQuantile({}, 0.5));
  EXPECT_FALSE(BucketQuantile({{"", 60, 0}}, 0.5));
  // Buckets split across groups (e.g. two devices) are summed; order does not matter.
  std::vector<UsageDurationSum> split = {{"", 900, 1}, {"", 60, 1}, {"", 60, 1}};
  EXPECT_EQ(BucketQuantile(split, 0.5), 60);
  EXPECT_EQ(BucketQuantile({{"", INT64_MAX, 3}}, 0.5), INT64_MAX);
}

TEST(FieldLabelTest, FollowsThePathThroughRepeats) {
  auto d = DogDefinition();
  EXPECT_EQ(FieldLabel(d, "name"), "Name");
  EXPECT_EQ(FieldLabel(d, "hunde[].rasse"), "Hunde – Rasse");
  EXPECT_EQ(FieldLabel(d, "hunde[].farbe"), "hunde[].farbe");
  EXPECT_EQ(FieldLabel(d, ""), "");
}

// --- Service report ------------------------------------------------------------------------------

ServiceInputs DogInputs(const process::Definition& d) {
  ServiceInputs in;
  in.definition = &d;
  in.totals = {{{}, "service_viewed", 200}, {{}, "started", 100},  {{}, "page_completed", 150},
               {{}, "submitted", 40},       {{}, "abandoned", 30}, {{}, "validation_error", 25}};
  in.by_device = {{{"phone"}, "started", 60},
                  {{"phone"}, "submitted", 15},
                  {{"desktop"}, "started", 40},
                  {{"desktop"}, "submitted", 25}};
  const std::int64_t week = (kToday + 3) / 7;
  in.by_week = {{{std::to_string(week)}, "started", 10},
                {{std::to_string(week)}, "submitted", 4},
                {{std::to_string(week - 1)}, "started", 90}};
  in.pages = {{"", "halter", "page_completed", 80},
              {"", "hunde", "page_completed", 50},
              {"", "halter", "abandoned", 20},
              {"", "hunde", "abandoned", 6},
              {"", "", "abandoned", 4},
              {"", "halter", "validation_error", 9}};
  in.fields = {{"", "hunde", "hunde[].rasse", 15}, {"", "halter", "name", 5}, {"", "halter", "alt", 5}};
  in.durations = {{"", 300, 10}, {"", 900, 20}, {"", 3600, 10}};
  in.from_day = kToday - 13;
  in.to_day = kToday;
  return in;
}

TEST(ServiceReportTest, FunnelFromServicePageToDecision) {
  auto d = DogDefinition();
  Report r = BuildServiceReport(DogInputs(d));
  const Table& f = TableOf(r, "trichter");
  ASSERT_EQ(f.rows.size(), 8u);  // viewed, started, 2 pages, submitted, paid, delivered, decided
  EXPECT_EQ(Str(At(f, 0, "schritt")), "Leistung angesehen");
  EXPECT_EQ(Int(At(f, 0, "anzahl")), 200);
  EXPECT_TRUE(Empty(At(f, 0, "anteil_vorschritt")));
  EXPECT_EQ(Int(At(f, 1, "anzahl")), 100);
  EXPECT_DOUBLE_EQ(Ratio(At(f, 1, "anteil_vorschritt")), 0.5);
  EXPECT_EQ(Str(At(f, 2, "schritt")), "Seite „Halterin oder Halter“ ausgefüllt");
  EXPECT_EQ(Int(At(f, 2, "anzahl")), 80);
  EXPECT_DOUBLE_EQ(Ratio(At(f, 3, "anteil_vorschritt")), 50.0 / 80.0);
  EXPECT_DOUBLE_EQ(Ratio(At(f, 3, "anteil_begonnen")), 0.5);
  EXPECT_EQ(Int(At(f, 4, "anzahl")), 40);
  EXPECT_DOUBLE_EQ(Ratio(At(f, 4, "anteil_begonnen")), 0.4);
  for (std::size_t row = 5; row < 8; ++row) {
    EXPECT_TRUE(Empty(At(f, row, "anzahl")));
    EXPECT_EQ(FormatCell(At(f, row, "anzahl"), ColumnType::kCount), "noch nicht erfasst");
  }
  const Table& k = TableOf(r, "kennzahlen");
  EXPECT_DOUBLE_EQ(Ratio(At(k, 0, "konversion")), 0.4);
  EXPECT_EQ(Int(At(k, 0, "median_bis_s")), 900);
  EXPECT_EQ(Int(At(k, 0, "p90_bis_s")), 3600);
  EXPECT_EQ(Int(At(k, 0, "abgebrochen")), 30);
}

TEST(ServiceReportTest, DropOffErrorsDevicesWeeks) {
  auto d = DogDefinition();
  Report r = BuildServiceReport(DogInputs(d));
  const Table& a = TableOf(r, "abbrueche");
  ASSERT_EQ(a.rows.size(), 3u);  // definition order, then what the definition does not know
  EXPECT_EQ(Str(At(a, 0, "seite")), "Halterin oder Halter");
  EXPECT_EQ(Int(At(a, 0, "abbrueche")), 20);
  EXPECT_DOUBLE_EQ(Ratio(At(a, 0, "anteil")), 20.0 / 30.0);
  EXPECT_EQ(Str(At(a, 2, "seite")), "vor der ersten Seite");

  const Table& e = TableOf(r, "fehlerfelder");
  ASSERT_EQ(e.rows.size(), 3u);
  EXPECT_EQ(Str(At(e, 0, "feld")), "Hunde – Rasse");
  EXPECT_EQ(Str(At(e, 0, "seite")), "Ihre Hunde");
  EXPECT_DOUBLE_EQ(Ratio(At(e, 0, "anteil_fehler")), 0.6);
  EXPECT_DOUBLE_EQ(Ratio(At(e, 0, "anteil_begonnen")), 0.15);
  EXPECT_EQ(Str(At(e, 1, "feld")), "alt");  // ties by page and path; unknown to the definition: the path
  EXPECT_EQ(Str(At(e, 2, "feld")), "Name");

  const Table& g = TableOf(r, "geraete");
  ASSERT_EQ(g.rows.size(), 3u);
  EXPECT_EQ(Str(At(g, 0, "geraet")), "Smartphone");
  EXPECT_DOUBLE_EQ(Ratio(At(g, 0, "konversion")), 0.25);
  EXPECT_DOUBLE_EQ(Ratio(At(g, 0, "anteil_begonnen")), 0.6);
  EXPECT_EQ(Int(At(g, 1, "begonnen")), 0);
  EXPECT_TRUE(Empty(At(g, 1, "konversion")));

  const Table& w = TableOf(r, "wochen");
  ASSERT_GE(w.rows.size(), 2u);
  EXPECT_EQ(Str(At(w, w.rows.size() - 1, "woche")), "KW 49/2026");
  EXPECT_EQ(Str(At(w, w.rows.size() - 1, "ab")), "2026-11-30");
  EXPECT_EQ(Int(At(w, w.rows.size() - 1, "begonnen")), 10);
  EXPECT_EQ(Int(At(w, w.rows.size() - 2, "begonnen")), 90);
  EXPECT_EQ(Int(At(w, 0, "begonnen")), 0);  // weeks without data are there, with zero
}

TEST(ServiceReportTest, NoDataGivesZeroesAndNoRatios) {
  auto d = DogDefinition();
  ServiceInputs in;
  in.definition = &d;
  in.from_day = kToday;
  in.to_day = kToday;
  Report r = BuildServiceReport(in);
  const Table& k = TableOf(r, "kennzahlen");
  EXPECT_EQ(Int(At(k, 0, "begonnen")), 0);
  EXPECT_TRUE(Empty(At(k, 0, "konversion")));
  EXPECT_TRUE(Empty(At(k, 0, "median_bis_s")));
  EXPECT_EQ(TableOf(r, "fehlerfelder").rows.size(), 0u);
  EXPECT_EQ(TableOf(r, "wochen").rows.size(), 1u);
}

// --- Municipality, overview, comparison ----------------------------------------------------------

TEST(MunicipalityReportTest, RanksByUseAndConversionAndComparesWithPaper) {
  MunicipalityInputs in;
  in.services = {{"hund", "Hund anmelden", "/h"},
                 {"gewerbe", "Gewerbe anmelden", "/g"},
                 {"fisch", "Fischereischein", "/f"}};
  in.by_process = {{{"hund"}, "started", 10},
                   {{"hund"}, "submitted", 9},
                   {{"gewerbe"}, "started", 50},
                   {{"gewerbe"}, "submitted", 10}};
  in.by_process_month = {{{"hund", "202610"}, "submitted", 30},
                         {{"hund", "202611"}, "submitted", 6},
                         {{"gewerbe", "202611"}, "submitted", 10}};
  in.paper = {{"08111000", "hund", 202610, 10, ""}, {"08111000", "hund", 202611, 14, ""}};
  Report r = BuildMunicipalityReport(in);
  const Table& use = TableOf(r, "nutzung");
  ASSERT_EQ(use.rows.size(), 3u);
  EXPECT_EQ(Str(At(use, 0, "leistung")), "Gewerbe anmelden");
  EXPECT_EQ(At(use, 0, "leistung").href, "/g");
  EXPECT_EQ(Int(At(use, 0, "rang")), 1);
  EXPECT_EQ(Int(At(use, 2, "begonnen")), 0);
  const Table& conv = TableOf(r, "konversion");
  ASSERT_EQ(conv.rows.size(), 2u);  // never started: no conversion to rank
  EXPECT_EQ(Str(At(conv, 0, "leistung")), "Hund anmelden");
  const Table& share = TableOf(r, "onlineanteil");
  EXPECT_EQ(Int(At(share, 0, "monate")), 2);
  EXPECT_EQ(Int(At(share, 0, "online")), 36);
  EXPECT_EQ(Int(At(share, 0, "papier")), 24);
  EXPECT_DOUBLE_EQ(Ratio(At(share, 0, "onlineanteil")), 0.6);
  EXPECT_EQ(FormatCell(At(share, 1, "onlineanteil"), ColumnType::kRatio), "keine Papierzahlen");
  const Table& paper = TableOf(r, "papier");
  ASSERT_EQ(paper.rows.size(), 2u);
  EXPECT_EQ(Str(At(paper, 0, "monat")), "2026-10");
}

TEST(OverviewReportTest, RanksMunicipalities) {
  std::vector<MunicipalityRef> ms = {{"08111000", "Stuttgart", "/s"}, {"09162000", "München", "/m"}};
  Report r = BuildOverviewReport(ms, {{{"09162000"}, "started", 5},
                                      {{"08111000"}, "started", 3},
                                      {{"08111000"}, "submitted", 3},
                                      {{"99999999"}, "started", 100}});
  const Table& t = TableOf(r, "gemeinden");
  ASSERT_EQ(t.rows.size(), 2u);  // sums of municipalities not listed are not shown
  EXPECT_EQ(Str(At(t, 0, "gemeinde")), "München");
  EXPECT_EQ(Str(At(TableOf(r, "konversion"), 0, "gemeinde")), "Stuttgart");
}

TEST(ComparisonReportTest, MarksTheBest) {
  auto d = DogDefinition();
  ComparisonInputs in;
  in.municipalities = {{{"08111000", "Stuttgart", "/s"}, &d},
                       {{"09162000", "München", "/m"}, &d},
                       {{"05315000", "Köln", "/k"}, &d}};
  in.by_ags = {{{"08111000"}, "started", 10},
               {{"08111000"}, "submitted", 5},
               {{"09162000"}, "started", 10},
               {{"09162000"}, "submitted", 8}};
  in.durations = {{"08111000", 300, 5}, {"09162000", 900, 8}};
  in.fields = {{"09162000", "hunde", "hunde[].rasse", 4}, {"09162000", "halter", "name", 1}};
  Report r = BuildComparisonReport(in);
  const Table& t = TableOf(r, "vergleich");
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(Str(At(t, 0, "gemeinde")), "München");
  EXPECT_TRUE(At(t, 0, "konversion").best);
  EXPECT_FALSE(At(t, 0, "median_bis_s").best);
  EXPECT_EQ(Str(At(t, 0, "fehlerfeld")), "Hunde – Rasse");
  EXPECT_DOUBLE_EQ(Ratio(At(t, 0, "fehlerfeld_anteil")), 0.4);
  EXPECT_TRUE(At(t, 1, "median_bis_s").best);
  EXPECT_FALSE(At(t, 1, "konversion").best);
  EXPECT_EQ(Str(At(t, 2, "gemeinde")), "Köln");  // no starts: last, nothing best
  EXPECT_FALSE(At(t, 2, "konversion").best);
  EXPECT_EQ(FormatCell(At(t, 2, "fehlerfeld"), ColumnType::kText), "keine Fehler");
}

// --- Output --------------------------------------------------------------------------------------

TEST(FormatTest, GermanNumbers) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(1234567), "1.234.567");
  EXPECT_EQ(FormatRatio(0.12345), "12,3 %");
  EXPECT_EQ(FormatRatio(1.0), "100,0 %");
  EXPECT_EQ(FormatBound(30), "bis zu 30 Sek.");
  EXPECT_EQ(FormatBound(300), "bis zu 5 Min.");
  EXPECT_EQ(FormatBound(90), "bis zu 1:30 Min.");
  EXPECT_EQ(FormatBound(5400), "bis zu 1:30 Std.");
  EXPECT_EQ(FormatBound(86400), "bis zu 1 Tag");
  EXPECT_EQ(FormatBound(INT64_MAX), "über 30 Tage");
}

TEST(ExportTest, JsonAndCsvCarryTheSameValues) {
  auto d = DogDefinition();
  Report r = BuildServiceReport(DogInputs(d));
  auto filter = *ParseViewFilter(Q({{"zeitraum", "7"}, {"geraet", "phone"}}), kToday);
  auto json = ReportJson(r, filter);
  EXPECT_EQ(json["ansicht"], "leistung");
  EXPECT_EQ(json["filter"]["von"], "2026-11-24");
  EXPECT_EQ(json["filter"]["geraet"], "phone");
  EXPECT_TRUE(json["filter"]["version"].is_null());
  EXPECT_EQ(json["tabellen"]["trichter"][1]["anzahl"], 100);
  EXPECT_EQ(json["tabellen"]["trichter"][3]["anteil_vorschritt"], 0.625);
  EXPECT_TRUE(json["tabellen"]["trichter"][5]["anzahl"].is_null());
  EXPECT_EQ(json["tabellen"]["fehlerfelder"][0]["anteil_fehler"], 0.6);

  std::string csv = ReportCsv(r);
  EXPECT_NE(csv.find("tabelle,schritt,anzahl,anteil_vorschritt,anteil_begonnen\r\n"), std::string::npos);
  EXPECT_NE(csv.find("trichter,Antrag begonnen,100,0.5,1\r\n"), std::string::npos);
  EXPECT_NE(csv.find("trichter,Gebühr bezahlt,,,\r\n"), std::string::npos);
  EXPECT_NE(csv.find("\r\n\r\ntabelle,seite,abbrueche,anteil\r\n"), std::string::npos);
  EXPECT_NE(csv.find("abbrueche,Halterin oder Halter,20,0.6667\r\n"), std::string::npos);
  EXPECT_EQ(json["tabellen"]["abbrueche"][0]["anteil"], 0.6667);
}

TEST(ExportTest, CsvQuotesText) {
  Report r;
  r.view = "x";
  Table t;
  t.id = "t";
  t.columns = {{"a", "A", ColumnType::kText}};
  Cell c;
  c.value = std::string("Hund, \"groß\"\nneu");
  t.rows.push_back({c});
  r.tables.push_back(t);
  EXPECT_EQ(ReportCsv(r), "tabelle,a\r\nt,\"Hund, \"\"groß\"\"\nneu\"\r\n");
}

}  // namespace
}  // namespace amtsweg::monitor
