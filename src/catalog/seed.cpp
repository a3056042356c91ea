#include "catalog/seed.h"

#include <algorithm>
#include <map>

#include <yaml-cpp/yaml.h>

#include "catalog/ozg.h"
#include "process/check.h"
#include "process/loader.h"
#include "text/time.h"

namespace amtsweg::catalog {
namespace {

constexpr std::string_view kMunicipalitiesFile = "municipalities.yaml";
constexpr std::string_view kRegistryFile = "registry.yaml";

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
      storage::Offering offering{municipality.ags, Scalar(offer, "process"), std::nullopt, ""};
      if (std::string variant = Scalar(offer, "variant"); !variant.empty()) offering.variant_id = variant;
      if (auto saved = storage.SaveOffering(offering); !saved) return tl::unexpected(saved.error().message);
      ++summary.offerings;
    }
  }
  return {};
}

// --- registry.yaml: the transparency registry's demo entries (docs/seed-data.md) -------------

// The standard processes seeded from seed/processes/, by id.
struct SeededProcess {
  int version = 1;
  std::string leika;
  std::string title;
};
using SeededProcesses = std::map<std::string, SeededProcess, std::less<>>;

// Registry statuses as stored (storage/usage.h RegistryProcess::status).
bool IsRegistryStatus(std::string_view s) {
  return s == "geplant" || s == "in_entwicklung" || s == "im_test" || s == "live";
}

bool InOzgCatalogue(std::string_view leika) {
  const auto& all = OzgCatalogue();
  return std::any_of(all.begin(), all.end(), [&](const OzgService& s) { return s.leika == leika; });
}

tl::expected<void, std::string> RequireTime(const std::string& value, const std::string& what) {
  if (!text::ParseRfc3339(value))
    return tl::unexpected(what + ": '" + value + "' is not an RFC 3339 UTC time");
  return {};
}

tl::expected<void, std::string> SeedRegistryProcess(const YAML::Node& node, const SeededProcesses& seeded,
                                                    storage::Storage& storage) {
  storage::RegistryProcess p;
  p.id = Scalar(node, "id");
  p.leika = Scalar(node, "leika");
  p.owner = Scalar(node, "owner");
  p.status = Scalar(node, "status");
  p.updated_at = Scalar(node, "updated");
  const std::string what = "process '" + p.id + "'";
  if (p.id.empty() || p.owner.empty()) return tl::unexpected(what + " needs an id and an owner");
  if (!IsRegistryStatus(p.status))
    return tl::unexpected(what + ": unknown status '" + p.status +
                          "' (geplant, in_entwicklung, im_test, live)");
  if (!InOzgCatalogue(p.leika)) return tl::unexpected(what + ": unknown leika '" + p.leika + "'");
  if (auto t = RequireTime(p.updated_at, what); !t) return t;
  if (auto it = seeded.find(p.id); it != seeded.end()) {
    if (it->second.leika != p.leika)
      return tl::unexpected(what + ": leika differs from its definition (" + it->second.leika + ")");
    p.version = it->second.version;
    p.title = it->second.title;
  } else if (p.status == "live") {
    return tl::unexpected(what + " is live but has no definition in seed/processes/");
  } else {
    p.title = Scalar(node, "title");
    p.version = node["version"] ? node["version"].as<int>() : 1;
    if (p.title.empty() || p.version < 1) return tl::unexpected(what + " needs a title and a version >= 1");
  }
  if (auto saved = storage.SaveRegistryProcess(p); !saved) return tl::unexpected(saved.error().message);
  return {};
}

// Sets adopted_at on an offering seeded from municipalities.yaml.
tl::expected<void, std::string> SeedAdoption(const YAML::Node& node,
                                             const std::vector<storage::Offering>& offerings,
                                             storage::Storage& storage) {
  const std::string ags = Scalar(node, "ags"), process = Scalar(node, "process"),
                    since = Scalar(node, "since");
  const std::string what = "adoption of '" + process + "' by '" + ags + "'";
  auto it = std::find_if(offerings.begin(), offerings.end(),
                         [&](const storage::Offering& o) { return o.ags == ags && o.process_id == process; });
  if (it == offerings.end()) return tl::unexpected(what + ": no such offer in municipalities.yaml");
  if (auto t = RequireTime(since, what); !t) return t;
  storage::Offering offering = *it;
  offering.adopted_at = since;
  if (auto saved = storage.SaveOffering(offering); !saved) return tl::unexpected(saved.error().message);
  return {};
}

tl::expected<void, std::string> SeedExternal(const YAML::Node& node,
                                             const std::vector<storage::Municipality>& known,
                                             storage::Storage& storage) {
  storage::ExternalOffering e;
  e.ags = Scalar(node, "ags");
  e.leika = Scalar(node, "leika");
  e.entered_at = Scalar(node, "entered");
  const std::string what = "external offer of '" + e.leika + "' by '" + e.ags + "'";
  if (std::none_of(known.begin(), known.end(), [&](const auto& m) { return m.ags == e.ags; }))
    return tl::unexpected(what + ": unknown ags");
  if (!InOzgCatalogue(e.leika)) return tl::unexpected(what + ": unknown leika");
  e.maturity = node["maturity"] ? node["maturity"].as<int>() : -1;
  if (e.maturity < 0 || e.maturity > 4) return tl::unexpected(what + ": maturity must be 0 to 4");
  if (auto t = RequireTime(e.entered_at, what); !t) return t;
  e.url = "https://verwaltung.bund.de/leistungsverzeichnis/de/leistung/" + e.leika;
  if (auto saved = storage.SaveExternalOffering(e); !saved) return tl::unexpected(saved.error().message);
  return {};
}

tl::expected<void, std::string> SeedRegistryFrom(const YAML::Node& root, const SeededProcesses& seeded,
                                                 storage::Storage& storage) {
  for (const auto& node : root["processes"])
    if (auto done = SeedRegistryProcess(node, seeded, storage); !done) return done;
  auto offerings = storage.ListOfferings();
  if (!offerings) return tl::unexpected(offerings.error().message);
  for (const auto& node : root["adoptions"])
    if (auto done = SeedAdoption(node, *offerings, storage); !done) return done;
  auto municipalities = storage.ListMunicipalities();
  if (!municipalities) return tl::unexpected(municipalities.error().message);
  for (const auto& node : root["external"])
    if (auto done = SeedExternal(node, *municipalities, storage); !done) return done;
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
  // The registry refers to municipalities, offers and processes: last, and only when they seeded.
  for (const auto& [path, content] : SeedFiles()) {
    if (path != kRegistryFile || !errors.empty()) continue;
    if (auto seeded_registry = SeedRegistry(content, storage); !seeded_registry)
      errors.push_back("seed/" + std::string(path) + ": " + seeded_registry.error());
  }
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  return summary;
}

tl::expected<void, std::string> SeedRegistry(std::string_view yaml, storage::Storage& storage) {
  auto sources = storage.ListProcessSources();
  if (!sources) return tl::unexpected(sources.error().message);
  SeededProcesses seeded;
  for (const auto& source : *sources) {
    if (source.kind != storage::SourceKind::kStandard) continue;
    if (auto d = process::LoadStandard(source.yaml, source.origin))
      seeded[d->id] = {d->version, d->leika, d->title};
  }
  try {
    return SeedRegistryFrom(YAML::Load(std::string(yaml)), seeded, storage);
  } catch (const YAML::Exception& e) {  // syntax errors and wrongly typed values
    return tl::unexpected(std::string(e.what()));
  }
}

}  // namespace amtsweg::catalog
