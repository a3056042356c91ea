#pragma once
// The hund-anmelden standard process from seed/, loaded once: the definition the process
// fuzzers apply variants to and validate answers against.

#include <fstream>
#include <sstream>

#include "fuzz_check.h"
#include "process/loader.h"

namespace amtsweg::fuzz {

inline const process::Definition& HundAnmelden() {
  static const process::Definition definition = [] {
    constexpr const char* kPath = AMTSWEG_SOURCE_DIR "/seed/processes/hund-anmelden.yaml";
    std::ifstream file(kPath, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    auto loaded = process::LoadStandard(text.str(), kPath);
    FUZZ_CHECK(loaded.has_value(), "seed/processes/hund-anmelden.yaml does not load");
    return std::move(*loaded);
  }();
  return definition;
}

}  // namespace amtsweg::fuzz
