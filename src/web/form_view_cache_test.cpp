// The form page template specialised against each page's static view (FormViewCache::PageProgram)
// renders byte for byte what the generic path renders (FormPageView, the whole view, through
// Templates::Render) for every page of every seed process and of the loader's full test
// definition, with no, example, odd (escaped, wrongly typed) answers, with and without errors and
// with the handler's page-level keys; every overlay keeps to FormPageOverlayShape; threads share
// one cache.

#include "web/form_view_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "process/example.h"
#include "process/loader.h"
#include "web/form_view.h"
#include "web/templates.h"
#include "web/test_support.h"

namespace amtsweg::web {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): test helpers

using Json = nlohmann::json;

// Every string answer made hostile to HTML; every number kept.
Json Odd(const Json& value) {
  if (value.is_string()) return "<b class='x'>\"" + value.get<std::string>() + "\" & </b>";
  if (value.is_object() || value.is_array()) {
    Json odd = value;
    for (auto& item : odd) item = Odd(item);
    return odd;
  }
  return value;
}

// Every answer of the wrong kind: strings become objects, objects numbers, lists strings.
Json WrongTypes(const Json& data) {
  Json wrong = Json::object();
  for (const auto& [key, value] : data.items()) {
    if (value.is_string()) {
      wrong[key] = {{"tag", value}};
    } else if (value.is_object()) {
      wrong[key] = 7;
    } else if (value.is_array()) {
      wrong[key] = "kein Array";
    } else {
      wrong[key] = Json::array({value});
    }
  }
  return wrong;
}

// The keys RenderFormPage (journey.cpp) adds to the overlay.
void AddHandlerKeys(Json& view, int variant) {
  view["action_url"] = "/antrag/ABC/seiten/x?a=1&b=2";
  view["csrf"] = "token";
  view["is_first_page"] = variant % 2 == 0;
  view["back_url"] = "/gemeinden/08111000/leistungen/x";
  view["answers_json"] = R"({"a":"<x>"})";
  view["today"] = "2026-03-27";
  view["service_title"] = "Dienst";
  view["fee_text"] = variant % 3 == 0 ? Json("12,00 €") : Json(nullptr);
  view["step"] = 1;
  view["steps"] = 3;
  if (variant % 2 == 1) view["resume_url"] = "http://localhost/antrag/ABC/fortsetzen?schluessel=k";
  if (variant % 3 == 1)
    view["revealed"] = {{"items", Json::array({{{"label", "Neu <1>"}, {"href", "#f-neu"}}})}};
}

TEST(FormViewCacheTest, SpecialisedPagesRenderByteForByteAsTheGenericPath) {
  const auto templates = EmbeddedTemplates();
  ASSERT_NE(templates, nullptr);
  const auto context = TestContext();
  const auto owner = std::make_shared<int>(0);
  FormViewCache cache;
  int compared = 0;
  for (const auto& definition : TestDefinitions()) {
    const Json example = process::ExampleData(definition, context);
    const std::vector<Json> answers = {Json::object(),      example,       Odd(example),
                                       WrongTypes(example), Json::array(), Json{{"hunde", "kein Array"}}};
    for (const auto& page : definition.pages) {
      auto program = cache.PageProgram(owner, templates, definition, page);
      ASSERT_TRUE(program.has_value()) << program.error();
      auto errors = process::ValidatePage(definition, page, Json::object(), context);
      errors.push_back({"nirgends", "unknown", "Ein Fehler ohne Feld <x>"});
      for (std::size_t a = 0; a < answers.size(); ++a) {
        for (const auto& page_errors : {std::vector<process::FieldError>{}, errors}) {
          const int variant = static_cast<int>(a + page_errors.size());
          Json whole = FormPageView(definition, page, answers[a], page_errors, context);
          AddHandlerKeys(whole, variant);
          const auto expected = templates->Render("form_page", whole);
          ASSERT_TRUE(expected.has_value());

          Json overlay = FormPageOverlay(page, answers[a], page_errors, context);
          AddHandlerKeys(overlay, variant);
          std::string html;
          mustache::Render((*program)->program, overlay, html);
          std::size_t at = 0;  // the first byte that differs, shown with its surroundings
          while (at < html.size() && at < expected->size() && html[at] == (*expected)[at]) ++at;
          const std::size_t from = at > 40 ? at - 40 : 0;
          ASSERT_TRUE(at == html.size() && at == expected->size())
              << definition.id << "/" << page.id << " answers #" << a << ": " << html.substr(from, 80)
              << "\n  expected: " << expected->substr(from, 80);
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 100);
}

TEST(FormViewCacheTest, OverlaysKeepToTheirDeclaredShape) {
  const auto context = TestContext();
  for (const auto& definition : TestDefinitions()) {
    const Json example = process::ExampleData(definition, context);
    for (const auto& page : definition.pages) {
      const Json base = FormPageStaticView(definition, page);
      const auto shape = FormPageOverlayShape(page);
      const auto errors = process::ValidatePage(definition, page, Json::object(), context);
      for (const Json& data : {Json::object(), example, Odd(example), WrongTypes(example)}) {
        for (const auto& page_errors : {std::vector<process::FieldError>{}, errors}) {
          Json overlay = FormPageOverlay(page, data, page_errors, context);
          EXPECT_EQ(mustache::ConformsTo(overlay, shape, base), "") << definition.id << "/" << page.id;
          AddHandlerKeys(overlay, 1);
          EXPECT_EQ(mustache::ConformsTo(overlay, shape, base), "") << definition.id << "/" << page.id;
        }
      }
    }
  }
}

TEST(FormViewCacheTest, TheProgramLeavesFewSlotsAndIsBuiltOncePerPageAndTemplates) {
  const auto templates = EmbeddedTemplates();
  ASSERT_NE(templates, nullptr);
  const auto definitions = TestDefinitions();
  const auto owner = std::make_shared<int>(0);
  FormViewCache cache;
  const auto& definition = definitions.front();
  const auto& page = definition.pages.front();
  const auto first = cache.PageProgram(owner, templates, definition, page).value();
  EXPECT_EQ(cache.PageProgram(owner, templates, definition, page).value(), first);
  EXPECT_EQ(cache.StaticView(owner, definition, page), first->program.base);
  // Most of the page is literal text; per field a few slots (value, errors, flags) remain, each
  // field also whole as one chunk for when its overlay is empty. (hund-anmelden/halter, 10 fields
  // with an address of four: 236 ops, 9.5 KB literal.)
  EXPECT_GT(first->program.LiteralBytes(), 1000u);
  EXPECT_LT(first->program.DynamicOps(), 60 + 30 * page.fields.size());
  // Other templates (say, reloaded) get their own program.
  const auto other = Templates::Embedded().value();
  EXPECT_NE(cache.PageProgram(owner, other, definition, page).value(), first);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(FormViewCacheTest, ThreadsRenderTheirOwnAnswersFromOneSharedProgram) {
  const auto templates = EmbeddedTemplates();
  ASSERT_NE(templates, nullptr);
  const auto definitions = TestDefinitions();
  const auto context = TestContext();
  const auto owner = std::make_shared<int>(0);
  FormViewCache cache;
  const auto& definition = definitions.front();
  const Json example = process::ExampleData(definition, context);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const Json data = t % 2 == 0 ? example : Odd(example);
      for (int round = 0; round < 20; ++round) {
        for (const auto& page : definition.pages) {
          auto program = cache.PageProgram(owner, templates, definition, page);
          std::string html;
          mustache::Render((*program)->program, FormPageOverlay(page, data, {}, context), html);
          const auto expected =
              templates->Render("form_page", FormPageView(definition, page, data, {}, context));
          if (!expected || html != *expected) ++mismatches[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace amtsweg::web
