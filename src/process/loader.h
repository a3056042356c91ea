#pragma once
// Loads process definitions from YAML (docs/process-format.md) into the model of definition.h.
//
// Loading never throws and never stops at the first problem: every error found in a document is
// returned as a Diagnostic with file, line and the path of the offending key, so a process
// designer can fix them all in one go. `amtsweg check` prints them (see check.h).
//
//   auto definition = LoadStandard(yaml_text, "seed/processes/hund-anmelden.yaml");
//   if (!definition) for (const auto& d : definition.error()) std::cerr << FormatDiagnostic(d);
//
// A variant is loaded on its own (LoadVariant) and applied to its standard with ApplyVariant
// (variant.h); references from variant rules to standard fields are checked there.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "process/definition.h"

namespace amtsweg::process {

struct Diagnostic {
  std::string file;
  int line = 0;       // 1-based; 0 when no line applies (e.g. unreadable file)
  std::string field;  // where: "pages[1].fields[0].validation.max_length" or a data path
  std::string message;

  bool operator==(const Diagnostic&) const = default;
};

using Diagnostics = std::vector<Diagnostic>;

// Texts a variant replaces on one page (by page id).
struct PageTexts {
  std::string page_id;
  std::optional<std::string> title, intro;
  int line = 0;
};

// Texts a variant replaces on one field (by data path, e.g. "hunde.rasse").
struct FieldTexts {
  std::string path;
  std::optional<std::string> label, hint, help;
  int line = 0;
};

// Fields a variant adds at one extension point of the standard.
struct Extension {
  std::string point;
  std::vector<Field> fields;
  int line = 0;
};

// A municipality's adaptation of a standard process, as written (not yet applied).
struct Variant {
  std::string id;
  std::string standard;
  int standard_version = 0;
  std::string municipality;           // AGS, 8 digits
  std::optional<std::string> office;  // responsible office id, overrides routing
  std::optional<std::string> title, summary, description, duration;
  std::vector<PageTexts> page_texts;
  std::vector<FieldTexts> field_texts;
  std::optional<Fee> fee;  // replaces the standard's fee entirely
  std::vector<Extension> extensions;

  // Where it came from, so ApplyVariant can point at the right lines.
  std::string origin;
  int line = 0;           // the "variant:" key
  int standard_line = 0;  // the "standard:" key
  int version_line = 0;   // the "standard_version:" key
  int fee_line = 0;       // the fee's "rule:" key
};

// The keys the loader accepts in each kind of mapping (docs/process.schema.json must list the same).
enum class KeySet { kStandard, kVariant, kPage, kField, kValidation, kVariantTexts, kFee };
[[nodiscard]] std::vector<std::string_view> AcceptedKeys(KeySet set);

[[nodiscard]] tl::expected<Definition, Diagnostics> LoadStandard(std::string_view yaml,
                                                                 std::string_view origin);

[[nodiscard]] tl::expected<Variant, Diagnostics> LoadVariant(std::string_view yaml, std::string_view origin);

}  // namespace amtsweg::process
