// The monitor pages' views (monitor_pages.h) and their templates, rendered through the layout.

#include "web/monitor_pages.h"

#include <gtest/gtest.h>

#include "web/test_support.h"

namespace amtsweg::web {
namespace {

using nlohmann::json;

monitor::Report SampleReport() {
  process::Definition d;
  d.id = "hund";
  process::Page page;
  page.id = "halter";
  page.title = "Halter <in>";
  d.pages = {page};
  monitor::ServiceInputs in;
  in.definition = &d;
  in.totals = {{{}, "service_viewed", 20}, {{}, "started", 10}, {{}, "submitted", 4}};
  in.pages = {{"", "halter", "page_completed", 7}, {"", "halter", "abandoned", 3}};
  in.by_device = {{{"phone"}, "started", 10}};
  in.from_day = 20000;
  in.to_day = 20013;
  return monitor::BuildServiceReport(in);
}

TEST(MonitorViewsTest, TableViewFormatsGermanAndMarksRowHeaders) {
  auto report = SampleReport();
  json t = TableView(*report.Find("trichter"));
  EXPECT_EQ(t["id"], "t-trichter");
  EXPECT_EQ(t["headers"][1]["label"], "Anzahl");
  EXPECT_TRUE(t["headers"][1]["numeric"].get<bool>());
  EXPECT_EQ(t["rows"][1]["cells"][0]["text"], "Antrag begonnen");
  EXPECT_TRUE(t["rows"][1]["cells"][0]["row_header"].get<bool>());
  EXPECT_EQ(t["rows"][1]["cells"][2]["text"], "50,0 %");
  EXPECT_EQ(t["rows"][4]["cells"][1]["text"], "noch nicht erfasst");
}

TEST(MonitorViewsTest, FilterViewKeepsTheFilterInTheExportLinks) {
  monitor::ViewFilter f;
  f.from_day = 20000;
  f.to_day = 20006;
  f.period_days = 7;
  f.device = "phone";
  json v = FilterView("/monitor/08111000", f, {});
  EXPECT_EQ(v["csv_href"], "/monitor/08111000?zeitraum=7&geraet=phone&format=csv");
  EXPECT_EQ(v["json_href"], "/monitor/08111000?zeitraum=7&geraet=phone&format=json");
  EXPECT_TRUE(v["periods"][0]["selected"].get<bool>());
  EXPECT_TRUE(v["devices"][1]["selected"].get<bool>());
  f.period_days = 0;
  f.version = 2;
  json dated = FilterView("/monitor", f, {});
  EXPECT_EQ(dated["json_href"], "/monitor?von=2024-10-04&bis=2024-10-10&version=2&geraet=phone&format=json");
  EXPECT_EQ(dated["von"], "2024-10-04");
}

TEST(MonitorViewsTest, CookieIsHttpOnlyStrictAndScopedToTheMonitor) {
  EXPECT_EQ(MonitorCookie("ABC", false), "amtsweg_monitor=ABC; Path=/monitor; HttpOnly; SameSite=Strict");
  EXPECT_EQ(MonitorCookie("ABC", true),
            "amtsweg_monitor=ABC; Path=/monitor; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(MonitorCookie("", false),
            "amtsweg_monitor=; Path=/monitor; HttpOnly; SameSite=Strict; Max-Age=0");
}

TEST(MonitorViewsTest, ReportPageRendersChartsBeforeTheirTables) {
  auto templates = test_support::EmbeddedTemplates();
  ASSERT_TRUE(templates);
  Layout layout(templates, {});
  auto report = SampleReport();
  auto charts = ReportCharts(report);
  ASSERT_TRUE(charts.count("trichter"));
  ASSERT_TRUE(charts.count("wochen"));
  ASSERT_TRUE(charts.count("geraete"));
  json sections = json::array();
  for (const auto& t : report.tables) {
    auto chart = charts.find(t.id);
    sections.push_back({{"id", "s-" + t.id},
                        {"heading", t.caption},
                        {"chart", chart == charts.end() ? json(nullptr) : json(chart->second)},
                        {"note", nullptr},
                        {"table", TableView(t)}});
  }
  monitor::ViewFilter f;
  f.from_day = 20000;
  f.to_day = 20013;
  json page = {{"heading", "Hund"},    {"scope_text", "Gemeinde 08111000"},
               {"csrf", "tok"},        {"filter", FilterView("/monitor/x/y", f, {})},
               {"sections", sections}, {"has_links", false}};
  auto response =
      layout.Page(200, "monitor_page", page, {.title = "Hund", .has_errors = false, .crumbs = {}});
  ASSERT_EQ(response.status, 200) << response.body;
  const std::string& html = response.body;
  const auto chart_at = html.find("<svg class=\"mon-chart ");
  const auto table_at = html.find("id=\"t-trichter\"");
  ASSERT_NE(chart_at, std::string::npos);
  ASSERT_NE(table_at, std::string::npos);
  EXPECT_LT(chart_at, table_at);
  EXPECT_NE(html.find("<caption class=\"mon-table__caption\" id=\"t-trichter-caption\">"), std::string::npos);
  EXPECT_NE(html.find("Seite „Halter &lt;in&gt;“ ausgefüllt"),
            std::string::npos);  // escaped once, in the table
  EXPECT_EQ(html.find("Halter <in>"), std::string::npos);
  EXPECT_NE(html.find("name=\"csrf\" value=\"tok\""), std::string::npos);
  EXPECT_NE(html.find("noch nicht erfasst"), std::string::npos);
  EXPECT_EQ(html.find(" style="), std::string::npos);
}

TEST(MonitorViewsTest, SignInPageRenders) {
  Layout layout(test_support::EmbeddedTemplates(), {});
  auto response = layout.Page(401, "monitor_signin", {{"error", "Falsch"}, {"next", "/monitor/08111000"}},
                              {.title = "Anmeldung", .has_errors = true, .crumbs = {}});
  EXPECT_NE(response.body.find("name=\"weiter\" value=\"/monitor/08111000\""), std::string::npos);
  EXPECT_NE(response.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(response.body.find("href=\"#f-schluessel\">Falsch</a>"), std::string::npos);
}

}  // namespace
}  // namespace amtsweg::web
