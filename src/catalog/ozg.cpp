// See ozg.h.

#include "catalog/ozg.h"

#include <algorithm>
#include <iostream>
#include <set>

#include <yaml-cpp/yaml.h>

#include "catalog/seed.h"

namespace amtsweg::catalog {
namespace {

constexpr std::string_view kCatalogueFile = "ozg-catalogue.yaml";

bool IsLeika(const std::string& key) {
  return key.size() == 14 && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

tl::expected<std::vector<OzgService>, std::vector<std::string>> LoadOzgCatalogue(std::string_view yaml,
                                                                                 std::string_view origin) {
  std::vector<std::string> errors;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& error) {
    return tl::unexpected(std::vector<std::string>{std::string(origin) + ": " + error.what()});
  }
  if (!root.IsSequence()) {
    return tl::unexpected(std::vector<std::string>{std::string(origin) + ": expected a list of services"});
  }
  std::vector<OzgService> services;
  std::set<std::string> keys;
  std::size_t index = 0;
  for (const auto& node : root) {
    ++index;
    const std::string where = std::string(origin) + ": entry " + std::to_string(index);
    if (!node.IsMap()) {
      errors.push_back(where + " is not a mapping");
      continue;
    }
    auto text = [&](const char* name) -> std::string {
      const YAML::Node value = node[name];
      if (!value || !value.IsScalar() || value.Scalar().empty()) {
        errors.push_back(where + ": `" + name + "` is missing");
        return {};
      }
      return value.Scalar();
    };
    OzgService service{text("leika"),
                       text("name"),
                       text("ozg_leistung"),
                       text("themenfeld"),
                       text("lebenslage"),
                       text("audience"),
                       {}};
    if (!service.leika.empty() && !IsLeika(service.leika)) {
      errors.push_back(where + ": leika \"" + service.leika + "\" is not 14 digits");
    } else if (!service.leika.empty() && !keys.insert(service.leika).second) {
      errors.push_back(where + ": leika " + service.leika + " appears twice");
    }
    if (!service.audience.empty() && service.audience != "citizen" && service.audience != "business" &&
        service.audience != "both") {
      errors.push_back(where + ": audience must be citizen, business or both");
    }
    if (const YAML::Node synonyms = node["synonyms"]; synonyms && synonyms.IsSequence()) {
      for (const auto& synonym : synonyms) {
        if (synonym.IsScalar() && !synonym.Scalar().empty()) service.synonyms.push_back(synonym.Scalar());
      }
    }
    services.push_back(std::move(service));
  }
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  return services;
}

const std::vector<OzgService>& OzgCatalogue() {
  static const std::vector<OzgService> catalogue = [] {
    for (const auto& [path, content] : SeedFiles()) {
      if (path != kCatalogueFile) continue;
      auto loaded = LoadOzgCatalogue(content, "seed/ozg-catalogue.yaml");
      if (loaded) return std::move(*loaded);
      for (const auto& error : loaded.error()) std::cerr << error << "\n";
      return std::vector<OzgService>{};
    }
    std::cerr << "seed/ozg-catalogue.yaml is missing from the build\n";
    return std::vector<OzgService>{};
  }();
  return catalogue;
}

}  // namespace amtsweg::catalog
