// Form page views rendered through the real embedded templates: every page of every seed process
// (and of the loader's full test definition, which has every field type) renders, every input has
// a bound label, every aria-describedby and error-summary link points at an element, ids are
// unique, no inline styles or scripts; errors land at their fields; hidden fields are hidden;
// labels and answers are escaped.

#include "web/form_view.h"
#include "web/form_view_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "process/example.h"
#include "process/loader.h"
#include "process/variant.h"
#include "web/mustache.h"
#include "web/templates.h"
#include "web/test_support.h"

namespace amtsweg::web {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): test helpers

using Json = nlohmann::json;

std::string RenderPage(Json view) {
  view["action_url"] = "/antrag/ABC/seiten/x";
  view["csrf"] = "token";
  view["is_first_page"] = false;
  auto html = EmbeddedTemplates()->Render("form_page", view);
  EXPECT_TRUE(html.has_value()) << (html ? "" : html.error());
  return html.value_or("");
}

std::vector<std::string> Matches(const std::string& html, const std::string& pattern, int group = 1) {
  std::vector<std::string> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[group].str());
  }
  return out;
}

std::string Attribute(const std::string& tag, const std::string& name) {
  const std::regex re("\\s" + name + "=\"([^\"]*)\"");
  std::smatch match;
  return std::regex_search(tag, match, re) ? match[1].str() : "";
}

// The accessibility invariants every rendered form page keeps.
void ExpectAccessibleMarkup(const std::string& html, const std::string& where) {
  std::set<std::string> ids;
  for (const auto& id : Matches(html, "\\sid=\"([^\"]*)\"")) {
    EXPECT_TRUE(ids.insert(id).second) << where << ": duplicate id " << id;
  }
  std::set<std::string> labelled;
  for (const auto& target : Matches(html, "<label[^>]*\\sfor=\"([^\"]*)\"")) labelled.insert(target);
  for (const auto& tag : Matches(html, "(<(input|select|textarea)\\b[^>]*>)")) {
    const std::string type = Attribute(tag, "type");
    if (type == "hidden" || type == "submit") continue;
    const std::string id = Attribute(tag, "id");
    EXPECT_FALSE(id.empty()) << where << ": input without id " << tag;
    EXPECT_TRUE(labelled.count(id)) << where << ": no label for " << tag;
    EXPECT_FALSE(Attribute(tag, "name").empty()) << where << ": input without name " << tag;
  }
  for (const auto& list : Matches(html, "aria-describedby=\"([^\"]*)\"")) {
    std::istringstream tokens(list);
    for (std::string id; tokens >> id;) EXPECT_TRUE(ids.count(id)) << where << ": describedby " << id;
  }
  for (const auto& target : Matches(html, "href=\"#([^\"]*)\"")) {
    EXPECT_TRUE(ids.count(target)) << where << ": link to missing #" << target;
  }
  for (const auto& error_id : Matches(html, "class=\"kern-error\" id=\"([^\"]*)\"")) {
    bool referenced = false;
    for (const auto& list : Matches(html, "aria-describedby=\"([^\"]*)\"")) {
      referenced = referenced || (" " + list + " ").find(" " + error_id + " ") != std::string::npos;
    }
    EXPECT_TRUE(referenced) << where << ": error " << error_id << " not referenced";
  }
  EXPECT_EQ(html.find("style="), std::string::npos) << where;
  EXPECT_EQ(html.find("<script"), std::string::npos) << where;
  EXPECT_TRUE(Matches(html, "\\son[a-z]+=\"").empty()) << where;
  EXPECT_EQ(Matches(html, "<h1\\b").size(), 1u) << where;
}

TEST(FormPageViewTest, EveryPageOfEveryProcessRendersAccessibly) {
  const auto context = TestContext();
  for (const auto& definition : TestDefinitions()) {
    const Json example = process::ExampleData(definition, context);
    for (const auto& page : definition.pages) {
      const std::string where = definition.id + "/" + page.id;
      // Filled in, as when coming back to a page.
      ExpectAccessibleMarkup(RenderPage(FormPageView(definition, page, example, {}, context)),
                             where + " filled");
      // Empty and submitted: every required field reports an error.
      const Json empty = Json::object();
      const auto errors = process::ValidatePage(definition, page, empty, context);
      const Json view = FormPageView(definition, page, empty, errors, context);
      EXPECT_EQ(view["has_errors"].get<bool>(), !errors.empty()) << where;
      const std::string html = RenderPage(view);
      ExpectAccessibleMarkup(html, where + " errors");
      for (const auto& error : errors) {
        EXPECT_NE(html.find(Json(error.message).get<std::string>().substr(0, 10)), std::string::npos)
            << where;
      }
      if (!errors.empty()) {
        EXPECT_NE(html.find("Es gibt ein Problem"), std::string::npos) << where;
        EXPECT_NE(html.find("role=\"alert\""), std::string::npos) << where;
      }
    }
  }
}

TEST(FormPageViewTest, IdsNamesAndFocusTargetsFollowTheDataPaths) {
  EXPECT_EQ(FormInputId("hunde[0].name"), "f-hunde-0-name");
  EXPECT_EQ(FormInputId("anschrift.plz"), "f-anschrift-plz");
  EXPECT_EQ(FormInputId("geburtsdatum.tag"), "f-geburtsdatum-tag");
  const auto definition = Load("hund-anmelden");
  const auto context = TestContext();
  const Json view = FormPageView(definition, PageOf(definition, "halter"), Json::object(), {}, context);
  const Json& fields = view["fields"];
  EXPECT_EQ(fields[0]["name"], "vorname");
  EXPECT_EQ(fields[0]["autocomplete"], "given-name");
  EXPECT_TRUE(fields[0]["required"].get<bool>());
  EXPECT_EQ(fields[2]["focus_id"], "f-geburtsdatum-tag");
  EXPECT_EQ(fields[2]["date_parts"][2]["part_name"], "geburtsdatum.jahr");
  EXPECT_EQ(fields[2]["date_parts"][0]["part_autocomplete"], "bday-day");
  EXPECT_EQ(fields[3]["focus_id"], "f-anschrift-strasse");
  EXPECT_EQ(fields[3]["children"][2]["name"], "anschrift.plz");
  EXPECT_EQ(fields[3]["children"][2]["inputmode"], "numeric");
  EXPECT_EQ(fields[3]["children"][2]["autocomplete"], "postal-code");
  EXPECT_EQ(fields[4]["input_type"], "email");
  EXPECT_EQ(fields[5]["input_type"], "tel");
  EXPECT_TRUE(fields[5]["optional"].get<bool>());
  EXPECT_FALSE(view["needs_multipart"].get<bool>());
}

TEST(FormPageViewTest, ErrorsAppearAtTheirFieldsAndInTheSummaryInFieldOrder) {
  const auto definition = Load("hund-anmelden");
  const auto context = TestContext();
  const std::vector<process::FieldError> errors{
      {"anschrift.plz", "invalid_postal_code", "PLZ falsch"},
      {"vorname", "required", "Vorname fehlt"},
      {"vorname", "required", "zweite Meldung wird nicht gezeigt"},
      {"", "type", "Allgemeiner Fehler"},
  };
  const Json view = FormPageView(definition, PageOf(definition, "halter"), Json::object(), errors, context);
  ASSERT_EQ(view["error_summary"].size(), 3u);
  EXPECT_EQ(view["error_summary"][0]["text"], "Vorname fehlt");
  EXPECT_EQ(view["error_summary"][0]["href"], "#f-vorname");
  EXPECT_EQ(view["error_summary"][1]["href"], "#f-anschrift-plz");
  EXPECT_EQ(view["error_summary"][2]["has_href"], false);
  EXPECT_EQ(view["fields"][0]["error"], "Vorname fehlt");
  EXPECT_EQ(view["fields"][0]["describedby"], "f-vorname-hint f-vorname-error");
  EXPECT_TRUE(view["fields"][1]["error"].is_null());
  EXPECT_EQ(view["fields"][3]["children"][2]["error"], "PLZ falsch");
  EXPECT_TRUE(view["fields"][3]["error"].is_null());
  const std::string html = RenderPage(view);
  EXPECT_NE(html.find("kern-form-input--error"), std::string::npos);
  EXPECT_NE(html.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(html.find("Allgemeiner Fehler"), std::string::npos);
}

TEST(FormPageViewTest, RepeatsShowEntriesWithRemoveAndAddButtons) {
  const auto definition = Load("hund-anmelden");
  const auto context = TestContext();
  const auto& page = PageOf(definition, "hunde");
  // Nothing answered yet: min_items (1) empty entries, no remove button.
  Json view = FormPageView(definition, page, Json::object(), {}, context);
  const Json& repeat = view["fields"][0];
  ASSERT_EQ(repeat["entries"].size(), 1u);
  EXPECT_FALSE(repeat["entries"][0]["can_remove"].get<bool>());
  EXPECT_EQ(repeat["entries"][0]["entry_title"], "Hund 1");
  EXPECT_EQ(repeat["entries"][0]["children"][0]["name"], "hunde[0].name");
  EXPECT_EQ(repeat["add_action"], "hinzufuegen:hunde");
  EXPECT_TRUE(repeat["can_add"].get<bool>());
  EXPECT_TRUE(view["needs_multipart"].get<bool>());  // the proof for assistance dogs
  // Five dogs: the limit, so no add button; each can be removed.
  Json data = {{"hunde", Json::array()}};
  for (int i = 0; i < 5; ++i) data["hunde"].push_back({{"name", "Hund" + std::to_string(i)}});
  view = FormPageView(definition, page, data, {}, context);
  EXPECT_FALSE(view["fields"][0]["can_add"].get<bool>());
  EXPECT_EQ(view["fields"][0]["entries"][4]["remove_action"], "entfernen:hunde[4]");
  EXPECT_TRUE(view["fields"][0]["entries"][4]["can_remove"].get<bool>());
  const std::string html = RenderPage(view);
  EXPECT_EQ(html.find("value=\"hinzufuegen:hunde\""), std::string::npos);
  EXPECT_NE(html.find("value=\"entfernen:hunde[4]\""), std::string::npos);
  EXPECT_NE(html.find("data-item=\"hunde[4]\""), std::string::npos);
  ExpectAccessibleMarkup(html, "five dogs");
}

TEST(FormPageViewTest, HiddenFieldsAreRenderedHiddenWithoutValuesAndCarryTheirRules) {
  const auto definition = Load("hund-anmelden");
  const auto context = TestContext();
  const auto& page = PageOf(definition, "zahlung");
  const Json data = {{"lastschrift", false}, {"iban", "DE89370400440532013000"}};
  Json view = FormPageView(definition, page, data, {}, context);
  const Json& iban = view["fields"][2];
  EXPECT_TRUE(iban["hidden"].get<bool>());
  EXPECT_FALSE(iban["required"].get<bool>());
  EXPECT_EQ(iban["value"], "");
  EXPECT_EQ(Json::parse(iban["visible_if"].get<std::string>()), Json::parse(R"({"var": "lastschrift"})"));
  std::string html = RenderPage(view);
  EXPECT_NE(
      html.find("data-name=\"iban\" hidden data-visible-if=\"{&quot;var&quot;:&quot;lastschrift&quot;}\""),
      std::string::npos);
  EXPECT_EQ(html.find("DE89370400440532013000"), std::string::npos);
  // Shown once the rule holds.
  view = FormPageView(definition, page, {{"lastschrift", true}, {"iban", "DE89370400440532013000"}}, {},
                      context);
  EXPECT_FALSE(view["fields"][2]["hidden"].get<bool>());
  EXPECT_TRUE(view["fields"][2]["required"].get<bool>());
  EXPECT_NE(RenderPage(view).find("value=\"DE89370400440532013000\""), std::string::npos);
}

TEST(FormPageViewTest, ItemRulesInsideRepeatsSeeTheirOwnEntry) {
  const auto definition = Load("hund-anmelden");
  const auto context = TestContext();
  const Json data = {{"hunde", {{{"rasse", "andere"}}, {{"rasse", "mops"}}}}};
  const Json view = FormPageView(definition, PageOf(definition, "hunde"), data, {}, context);
  const Json& entries = view["fields"][0]["entries"];
  EXPECT_FALSE(entries[0]["children"][2]["hidden"].get<bool>());  // rasse_freitext
  EXPECT_TRUE(entries[0]["children"][2]["required"].get<bool>());
  EXPECT_TRUE(entries[1]["children"][2]["hidden"].get<bool>());
  EXPECT_EQ(entries[0]["children"][1]["options"][0]["selected"], false);
}

TEST(FormPageViewTest, LabelsAndAnswersAreEscaped) {
  auto definition = Load("hund-anmelden");
  const auto context = TestContext();
  auto& page = definition.pages.front();
  page.fields[0].label = "<script>alert('label')</script>";
  page.title = "<b>Titel</b>";
  const Json data = {{"vorname", "\"><script>alert(1)</script>"}};
  const std::string html = RenderPage(
      FormPageView(definition, page, data, {{"vorname", "x", "<img src=x onerror=alert(2)>"}}, context));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>Titel"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;label&#39;)"), std::string::npos);
  EXPECT_NE(html.find("value=\"&quot;&gt;&lt;script&gt;"), std::string::npos);
}

TEST(FormPageViewTest, StoredFilesCanBeKeptOrRemoved) {
  const auto definition = Load("geburtsurkunde");
  const auto context = TestContext();
  const Json data = {{"beziehung", "vollmacht"},
                     {"vollmacht", {{"filename", "vollmacht.pdf"}, {"content_type", "application/pdf"}}}};
  const Json view = FormPageView(definition, PageOf(definition, "nachweise"), data, {}, context);
  const Json& file = view["fields"][0];
  EXPECT_TRUE(file["has_stored_file"].get<bool>());
  EXPECT_EQ(file["keep_name"], "vollmacht.behalten");
  EXPECT_EQ(file["remove_name"], "vollmacht.entfernen");
  EXPECT_EQ(file["accept"], "application/pdf,image/jpeg,image/png");
  const std::string html = RenderPage(view);
  EXPECT_NE(html.find("enctype=\"multipart/form-data\""), std::string::npos);
  EXPECT_NE(html.find("name=\"vollmacht.behalten\" value=\"1\""), std::string::npos);
  EXPECT_NE(html.find("vollmacht.pdf"), std::string::npos);
  ExpectAccessibleMarkup(html, "stored file");
}

TEST(FormPageViewTest, ButtonsAndLeadKeysArePlaced) {
  const auto definition = Load("hund-anmelden");
  const auto context = TestContext();
  Json view = FormPageView(definition, definition.pages.front(), Json::object(), {}, context);
  view["action_url"] = "/antrag/ABC/seiten/halter";
  view["csrf"] = "c5rf";
  view["is_first_page"] = true;
  view["back_url"] = "/gemeinden/08111000/leistungen/hund-anmelden";
  view["fee_text"] = "144,00 €";
  view["resume_url"] = "https://example.org/antrag/ABC/fortsetzen?schluessel=S";
  const std::string html = EmbeddedTemplates()->Render("form_page", view).value();
  EXPECT_NE(
      html.find("<form class=\"aw-form\" method=\"post\" action=\"/antrag/ABC/seiten/halter\" data-answers="),
      std::string::npos);
  EXPECT_NE(html.find("name=\"csrf\" value=\"c5rf\""), std::string::npos);
  EXPECT_NE(html.find("kern-btn--primary\" name=\"aktion\" value=\"weiter\""), std::string::npos);
  EXPECT_EQ(html.find("value=\"zurueck\""), std::string::npos);  // first page
  EXPECT_NE(html.find("value=\"speichern\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/gemeinden/08111000/leistungen/hund-anmelden\""), std::string::npos);
  EXPECT_NE(html.find("144,00 €"), std::string::npos);
  EXPECT_NE(html.find("data-fee-rule=\"{"), std::string::npos);
  EXPECT_NE(html.find("schluessel=S"), std::string::npos);
  view["is_first_page"] = false;
  EXPECT_NE(EmbeddedTemplates()->Render("form_page", view).value().find("value=\"zurueck\""),
            std::string::npos);
}

TEST(FormPageViewTest, OddDataNeverBreaksTheView) {
  const auto context = TestContext();
  for (const auto& definition : TestDefinitions()) {
    for (const Json& data :
         {Json(nullptr), Json::array(), Json(42),
          Json{{"hunde", "viele"}, {"anschrift", 3}, {"geburtsdatum", {1, 2}}, {"vorname", {{"a", 1}}}}}) {
      for (const auto& page : definition.pages) {
        ExpectAccessibleMarkup(RenderPage(FormPageView(definition, page, data, {}, context)),
                               definition.id + "/" + page.id);
      }
    }
  }
}

// --- The static view (cached once per definition and page) and the per-request overlay ---------

std::string RenderLayers(const Json& base, Json overlay) {
  overlay["action_url"] = "/antrag/ABC/seiten/x";
  overlay["csrf"] = "token";
  overlay["is_first_page"] = false;
  auto html = EmbeddedTemplates()->Render("form_page", base, overlay);
  EXPECT_TRUE(html.has_value()) << (html ? "" : html.error());
  return html.value_or("");
}

TEST(FormPageViewTest, StaticViewAndOverlayRenderExactlyAsTheWholeView) {
  const auto context = TestContext();
  for (const auto& definition : TestDefinitions()) {
    const Json example = process::ExampleData(definition, context);
    for (const auto& page : definition.pages) {
      const auto errors = process::ValidatePage(definition, page, Json::object(), context);
      for (const Json& data : {Json::object(), example, Json::array(), Json{{"hunde", "kein Array"}}}) {
        for (const auto& page_errors : {std::vector<process::FieldError>{}, errors}) {
          const Json whole = FormPageView(definition, page, data, page_errors, context);
          const Json base = FormPageStaticView(definition, page);
          const Json overlay = FormPageOverlay(page, data, page_errors, context);
          EXPECT_EQ(RenderLayers(base, overlay), RenderPage(whole)) << definition.id << "/" << page.id;
        }
      }
    }
  }
}

TEST(FormPageViewTest, RequestsSharingOneStaticViewShowOnlyTheirOwnAnswersAndErrors) {
  const auto definition = Load("hund-anmelden");
  const auto& page = PageOf(definition, "halter");
  const auto context = TestContext();
  FormViewCache cache;
  const auto catalog = std::make_shared<int>(0);  // stands for the catalog owning `definition`
  const auto base = cache.StaticView(catalog, definition, page);
  const Json pristine = *base;

  const std::string erika = RenderLayers(
      *cache.StaticView(catalog, definition, page),
      FormPageOverlay(page, {{"vorname", "Erika"}}, {{"nachname", "required", "Nachname fehlt"}}, context));
  const std::string max = RenderLayers(*cache.StaticView(catalog, definition, page),
                                       FormPageOverlay(page, {{"vorname", "Max"}}, {}, context));
  EXPECT_NE(erika.find("value=\"Erika\""), std::string::npos);
  EXPECT_NE(erika.find("Nachname fehlt"), std::string::npos);
  EXPECT_NE(erika.find("aria-describedby=\"f-nachname-error\""), std::string::npos);
  EXPECT_NE(max.find("value=\"Max\""), std::string::npos);
  EXPECT_EQ(max.find("Erika"), std::string::npos);
  EXPECT_EQ(max.find("Nachname fehlt"), std::string::npos);  // no error leaks into the next request
  EXPECT_EQ(max.find("aria-invalid"), std::string::npos);
  EXPECT_EQ(max.find("fehlerliste"), std::string::npos);
  EXPECT_EQ(*base, pristine);  // rendering never changes the shared view
  EXPECT_EQ(cache.size(), 1u);
}

TEST(FormPageViewTest, StaticViewsAreKeptPerDefinitionAndRebuiltForANewOwner) {
  const std::filesystem::path root(AMTSWEG_SOURCE_DIR);
  const auto standard =
      process::LoadStandard(ReadFile(root / "seed/processes/hund-anmelden.yaml"), "standard");
  ASSERT_TRUE(standard.has_value());
  const auto variant =
      process::LoadVariant(ReadFile(root / "seed/variants/hund-anmelden-stuttgart.yaml"), "variant");
  ASSERT_TRUE(variant.has_value());
  const auto stuttgart = process::ApplyVariant(*standard, *variant);
  ASSERT_TRUE(stuttgart.has_value());
  const auto context = TestContext();
  FormViewCache cache;
  auto catalog = std::make_shared<int>(0);
  const auto& standard_page = PageOf(*standard, "hunde");
  const auto& variant_page = PageOf(*stuttgart, "hunde");
  const std::string in_standard = RenderLayers(*cache.StaticView(catalog, *standard, standard_page),
                                               FormPageOverlay(standard_page, Json::object(), {}, context));
  const std::string in_variant = RenderLayers(*cache.StaticView(catalog, *stuttgart, variant_page),
                                              FormPageOverlay(variant_page, Json::object(), {}, context));
  // The variant's extra field appears only in the variant.
  EXPECT_NE(in_variant.find("tierheim_stuttgart"), std::string::npos);
  EXPECT_EQ(in_standard.find("tierheim_stuttgart"), std::string::npos);
  EXPECT_EQ(cache.size(), 2u);

  // The same owner gets the same view; another owner (a new catalog whose definition may sit
  // at the same address) gets a fresh one, and entries of owners gone are dropped.
  const auto first = cache.StaticView(catalog, *standard, standard_page);
  EXPECT_EQ(cache.StaticView(catalog, *standard, standard_page), first);
  auto next_catalog = std::make_shared<int>(1);
  EXPECT_NE(cache.StaticView(next_catalog, *standard, standard_page), first);
  catalog.reset();
  (void)cache.StaticView(next_catalog, *stuttgart, variant_page);
  EXPECT_EQ(cache.size(), 2u);
}

TEST(FormPageViewTest, HiddenAndRequiredIfFollowEachRequestsAnswers) {
  auto definition = Load("hund-anmelden");
  const auto context = TestContext();
  const std::filesystem::path root(AMTSWEG_SOURCE_DIR);
  const auto variant =
      process::LoadVariant(ReadFile(root / "seed/variants/hund-anmelden-stuttgart.yaml"), "variant");
  ASSERT_TRUE(variant.has_value());
  const auto stuttgart = process::ApplyVariant(definition, *variant);
  ASSERT_TRUE(stuttgart.has_value());
  const auto& page = PageOf(*stuttgart, "hunde");
  FormViewCache cache;
  const auto owner = std::make_shared<int>(0);
  auto nachweis = [&](const Json& data) {
    const std::string html =
        RenderLayers(*cache.StaticView(owner, *stuttgart, page), FormPageOverlay(page, data, {}, context));
    const auto at = html.find("data-name=\"tierheim_nachweis\"");
    return at == std::string::npos ? std::string() : html.substr(at, html.find("</label>", at) - at);
  };
  const std::string shown = nachweis({{"tierheim_stuttgart", true}});
  const std::string hidden = nachweis({{"tierheim_stuttgart", false}});
  const std::string wrapper = shown.substr(0, shown.find('>'));
  EXPECT_EQ(wrapper.find(" hidden"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("(optional)"), std::string::npos) << shown;  // required_if holds
  EXPECT_NE(hidden.substr(0, hidden.find('>')).find(" hidden"), std::string::npos) << hidden;
  EXPECT_NE(hidden.find("(optional)"), std::string::npos) << hidden;
  EXPECT_EQ(nachweis({{"tierheim_stuttgart", true}}), shown);  // the earlier hidden one left no trace
}

TEST(FormPageViewTest, VisiblePagesFollowPageRules) {
  const auto definition = Load("geburtsurkunde");
  const auto context = TestContext();
  auto ids = [&](const Json& data) {
    std::vector<std::string> out;
    for (const auto* page : VisiblePages(definition, data, context)) out.push_back(page->id);
    return out;
  };
  EXPECT_EQ(ids({{"beziehung", "selbst"}}),
            (std::vector<std::string>{"antragsteller", "beurkundung", "urkunden", "versand"}));
  EXPECT_EQ(ids({{"beziehung", "vollmacht"}}).size(), 5u);
}

}  // namespace
}  // namespace amtsweg::web
