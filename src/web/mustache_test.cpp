// The mustache engine: tags, context lookup, truthiness, standalone lines, partials, errors.

#include "web/mustache.h"

#include <gtest/gtest.h>

#include <map>

namespace amtsweg::web::mustache {
namespace {

std::string Rendered(std::string_view source, const nlohmann::json& view,
                     const std::map<std::string, std::string>& partial_sources = {}) {
  std::map<std::string, Template, std::less<>> partials;
  for (const auto& [name, text] : partial_sources) partials.emplace(name, Compile(text).value());
  auto compiled = Compile(source);
  EXPECT_TRUE(compiled) << compiled.error();
  std::string out;
  Render(
      *compiled, view,
      [&](std::string_view name) -> const Template* {
        auto it = partials.find(name);
        return it == partials.end() ? nullptr : &it->second;
      },
      out);
  return out;
}

TEST(MustacheTest, VariablesEscapeUnlessRaw) {
  nlohmann::json view = {{"x", "<a href=\"'\">&</a>"}, {"n", 42}, {"f", 2.5}, {"u", nlohmann::json(7u)}};
  EXPECT_EQ(Rendered("{{x}}", view), "&lt;a href=&quot;&#39;&quot;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(Rendered("{{{x}}}|{{& x}}", view), "<a href=\"'\">&</a>|<a href=\"'\">&</a>");
  EXPECT_EQ(Rendered("{{n}} {{f}} {{u}} {{missing}}.", view), "42 2.5 7 .");
  EXPECT_EQ(Rendered("{{ n }}", view), "42");
}

TEST(MustacheTest, SectionsSkipFalsyValuesIncludingTheEmptyString) {
  nlohmann::json view = {{"t", true}, {"f", false}, {"null", nullptr},     {"empty", nlohmann::json::array()},
                         {"s", ""},   {"zero", 0},  {"obj", {{"k", "v"}}}, {"list", {1, 2}}};
  EXPECT_EQ(
      Rendered("{{#t}}T{{/t}}{{#f}}F{{/f}}{{#null}}N{{/null}}{{#empty}}E{{/empty}}{{#nothing}}M{{/nothing}}",
               view),
      "T");
  EXPECT_EQ(Rendered("{{#s}}S{{/s}}{{#zero}}Z{{/zero}}{{#obj}}{{k}}{{/obj}}{{#list}}[{{.}}]{{/list}}", view),
            "Zv[1][2]");
  EXPECT_EQ(Rendered("{{^s}}empty{{/s}}", view), "empty");
  EXPECT_EQ(
      Rendered("{{^f}}a{{/f}}{{^empty}}b{{/empty}}{{^nothing}}c{{/nothing}}{{^t}}d{{/t}}{{^list}}e{{/list}}",
               view),
      "abc");
}

TEST(MustacheTest, NamesResolveUpTheContextStackAndAlongDots) {
  nlohmann::json view = {{"title", "outer"},
                         {"items", {{{"name", "a"}}, {{"name", "b"}, {"title", "inner"}}}},
                         {"a", {{"b", {{"c", "deep"}}}}}};
  EXPECT_EQ(Rendered("{{#items}}{{name}}:{{title}} {{/items}}", view), "a:outer b:inner ");
  EXPECT_EQ(Rendered("{{a.b.c}}|{{a.x.c}}|{{#a.b}}{{c}}{{/a.b}}", view), "deep||deep");
}

TEST(MustacheTest, StandaloneTagsTakeTheirLine) {
  nlohmann::json view = {{"items", {"x", "y"}}};
  EXPECT_EQ(Rendered("<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n</ul>\n", view),
            "<ul>\n  <li>x</li>\n  <li>y</li>\n</ul>\n");
  EXPECT_EQ(Rendered("a\n{{! a comment }}\nb", view), "a\nb");
  EXPECT_EQ(Rendered("a {{#items}}{{.}}{{/items}} b", view), "a xy b");  // inline: nothing removed
}

TEST(MustacheTest, PartialsRenderInTheirContextAndMayRecurse) {
  nlohmann::json leaf = {{"name", "b"}, {"children", nlohmann::json::array()}};
  nlohmann::json view = {{"nodes", {{{"name", "a"}, {"children", {leaf}}}}}};
  // nlohmann turns {leaf} into leaf itself; make the list explicit.
  view["nodes"][0]["children"] = nlohmann::json::array({leaf});
  EXPECT_EQ(Rendered("<ul>{{#nodes}}{{> node}}{{/nodes}}</ul>", view,
                     {{"node", "<li>{{name}}{{#children}}<ul>{{> node}}</ul>{{/children}}</li>"}}),
            "<ul><li>a<ul><li>b</li></ul></li></ul>");
  EXPECT_EQ(Rendered("[{{> missing}}]", view), "[]");
  // Unbounded self-inclusion stops at the depth limit instead of overflowing the stack.
  EXPECT_FALSE(Rendered("{{> loop}}", view, {{"loop", "x{{> loop}}"}}).empty());
}

TEST(MustacheTest, PartialsResolvedAtLoadNeedNoLookupWhenRendered) {
  const Template partial = Compile("<{{name}}>").value();
  Template outer = Compile("a{{#items}}{{> item}}{{/items}}{{> other}}b").value();
  ResolvePartials(outer, [&](std::string_view name) { return name == "item" ? &partial : nullptr; });
  std::string out;
  Render(
      outer, {{"items", {{{"name", "x"}}, {{"name", "y"}}}}},
      [](std::string_view name) -> const Template* {
        EXPECT_EQ(name, "other");  // only the partial left unresolved is looked up
        return nullptr;
      },
      out);
  EXPECT_EQ(out, "a<x><y>b");
}

std::string RenderedLayers(std::string_view source, const nlohmann::json& base,
                           const nlohmann::json& overlay) {
  auto compiled = Compile(source);
  EXPECT_TRUE(compiled) << compiled.error();
  std::string out;
  Render(
      *compiled, base, overlay, [](std::string_view) -> const Template* { return nullptr; }, out);
  return out;
}

TEST(MustacheTest, LayeredViewsRenderAsTheirMergeWithoutTouchingTheBase) {
  using Json = nlohmann::json;
  const Json base = {
      {"title", "Titel"},
      {"hidden", false},
      {"fields",
       Json::array({{{"name", "a"},
                     {"value", ""},
                     {"opts", Json::array({{{"v", "x"}, {"on", false}}, {{"v", "y"}, {"on", false}}})}},
                    {{"name", "b"}, {"value", ""}, {"opts", Json::array()}}})},
      {"list", Json::array({1, 2, 3})},
      {"group", {{"inner", "base"}, {"kept", "k"}}}};
  const Json base_before = base;
  // Overlay: a scalar replaced, list items merged by index (also nested), a list of another
  // length replacing the base's, an object merged key by key, a key only in the overlay.
  const Json overlay = {
      {"hidden", true},
      {"fields", Json::array({{{"value", "<1>"}, {"opts", Json::array({Json::object(), {{"on", true}}})}},
                              Json::object()})},
      {"list", Json::array({9})},
      {"group", {{"inner", "over"}}},
      {"extra", "e"}};
  const std::string source =
      "{{title}}|{{#hidden}}H{{/hidden}}|{{#fields}}{{name}}={{value}}[{{#opts}}{{v}}{{#on}}*{{/on}}{{/"
      "opts}}]"
      "{{/fields}}|{{#list}}{{.}}{{/list}}|{{group.inner}}{{group.kept}}{{#group}}{{inner}}{{kept}}{{/"
      "group}}|{{extra}}";
  const std::string layered = RenderedLayers(source, base, overlay);
  EXPECT_EQ(layered, "Titel|H|a=&lt;1&gt;[xy*]b=[]|9|overkoverk|e");
  EXPECT_EQ(layered, Rendered(source, Merged(base, overlay)));
  EXPECT_EQ(base, base_before);
  // An empty overlay renders the base alone; the overlay's false hides what the base shows.
  EXPECT_EQ(RenderedLayers(source, base, Json::object()), Rendered(source, base));
  EXPECT_EQ(RenderedLayers("{{#x}}shown{{/x}}", {{"x", true}}, {{"x", false}}), "");
  EXPECT_EQ(RenderedLayers("{{^x}}none{{/x}}", {{"x", "base"}}, {{"x", nullptr}}), "none");
}

TEST(MustacheTest, MalformedTemplatesAreErrorsWithLines) {
  EXPECT_NE(Compile("a\n{{#open}} never closed").error().find("line 2"), std::string::npos);
  EXPECT_NE(Compile("{{#a}}{{/b}}").error().find("{{/b}} closes {{#a}}"), std::string::npos);
  EXPECT_FALSE(Compile("{{/a}}"));
  EXPECT_FALSE(Compile("{{unterminated"));
  EXPECT_FALSE(Compile("{{}}"));
}

}  // namespace
}  // namespace amtsweg::web::mustache
