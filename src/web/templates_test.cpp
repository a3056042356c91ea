// Mustache rendering: escaping, sections over JSON values, partials, errors as values.

#include "web/templates.h"

#include <gtest/gtest.h>

#include <array>
#include <thread>

namespace amtsweg::web {
namespace {

using Files = std::vector<std::pair<std::string_view, std::string_view>>;

std::shared_ptr<const Templates> Load(const Files& files) {
  auto templates = Templates::FromSources(files);
  EXPECT_TRUE(templates) << (templates ? "" : templates.error().front());
  return templates ? *templates : nullptr;
}

TEST(TemplatesTest, EscapesValuesUnlessTripleBraced) {
  auto t = Load({{"page.mustache", "<p>{{text}}</p>{{{html}}}"}});
  nlohmann::json view = {{"text", "<script>alert(\"x\")</script> & 'y'"}, {"html", "<b>ok</b>"}};
  std::string html = t->Render("page", view).value();
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;"), std::string::npos);
  EXPECT_NE(html.find("<b>ok</b>"), std::string::npos);
}

TEST(TemplatesTest, SectionsFollowJsonValues) {
  auto t =
      Load({{"list.mustache", "{{#items}}[{{name}}:{{n}}]{{/items}}{{#flag}}F{{/flag}}{{^none}}N{{/none}}"}});
  nlohmann::json view = {
      {"items", {{{"name", "a"}, {"n", 1}}, {{"name", "b"}, {"n", 2.5}}}}, {"flag", true}, {"none", nullptr}};
  EXPECT_EQ(t->Render("list", view).value(), "[a:1][b:2.5]FN");
}

TEST(TemplatesTest, EveryTemplateIsAPartialByBaseName) {
  auto t = Load({{"pages/outer.mustache", "<{{> inner}}>"}, {"partials/inner.mustache", "{{value}}"}});
  EXPECT_EQ(t->Render("outer", {{"value", "x"}}).value(), "<x>");
}

TEST(TemplatesTest, RecursivePartialsRenderNestedData) {
  auto t = Load({{"tree.mustache", "<ul>{{#nodes}}{{> node}}{{/nodes}}</ul>"},
                 {"node.mustache",
                  "<li>{{name}}{{#nested}}<ul>{{#children}}{{> node}}{{/children}}</ul>{{/nested}}</li>"}});
  nlohmann::json leaf = {{"name", "b"}, {"nested", false}, {"children", nlohmann::json::array()}};
  nlohmann::json a = {{"name", "a"}, {"nested", true}, {"children", nlohmann::json::array({leaf})}};
  nlohmann::json view = {{"nodes", nlohmann::json::array({a})}};
  EXPECT_EQ(t->Render("tree", view).value(), "<ul><li>a<ul><li>b</li></ul></li></ul>");
}

TEST(TemplatesTest, ErrorsAreValues) {
  auto broken = Templates::FromSources(Files{{"a.mustache", "{{#open}} never closed"}});
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().front().find("a.mustache"), std::string::npos);
  auto duplicate = Templates::FromSources(Files{{"x/a.mustache", "1"}, {"y/a.mustache", "2"}});
  ASSERT_FALSE(duplicate);
  auto t = Load({{"a.mustache", "{{x}}"}});
  EXPECT_FALSE(t->Render("missing", {}));
}

TEST(TemplatesTest, RendersConcurrently) {
  auto t = Load({{"a.mustache", "{{#items}}{{.}}{{/items}}"}});
  std::array<std::thread, 4> threads;
  std::atomic<int> wrong{0};
  for (auto& thread : threads) {
    thread = std::thread([&] {
      for (int i = 0; i < 500; ++i) {
        if (t->Render("a", {{"items", {i, i + 1}}}).value() != std::to_string(i) + std::to_string(i + 1))
          ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(TemplatesTest, EmbeddedTemplatesLoad) {
  auto embedded = Templates::Embedded();
  ASSERT_TRUE(embedded) << embedded.error().front();
  EXPECT_TRUE((*embedded)->Has("layout"));
}

}  // namespace
}  // namespace amtsweg::web
