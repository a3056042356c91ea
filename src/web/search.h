#pragma once
// Finding a service by words: the search behind /suche. Pure: no I/O, tested without a server.
//
//   auto found = Search(catalog, catalog::OzgCatalogue(), "umzug", "08111000");
//   found.online       // offered online here, Stuttgart's first
//   found.not_online   // "Wohnsitz anmelden" …: real services (OZG catalogue) not online here yet
//
// A service matches when every word of the query occurs, case-insensitively (ASCII and the
// Latin-1 letters such as Ä, Ö, Ü), in its words: for an offered process its title, summary and
// topic plus — through its LeiKa key — the OZG catalogue's name, OZG-Leistung, Lebenslage and
// synonyms ("Hundesteuer" finds "Hund anmelden"); for a catalogue service those catalogue words.
// Offered results of the preferred municipality come first; then services whose title matches;
// then by title and municipality.

#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/ozg.h"

namespace amtsweg::web {

inline constexpr std::size_t kMaxQueryBytes = 200;

// Lower case for comparisons: ASCII A-Z and U+00C0..U+00DE (except ×) in UTF-8; other bytes
// are copied unchanged.
[[nodiscard]] std::string FoldCase(std::string_view text);

// The words of a query: split at whitespace, case-folded, empty pieces dropped.
[[nodiscard]] std::vector<std::string> QueryWords(std::string_view query);

inline constexpr std::size_t kMaxNotOnline = 30;

struct SearchResults {
  std::vector<const catalog::OfferedService*> online;
  // Catalogue services that match and are not offered online by the preferred municipality (by
  // no municipality here when none is preferred): name matches first, then by name; at most
  // kMaxNotOnline.
  std::vector<const catalog::OzgService*> not_online;
};

[[nodiscard]] SearchResults Search(const catalog::Catalog& catalog,
                                   const std::vector<catalog::OzgService>& ozg, std::string_view query,
                                   std::string_view preferred_ags);

}  // namespace amtsweg::web
