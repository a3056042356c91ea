#pragma once
// The transparency registry (issue 5): which municipality offers which OZG service where (hosted
// here, or on another portal), at which OZG maturity level; every standard process with its
// owner, status, version and the municipalities that adopted it since when; coverage per
// municipality and per district.
//
// A Registry is a value built from the catalogue and the registry rows storage keeps; building
// it does no I/O, so pages and open data build one per request from rows read just before:
//
//   registry::Inputs in{.catalog = catalog.get(), .ozg = &catalog::OzgCatalogue(),
//                       .offerings = *storage.ListOfferings(), .processes = *storage.ListRegistryProcesses(),
//                       .external = *storage.ListExternalOfferings()};
//   registry::Registry r = registry::Registry::Build(in);
//   r.CoverageOf("08111000").here;    // OZG services online here
//
// Maturity: computed for services hosted here (maturity.h), as entered for services elsewhere,
// 0 where a service is not online. Coverage counts only services of the OZG catalogue.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "catalog/catalog.h"
#include "catalog/ozg.h"
#include "registry/maturity.h"
#include "storage/storage.h"

namespace amtsweg::registry {

// Registry process statuses, as stored.
inline constexpr const char* kStatuses[] = {"geplant", "in_entwicklung", "im_test", "live"};
[[nodiscard]] bool IsStatus(std::string_view status);
// "in Entwicklung" for "in_entwicklung", …
[[nodiscard]] std::string StatusLabel(std::string_view status);

enum class Where { kHere, kElsewhere, kNotOnline };

// One municipality offers one service online.
struct Offer {
  std::string ags;
  std::string leika;
  Where where = Where::kHere;
  std::string url;      // here: the portal's service page (a path); elsewhere: as entered
  int maturity = 0;     // here: computed; elsewhere: as entered
  std::string process;  // here: the process id; elsewhere: ""
  std::string since;    // here: adopted_at; elsewhere: entered_at (RFC 3339, may be "")
};

struct Adopter {
  std::string ags;
  std::string name;
  std::string variant;  // "" none
  std::string since;    // RFC 3339 or ""
};

struct StandardProcess {
  std::string id;
  std::string title;
  std::string leika;
  std::string owner;   // "" when the registry has no entry for a hosted process
  std::string status;  // kStatuses; a hosted process without entry counts as "live"
  int version = 1;
  std::optional<Maturity> maturity;  // of the standard definition, when it exists here
  std::vector<Adopter> adopters;     // ordered by since, then name
};

struct Coverage {
  int catalogue = 0;  // OZG services in the catalogue
  int here = 0;
  int elsewhere = 0;
  int not_online = 0;
  std::optional<double> average_maturity;  // over the services online (here or elsewhere)
};

struct MunicipalityCoverage {
  const storage::Municipality* municipality = nullptr;
  Coverage coverage;
};

// A district (Kreis: the first five digits of the ARS) with its municipalities. Counts are of
// (municipality, service) pairs.
struct DistrictCoverage {
  std::string key;   // 5 digits
  std::string name;  // "Stadtkreis Stuttgart" for a kreisfreie Stadt, else "Kreis 08115"
  std::string state;
  std::vector<const storage::Municipality*> municipalities;
  Coverage coverage;
};

struct Inputs {
  const catalog::Catalog* catalog = nullptr;
  const std::vector<catalog::OzgService>* ozg = nullptr;
  std::vector<storage::Offering> offerings;  // for adopted_at
  std::vector<storage::RegistryProcess> processes;
  std::vector<storage::ExternalOffering> external;
  Capabilities platform = PlatformToday();
};

// One row of the service table (/register/leistungen): a municipality and an OZG service.
struct ServiceRow {
  const storage::Municipality* municipality = nullptr;
  const catalog::OzgService* service = nullptr;
  const Offer* offer = nullptr;  // null: not online
  int maturity = 0;
};

struct ServiceQuery {
  std::string ags;  // "" all municipalities
  std::optional<int> maturity;
  std::string themenfeld;  // "" all
  int page = 1;            // 1-based
  int page_size = 50;
};

struct ServicePage {
  std::vector<ServiceRow> rows;
  int total = 0;
  int page = 1;  // clamped to [1, pages]
  int pages = 1;
};

class Registry final {
 public:
  [[nodiscard]] static Registry Build(const Inputs& in);

  // Every online offer, ordered by ags, then leika.
  [[nodiscard]] const std::vector<Offer>& Offers() const { return offers_; }
  [[nodiscard]] const Offer* FindOffer(std::string_view ags, std::string_view leika) const;
  [[nodiscard]] const std::vector<StandardProcess>& Processes() const { return processes_; }
  [[nodiscard]] const StandardProcess* FindProcess(std::string_view id) const;
  [[nodiscard]] const catalog::OzgService* FindService(std::string_view leika) const;
  [[nodiscard]] const std::vector<storage::Municipality>& Municipalities() const;
  [[nodiscard]] const storage::Municipality* FindMunicipality(std::string_view ags) const;
  [[nodiscard]] const std::vector<catalog::OzgService>& Catalogue() const { return *ozg_; }

  [[nodiscard]] Coverage CoverageOf(std::string_view ags) const;
  [[nodiscard]] std::vector<MunicipalityCoverage> MunicipalityCoverages() const;
  [[nodiscard]] std::vector<DistrictCoverage> Districts() const;  // ordered by key
  [[nodiscard]] ServicePage Services(const ServiceQuery& query) const;
  // The Themenfelder of the catalogue, sorted.
  [[nodiscard]] std::vector<std::string> Themenfelder() const;

 private:
  Registry() = default;
  const catalog::Catalog* catalog_ = nullptr;
  const std::vector<catalog::OzgService>* ozg_ = nullptr;
  std::map<std::string, const catalog::OzgService*, std::less<>> by_leika_;
  std::vector<Offer> offers_;
  std::map<std::pair<std::string, std::string>, std::size_t, std::less<>> offer_index_;  // (ags, leika)
  std::vector<StandardProcess> processes_;
};

// Reads the registry rows from storage and builds the registry over `catalog` and the embedded
// OZG catalogue (the one place pages and open data read them). Errors: storage's.
[[nodiscard]] tl::expected<Registry, storage::Error> LoadRegistry(const catalog::Catalog& catalog,
                                                                  storage::Storage& storage);

}  // namespace amtsweg::registry
