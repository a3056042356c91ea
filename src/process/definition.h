#pragma once
// The in-memory model of a process definition (docs/process-format.md describes the YAML).
//
// A standard process is written once ("Einer für Alle"); a municipality adopts it, optionally
// through a variant that overrides texts, the fee rule and the responsible office and adds
// fields at the extension points the standard declares. `Definition` is always the *effective*
// definition: for a variant, the standard with the variant applied (see variant.h).
//
// Answers ("data") are a JSON object keyed by field id; a group is a nested object, a
// repeatable group an array of objects, an address an object {strasse, hausnummer, plz, ort,
// zusatz?}. Rules are JSON Logic over that data; inside a repeatable group, the current entry is
// also available as "item" (e.g. {"var": "item.kampfhund"}).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "logic/logic.h"

namespace amtsweg::process {

using Json = nlohmann::json;

enum class FieldType {
  kText,        // string
  kMultiline,   // string
  kNumber,      // number
  kMoney,       // number, euros with at most two decimals
  kDate,        // string "YYYY-MM-DD"
  kEmail,       // string
  kPhone,       // string
  kIban,        // string, checksum verified (ISO 13616 mod 97)
  kPostalCode,  // string, German PLZ (5 digits)
  kSelect,      // string, one option value
  kRadio,       // string, one option value
  kCheckbox,    // array of option values (may be empty)
  kYesNo,       // boolean
  kFile,        // object {filename, content_type, content_base64}
  kAddress,     // object {strasse, hausnummer, plz, ort, zusatz?}
  kGroup,       // object of child fields
  kRepeat,      // array of objects of child fields, min_items..max_items
};

enum class Audience { kCitizen, kOrganisation, kAny };
enum class TrustLevel { kNone, kLow, kSubstantial, kHigh };  // eIDAS Vertrauensniveau

// A JSON Logic rule together with the JSON it was written as (served to browsers).
struct RuleSource {
  Json source;
  logic::Rule rule;
};

struct CustomRule {
  RuleSource check;     // truthy means valid
  std::string message;  // German, shown to the citizen when the check fails
};

struct Option {
  std::string value;
  std::string label;
};

struct Validation {
  std::optional<std::int64_t> min_length, max_length;  // characters (UTF-8 code points)
  std::optional<double> min, max;                      // number / money
  std::optional<std::string> min_date, max_date;       // "YYYY-MM-DD" or "today"
  std::optional<std::string> pattern;                  // ECMAScript regex, whole value
  std::string pattern_message;                         // German
  std::vector<CustomRule> rules;
};

struct Field {
  std::string id;
  FieldType type = FieldType::kText;
  std::string label;
  std::string hint;  // short, under the label
  std::string help;  // longer explanation, collapsible
  bool required = false;
  std::optional<RuleSource> required_if;
  std::optional<RuleSource> visible_if;
  Validation validation;
  std::vector<Option> options;      // select / radio / checkbox
  std::vector<Field> fields;        // group / repeat children
  std::int64_t min_items = 0;       // repeat
  std::int64_t max_items = 0;       // repeat; 0 = no limit given (the loader caps it)
  std::string item_label;           // repeat: name of one entry, e.g. "Hund"
  std::vector<std::string> accept;  // file: MIME types, checked against the content
  std::int64_t max_bytes = 0;       // file
  int line = 0;                     // line in the YAML source, for diagnostics
};

struct Page {
  std::string id;
  std::string title;
  std::string intro;
  std::optional<RuleSource> visible_if;
  std::vector<Field> fields;
  std::vector<std::string> extension_points;  // ids where variants may add fields (page end)
  int line = 0;
};

struct Fee {
  std::optional<RuleSource> rule;  // evaluates to euros (number); absent means free
  std::string description;         // German, e.g. "Hundesteuer 108 € pro Jahr und Hund"
};

struct Definition {
  std::string id;  // process id, e.g. "hund-anmelden"
  int version = 1;
  std::string leika;  // 14-digit LeiKa key
  std::string title;
  std::string summary;
  std::string description;
  std::string topic;
  std::vector<std::string> required_documents;
  std::vector<std::string> legal_basis;
  std::string duration;  // e.g. "etwa 2 Wochen"
  Audience audience = Audience::kCitizen;
  TrustLevel trust_level = TrustLevel::kNone;
  std::string office_role;          // routing: which office of a municipality receives it
  std::int64_t retention_days = 0;  // how long the application is kept after closing
  std::vector<Page> pages;
  Fee fee;

  // Set on effective definitions only.
  std::optional<std::string> variant_id;
  std::optional<std::string> office_override;  // office id set by the variant
};

}  // namespace amtsweg::process
