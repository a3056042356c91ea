#include "catalog/seed.h"

#include <yaml-cpp/yaml.h>

#include "process/check.h"
#include "process/loader.h"

namespace amtsweg::catalog {
namespace {

constexpr std::string_view kMunicipalitiesFile = "municipalities.yaml";

std::string Scalar(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() ? value.as<std::string>() : std::string();
}

tl::expected<void, std::string> SeedMunicipalitiesFrom(const YAML::Node& root, storage::Storage& storage,
                                                       SeedSummary& summary);

// municipalities.yaml: municipalities with their offices and what they offer (docs/seed-data.md).
tl::expected<void, std::string> SeedMunicipalities(std::string_view text, storage::Storage& storage,
                                                   SeedSummary& summary) {
  try {
    return SeedMunicipalitiesFrom(YAML::Load(std::string(text)), storage, summary);
  } catch (const YAML::Exception& e) {  // syntax errors and wrongly typed values
    return tl::unexpected(std::string(e.what()));
  }
}

tl::expected<void, std::string> SeedMunicipalitiesFrom(const YAML::Node& root, storage::Storage& storage,
                                                       SeedSummary& summary) {
  const YAML::Node list = root["municipalities"];
  if (!list || !list.IsSequence()) return tl::unexpected(std::string("'municipalities' must be a list"));
  for (const auto& node : list) {
    storage::Municipality municipality{Scalar(node, "ags"), Scalar(node, "ars"), Scalar(node, "name"),
                                       Scalar(node, "state")};
    if (municipality.ags.size() != 8 || municipality.name.empty())
      return tl::unexpected("municipality '" + municipality.name + "' needs an 8-digit ags and a name");
    if (auto saved = storage.SaveMunicipality(municipality); !saved)
      return tl::unexpected(saved.error().message);
    ++summary.municipalities;
    for (const auto& o : node["offices"]) {
      storage::Office office;
      office.id = Scalar(o, "id");
      office.municipality_ags = municipality.ags;
      office.name = Scalar(o, "name");
      office.email = Scalar(o, "email");
      office.address = Scalar(o, "address");
      for (const auto& role : o["roles"]) office.roles.push_back(role.as<std::string>());
      if (auto saved = storage.SaveOffice(office); !saved) return tl::unexpected(saved.error().message);
      ++summary.offices;
    }
    for (const auto& offer : node["offers"]) {
      storage::Offering offering{municipality.ags, Scalar(offer, "process"), std::nullopt};
      if (std::string variant = Scalar(offer, "variant"); !variant.empty()) offering.variant_id = variant;
      if (auto saved = storage.SaveOffering(offering); !saved) return tl::unexpected(saved.error().message);
      ++summary.offerings;
    }
  }
  return {};
}

}  // namespace

tl::expected<SeedSummary, std::vector<std::string>> Seed(storage::Storage& storage) {
  SeedSummary summary;
  std::vector<std::string> errors;
  // Process sources first: offerings refer to them.
  for (const auto& [path, content] : SeedFiles()) {
    const std::string origin = "seed/" + std::string(path);
    storage::ProcessSource source;
    source.yaml = std::string(content);
    source.origin = origin;
    if (path.starts_with("processes/")) {
      auto definition = process::LoadStandard(content, origin);
      if (!definition) {
        for (const auto& d : definition.error()) errors.push_back(process::FormatDiagnostic(d));
        continue;
      }
      source.kind = storage::SourceKind::kStandard;
      source.id = definition->id;
      source.version = definition->version;
      ++summary.processes;
    } else if (path.starts_with("variants/")) {
      auto variant = process::LoadVariant(content, origin);
      if (!variant) {
        for (const auto& d : variant.error()) errors.push_back(process::FormatDiagnostic(d));
        continue;
      }
      source.kind = storage::SourceKind::kVariant;
      source.id = variant->id;
      source.version = 1;
      ++summary.variants;
    } else {
      continue;
    }
    if (auto saved = storage.SaveProcessSource(source); !saved)
      errors.push_back(origin + ": " + saved.error().message);
  }
  bool found = false;
  for (const auto& [path, content] : SeedFiles()) {
    if (path != kMunicipalitiesFile) continue;
    found = true;
    if (auto seeded = SeedMunicipalities(content, storage, summary); !seeded)
      errors.push_back("seed/" + std::string(path) + ": " + seeded.error());
  }
  if (!found) errors.push_back("seed/municipalities.yaml is missing from the build");
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  return summary;
}

}  // namespace amtsweg::catalog
