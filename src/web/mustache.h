#pragma once
// A compiled mustache template rendered straight from a nlohmann::json view, without converting
// or copying the view (kainjow::mustache, tried first, converted every view into its own data
// structure and re-parsed partials on every inclusion: a form page cost 1.7 ms; see
// docs/benchmarks.md, P2).
//
//   auto compiled = mustache::Compile("<p>{{#items}}{{name}} {{/items}}</p>");   // errors as values
//   std::string out;
//   mustache::Render(*compiled, view, partials, out);
//
// Supported: {{name}} (HTML-escaped), {{{name}}} and {{& name}} (raw), {{#section}}…{{/section}},
// {{^inverted}}…{{/inverted}}, {{> partial}}, {{! comment}}, dotted names (a.b) and {{.}}.
// Standalone section, partial and comment tags do not leave their line behind. Not supported:
// changing delimiters and lambdas (no template uses them).
//
// Truthiness: null, false, a missing name, an empty string and an empty list are false (as in
// mustache.js, so "" never renders a label without its value); every other string, every number
// (even 0), object and non-empty list is true. A list renders its section once per item with the
// item on top of the context; an object renders it once with the object on top; `true` renders
// it once with the context unchanged.
//
// Layered views: Render(compiled, base, overlay, …) renders as if the two were merged by
// Merged(base, overlay) — names are looked up in the overlay first, then in the base; where both
// hold an object the objects merge key by key, where both hold a list of the same length the lists
// merge item by item; anything else in the overlay replaces the base. The base is never copied, so
// a large view that stays the same across requests (a form page's labels, ids, options) is built
// once and each request brings only what differs (values, errors, checked flags). Where the base
// stays the same across many renderings, mustache_program.h goes further: it specialises a
// template against the base once, leaving only the slots the overlay can change.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

namespace amtsweg::web::mustache {

struct Node;
struct Template;
using Nodes = std::vector<Node>;

struct Node {
  enum class Kind { kText, kVariable, kRaw, kSection, kInverted, kPartial };
  Kind kind = Kind::kText;
  std::string text;               // literal text, or the tag's name
  std::vector<std::string> path;  // the name split at dots; empty for "."
  Nodes children;                 // sections
  // A partial resolved once at load (ResolvePartials); nullptr: looked up when rendered.
  const Template* partial = nullptr;
};

struct Template {
  Nodes nodes;
};

// Parses `source`; the error names the line and the problem (an unclosed section, a mismatched
// closing tag, an unterminated tag).
[[nodiscard]] tl::expected<Template, std::string> Compile(std::string_view source);

// Looks up a partial by name; nullptr when there is none (it then renders as nothing).
using PartialLookup = std::function<const Template*(std::string_view name)>;

// Points every partial tag of `compiled` at its template, so rendering needs no lookup by name.
// The templates found must outlive `compiled` and stay where they are; names not found are left
// to the PartialLookup given to Render.
void ResolvePartials(Template& compiled, const PartialLookup& partials);

// Appends the rendering of `compiled` with `view` to `out`. Partials nest at most 64 deep.
void Render(const Template& compiled, const nlohmann::json& view, const PartialLookup& partials,
            std::string& out);

// Appends the rendering of `compiled` with the layered view `overlay` over `base` (see the file
// comment); the same output as Render(compiled, Merged(base, overlay), partials, out).
void Render(const Template& compiled, const nlohmann::json& base, const nlohmann::json& overlay,
            const PartialLookup& partials, std::string& out);

// `overlay` merged into a copy of `base` (see the file comment): for tests and for callers that
// need the whole view as one value.
[[nodiscard]] nlohmann::json Merged(const nlohmann::json& base, const nlohmann::json& overlay);

}  // namespace amtsweg::web::mustache
