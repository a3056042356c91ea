// Specialised templates render exactly as the layered renderer does, for overlays that keep to
// their shape and (where the program checks) for some that do not; what the overlay cannot
// change becomes literal text; ConformsTo finds keys and lists outside the shape.

#include "web/mustache_program.h"

#include <gtest/gtest.h>

#include <map>

namespace amtsweg::web::mustache {
namespace {

using Json = nlohmann::json;
using Shape = OverlayShape;

struct Fixture {
  std::map<std::string, Template, std::less<>> partials;
  Template compiled;

  explicit Fixture(std::string_view source, const std::map<std::string, std::string>& partial_sources = {}) {
    for (const auto& [name, text] : partial_sources) partials.emplace(name, Compile(text).value());
    compiled = Compile(source).value();
    for (auto& [name, partial] : partials) ResolvePartials(partial, Lookup());
    ResolvePartials(compiled, Lookup());
  }
  PartialLookup Lookup() {
    return [this](std::string_view name) -> const Template* {
      auto it = partials.find(name);
      return it == partials.end() ? nullptr : &it->second;
    };
  }
  std::string Layered(const Json& base, const Json& overlay) {
    std::string out;
    Render(compiled, base, overlay, Lookup(), out);
    return out;
  }
  Program Specialized(const Json& base, const Shape& shape) {
    return Specialize(compiled, std::make_shared<const Json>(base), shape, Lookup());
  }
};

std::string Rendered(const Program& program, const Json& overlay) {
  std::string out;
  Render(program, overlay, out);
  return out;
}

const Json kBase = {
    {"title", "<Titel>"},
    {"intro", ""},
    {"fields",
     Json::array({{{"name", "a"},
                   {"label", "A & B"},
                   {"value", ""},
                   {"has_error", false},
                   {"error", nullptr},
                   {"hint", "Hinweis"},
                   {"opts", Json::array({{{"v", "x"}, {"on", false}}, {{"v", "y"}, {"on", false}}})}},
                  {{"name", "b"},
                   {"label", "B"},
                   {"value", ""},
                   {"has_error", false},
                   {"error", nullptr},
                   {"hint", nullptr},
                   {"opts", Json::array()}}})}};

const char* kSource =
    "<h1>{{title}}</h1>{{#intro}}<p>{{intro}}</p>{{/intro}}{{^intro}}-{{/intro}}{{csrf}}\n"
    "{{#fields}}{{> field}}{{/fields}}{{#has_errors}}<ul>{{#summary}}<li>{{text}}</li>{{/summary}}</ul>{{/"
    "has_errors}}";
const std::map<std::string, std::string> kPartials = {
    {"field",
     "<div{{#has_error}} class=\"err\"{{/has_error}}><label>{{label}}</label>{{#hint}}<i "
     "id=\"{{name}}-hint\">{{hint}}</i>{{/hint}}<input name=\"{{name}}\" value=\"{{value}}\">"
     "{{#opts}}<o{{#on}} checked{{/on}}{{#has_error}} e{{/has_error}}>{{v}}</o>{{/opts}}"
     "{{#error}}<p>{{error}}</p>{{/error}}</div>\n"}};

Shape FieldShape(std::size_t options) {
  return Shape::Object(
      {{"value", Shape::Any()},
       {"has_error", Shape::Any()},
       {"error", Shape::Any()},
       {"opts", Shape::List(std::vector<Shape>(options, Shape::Object({{"on", Shape::Any()}})))}});
}

Shape PageShape() { return Shape::Object({{"fields", Shape::List({FieldShape(2), FieldShape(0)})}}, true); }

TEST(MustacheProgramTest, RendersAsTheLayeredRendererForOverlaysOfTheShape) {
  Fixture fixture(kSource, kPartials);
  const Program program = fixture.Specialized(kBase, PageShape());
  const std::vector<Json> overlays = {
      nullptr,
      Json::object(),
      {{"csrf", "t<k>"}, {"fields", Json::array({Json::object(), Json::object()})}},
      {{"fields", Json::array({{{"value", "\"Erika\""}}, Json::object()})}},
      {{"fields", Json::array({{{"opts", Json::array({Json::object(), {{"on", true}}})}}, {{"value", 0}}})}},
      {{"fields", Json::array({{{"has_error", true}, {"error", "<falsch>"}}, Json::object()})},
       {"has_errors", true},
       {"summary", Json::array({{{"text", "a"}}, {{"text", "b & c"}}})}},
      {{"title", "replaced"}, {"intro", "da"}},
      // kAny holds structured values too: the program hands them to the renderer.
      {{"fields", Json::array({{{"has_error", {{"x", 1}}}}, {{"error", Json::array({1})}}})}},
  };
  for (const Json& overlay : overlays) {
    EXPECT_EQ(Rendered(program, overlay), fixture.Layered(kBase, overlay.is_null() ? Json() : overlay))
        << overlay.dump();
    EXPECT_EQ(ConformsTo(overlay, PageShape(), kBase), "") << overlay.dump();
  }
}

TEST(MustacheProgramTest, WhatTheOverlayCannotChangeIsLiteralText) {
  Fixture fixture("{{#items}}<li>{{name}}{{#on}}*{{/on}}</li>{{/items}}{{title}}");
  const Json base = {{"items", Json::array({{{"name", "a"}, {"on", false}}, {{"name", "b"}, {"on", true}}})},
                     {"title", "T"}};
  const Program fixed = fixture.Specialized(base, Shape());
  EXPECT_EQ(fixed.DynamicOps(), 0u);
  EXPECT_EQ(Rendered(fixed, Json::object()), "<li>a</li><li>b*</li>T");
  // Only `on` of each item may change: the list is unrolled, each item one chunk when its
  // overlay is empty; names stay literal.
  const Shape shape =
      Shape::Object({{"items", Shape::List(std::vector<Shape>(2, Shape::Object({{"on", Shape::Any()}})))}});
  const Program program = fixture.Specialized(base, shape);
  EXPECT_EQ(program.DynamicOps(), 3u);  // the list, and `on` in each item
  const Json overlay = {{"items", Json::array({{{"on", true}}, Json::object()})}};
  EXPECT_EQ(Rendered(program, overlay), "<li>a*</li><li>b*</li>T");
  EXPECT_EQ(Rendered(program, overlay), fixture.Layered(base, overlay));
}

TEST(MustacheProgramTest, OverlaysOutsideTheShapeStillRenderWhereTheProgramChecks) {
  Fixture fixture(kSource, kPartials);
  const Program program = fixture.Specialized(kBase, PageShape());
  const std::vector<Json> overlays = {
      {{"fields", Json::array({Json::object()})}},       // a list of another length
      {{"fields", "kein Array"}},                        // a list replaced by a scalar
      {{"fields", Json::array({"x", Json::object()})}},  // an item that is no object
      {{"fields", Json::array({{{"opts", Json::array({1, 2, 3})}}, Json::object()})}},  // inner list
  };
  for (const Json& overlay : overlays) {
    EXPECT_NE(ConformsTo(overlay, PageShape(), kBase), "") << overlay.dump();
    EXPECT_EQ(Rendered(program, overlay), fixture.Layered(kBase, overlay)) << overlay.dump();
  }
}

TEST(MustacheProgramTest, RecursivePartialsAndDotsFollowTheRenderer) {
  Fixture fixture("{{#nodes}}{{> node}}{{/nodes}}{{#flag}}[{{.}}]{{/flag}}",
                  {{"node", "<li>{{name}}{{#children}}<ul>{{> node}}</ul>{{/children}}</li>"}});
  Json base = {{"nodes", Json::array({{{"name", "a"}, {"children", Json::array()}}})}, {"flag", "f"}};
  base["nodes"][0]["children"] = Json::array({{{"name", "b"}, {"children", Json::array()}}});
  const Shape shape = Shape::Object({{"flag", Shape::Any()}, {"nodes", Shape::Any()}});
  const Program program = fixture.Specialized(base, shape);
  for (const Json& overlay :
       {Json::object(), Json{{"flag", "g"}}, Json{{"flag", true}},
        Json{{"nodes", Json::array({{{"name", "c"}, {"children", Json::array({{{"name", "d"}}})}}})}}}) {
    EXPECT_EQ(Rendered(program, overlay), fixture.Layered(base, overlay)) << overlay.dump();
  }
  // Unbounded self-inclusion stops at the renderer's depth limit, specialised or not.
  Fixture loop("{{> loop}}", {{"loop", "x{{> loop}}"}});
  EXPECT_EQ(Rendered(loop.Specialized(Json::object(), Shape()), Json::object()),
            loop.Layered(Json::object(), Json::object()));
}

TEST(MustacheProgramTest, ConformsToNamesThePlaceOutsideTheShape) {
  EXPECT_EQ(ConformsTo({{"fields", Json::array({{{"colour", "red"}}, Json::object()})}}, PageShape(), kBase),
            "fields[0].colour: not declared");
  EXPECT_EQ(ConformsTo({{"fields", Json::array({Json::object()})}}, PageShape(), kBase),
            "fields: not merged item by item with the base's list");
  EXPECT_EQ(ConformsTo({{"fields", Json::array({{{"opts", "x"}}, Json::object()})}}, PageShape(), kBase),
            "fields[0].opts: not a list");
  EXPECT_EQ(ConformsTo({{"anything", 1}}, PageShape(), kBase), "");  // other_members
  EXPECT_EQ(ConformsTo({{"anything", 1}}, Shape::Object({}), kBase), "anything: not declared");
}

}  // namespace
}  // namespace amtsweg::web::mustache
