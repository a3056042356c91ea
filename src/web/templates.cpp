// Mustache templates compiled once at load and rendered from JSON views (see templates.h and
// mustache.h). Compiled templates are immutable, so any number of threads render at once.

#include "web/templates.h"

#include "web/mustache.h"

namespace amtsweg::web {

std::span<const std::pair<std::string_view, std::string_view>> TemplateFiles();  // generated

namespace {

constexpr std::string_view kExtension = ".mustache";

std::string BaseName(std::string_view file) {
  std::size_t slash = file.rfind('/');
  std::string_view base = slash == std::string_view::npos ? file : file.substr(slash + 1);
  if (base.ends_with(kExtension)) base.remove_suffix(kExtension.size());
  return std::string(base);
}

}  // namespace

struct Templates::Compiled {
  std::map<std::string, mustache::Template, std::less<>> templates;

  // The template `name`, or nullptr; also the lookup of partials.
  [[nodiscard]] const mustache::Template* Find(std::string_view name) const {
    auto it = templates.find(name);
    return it == templates.end() ? nullptr : &it->second;
  }
  [[nodiscard]] mustache::PartialLookup Partials() const {
    return [this](std::string_view partial) { return Find(partial); };
  }
};

Templates::Templates() : compiled_(std::make_unique<Compiled>()) {}
Templates::~Templates() = default;

tl::expected<std::shared_ptr<const Templates>, std::vector<std::string>> Templates::Embedded() {
  return FromSources(TemplateFiles());
}

tl::expected<std::shared_ptr<const Templates>, std::vector<std::string>> Templates::FromSources(
    std::span<const std::pair<std::string_view, std::string_view>> files) {
  std::shared_ptr<Templates> templates(new Templates());
  std::vector<std::string> errors;
  for (const auto& [file, source] : files) {
    std::string name = BaseName(file);
    if (templates->compiled_->templates.count(name) != 0) {
      errors.push_back(std::string(file) + ": a template named '" + name + "' exists already");
      continue;
    }
    auto compiled = mustache::Compile(source);
    if (!compiled) {
      errors.push_back(std::string(file) + ": " + compiled.error());
      continue;
    }
    templates->compiled_->templates.emplace(std::move(name), std::move(*compiled));
  }
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  // Map nodes never move, so partial tags can point at their templates once for all renderings.
  const auto partials = templates->compiled_->Partials();
  for (auto& [name, compiled_template] : templates->compiled_->templates) {
    mustache::ResolvePartials(compiled_template, partials);
  }
  return templates;
}

bool Templates::Has(std::string_view name) const { return compiled_->Find(name) != nullptr; }

tl::expected<std::string, std::string> Templates::Render(std::string_view name,
                                                         const nlohmann::json& view) const {
  static const nlohmann::json kNothing;
  return Render(name, view, kNothing);
}

tl::expected<std::string, std::string> Templates::Render(std::string_view name, const nlohmann::json& base,
                                                         const nlohmann::json& overlay) const {
  const mustache::Template* found = compiled_->Find(name);
  if (found == nullptr) return tl::unexpected("no template named '" + std::string(name) + "'");
  const auto partials = compiled_->Partials();
  std::string html;
  html.reserve(16 * 1024);
  if (overlay.is_null()) {
    mustache::Render(*found, base, partials, html);
  } else {
    mustache::Render(*found, base, overlay, partials, html);
  }
  return html;
}

tl::expected<mustache::Program, std::string> Templates::Specialize(
    std::string_view name, std::shared_ptr<const nlohmann::json> base,
    const mustache::OverlayShape& shape) const {
  const mustache::Template* found = compiled_->Find(name);
  if (found == nullptr) return tl::unexpected("no template named '" + std::string(name) + "'");
  return mustache::Specialize(*found, std::move(base), shape, compiled_->Partials());
}

}  // namespace amtsweg::web
