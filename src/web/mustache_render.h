#pragma once
// Internal to web/: the layered renderer of mustache.h, shared by mustache.cpp (rendering a whole
// template) and mustache_program.cpp (the parts of a specialised program that depend on the
// overlay fall back to it, with the same context stack). Not an API for handlers.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "web/mustache.h"

namespace amtsweg::web::mustache::internal {

using Json = nlohmann::json;

inline constexpr int kMaxPartialDepth = 64;

// One context of the stack, or one looked-up name: the overlay's value and the base's value
// below it (either may be missing). The overlay's wins; the base's matters only where both are
// objects or lists of one length (they merge).
struct Layer {
  const Json* overlay = nullptr;
  const Json* base = nullptr;
  [[nodiscard]] const Json* Top() const { return overlay != nullptr ? overlay : base; }
};

// Mustache truthiness (see mustache.h): null, false, missing, "" and [] are false.
bool Truthy(const Json* value);

// Appends `text` HTML-escaped.
void Escape(std::string_view text, std::string& out);

// Appends a value as {{name}} (escape) or {{{name}}} prints it: strings and numbers; else nothing.
void Print(const Json* value, bool escape, std::string& out);

// `object`'s member `key`, or nullptr (also when `object` is no object).
const Json* MemberOf(const Json* object, std::string_view key);

// The layered member `key` of the layered object `object`.
Layer Member(const Layer& object, std::string_view key);

// Item `i` of the layered list `list` (whose Top() is a list with more than `i` items).
Layer ItemOf(const Layer& list, std::size_t i);

// The layered value pushed for an object section.
Layer ObjectOf(const Layer& value);

// Renders nodes over a stack of layered contexts (the bottom one is the whole view).
class Renderer {
 public:
  Renderer(const PartialLookup& partials, std::string& out) : partials_(partials), out_(out) {}

  void Run(const Nodes& nodes, std::vector<Layer>& stack, int depth);
  // A section (or inverted section) `node` whose name was looked up as `value`.
  void Section(const Node& node, const Layer& value, std::vector<Layer>& stack, int depth);
  // The first context (from the top) that has the path's first name, then down the path.
  static Layer Lookup(const std::vector<std::string>& path, const std::vector<Layer>& stack);

 private:
  const PartialLookup& partials_;
  std::string& out_;
};

}  // namespace amtsweg::web::mustache::internal
