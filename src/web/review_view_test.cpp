// The "Angaben prüfen" view: German display of every answer type, hidden pages and fields left
// out, repeats as numbered entries, "Ändern" links to the inputs, rendered through the real
// templates with escaping.

#include "web/review_view.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "process/example.h"
#include "process/fee.h"
#include "process/fields.h"
#include "process/loader.h"
#include "web/templates.h"
#include "web/test_support.h"

namespace amtsweg::web {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): test helpers

using Json = nlohmann::json;

std::string Render(const Json& view) {
  static auto templates = Templates::Embedded();
  EXPECT_TRUE(templates.has_value());
  auto html = (*templates)->Render("review", view);
  EXPECT_TRUE(html.has_value()) << (html ? "" : html.error());
  return html.value_or("");
}

std::vector<std::string> Texts(const Json& row) {
  std::vector<std::string> out;
  for (const auto& line : row["lines"]) out.push_back(line["text"]);
  return out;
}

const Json& RowOf(const Json& rows, const std::string& label) {
  for (const auto& row : rows) {
    if (row["label"] == label) return row;
  }
  ADD_FAILURE() << "no row " << label;
  static const Json kNone = Json::object();
  return kNone;
}

TEST(ReviewViewTest, ShowsEveryAnswerInGermanWithChangeLinks) {
  const auto definition = Load("hund-anmelden");
  const Json data = {
      {"vorname", "Erika"},
      {"nachname", "Mustermann"},
      {"geburtsdatum", "1980-02-01"},
      {"anschrift",
       {{"strasse", "Musterstraße"}, {"hausnummer", "1a"}, {"plz", "69117"}, {"ort", "Heidelberg"}}},
      {"email", "erika@example.org"},
      {"hunde",
       {{{"name", "Bello"},
         {"rasse", "andere"},
         {"rasse_freitext", "Eurasier"},
         {"wurfdatum", "2020-05-04"},
         {"assistenzhund", true},
         {"assistenzhund_nachweis", {{"filename", "ausweis.pdf"}, {"content_type", "application/pdf"}}}},
        {{"name", "Rex"}, {"rasse", "mops"}, {"rasse_freitext", "versteckt"}, {"assistenzhund", false}}}},
      {"lastschrift", true},
      {"kontoinhaber", "Erika Mustermann"},
      {"iban", "DE89370400440532013000"},
  };
  const Json view = ReviewView(definition, data, TestContext(), "/antrag/ABC");
  ASSERT_EQ(view["sections"].size(), 3u);
  const Json& halter = view["sections"][0];
  EXPECT_EQ(halter["title"], "Angaben zu Ihrer Person");
  EXPECT_EQ(Texts(RowOf(halter["rows"], "Geburtsdatum")), std::vector<std::string>{"01.02.1980"});
  EXPECT_EQ(Texts(RowOf(halter["rows"], "Ihre Anschrift")),
            (std::vector<std::string>{"Musterstraße 1a", "69117 Heidelberg"}));
  EXPECT_EQ(Texts(RowOf(halter["rows"], "Telefonnummer für Rückfragen")),
            std::vector<std::string>{"Keine Angabe"});
  EXPECT_EQ(RowOf(halter["rows"], "Geburtsdatum")["change_url"],
            "/antrag/ABC/seiten/halter#f-geburtsdatum-tag");
  EXPECT_EQ(RowOf(halter["rows"], "Ihre Anschrift")["change_url"],
            "/antrag/ABC/seiten/halter#f-anschrift-strasse");

  const Json& hunde = RowOf(view["sections"][1]["rows"], "Hunde");
  ASSERT_TRUE(hunde["has_entries"].get<bool>());
  ASSERT_EQ(hunde["entries"].size(), 2u);
  EXPECT_EQ(hunde["entries"][1]["entry_title"], "Hund 2");
  const Json& bello = hunde["entries"][0]["rows"];
  EXPECT_EQ(Texts(RowOf(bello, "Rasse")), std::vector<std::string>{"Andere Rasse"});
  EXPECT_EQ(Texts(RowOf(bello, "Welche Rasse?")), std::vector<std::string>{"Eurasier"});
  EXPECT_EQ(Texts(RowOf(bello, "Ist der Hund ein Assistenzhund?")), std::vector<std::string>{"Ja"});
  EXPECT_EQ(Texts(RowOf(bello, "Nachweis für den Assistenzhund")), std::vector<std::string>{"ausweis.pdf"});
  EXPECT_EQ(RowOf(bello, "Name des Hundes")["change_url"], "/antrag/ABC/seiten/hunde#f-hunde-0-name");
  const Json& rex = hunde["entries"][1]["rows"];
  for (const auto& row : rex) EXPECT_NE(row["label"], "Welche Rasse?");  // hidden for a Mops
  EXPECT_EQ(Texts(RowOf(rex, "Ist der Hund ein Assistenzhund?")), std::vector<std::string>{"Nein"});
  EXPECT_EQ(Texts(RowOf(view["sections"][2]["rows"], "IBAN")),
            std::vector<std::string>{"DE89 3704 0044 0532 0130 00"});

  const std::string html = Render(view);
  EXPECT_NE(html.find("<h1"), std::string::npos);
  EXPECT_NE(html.find("kern-description-list-item__key"), std::string::npos);
  EXPECT_NE(html.find("href=\"/antrag/ABC/seiten/hunde#f-hunde-1-name\""), std::string::npos);
  EXPECT_NE(html.find("Ändern<span class=\"kern-sr-only\"> Name des Hundes</span>"), std::string::npos);
  EXPECT_NE(html.find("Hund 2"), std::string::npos);
  EXPECT_EQ(html.find("versteckt"), std::string::npos);
}

TEST(ReviewViewTest, MoneyNumbersOptionsAndHiddenPages) {
  const auto definition =
      LoadFile(std::filesystem::path(AMTSWEG_SOURCE_DIR) / "src/process/testdata/valid/full.yaml");
  const Json data = {{"halterart", "privat"},
                     {"bemerkung", "Zeile 1\nZeile 2"},
                     {"anzahl", 1234.5},
                     {"hunde", {{{"name", "A"}, {"kampfhund", true}}}},
                     {"merkmale", {"blind", "rettung"}},
                     {"kaution", 1000.5}};
  Json view = ReviewView(definition, data, TestContext(), "/antrag/X");
  ASSERT_EQ(view["sections"].size(), 3u);
  EXPECT_EQ(Texts(RowOf(view["sections"][0]["rows"], "Bemerkung")),
            (std::vector<std::string>{"Zeile 1", "Zeile 2"}));
  EXPECT_EQ(Texts(RowOf(view["sections"][0]["rows"], "Sie halten den Hund als")),
            std::vector<std::string>{"Privatperson"});
  const Json& rows = view["sections"][1]["rows"];
  EXPECT_EQ(Texts(RowOf(rows, "Anzahl der Hunde")), std::vector<std::string>{"1.234,5"});
  EXPECT_EQ(Texts(RowOf(rows, "Besondere Merkmale")),
            (std::vector<std::string>{"Blindenhund", "Rettungshund"}));
  EXPECT_EQ(Texts(RowOf(rows, "Freiwillige Kaution")), std::vector<std::string>{process::FormatEuro(100050)});
  // The dogs page is hidden for a business, and the business group appears.
  view = ReviewView(definition, {{"halterart", "betrieb"}, {"betrieb", {{"name", "Zwinger GmbH"}}}},
                    TestContext(), "/antrag/X");
  ASSERT_EQ(view["sections"].size(), 2u);
  const Json& group = RowOf(view["sections"][0]["rows"], "Betrieb");
  EXPECT_EQ(Texts(RowOf(group["entries"][0]["rows"], "Name des Betriebs")),
            std::vector<std::string>{"Zwinger GmbH"});
  EXPECT_NE(Render(view).find("Zwinger GmbH"), std::string::npos);
}

TEST(ReviewViewTest, EveryProcessExampleRendersAndAnswersAreEscaped) {
  const std::filesystem::path seed = std::filesystem::path(AMTSWEG_SOURCE_DIR) / "seed/processes";
  for (const auto& entry : std::filesystem::directory_iterator(seed)) {
    const auto definition = LoadFile(entry.path());
    const Json view =
        ReviewView(definition, process::ExampleData(definition, TestContext()), TestContext(), "/a/B");
    EXPECT_FALSE(view["sections"].empty());
    const std::string html = Render(view);
    std::size_t rows = 0;
    for (const auto& section : view["sections"]) {
      EXPECT_NE(html.find(section["title"].get<std::string>()), std::string::npos) << definition.id;
      rows += section["rows"].size();
    }
    std::size_t keys = 0;
    for (std::size_t at = html.find("__key"); at != std::string::npos; at = html.find("__key", at + 1))
      ++keys;
    EXPECT_GE(keys, rows) << definition.id;
  }
  const auto definition = Load("hund-anmelden");
  const std::string html =
      Render(ReviewView(definition, {{"vorname", "<script>alert(1)</script>"}}, TestContext(), "/a/B"));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(ReviewViewTest, UnvalidatedDraftValuesAreShownNotTrusted) {
  const auto definition = Load("hund-anmelden");
  const Json data = {{"geburtsdatum", {{"tag", "31"}, {"monat", "2"}, {"jahr", "1980"}}},
                     {"anschrift", "keine Adresse"},
                     {"hunde", "viele"},
                     {"lastschrift", "vielleicht"}};
  const Json view = ReviewView(definition, data, TestContext(), "/a/B");
  EXPECT_EQ(Texts(RowOf(view["sections"][0]["rows"], "Geburtsdatum")), std::vector<std::string>{"31.2.1980"});
  EXPECT_EQ(Texts(RowOf(view["sections"][0]["rows"], "Ihre Anschrift")),
            std::vector<std::string>{"Keine Angabe"});
  EXPECT_FALSE(RowOf(view["sections"][1]["rows"], "Hunde")["has_entries"].get<bool>());
  EXPECT_EQ(
      Texts(RowOf(view["sections"][2]["rows"], "Möchten Sie die Hundesteuer per Lastschrift bezahlen?")),
      std::vector<std::string>{"vielleicht"});
  EXPECT_FALSE(Render(view).empty());
}

}  // namespace
}  // namespace amtsweg::web
