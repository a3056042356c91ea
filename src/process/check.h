#pragma once
// What `amtsweg check FILE...` runs: load each file as a standard process or a variant (told
// apart by its first key, `process:` or `variant:`), and when a variant's standard is among the
// files, apply the variant so the effective definition is checked as well.
//
//   for (const auto& d : CheckFiles({"hund.yaml", "hund-stuttgart.yaml"}))
//     std::cerr << FormatDiagnostic(d) << '\n';   // hund.yaml:12: pages[0].fields[1].type: unknown ...

#include <string>
#include <string_view>
#include <vector>

#include "process/loader.h"

namespace amtsweg::process {

inline constexpr std::size_t kMaxDefinitionBytes = 4 * 1024 * 1024;

enum class DocumentKind { kStandard, kVariant, kUnknown };

// The kind of a YAML document from its first key; kUnknown for anything else (and bad YAML).
[[nodiscard]] DocumentKind DetectKind(std::string_view yaml);

// Diagnostics for one file (empty when it is valid).
[[nodiscard]] Diagnostics CheckFile(const std::string& path);

// Diagnostics for all files, plus those of applying each variant to its standard when both are
// given.
[[nodiscard]] Diagnostics CheckFiles(const std::vector<std::string>& paths);

// "FILE:LINE: FIELD: MESSAGE"; LINE and FIELD are left out when unknown ("FILE: MESSAGE").
[[nodiscard]] std::string FormatDiagnostic(const Diagnostic& diagnostic);

}  // namespace amtsweg::process
