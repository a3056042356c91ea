#pragma once
// Finding a service by words: the search behind /suche. Pure: no I/O, tested without a server.
//
//   auto hits = SearchServices(catalog, "hund", "08111000");
//   // Stuttgart's "Hund anmelden" first, then the other municipalities' offerings
//
// A service matches when every word of the query occurs, case-insensitively (ASCII and the
// Latin-1 letters such as Ä, Ö, Ü), in its title, summary or topic. Results of the preferred
// municipality come first; then services whose title matches; then by title and municipality.

#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"

namespace amtsweg::web {

inline constexpr std::size_t kMaxQueryBytes = 200;

// Lower case for comparisons: ASCII A-Z and U+00C0..U+00DE (except ×) in UTF-8; other bytes
// are copied unchanged.
[[nodiscard]] std::string FoldCase(std::string_view text);

// The words of a query: split at whitespace, case-folded, empty pieces dropped.
[[nodiscard]] std::vector<std::string> QueryWords(std::string_view query);

[[nodiscard]] std::vector<const catalog::OfferedService*> SearchServices(const catalog::Catalog& catalog,
                                                                         std::string_view query,
                                                                         std::string_view preferred_ags);

}  // namespace amtsweg::web
