#pragma once
// Fees: the fee rule of a definition evaluated over the cleaned answers, and German formatting of
// amounts. A fee rule that fails or yields something other than a finite, non-negative number is
// a defect of the definition, not of the application: callers answer 500 and log the message.
//
//   ComputeFeeCents(definition, {{"anzahl", 2}}, context)  -> 21600 for {"*": [108, {"var": "anzahl"}]}
//   FormatEuro(123450)                                      -> "1.234,50 €"

#include <cstdint>
#include <string>

#include <tl/expected.hpp>

#include "process/definition.h"

namespace amtsweg::process {

// The fee in cents; 0 when the definition has no fee rule. The error is English, for logs.
[[nodiscard]] tl::expected<std::int64_t, std::string> ComputeFeeCents(const Definition& definition,
                                                                      const Json& cleaned_data,
                                                                      const logic::Context& context);

// "1.234,50 €", "-0,05 €".
[[nodiscard]] std::string FormatEuro(std::int64_t cents);

// German number formatting: thousands separated by '.', decimal comma, at most six decimals,
// trailing zeros dropped ("1.234,5", "-0,25", "10").
[[nodiscard]] std::string FormatGermanNumber(double value);

}  // namespace amtsweg::process
