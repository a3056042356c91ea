#pragma once
// Server-side HTML from logic-less mustache templates (web/templates/*.mustache, compiled into
// the binary, parsed once at start by web/mustache.h). Values are HTML-escaped unless a template
// asks otherwise with {{{…}}} — used only for HTML the server rendered itself (a page's body
// inside the layout).
//
//   auto templates = Templates::Embedded();                 // every template, checked once
//   std::string html = templates->Render("service", view);  // view: nlohmann::json object
//
// Every template is also a partial under its file name without extension ({{> field_text}});
// partials may include themselves (a field holding a group of fields).
// Views are JSON: objects, arrays (sections repeat), strings and numbers (printed), booleans
// (sections shown or not), null (nothing).

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "web/mustache_program.h"

namespace amtsweg::web {

class Templates final {
 public:
  // The templates compiled into the binary. Errors name the template and the problem.
  [[nodiscard]] static tl::expected<std::shared_ptr<const Templates>, std::vector<std::string>> Embedded();
  // From (file name, source) pairs, e.g. for tests. Names are file names below the template
  // folder; the template's name is the base name without ".mustache".
  [[nodiscard]] static tl::expected<std::shared_ptr<const Templates>, std::vector<std::string>> FromSources(
      std::span<const std::pair<std::string_view, std::string_view>> files);
  ~Templates();

  // Renders template `name` with `view`. An unknown name is an English message for the log; a
  // missing partial renders as nothing.
  [[nodiscard]] tl::expected<std::string, std::string> Render(std::string_view name,
                                                              const nlohmann::json& view) const;

  // Renders template `name` with the layered view `overlay` over `base` (mustache.h): the base
  // (e.g. a form page's static view, built once) is read, never copied. A null overlay: none.
  [[nodiscard]] tl::expected<std::string, std::string> Render(std::string_view name,
                                                              const nlohmann::json& base,
                                                              const nlohmann::json& overlay) const;

  // Template `name` specialised against `base` for overlays of `shape` (mustache_program.h):
  // rendered with mustache::Render(program, overlay, out). The program reads these templates in
  // place and must not outlive them. An unknown name is an English message for the log.
  [[nodiscard]] tl::expected<mustache::Program, std::string> Specialize(
      std::string_view name, std::shared_ptr<const nlohmann::json> base,
      const mustache::OverlayShape& shape) const;

  [[nodiscard]] bool Has(std::string_view name) const;

 private:
  struct Compiled;
  Templates();
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace amtsweg::web
