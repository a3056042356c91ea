// The layout renders every page as the generic renderer renders LayoutView (the specialised
// layout is an optimisation, never a different page): with and without sandbox, asset version,
// crumbs and errors, with escaped titles; a body template that fails is a 500.

#include "web/layout.h"

#include <gtest/gtest.h>

namespace amtsweg::web {
namespace {

std::shared_ptr<const Templates> EmbeddedTemplates() {
  static auto templates = Templates::Embedded();
  EXPECT_TRUE(templates.has_value());
  return templates ? *templates : nullptr;
}

TEST(LayoutTest, PagesRenderAsTheGenericLayoutView) {
  const auto templates = EmbeddedTemplates();
  ASSERT_NE(templates, nullptr);
  const nlohmann::json body = {{"heading", "Über <uns>"}, {"paragraphs", {"a & b", "c"}}};
  for (const bool sandbox : {false, true}) {
    for (const std::string version : {"", "3f2a"}) {
      const Layout layout(templates, {.sandbox = sandbox, .asset_version = version, .site_name = "amts'weg"});
      for (const PageMeta& meta : {PageMeta{.title = "Start", .has_errors = false, .crumbs = {}},
                                   PageMeta{.title = "Fehler \"<x>\"", .has_errors = true, .crumbs = {}},
                                   PageMeta{.title = "Hund",
                                   .has_errors = false,
                                   .crumbs = {{"Startseite", "/"}, {"Hund & Katze", ""}}}}) {
        const auto response = layout.Page(200, "portal_message", body, meta);
        const std::string content = templates->Render("portal_message", body).value();
        const std::string expected = templates->Render("layout", layout.LayoutView(meta, content)).value();
        EXPECT_EQ(response.body, expected) << sandbox << version << meta.title;
        EXPECT_EQ(response.status, 200);
      }
    }
  }
}

TEST(LayoutTest, TheLayoutViewIsItsTwoLayersMerged) {
  const Layout layout(EmbeddedTemplates(), {.sandbox = true, .asset_version = "v1"});
  const PageMeta meta{.title = "T", .has_errors = true, .crumbs = {{"Start", "/"}, {"Hier", ""}}};
  const auto view = layout.LayoutView(meta, "<p>x</p>");
  EXPECT_EQ(view["sandbox"], true);
  EXPECT_EQ(view["asset_version"], "v1");
  EXPECT_EQ(view["content"], "<p>x</p>");
  EXPECT_EQ(view["crumbs"][0]["href"], "/");
  EXPECT_FALSE(view["crumbs"][1].contains("href"));
  EXPECT_EQ(view["has_crumbs"], true);
}

TEST(LayoutTest, AMissingBodyTemplateIsAPlainServerError) {
  const Layout layout(EmbeddedTemplates(), {});
  const auto response = layout.Page(200, "no_such_template", nlohmann::json::object(),
                                    {.title = "x", .has_errors = false, .crumbs = {}});
  EXPECT_EQ(response.status, 500);
}

}  // namespace
}  // namespace amtsweg::web
