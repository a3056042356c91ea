#pragma once
// Internal to the loader: typed, diagnosing access to a yaml-cpp document.
//
// yaml-cpp only knows scalars, sequences and maps; this reader turns them into the types the
// format asks for and records a Diagnostic (file, line, key path) for every mismatch instead of
// throwing, so one pass over a document reports every problem. Map keys are checked against the
// allowed set once (MapView), with a "did you mean" suggestion for near misses.
//
// Scalars follow the YAML 1.2 core schema where it matters: quoted scalars are always strings,
// only plain true/false are booleans, plain 08111000 read as a string stays "08111000".

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "process/loader.h"

namespace amtsweg::process::detail {

inline constexpr int kMaxIdLength = 64;
inline constexpr int kMaxJsonDepth = 64;      // nesting of a rule written in YAML
inline constexpr int kMaxJsonNodes = 10'000;  // size of one rule (aliases can multiply it)
inline constexpr int kMaxFields = 2'000;      // fields in one document (including children)

// 1-based line of a node, 0 when the node carries no position.
[[nodiscard]] int LineOf(const YAML::Node& node);

// Joins a parent path and a key: ("pages[0]", "title") -> "pages[0].title"; ("", "x") -> "x".
[[nodiscard]] std::string JoinPath(std::string_view parent, std::string_view key);

// The closest candidate within a small edit distance, or "" when none is close.
[[nodiscard]] std::string Suggest(std::string_view word, std::span<const std::string_view> candidates);

// Lowercase a-z0-9, '-', '_'; starts with a letter; at most kMaxIdLength characters.
[[nodiscard]] bool IsValidId(std::string_view id);

struct Entry {
  std::string key;
  int line = 0;
  YAML::Node value;
};

// The checked entries of one YAML mapping.
struct MapView {
  std::string path;
  int line = 0;
  std::vector<Entry> entries;

  [[nodiscard]] const Entry* Find(std::string_view key) const;
  [[nodiscard]] bool Has(std::string_view key) const { return Find(key) != nullptr; }
};

class Reader final {
 public:
  explicit Reader(std::string origin) : origin_(std::move(origin)) {}

  void Error(int line, std::string path, std::string message);
  [[nodiscard]] bool HasErrors() const { return !diagnostics_.empty(); }
  [[nodiscard]] Diagnostics TakeDiagnostics() { return std::move(diagnostics_); }
  [[nodiscard]] const std::string& origin() const { return origin_; }

  // Checks that `node` is a mapping with string keys from `allowed` (unknown and duplicate keys
  // are reported and skipped). `line` is used when the node itself has no position.
  [[nodiscard]] std::optional<MapView> Map(const YAML::Node& node, int line, const std::string& path,
                                           std::span<const std::string_view> allowed);
  // A mapping whose keys are names chosen by the author (code lists, page ids, paths): any
  // scalar key is accepted, duplicates are reported.
  [[nodiscard]] std::optional<MapView> OpenMap(const YAML::Node& node, int line, const std::string& path);
  // Reports each key of `required` that the map lacks.
  void Require(const MapView& map, std::span<const std::string_view> required);

  // Typed values of map entries: absent keys give nullopt silently, wrong types give nullopt and
  // a diagnostic.
  [[nodiscard]] std::optional<std::string> String(const MapView& map, std::string_view key);
  [[nodiscard]] std::optional<std::int64_t> Integer(const MapView& map, std::string_view key,
                                                    std::int64_t min, std::int64_t max);
  [[nodiscard]] std::optional<double> Number(const MapView& map, std::string_view key);
  [[nodiscard]] std::optional<bool> Bool(const MapView& map, std::string_view key);
  [[nodiscard]] std::vector<std::string> StringList(const MapView& map, std::string_view key);
  // A string that must be a valid id (see IsValidId).
  [[nodiscard]] std::optional<std::string> Id(const MapView& map, std::string_view key);
  // A JSON Logic rule written as YAML, converted to JSON and compiled.
  [[nodiscard]] std::optional<RuleSource> Rule(const MapView& map, std::string_view key);

  // A sequence node, or a diagnostic.
  [[nodiscard]] bool ExpectSequence(const Entry& entry, const std::string& path);

  // Counts loaded fields; false (and one diagnostic) once the document has too many.
  [[nodiscard]] bool CountField(int line, const std::string& path);

 private:
  std::optional<MapView> Entries(const YAML::Node& node, int line, const std::string& path,
                                 const std::span<const std::string_view>* allowed);

  std::string origin_;
  Diagnostics diagnostics_;
  int fields_loaded_ = 0;
};

// Converts a YAML node to JSON (numbers as numbers, true/false as booleans, null, strings;
// quoted scalars stay strings). On failure returns nullopt and describes why in `error`.
[[nodiscard]] std::optional<Json> YamlToJson(const YAML::Node& node, std::string& error);

}  // namespace amtsweg::process::detail
