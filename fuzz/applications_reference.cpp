// Fuzzes Vorgangsnummer parsing (src/applications/reference.h): NormalizeReference sees what
// citizens type into the status lookup. Checked: a normalised reference has the canonical
// shape "XXXX-XXXX-X" with a matching check symbol and normalises to itself.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "applications/reference.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view typed(reinterpret_cast<const char*>(data), size);
  const auto normalized = amtsweg::applications::NormalizeReference(typed);
  if (!normalized) return 0;

  FUZZ_CHECK(normalized->size() == 11 && (*normalized)[4] == '-' && (*normalized)[9] == '-',
             "normalised reference is not XXXX-XXXX-X");
  const std::string symbols = normalized->substr(0, 4) + normalized->substr(5, 4);
  FUZZ_CHECK(amtsweg::applications::CheckSymbol(symbols) == (*normalized)[10], "check symbol does not match");
  FUZZ_CHECK(amtsweg::applications::NormalizeReference(*normalized) == normalized, "not idempotent");
  return 0;
}
