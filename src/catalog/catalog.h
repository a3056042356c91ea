#pragma once
// The catalogue: which municipality offers which online service, through which effective
// process definition (standard, or standard + variant), received by which office.
//
// Built once from storage when the server starts (every definition is loaded and checked; a
// server never serves a definition that fails `amtsweg check`), then read concurrently and
// never mutated. A later admin centre replaces the whole catalogue atomically.
//
//   auto catalog = Catalog::Load(storage);
//   const OfferedService* s = (*catalog)->Find("08111000", "hund-anmelden");
//   s->definition->title;  s->office->name;

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "process/definition.h"
#include "storage/storage.h"

namespace amtsweg::catalog {

struct OfferedService {
  const storage::Municipality* municipality = nullptr;
  const process::Definition* definition = nullptr;  // effective
  const storage::Office* office = nullptr;          // who receives the applications
};

class Catalog final {
 public:
  // Loads every municipality, office, process source and offering. Errors are English
  // sentences naming the source file, for the operator's log.
  [[nodiscard]] static tl::expected<std::shared_ptr<const Catalog>, std::vector<std::string>> Load(
      storage::Storage& storage);

  [[nodiscard]] const std::vector<storage::Municipality>& Municipalities() const { return municipalities_; }
  [[nodiscard]] const storage::Municipality* FindMunicipality(std::string_view ags) const;
  // Services offered by a municipality, ordered by title.
  [[nodiscard]] std::vector<const OfferedService*> ServicesOf(std::string_view ags) const;
  [[nodiscard]] const OfferedService* Find(std::string_view ags, std::string_view process_id) const;

 private:
  Catalog() = default;
  std::vector<storage::Municipality> municipalities_;
  std::vector<std::unique_ptr<storage::Office>> offices_;
  std::vector<std::unique_ptr<process::Definition>> definitions_;
  std::map<std::pair<std::string, std::string>, OfferedService, std::less<>> offered_;  // (ags, process)
};

}  // namespace amtsweg::catalog
