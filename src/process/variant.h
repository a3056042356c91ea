#pragma once
// Applies a municipality's variant to its standard process ("Einer für Alle" with local
// differences): text overrides, a replacement fee, the responsible office and extra fields at
// the standard's extension points. The result is the effective definition the municipality
// serves; the standard itself is never changed.
//
//   auto standard = LoadStandard(standard_yaml, "hund-anmelden.yaml");
//   auto variant = LoadVariant(variant_yaml, "hund-anmelden-stuttgart.yaml");
//   auto effective = ApplyVariant(*standard, *variant);   // variant_id == "hund-anmelden-stuttgart"

#include <tl/expected.hpp>

#include "process/definition.h"
#include "process/loader.h"

namespace amtsweg::process {

// Errors (reported against variant.origin): the variant adapts another process or another
// version, overrides texts of unknown pages or fields, names an unknown extension point, adds a
// field whose id is already taken, or has rules that read unknown fields of the result.
[[nodiscard]] tl::expected<Definition, Diagnostics> ApplyVariant(const Definition& standard,
                                                                 const Variant& variant);

// The field at a data path such as "hunde.rasse" (no indices), or nullptr.
[[nodiscard]] Field* FindFieldByPath(std::vector<Page>& pages, std::string_view path);

}  // namespace amtsweg::process
