#pragma once
// Example answers for a process definition: shown in the API documentation and the sandbox, and
// used by tests as a submission that must pass. Values are plausible German ones chosen by type
// and id (vorname -> "Erika", plz -> "70173", iban -> a valid test IBAN), within the field's
// limits; the result is then run through ValidateSubmission and fields that fail (a custom rule,
// a pattern) are given other candidates until it passes.
//
//   Json example = ExampleData(definition, context);   // ValidateSubmission(definition, example, context)
//   succeeds
//
// Only fields visible under the example's own answers appear. When no combination of candidates
// passes within a bounded number of rounds (a rule we cannot satisfy by trying values one field
// at a time), the best attempt is returned; callers that need a guarantee validate it.

#include "process/definition.h"

namespace amtsweg::process {

[[nodiscard]] Json ExampleData(const Definition& definition, const logic::Context& context);

}  // namespace amtsweg::process
