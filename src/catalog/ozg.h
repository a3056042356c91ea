#pragma once
// The OZG service catalogue (seed/ozg-catalogue.yaml, documented with its sources in
// docs/seed-data.md): real administrative services by LeiKa key, with the OZG-Leistung, Themenfeld
// and Lebenslage they belong to and the words people search for ("Umzug" for "Wohnsitz anmelden").
// Reference data compiled into the binary, the same for every municipality; the finder searches it
// so that a person learns what exists even where it is not offered online here yet.
//
//   auto loaded = LoadOzgCatalogue(yaml, "seed/ozg-catalogue.yaml");   // errors as values
//   const auto& all = OzgCatalogue();                                   // the embedded file

#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace amtsweg::catalog {

struct OzgService {
  std::string leika;         // 14 digits
  std::string name;          // "Wohnsitz anmelden"
  std::string ozg_leistung;  // "Wohnsitzmeldungen"
  std::string themenfeld;    // one of the 14 OZG Themenfelder
  std::string lebenslage;    // "Umzug"
  std::string audience;      // citizen | business | both
  std::vector<std::string> synonyms;
};

// Parses the catalogue. Errors name the origin and the entry (1-based) and say what is wrong:
// a missing field, a key that is not 14 digits or appears twice, an unknown audience.
[[nodiscard]] tl::expected<std::vector<OzgService>, std::vector<std::string>> LoadOzgCatalogue(
    std::string_view yaml, std::string_view origin);

// The catalogue compiled into the binary (seed/ozg-catalogue.yaml), loaded on first use; its
// tests guarantee that it loads, so a failure here is a build defect: the list is then empty and
// the reason is written to stderr once.
[[nodiscard]] const std::vector<OzgService>& OzgCatalogue();

}  // namespace amtsweg::catalog
