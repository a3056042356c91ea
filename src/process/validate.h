#pragma once
// Validation of submitted answers against an effective process definition: the gate every
// application passes on the server, whatever the browser already checked.
//
//   auto result = ValidateSubmission(definition, Json::parse(body), context);
//   if (!result) return UnprocessableEntity(result.error());   // [{field, code, message}, ...]
//   Store(result->data, result->fee_cents);
//
// Pages and fields whose visible_if is falsy are skipped and their answers dropped; the cleaned
// data holds only visible, answered fields with normalised values (trimmed strings, compact
// IBAN, money rounded to cents, the sniffed content type of uploads). Every field gets at most
// one error, the first failing check; messages are German and name the field's label. The codes
// are stable and listed in docs/validation.md. Hostile input (deep nesting, huge arrays,
// throwing rules) yields errors, never a crash, and is bounded in time.

#include <cstdint>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "process/definition.h"

namespace amtsweg::process {

struct FieldError {
  std::string field;    // data path, e.g. "halter.plz", "hunde[1].rasse"; "" for the whole object
  std::string code;     // stable, see docs/validation.md
  std::string message;  // German, for the applicant
};

struct ValidatedApplication {
  Json data;  // cleaned: hidden fields removed, values normalised
  std::int64_t fee_cents = 0;
  // Set (and fee_cents -1) when the definition's fee rule failed over valid answers: a defect of
  // the definition, not of the application; answer 500 and log it. English, for logs.
  std::string fee_error;
};

// Limits against hostile input, checked before anything else (error code `too_large`).
inline constexpr int kMaxDataDepth = 32;
inline constexpr std::int64_t kMaxDataValues = 10'000;

[[nodiscard]] tl::expected<ValidatedApplication, std::vector<FieldError>> ValidateSubmission(
    const Definition& definition, const Json& data, const logic::Context& context);

// No answer: null, a string of blanks only, an empty list or object. What `required` refuses.
[[nodiscard]] bool IsEmptyValue(const Json& value);

// Errors of one page for the page-by-page journey: `data` holds all answers so far; keys of other
// pages are not reported as unknown. A hidden page has no errors.
[[nodiscard]] std::vector<FieldError> ValidatePage(const Definition& definition, const Page& page,
                                                   const Json& data, const logic::Context& context);

}  // namespace amtsweg::process
