// Portal pages: the pure views and text helpers, the search, and the handlers rendered through
// the real templates on the demo catalogue (seeded into a temporary SQLite database).

#include "web/portal.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "catalog/seed.h"
#include "web/search.h"

namespace amtsweg::web {
namespace {

namespace fs = std::filesystem;

// The demo catalogue, loaded once for all tests.
class DemoCatalog {
 public:
  static const catalog::Catalog& Get() { return *Instance().catalog_; }
  static std::shared_ptr<const catalog::Catalog> Shared() { return Instance().catalog_; }

 private:
  static DemoCatalog& Instance() {
    static DemoCatalog instance;
    return instance;
  }
  DemoCatalog() {
    dir_ = fs::temp_directory_path() / ("amtsweg-portal-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    auto storage = storage::Open((dir_ / "demo.db").string(), nullptr);
    if (!storage) throw std::runtime_error(storage.error().message);
    storage_ = std::move(*storage);
    if (!storage_->Migrate()) throw std::runtime_error("migrate failed");
    if (!catalog::Seed(*storage_)) throw std::runtime_error("seed failed");
    auto catalog = catalog::Catalog::Load(*storage_);
    if (!catalog) throw std::runtime_error(catalog.error().front());
    catalog_ = *catalog;
  }
  ~DemoCatalog() {
    storage_->Close();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path dir_;
  std::unique_ptr<storage::Storage> storage_;
  std::shared_ptr<const catalog::Catalog> catalog_;
};

constexpr const char* kStuttgart = "08111000";
constexpr const char* kKarlsruhe = "08212000";

std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

TEST(PortalTextTest, ParagraphsSplitAtBlankLinesAndJoinLines) {
  EXPECT_EQ(Paragraphs("Eins\nzwei.\n\n  Drei  \n\n\n"), (std::vector<std::string>{"Eins zwei.", "Drei"}));
  EXPECT_TRUE(Paragraphs("").empty());
  EXPECT_TRUE(Paragraphs("\n \n").empty());
}

TEST(PortalTextTest, FeeIsFreeWithoutDescriptionOrRule) {
  process::Fee free;
  EXPECT_EQ(FeeText(free), "gebührenfrei");
  process::Fee described{.rule = std::nullopt, .description = "12 € pro Ausweis"};
  EXPECT_EQ(FeeText(described), "12 € pro Ausweis");
}

TEST(PortalTextTest, AudienceInGerman) {
  EXPECT_NE(AudienceText(process::Audience::kCitizen).find("Privatpersonen"), std::string::npos);
  EXPECT_NE(AudienceText(process::Audience::kOrganisation).find("Unternehmen"), std::string::npos);
  EXPECT_NE(AudienceText(process::Audience::kAny).find("sowie"), std::string::npos);
}

TEST(SearchTest, FoldCaseCoversGermanLetters) {
  EXPECT_EQ(FoldCase("HUND Ärger ÖL ÜBER"), "hund ärger öl über");
  EXPECT_EQ(FoldCase("×"), "×");            // U+00D7 has no lower case
  EXPECT_EQ(FoldCase("straße"), "straße");  // already lower
  EXPECT_EQ(FoldCase("\xC3"), "\xC3");      // truncated sequence stays as it is
}

TEST(SearchTest, QueryWordsSplitAtWhitespace) {
  EXPECT_EQ(QueryWords("  Hund\tANmelden \n"), (std::vector<std::string>{"hund", "anmelden"}));
  EXPECT_TRUE(QueryWords(" \t ").empty());
}

std::vector<const catalog::OfferedService*> Online(std::string_view query, std::string_view ags = "") {
  return Search(DemoCatalog::Get(), catalog::OzgCatalogue(), query, ags).online;
}

TEST(SearchTest, FindsByTitleSummaryOrTopicIgnoringCase) {
  auto hits = Online("HUND");
  ASSERT_FALSE(hits.empty());
  for (const auto* s : hits) {
    std::string text = FoldCase(s->definition->title + s->definition->summary + s->definition->topic);
    EXPECT_NE(text.find("hund"), std::string::npos) << s->definition->id;
  }
  EXPECT_EQ(Online("hund").size(), hits.size());
  EXPECT_TRUE(Online("xylophon").empty());
  EXPECT_TRUE(Online("   ").empty());
  // Every word must match.
  EXPECT_TRUE(Online("hund xylophon").empty());
  EXPECT_EQ(Online("hund anmelden").size(), hits.size());
}

TEST(SearchTest, PreferredMunicipalityComesFirst) {
  for (const char* ags : {kStuttgart, kKarlsruhe}) {
    auto hits = Online("anmelden", ags);
    ASSERT_GT(hits.size(), 1u);
    EXPECT_EQ(hits.front()->municipality->ags, ags);
    bool left_preferred = false;  // once past the preferred block, it never comes back
    for (const auto* s : hits) {
      if (s->municipality->ags != ags) left_preferred = true;
      EXPECT_FALSE(left_preferred && s->municipality->ags == ags);
    }
  }
}

TEST(SearchTest, TheOzgCatalogueAddsWordsPeopleUse) {
  // "Hundesteuer" is in no title or summary, but a synonym of the LeiKa key of "Hund anmelden".
  auto hits = Online("hundesteuer", kStuttgart);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits.front()->definition->id, "hund-anmelden");
  EXPECT_EQ(hits.front()->municipality->ags, kStuttgart);
}

TEST(SearchTest, RealServicesNotOnlineHereAreFoundToo) {
  const auto& catalog = DemoCatalog::Get();
  // "Umzug" finds "Wohnsitz anmelden", which no demo municipality offers online.
  auto found = Search(catalog, catalog::OzgCatalogue(), "Umzug", kStuttgart);
  ASSERT_FALSE(found.not_online.empty());
  bool wohnsitz = false;
  for (const auto* s : found.not_online) wohnsitz = wohnsitz || s->name == "Wohnsitz anmelden";
  EXPECT_TRUE(wohnsitz);
  // A service Stuttgart offers online is never listed as "not online" for Stuttgart …
  found = Search(catalog, catalog::OzgCatalogue(), "hund", kStuttgart);
  for (const auto* s : found.not_online) EXPECT_NE(s->leika, "99102013104000");
  // … but is for a municipality that does not offer it (Freiburg has no Hund anmelden here).
  bool listed = false;
  for (const auto* s : Search(catalog, catalog::OzgCatalogue(), "hundesteuer", "08311000").not_online) {
    listed = listed || s->leika == "99102013104000";
  }
  EXPECT_TRUE(listed);
  // Name matches first; never more than kMaxNotOnline.
  found = Search(catalog, catalog::OzgCatalogue(), "a", "");
  EXPECT_LE(found.not_online.size(), kMaxNotOnline);
  EXPECT_TRUE(Search(catalog, catalog::OzgCatalogue(), "xylophon", "").not_online.empty());
}

TEST(PortalViewTest, StartViewListsMunicipalitiesAndTheChooserError) {
  const auto& catalog = DemoCatalog::Get();
  auto view = StartView(catalog, kKarlsruhe, "Wählen Sie Ihre Gemeinde aus.");
  ASSERT_EQ(view["municipalities"].size(), catalog.Municipalities().size());
  int selected = 0;
  for (const auto& m : view["municipalities"]) selected += m["selected"].get<bool>() ? 1 : 0;
  EXPECT_EQ(selected, 1);
  EXPECT_TRUE(view["has_error_summary"].get<bool>());
  EXPECT_EQ(view["errors"][0]["field_id"], "f-gemeinde");
  EXPECT_FALSE(StartView(catalog, "", "")["has_error_summary"].get<bool>());
}

TEST(PortalViewTest, MunicipalityViewGroupsEveryServiceByTopic) {
  const auto& catalog = DemoCatalog::Get();
  const auto* m = catalog.FindMunicipality(kStuttgart);
  ASSERT_NE(m, nullptr);
  auto view = MunicipalityView(catalog, *m);
  std::size_t services = 0;
  std::string previous;
  for (const auto& topic : view["topics"]) {
    std::string name = topic["topic"];
    EXPECT_LT(FoldCase(previous), FoldCase(name));  // sorted, no topic twice
    previous = name;
    for (const auto& s : topic["services"]) {
      ++services;
      EXPECT_EQ(
          s["href"].get<std::string>().rfind(std::string("/gemeinden/") + kStuttgart + "/leistungen/", 0),
          0u);
      const auto* offered = catalog.Find(
          kStuttgart,
          s["href"].get<std::string>().substr(std::string("/gemeinden/08111000/leistungen/").size()));
      ASSERT_NE(offered, nullptr);
      EXPECT_EQ(offered->definition->topic, name);
    }
  }
  EXPECT_EQ(services, catalog.ServicesOf(kStuttgart).size());
}

TEST(PortalViewTest, ServiceViewHasEverythingTheCitizenNeeds) {
  const auto& catalog = DemoCatalog::Get();
  const auto* s = catalog.Find(kStuttgart, "hund-anmelden");
  ASSERT_NE(s, nullptr);
  auto view = ServiceView(*s);
  EXPECT_EQ(view["title"], s->definition->title);
  EXPECT_EQ(view["start_action"], "/gemeinden/08111000/leistungen/hund-anmelden/antrag");
  EXPECT_GT(view["description"].size(), 1u);
  EXPECT_TRUE(view["has_documents"].get<bool>());
  EXPECT_FALSE(view["fee"].get<std::string>().empty());
  EXPECT_EQ(view["office_name"], s->office->name);
}

class PortalHandlerTest : public ::testing::Test {
 protected:
  PortalHandlerTest()
      : templates_(*Templates::Embedded()),
        layout_(templates_, {.sandbox = true, .asset_version = "", .site_name = "amtsweg"}),
        portal_(DemoCatalog::Shared(), layout_) {}

  static http::Request Get(std::string path, std::string query = "",
                           std::vector<std::pair<std::string, std::string>> params = {}) {
    http::Request r;
    r.path = std::move(path);
    r.query = std::move(query);
    r.params = std::move(params);
    return r;
  }
  static void ExpectPage(const http::Response& r, int status) {
    EXPECT_EQ(r.status, status);
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(Count(r.body, "<h1"), 1u) << r.body;
    EXPECT_NE(r.body.find("<html lang=\"de\">"), std::string::npos);
    EXPECT_NE(r.body.find("href=\"#inhalt\""), std::string::npos);
    EXPECT_NE(r.body.find("<main id=\"inhalt\""), std::string::npos);
    EXPECT_NE(r.body.find("Testumgebung"), std::string::npos);  // sandbox banner
    EXPECT_EQ(r.body.find("style=\""), std::string::npos);      // CSP: no inline styles
    EXPECT_EQ(r.body.find("<script>"), std::string::npos);      // CSP: no inline scripts
  }

  std::shared_ptr<const Templates> templates_;
  Layout layout_;
  Portal portal_;
};

TEST_F(PortalHandlerTest, ChoosingAKnownMunicipalityRedirects) {
  auto r = portal_.Start(Get("/", "gemeinde=08111000"));
  EXPECT_EQ(r.status, 303);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].value, "/gemeinden/08111000");
}

TEST_F(PortalHandlerTest, UnknownOrMissingMunicipalityShowsTheErrorSummary) {
  for (const char* query : {"gemeinde=99999999", "gemeinde=", "gemeinde=%3Cscript%3E"}) {
    auto r = portal_.Start(Get("/", query));
    ExpectPage(r, 200);
    EXPECT_NE(r.body.find("<title>Fehler: "), std::string::npos) << query;
    EXPECT_NE(r.body.find("Es gibt ein Problem"), std::string::npos);
    EXPECT_NE(r.body.find("href=\"#f-gemeinde\""), std::string::npos);
    EXPECT_NE(r.body.find("aria-describedby=\"f-gemeinde-hint f-gemeinde-error\""), std::string::npos);
    EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  }
  auto plain = portal_.Start(Get("/"));
  ExpectPage(plain, 200);
  EXPECT_EQ(plain.body.find("Fehler"), std::string::npos);
}

TEST_F(PortalHandlerTest, MalformedQueryIsABadRequestPage) {
  ExpectPage(portal_.Start(Get("/", "gemeinde=%zz")), 400);
  ExpectPage(portal_.Search(Get("/suche", "q=%C3%28")), 400);  // invalid UTF-8
}

TEST_F(PortalHandlerTest, MunicipalityAndServicePagesAndTheir404) {
  auto m = portal_.Municipality(Get("/gemeinden/08111000", "", {{"ags", kStuttgart}}));
  ExpectPage(m, 200);
  EXPECT_NE(m.body.find("<h1 class=\"kern-heading-x-large\">Stuttgart</h1>"), std::string::npos);
  EXPECT_NE(m.body.find("aria-label=\"Sie sind hier\""), std::string::npos);
  ExpectPage(portal_.Municipality(Get("/gemeinden/1", "", {{"ags", "1"}})), 404);

  auto s = portal_.Service(Get("/x", "", {{"ags", kStuttgart}, {"process", "hund-anmelden"}}));
  ExpectPage(s, 200);
  EXPECT_NE(s.body.find("action=\"/gemeinden/08111000/leistungen/hund-anmelden/antrag\""), std::string::npos);
  EXPECT_NE(s.body.find("Jetzt starten"), std::string::npos);
  EXPECT_NE(s.body.find("Rechtsgrundlage"), std::string::npos);
  ExpectPage(portal_.Service(Get("/x", "", {{"ags", kStuttgart}, {"process", "gibt-es-nicht"}})), 404);
  // Offered elsewhere, but not in Freiburg.
  ExpectPage(portal_.Service(Get("/x", "", {{"ags", "08311000"}, {"process", "hund-anmelden"}})), 404);
}

TEST_F(PortalHandlerTest, SearchEscapesTheQueryAndExplainsAnEmptyOne) {
  auto r = portal_.Search(Get("/suche", "q=%3Cb%3Ehund"));
  ExpectPage(r, 200);
  EXPECT_EQ(r.body.find("<b>hund"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;b&gt;hund"), std::string::npos);

  auto empty = portal_.Search(Get("/suche", "q=+"));
  ExpectPage(empty, 200);
  EXPECT_NE(empty.body.find("Wonach suchen Sie?"), std::string::npos);

  auto hits = portal_.Search(Get("/suche", "q=hund&gemeinde=08212000"));
  ExpectPage(hits, 200);
  EXPECT_NE(hits.body.find("href=\"/gemeinden/08212000/leistungen/hund-anmelden\""), std::string::npos);
  EXPECT_LT(hits.body.find("/gemeinden/08212000/leistungen/"),
            hits.body.find("/gemeinden/08111000/leistungen/"));

  std::string long_query = "q=" + std::string(5000, 'a');
  ExpectPage(portal_.Search(Get("/suche", long_query)), 200);
}

}  // namespace
}  // namespace amtsweg::web
