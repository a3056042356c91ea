// Typed, diagnosing access to yaml-cpp nodes for the process loader (see loader_yaml.h).

#include "process/loader_yaml.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <regex>

namespace amtsweg::process::detail {
namespace {

bool IsPlain(const YAML::Node& node) { return node.Tag() == "?" || node.Tag().empty(); }

bool IsStringTagged(const YAML::Node& node) {
  return node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str";
}

// Optimal string alignment distance: edits, with a swap of neighbours counting as one.
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// A plain scalar as a JSON number, if it is written as one (YAML 1.2 core / JSON syntax).
std::optional<Json> PlainNumber(const std::string& text) {
  static const std::regex kInteger("[-+]?[0-9]+");
  static const std::regex kFloat("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
  if (text.size() > 64) return std::nullopt;
  if (std::regex_match(text, kInteger)) {
    std::int64_t value = 0;
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size()) return Json(value);
  }
  if (std::regex_match(text, kFloat)) {
    double value = std::strtod(text.c_str(), nullptr);
    if (std::isfinite(value)) return Json(value);
  }
  return std::nullopt;
}

Json PlainScalarToJson(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (IsStringTagged(node)) return text;
  if (text == "true") return true;
  if (text == "false") return false;
  if (text == "null" || text == "~") return nullptr;
  if (auto number = PlainNumber(text)) return *number;
  return text;
}

bool ToJsonRec(const YAML::Node& node, int depth, int& budget, Json& out, std::string& error) {
  if (--budget < 0) {
    error = "rule is too large (more than " + std::to_string(kMaxJsonNodes) + " elements)";
    return false;
  }
  if (depth > kMaxJsonDepth) {
    error = "rule is nested too deeply (more than " + std::to_string(kMaxJsonDepth) + " levels)";
    return false;
  }
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out = nullptr;
      return true;
    case YAML::NodeType::Scalar:
      out = PlainScalarToJson(node);
      return true;
    case YAML::NodeType::Sequence:
      out = Json::array();
      for (const auto& item : node) {
        Json element;
        if (!ToJsonRec(item, depth + 1, budget, element, error)) return false;
        out.push_back(std::move(element));
      }
      return true;
    case YAML::NodeType::Map:
      out = Json::object();
      for (const auto& pair : node) {
        if (!pair.first.IsScalar()) {
          error = "keys in a rule must be strings";
          return false;
        }
        Json value;
        if (!ToJsonRec(pair.second, depth + 1, budget, value, error)) return false;
        out[pair.first.Scalar()] = std::move(value);
      }
      return true;
  }
  return true;
}

}  // namespace

int LineOf(const YAML::Node& node) {
  if (!node.IsDefined()) return 0;
  int line = node.Mark().line;
  return line < 0 ? 0 : line + 1;
}

std::string JoinPath(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return std::string(parent) + "." + std::string(key);
}

std::string Suggest(std::string_view word, std::span<const std::string_view> candidates) {
  constexpr std::size_t kMaxWord = 64;  // names longer than any key are not typos of one
  if (word.size() > kMaxWord) return "";
  std::string best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (std::string_view candidate : candidates) {
    std::size_t distance = EditDistance(word, candidate);
    bool close = distance <= std::max<std::size_t>(1, candidate.size() / 3);
    // "office" for "office_role": a clear beginning of a longer key.
    bool prefix = word.size() >= 4 && (candidate.starts_with(word) || word.starts_with(candidate));
    if ((close || prefix) && distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength || id[0] < 'a' || id[0] > 'z') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

const Entry* MapView::Find(std::string_view key) const {
  for (const Entry& entry : entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

void Reader::Error(int line, std::string path, std::string message) {
  diagnostics_.push_back(Diagnostic{origin_, line, std::move(path), std::move(message)});
}

std::optional<MapView> Reader::OpenMap(const YAML::Node& node, int line, const std::string& path) {
  return Entries(node, line, path, nullptr);
}

std::optional<MapView> Reader::Map(const YAML::Node& node, int line, const std::string& path,
                                   std::span<const std::string_view> allowed) {
  return Entries(node, line, path, &allowed);
}

std::optional<MapView> Reader::Entries(const YAML::Node& node, int line, const std::string& path,
                                       const std::span<const std::string_view>* allowed) {
  int node_line = LineOf(node) > 0 && !node.IsNull() ? LineOf(node) : line;
  if (!node.IsMap()) {
    Error(node_line, path, "expected a mapping (key: value)");
    return std::nullopt;
  }
  MapView view{path, node_line, {}};
  for (const auto& pair : node) {
    int key_line = LineOf(pair.first);
    if (!pair.first.IsScalar()) {
      Error(key_line, path, "keys must be plain words");
      continue;
    }
    std::string key = pair.first.Scalar();
    std::string key_path = JoinPath(path, key);
    if (allowed != nullptr && std::find(allowed->begin(), allowed->end(), key) == allowed->end()) {
      std::string suggestion = Suggest(key, *allowed);
      Error(
          key_line, key_path,
          "unknown key '" + key + "'" + (suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)"));
      continue;
    }
    if (view.Has(key)) {
      Error(key_line, key_path, "duplicate key '" + key + "'");
      continue;
    }
    view.entries.push_back(Entry{key, key_line, pair.second});
  }
  return view;
}

void Reader::Require(const MapView& map, std::span<const std::string_view> required) {
  for (std::string_view key : required) {
    if (!map.Has(key))
      Error(map.line, JoinPath(map.path, key), "missing required key '" + std::string(key) + "'");
  }
}

std::optional<std::string> Reader::String(const MapView& map, std::string_view key) {
  const Entry* entry = map.Find(key);
  if (entry == nullptr) return std::nullopt;
  std::string path = JoinPath(map.path, key);
  if (!entry->value.IsScalar()) {
    Error(entry->line, path, entry->value.IsNull() ? "expected text, the value is empty" : "expected text");
    return std::nullopt;
  }
  return entry->value.Scalar();
}

std::optional<std::int64_t> Reader::Integer(const MapView& map, std::string_view key, std::int64_t min,
                                            std::int64_t max) {
  const Entry* entry = map.Find(key);
  if (entry == nullptr) return std::nullopt;
  std::string path = JoinPath(map.path, key);
  std::optional<Json> number;
  if (entry->value.IsScalar() && IsPlain(entry->value)) number = PlainNumber(entry->value.Scalar());
  if (!number || !number->is_number_integer()) {
    Error(entry->line, path, "expected a whole number");
    return std::nullopt;
  }
  std::int64_t value = number->get<std::int64_t>();
  if (value < min || value > max) {
    Error(entry->line, path,
          "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", not " +
              std::to_string(value));
    return std::nullopt;
  }
  return value;
}

std::optional<double> Reader::Number(const MapView& map, std::string_view key) {
  const Entry* entry = map.Find(key);
  if (entry == nullptr) return std::nullopt;
  std::optional<Json> number;
  if (entry->value.IsScalar() && IsPlain(entry->value)) number = PlainNumber(entry->value.Scalar());
  if (!number) {
    Error(entry->line, JoinPath(map.path, key), "expected a number");
    return std::nullopt;
  }
  return number->get<double>();
}

std::optional<bool> Reader::Bool(const MapView& map, std::string_view key) {
  const Entry* entry = map.Find(key);
  if (entry == nullptr) return std::nullopt;
  if (entry->value.IsScalar() && IsPlain(entry->value)) {
    if (entry->value.Scalar() == "true") return true;
    if (entry->value.Scalar() == "false") return false;
  }
  Error(entry->line, JoinPath(map.path, key), "expected true or false");
  return std::nullopt;
}

std::vector<std::string> Reader::StringList(const MapView& map, std::string_view key) {
  std::vector<std::string> result;
  const Entry* entry = map.Find(key);
  if (entry == nullptr) return result;
  std::string path = JoinPath(map.path, key);
  if (!ExpectSequence(*entry, path)) return result;
  std::size_t index = 0;
  for (const auto& item : entry->value) {
    std::string item_path = path + "[" + std::to_string(index++) + "]";
    if (!item.IsScalar()) {
      Error(LineOf(item) > 0 ? LineOf(item) : entry->line, item_path, "expected text");
      continue;
    }
    result.push_back(item.Scalar());
  }
  return result;
}

std::optional<std::string> Reader::Id(const MapView& map, std::string_view key) {
  std::optional<std::string> id = String(map, key);
  if (!id) return std::nullopt;
  if (!IsValidId(*id)) {
    Error(map.Find(key)->line, JoinPath(map.path, key),
          "invalid id '" + *id +
              "': use lowercase letters, digits, '-' and '_', starting with a letter (at most " +
              std::to_string(kMaxIdLength) + " characters)");
    return std::nullopt;
  }
  return id;
}

std::optional<RuleSource> Reader::Rule(const MapView& map, std::string_view key) {
  const Entry* entry = map.Find(key);
  if (entry == nullptr) return std::nullopt;
  std::string path = JoinPath(map.path, key);
  const YAML::Node& node = entry->value;
  bool literal = node.IsScalar() && IsPlain(node) && !PlainScalarToJson(node).is_string();
  if (!node.IsMap() && !literal) {
    Error(entry->line, path,
          "a rule is a JSON Logic object such as {\"var\": \"feld\"} (or true, false, a number)");
    return std::nullopt;
  }
  std::string error;
  std::optional<Json> source = YamlToJson(node, error);
  if (!source) {
    Error(entry->line, path, error);
    return std::nullopt;
  }
  auto compiled = logic::Rule::Compile(*source);
  if (!compiled) {
    Error(entry->line, path, "rule does not compile: " + compiled.error().message);
    return std::nullopt;
  }
  return RuleSource{std::move(*source), std::move(*compiled)};
}

bool Reader::ExpectSequence(const Entry& entry, const std::string& path) {
  if (entry.value.IsSequence()) return true;
  Error(entry.line, path, "expected a list");
  return false;
}

bool Reader::CountField(int line, const std::string& path) {
  if (++fields_loaded_ <= kMaxFields) return true;
  if (fields_loaded_ == kMaxFields + 1) {
    Error(line, path, "too many fields (more than " + std::to_string(kMaxFields) + " in one document)");
  }
  return false;
}

std::optional<Json> YamlToJson(const YAML::Node& node, std::string& error) {
  int budget = kMaxJsonNodes;
  Json out;
  if (!ToJsonRec(node, 0, budget, out, error)) return std::nullopt;
  return out;
}

}  // namespace amtsweg::process::detail
