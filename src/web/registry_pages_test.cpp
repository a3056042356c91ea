// Transparency registry pages: the service table's query parsing (every rejection), the views
// over the demo registry (seeded into a temporary SQLite database), and their rendering through
// the real templates.

#include "web/registry_pages.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>

#include "catalog/seed.h"
#include "web/test_support.h"

namespace amtsweg::web {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kStuttgart = "08111000";

class DemoRegistry {
 public:
  static const registry::Registry& Get() { return *Instance().registry_; }

 private:
  static DemoRegistry& Instance() {
    static DemoRegistry instance;
    return instance;
  }
  DemoRegistry() {
    dir_ = fs::temp_directory_path() / ("amtsweg-registry-pages-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    auto storage = storage::Open((dir_ / "demo.db").string(), nullptr);
    if (!storage) throw std::runtime_error(storage.error().message);
    storage_ = std::move(*storage);
    if (!storage_->Migrate()) throw std::runtime_error("migrate failed");
    if (auto seeded = catalog::Seed(*storage_); !seeded) throw std::runtime_error(seeded.error().front());
    auto catalog = catalog::Catalog::Load(*storage_);
    if (!catalog) throw std::runtime_error(catalog.error().front());
    catalog_ = *catalog;
    auto loaded = registry::LoadRegistry(*catalog_, *storage_);
    if (!loaded) throw std::runtime_error(loaded.error().message);
    registry_ = std::make_unique<registry::Registry>(std::move(*loaded));
  }
  ~DemoRegistry() {
    storage_->Close();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path dir_;
  std::unique_ptr<storage::Storage> storage_;
  std::shared_ptr<const catalog::Catalog> catalog_;
  std::unique_ptr<registry::Registry> registry_;
};

// The texts of a table's rows, cell by cell.
std::vector<std::vector<std::string>> Texts(const json& table) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : table["rows"]) {
    rows.emplace_back();
    for (const auto& cell : row["cells"]) rows.back().push_back(cell["text"].get<std::string>());
  }
  return rows;
}

const json& SectionOf(const json& view, const std::string& id) {
  for (const auto& s : view["sections"])
    if (s["id"] == id) return s;
  ADD_FAILURE() << "no section " << id;
  return view;
}

std::string Render(const json& view) {
  auto html = test_support::EmbeddedTemplates()->Render("registry_page", view);
  EXPECT_TRUE(html.has_value()) << (html ? "" : html.error());
  return html ? *html : std::string();
}

TEST(RegistryText, GermanNumbersAndDates) {
  EXPECT_EQ(GermanDecimal(2.25), "2,2");  // printf rounding of the binary value
  EXPECT_EQ(GermanDecimal(2.0), "2,0");
  EXPECT_EQ(GermanDate("2025-04-01T08:00:00Z"), "01.04.2025");
  EXPECT_EQ(GermanDate(""), "unbekannt");
  EXPECT_EQ(GermanDate("gestern"), "unbekannt");
}

TEST(RegistryQuery, AcceptsTheFilters) {
  const auto& r = DemoRegistry::Get();
  auto q = ParseServiceQuery(r, "kommune=08111000&reife=2&themenfeld=Querschnitt&seite=2");
  ASSERT_TRUE(q.has_value()) << q.error();
  EXPECT_EQ(q->ags, kStuttgart);
  EXPECT_EQ(q->maturity, 2);
  EXPECT_EQ(q->themenfeld, "Querschnitt");
  EXPECT_EQ(q->page, 2);
  EXPECT_EQ(q->page_size, 50);
  auto empty = ParseServiceQuery(r, "kommune=&reife=&themenfeld=");
  ASSERT_TRUE(empty.has_value());
  EXPECT_FALSE(empty->maturity.has_value());
  auto encoded = ParseServiceQuery(r, "themenfeld=Recht+%26+Ordnung");
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(encoded->themenfeld, "Recht & Ordnung");
}

TEST(RegistryQuery, RejectsWhatItDoesNotKnow) {
  const auto& r = DemoRegistry::Get();
  for (const char* bad : {"kommune=99999999", "kommune=%ZZ", "reife=5", "reife=-1", "reife=zwei", "reife=2x",
                          "themenfeld=Gibt+es+nicht", "seite=0", "seite=eins", "seite=99999999999"}) {
    auto q = ParseServiceQuery(r, bad);
    EXPECT_FALSE(q.has_value()) << bad;
    if (!q) {
      EXPECT_FALSE(q.error().empty());
    }
  }
}

TEST(RegistryViews, OverviewShowsCoveragePerMunicipalityAndDistrict) {
  const auto& r = DemoRegistry::Get();
  json view = OverviewView(r);
  auto rows = Texts(SectionOf(view, "kommunen")["table"]);
  ASSERT_EQ(rows.size(), r.Municipalities().size());
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 6u);
    if (row[0] != "Stuttgart") continue;
    EXPECT_EQ(row[1], "5") << "five services hosted here";
    EXPECT_EQ(row[2], "4") << "four on other portals (seed/registry.yaml)";
    EXPECT_EQ(std::stoi(row[3]), static_cast<int>(r.Catalogue().size()) - 9);
  }
  auto districts = Texts(SectionOf(view, "kreise")["table"]);
  ASSERT_EQ(districts.size(), r.Municipalities().size()) << "the demo's cities are each their own district";
  EXPECT_EQ(districts[0][0], "Stadtkreis Stuttgart");
  EXPECT_EQ(districts[0][1], "Baden-Württemberg");
  std::string html = Render(view);
  EXPECT_NE(html.find("<h1 class=\"kern-heading-x-large\">Transparenzregister</h1>"), std::string::npos);
  EXPECT_NE(html.find("href=\"/register/kommunen/08111000\""), std::string::npos);
}

TEST(RegistryViews, ServiceTablePagesAtFiftyAndKeepsTheFilterInTheLinks) {
  const auto& r = DemoRegistry::Get();
  registry::ServiceQuery q;
  q.themenfeld = "Querschnitt";
  json all = ServicesView(r, registry::ServiceQuery{});  // page size 50 by default
  EXPECT_EQ(all["sections"][0]["table"]["rows"].size(), 50u);
  EXPECT_TRUE(all["pager"]["previous"].is_null());
  ASSERT_TRUE(all["pager"]["next"].is_string());
  EXPECT_EQ(all["pager"]["next"], "/register/leistungen?kommune=&reife=&themenfeld=&seite=2");
  registry::ServiceQuery level2;
  level2.ags = kStuttgart;
  level2.maturity = 2;
  json stuttgart = ServicesView(r, level2);
  auto rows = Texts(stuttgart["sections"][0]["table"]);
  ASSERT_EQ(rows.size(), 6u) << "5 hosted at level 2, 1 elsewhere at 2";
  for (const auto& row : rows) {
    EXPECT_EQ(row[1], "Stuttgart");
    EXPECT_EQ(row[4], "2");
  }
  registry::ServiceQuery small;
  small.themenfeld = "Recht & Ordnung";
  small.page = 2;
  small.page_size = 1;
  json filtered = ServicesView(r, small);
  EXPECT_EQ(filtered["pager"]["previous"],
            "/register/leistungen?kommune=&reife=&themenfeld=Recht%20%26%20Ordnung&seite=1");
  std::string html = Render(ServicesView(r, q));
  EXPECT_NE(html.find("<select class=\"kern-form-input__select\" id=\"f-themenfeld\""), std::string::npos);
  EXPECT_NE(html.find("<option value=\"Querschnitt\" selected>Querschnitt</option>"), std::string::npos);
  registry::ServiceQuery level4 = level2;
  level4.maturity = 4;
  json none = ServicesView(r, level4);
  EXPECT_EQ(none["sections"][0]["table"]["empty"], "Keine Leistung passt zu diesem Filter.");
}

TEST(RegistryViews, ProcessPagesShowOwnerStatusCriteriaAndAdopters) {
  const auto& r = DemoRegistry::Get();
  auto list = Texts(ProcessesView(r)["sections"][0]["table"]);
  ASSERT_EQ(list.size(), r.Processes().size());
  const registry::StandardProcess* hund = r.FindProcess("hund-anmelden");
  ASSERT_NE(hund, nullptr);
  json view = ProcessView(r, *hund);
  auto criteria = Texts(SectionOf(view, "kriterien")["table"]);
  bool payment_missing = false;
  for (const auto& row : criteria) payment_missing |= row[0] == "Online bezahlen" && row[2] == "fehlt";
  EXPECT_TRUE(payment_missing);
  auto adopters = Texts(SectionOf(view, "nachnutzung")["table"]);
  ASSERT_EQ(adopters.size(), 3u);
  EXPECT_EQ(adopters[0][0], "Heidelberg") << "earliest first (seed/registry.yaml)";
  EXPECT_EQ(adopters[0][1], "15.01.2025");
  EXPECT_EQ(adopters[1][2], "Variante hund-anmelden-stuttgart");

  const registry::StandardProcess* planned = r.FindProcess("wohnsitz-anmelden");
  ASSERT_NE(planned, nullptr);
  json planned_view = ProcessView(r, *planned);
  EXPECT_FALSE(SectionOf(planned_view, "kriterien").contains("table"));
  EXPECT_EQ(SectionOf(planned_view, "nachnutzung")["table"]["empty"],
            "Noch keine Kommune bietet diesen Prozess an.");
  EXPECT_FALSE(view["sections"].back()["id"] == "nutzung") << "no usage read, no usage section";
  std::string html = Render(view);
  EXPECT_NE(html.find("<dt class=\"reg-facts__term\">Eigentümer</dt>"), std::string::npos);

  UsageByAgs usage;
  usage.emplace("08221000", registry::SuppressSmall(12, 6));
  usage.emplace("08111000", registry::SuppressSmall(12, 4));
  auto used = Texts(SectionOf(ProcessView(r, *hund, &usage), "nutzung")["table"]);
  ASSERT_EQ(used.size(), 3u);
  EXPECT_EQ(used[0], (std::vector<std::string>{"Heidelberg", "12", "6", "50,0 %"}));
  EXPECT_EQ(used[1], (std::vector<std::string>{"Stuttgart", "12", "< 5", "–"}));
  EXPECT_EQ(used[2], (std::vector<std::string>{"Karlsruhe", "< 5", "< 5", "–"})) << "no usage at all";
}

TEST(RegistryViews, MunicipalityPageSplitsHostedElsewhereAndNotOnline) {
  const auto& r = DemoRegistry::Get();
  const auto* m = r.FindMunicipality(kStuttgart);
  ASSERT_NE(m, nullptr);
  json view = MunicipalityRegistryView(r, *m);
  EXPECT_EQ(SectionOf(view, "hier")["table"]["rows"].size(), 5u);
  auto elsewhere = SectionOf(view, "anderswo")["table"]["rows"];
  ASSERT_EQ(elsewhere.size(), 4u);
  EXPECT_EQ(elsewhere[0]["cells"][3]["href"].get<std::string>().rfind(
                "https://verwaltung.bund.de/leistungsverzeichnis/de/leistung/", 0),
            0u);
  std::size_t missing = 0;
  for (const auto& g : SectionOf(view, "nicht-online")["groups"]) missing += g["items"].size();
  EXPECT_EQ(missing, r.Catalogue().size() - 9);
  std::string html = Render(view);
  EXPECT_NE(html.find("<details class=\"reg-group\">"), std::string::npos);
  EXPECT_EQ(html.find("{{"), std::string::npos);
}

}  // namespace
}  // namespace amtsweg::web
