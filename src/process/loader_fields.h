#pragma once
// Internal to the loader: fields, options and validation blocks, shared by standard processes
// (pages) and variants (extension fields).

#include <array>
#include <map>
#include <string>
#include <vector>

#include "process/loader_yaml.h"

namespace amtsweg::process::detail {

inline constexpr int kMaxFieldDepth = 6;               // page field = depth 1
inline constexpr std::int64_t kDefaultMaxItems = 100;  // repeat without max_items
inline constexpr std::int64_t kMaxMaxItems = 1'000;
inline constexpr std::int64_t kDefaultMaxBytes = 10 * 1024 * 1024;  // file without max_bytes
inline constexpr std::int64_t kMaxMaxBytes = 100 * 1024 * 1024;
inline constexpr std::size_t kMaxPatternLength = 500;
inline constexpr std::string_view kDefaultPatternMessage = "Die Eingabe hat nicht das erwartete Format.";

inline constexpr std::array<std::string_view, 17> kFieldKeys = {
    "id",          "type",       "label",      "hint",    "help",      "required",
    "required_if", "visible_if", "validation", "options", "code_list", "fields",
    "min_items",   "max_items",  "item_label", "accept",  "max_bytes"};
inline constexpr std::array<std::string_view, 9> kValidationKeys = {
    "min_length", "max_length", "min", "max", "min_date", "max_date", "pattern", "pattern_message", "rules"};

using CodeLists = std::map<std::string, std::vector<Option>, std::less<>>;

struct FieldScope {
  const CodeLists* code_lists = nullptr;  // nullptr: `code_list` is not available (variants)
  int depth = 1;
  bool in_repeat = false;
};

// The list under `entry` (a `fields:` key), with sibling ids checked for duplicates.
[[nodiscard]] std::vector<Field> LoadFields(Reader& reader, const Entry& entry, const std::string& path,
                                            const FieldScope& scope);

// A list of {value, label} options, values unique.
[[nodiscard]] std::vector<Option> LoadOptions(Reader& reader, const Entry& entry, const std::string& path);

// The fixed children of an address field (strasse, hausnummer, plz, ort, zusatz).
[[nodiscard]] std::vector<Field> AddressChildren(int line);

}  // namespace amtsweg::process::detail
