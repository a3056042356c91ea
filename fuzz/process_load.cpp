// Fuzzes the process-definition loader (src/process/loader.h) with arbitrary YAML text: both
// LoadStandard and LoadVariant see every input. What loads is pushed further down the pipeline
// the server runs on it at start-up: serialised for browsers (ToJson), given example answers
// (ExampleData, which runs ValidateSubmission internally), and, for variants, applied to the
// hund-anmelden standard read from seed/processes/ (ApplyVariant).
//
// Process definitions come from designers, not citizens, but `amtsweg check` runs on whatever a
// municipality uploads, so a malformed file must give diagnostics, never a crash.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "process/check.h"
#include "process/example.h"
#include "process/loader.h"
#include "process/serialize.h"
#include "process/variant.h"
#include "seed_definition.h"

namespace {

using namespace amtsweg::process;

using amtsweg::fuzz::HundAnmelden;

void CheckDiagnostics(const Diagnostics& diagnostics, std::string_view origin) {
  FUZZ_CHECK(!diagnostics.empty(), "load failed without a diagnostic");
  for (const auto& diagnostic : diagnostics) {
    FUZZ_CHECK(diagnostic.file == origin, "diagnostic names another file");
    FUZZ_CHECK(!diagnostic.message.empty(), "diagnostic without a message");
    (void)FormatDiagnostic(diagnostic);
  }
}

amtsweg::logic::Context FixedContext() {
  amtsweg::logic::Context context;
  context.today = "2026-03-15";
  context.limits = {.max_depth = 32, .max_steps = 100'000};
  return context;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  (void)DetectKind(yaml);

  if (auto standard = LoadStandard(yaml, "fuzz.yaml")) {
    (void)ToJson(*standard).dump();
    (void)ExampleData(*standard, FixedContext());
  } else {
    CheckDiagnostics(standard.error(), "fuzz.yaml");
  }

  if (auto variant = LoadVariant(yaml, "fuzz-variant.yaml")) {
    if (auto effective = ApplyVariant(HundAnmelden(), *variant)) {
      (void)ToJson(*effective).dump();
    }
  } else {
    CheckDiagnostics(variant.error(), "fuzz-variant.yaml");
  }
  return 0;
}
