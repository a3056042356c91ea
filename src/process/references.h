#pragma once
// Checks that rules read only fields that exist.
//
// A name a rule reads (logic::Rule::ReferencedVars) is valid when it is a field's data path or
// a path into a group, address or repeat: "vorname", "anschrift.plz", "hunde", "hunde.0.name".
// Rules on fields inside a repeat may also read the current entry: "item", "item.rasse".
// A field's visible_if must not read the field itself, and a page's visible_if must not read
// fields of that page (they are ignored while the page is hidden).

#include <string_view>
#include <vector>

#include "process/definition.h"
#include "process/loader.h"

namespace amtsweg::process {

// Every rule of the definition: pages, fields (recursively) and the fee (reported at fee_line).
[[nodiscard]] Diagnostics CheckReferences(const Definition& definition, std::string_view origin,
                                          int fee_line);

// The rules of `fields` (page-level fields, e.g. added by a variant) against all fields of
// `definition`, which must already contain them.
[[nodiscard]] Diagnostics CheckFieldReferences(const Definition& definition, const std::vector<Field>& fields,
                                               std::string_view origin);

// One top-level rule (e.g. a fee) against all fields of `definition`.
[[nodiscard]] Diagnostics CheckRuleReferences(const Definition& definition, const RuleSource& rule,
                                              std::string_view origin, int line, std::string_view where);

}  // namespace amtsweg::process
