#include "catalog/catalog.h"

#include <algorithm>

#include "process/check.h"
#include "process/loader.h"
#include "process/variant.h"

namespace amtsweg::catalog {
namespace {

using process::Definition;
using process::Variant;

void AddDiagnostics(std::vector<std::string>& errors, const process::Diagnostics& diagnostics) {
  for (const auto& d : diagnostics) errors.push_back(process::FormatDiagnostic(d));
}

// The newest version of every standard process, and every variant, loaded and checked.
struct LoadedSources {
  std::map<std::string, Definition, std::less<>> standards;  // by process id, newest version
  std::map<std::string, Variant, std::less<>> variants;      // by variant id
};

LoadedSources LoadSources(const std::vector<storage::ProcessSource>& sources,
                          std::vector<std::string>& errors) {
  LoadedSources loaded;
  for (const auto& source : sources) {
    if (source.kind == storage::SourceKind::kStandard) {
      auto definition = process::LoadStandard(source.yaml, source.origin);
      if (!definition) {
        AddDiagnostics(errors, definition.error());
        continue;
      }
      auto it = loaded.standards.find(definition->id);
      if (it == loaded.standards.end() || it->second.version < definition->version) {
        loaded.standards.insert_or_assign(definition->id, std::move(*definition));
      }
    } else {
      auto variant = process::LoadVariant(source.yaml, source.origin);
      if (!variant) {
        AddDiagnostics(errors, variant.error());
        continue;
      }
      loaded.variants.insert_or_assign(variant->id, std::move(*variant));
    }
  }
  return loaded;
}

}  // namespace

tl::expected<std::shared_ptr<const Catalog>, std::vector<std::string>> Catalog::Load(
    storage::Storage& storage) {
  std::vector<std::string> errors;
  auto municipalities = storage.ListMunicipalities();
  auto offices = storage.ListOffices();
  auto sources = storage.ListProcessSources();
  auto offerings = storage.ListOfferings();
  for (const auto* failed :
       {municipalities ? nullptr : &municipalities.error(), offices ? nullptr : &offices.error(),
        sources ? nullptr : &sources.error(), offerings ? nullptr : &offerings.error()}) {
    if (failed) errors.push_back("reading the catalogue failed: " + failed->message);
  }
  if (!errors.empty()) return tl::unexpected(std::move(errors));

  std::shared_ptr<Catalog> catalog(new Catalog());
  catalog->municipalities_ = std::move(*municipalities);
  std::sort(catalog->municipalities_.begin(), catalog->municipalities_.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  for (auto& office : *offices)
    catalog->offices_.push_back(std::make_unique<storage::Office>(std::move(office)));

  LoadedSources loaded = LoadSources(*sources, errors);
  std::map<std::string, const Definition*, std::less<>> standard_definitions;
  for (auto& [id, definition] : loaded.standards) {
    catalog->definitions_.push_back(std::make_unique<Definition>(std::move(definition)));
    standard_definitions.emplace(id, catalog->definitions_.back().get());
  }

  for (const auto& offering : *offerings) {
    const std::string where = "offering of '" + offering.process_id + "' by " + offering.ags;
    const storage::Municipality* municipality = catalog->FindMunicipality(offering.ags);
    auto standard = standard_definitions.find(offering.process_id);
    if (!municipality || standard == standard_definitions.end()) {
      errors.push_back(where + ": unknown " + (municipality ? "process" : "municipality"));
      continue;
    }
    const Definition* effective = standard->second;
    if (offering.variant_id) {
      auto variant = loaded.variants.find(*offering.variant_id);
      if (variant == loaded.variants.end()) {
        errors.push_back(where + ": unknown variant '" + *offering.variant_id + "'");
        continue;
      }
      if (variant->second.municipality != offering.ags) {
        errors.push_back(where + ": variant '" + variant->first + "' belongs to municipality " +
                         variant->second.municipality);
        continue;
      }
      auto applied = process::ApplyVariant(*standard->second, variant->second);
      if (!applied) {
        AddDiagnostics(errors, applied.error());
        continue;
      }
      catalog->definitions_.push_back(std::make_unique<Definition>(std::move(*applied)));
      effective = catalog->definitions_.back().get();
    }

    // Routing: the variant's office, else the municipality's office holding the process's role.
    const storage::Office* office = nullptr;
    for (const auto& candidate : catalog->offices_) {
      if (candidate->municipality_ags != offering.ags) continue;
      bool match = effective->office_override ? candidate->id == *effective->office_override
                                              : std::find(candidate->roles.begin(), candidate->roles.end(),
                                                          effective->office_role) != candidate->roles.end();
      if (match) {
        office = candidate.get();
        break;
      }
    }
    if (!office) {
      errors.push_back(where + ": no office of the municipality " +
                       (effective->office_override ? "with id '" + *effective->office_override + "'"
                                                   : "with role '" + effective->office_role + "'"));
      continue;
    }
    catalog->offered_.insert_or_assign(std::pair{offering.ags, offering.process_id},
                                       OfferedService{municipality, effective, office});
  }
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  return std::shared_ptr<const Catalog>(std::move(catalog));
}

const storage::Municipality* Catalog::FindMunicipality(std::string_view ags) const {
  for (const auto& m : municipalities_)
    if (m.ags == ags) return &m;
  return nullptr;
}

std::vector<const OfferedService*> Catalog::ServicesOf(std::string_view ags) const {
  std::vector<const OfferedService*> services;
  for (const auto& [key, service] : offered_)
    if (key.first == ags) services.push_back(&service);
  std::sort(services.begin(), services.end(),
            [](const auto* a, const auto* b) { return a->definition->title < b->definition->title; });
  return services;
}

const OfferedService* Catalog::Find(std::string_view ags, std::string_view process_id) const {
  auto it = offered_.find(std::pair{std::string(ags), std::string(process_id)});
  return it == offered_.end() ? nullptr : &it->second;
}

}  // namespace amtsweg::catalog
