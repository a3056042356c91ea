// Fuzzes submission validation (src/process/validate.h): arbitrary JSON answers against the
// hund-anmelden standard from seed/processes/, read once at start-up. This is the gate every
// citizen's POST /api/v1/applications passes, so it sees fully hostile data.
//
// Input: JSON text (invalid JSON is skipped). Besides ValidateSubmission, ValidatePage runs for
// every page. Checked: every error has a stable code; a success yields an object and a fee that
// is not negative unless fee_error says why; cleaned data validates again to the same fee.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "process/loader.h"
#include "process/validate.h"
#include "seed_definition.h"

namespace {

using namespace amtsweg::process;

using amtsweg::fuzz::HundAnmelden;

amtsweg::logic::Context FixedContext() {
  amtsweg::logic::Context context;
  context.today = "2026-03-15";
  return context;
}

void CheckErrors(const std::vector<FieldError>& errors) {
  for (const auto& error : errors) {
    FUZZ_CHECK(!error.code.empty(), "field error without a code");
    FUZZ_CHECK(!error.message.empty(), "field error without a message");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Json answers = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (answers.is_discarded()) return 0;

  const Definition& definition = HundAnmelden();
  const amtsweg::logic::Context context = FixedContext();
  for (const Page& page : definition.pages) CheckErrors(ValidatePage(definition, page, answers, context));

  const auto result = ValidateSubmission(definition, answers, context);
  if (!result) {
    FUZZ_CHECK(!result.error().empty(), "rejected without an error");
    CheckErrors(result.error());
    return 0;
  }
  FUZZ_CHECK(result->data.is_object(), "cleaned data is not an object");
  FUZZ_CHECK(result->fee_cents >= 0 || !result->fee_error.empty(), "negative fee without fee_error");
  const auto again = ValidateSubmission(definition, result->data, context);
  FUZZ_CHECK(again.has_value(), "cleaned data no longer validates");
  FUZZ_CHECK(again->fee_cents == result->fee_cents, "cleaned data gives another fee");
  return 0;
}
