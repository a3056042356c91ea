// Loads fields (and their options and validation) from YAML; see loader_fields.h.
//
// Each field is checked on its own here: id, type, the keys its type allows, options, limits
// and patterns. What rules read is checked later against the whole definition (references.h),
// because a rule may read fields declared further down or, in a variant, in the standard.

#include "process/loader_fields.h"

#include <array>
#include <regex>
#include <set>

#include "process/serialize.h"

namespace amtsweg::process::detail {
namespace {

constexpr std::array<std::string_view, 3> kFieldRequired = {"id", "type", "label"};
constexpr std::array<std::string_view, 2> kOptionKeys = {"value", "label"};
constexpr std::array<std::string_view, 2> kRuleKeys = {"rule", "message"};

bool IsChoice(FieldType type) {
  return type == FieldType::kSelect || type == FieldType::kRadio || type == FieldType::kCheckbox;
}

bool IsTextual(FieldType type) {
  switch (type) {
    case FieldType::kText:
    case FieldType::kMultiline:
    case FieldType::kEmail:
    case FieldType::kPhone:
    case FieldType::kIban:
    case FieldType::kPostalCode:
      return true;
    default:
      return false;
  }
}

bool IsNumeric(FieldType type) { return type == FieldType::kNumber || type == FieldType::kMoney; }

// "YYYY-MM-DD" naming a real calendar day, or "today".
bool IsDateBound(const std::string& text) {
  static const std::regex kDate("([0-9]{4})-([0-9]{2})-([0-9]{2})");
  if (text == "today") return true;
  std::smatch match;
  if (!std::regex_match(text, match, kDate)) return false;
  int year = std::stoi(match[1]), month = std::stoi(match[2]), day = std::stoi(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= (month == 2 && !leap ? 28 : kDays[month - 1]);
}

// Reports `key` when present on a field whose type does not use it.
void RejectKey(Reader& reader, const MapView& map, std::string_view key, bool allowed, std::string_view types,
               FieldType type) {
  const Entry* entry = map.Find(key);
  if (entry == nullptr || allowed) return;
  reader.Error(entry->line, JoinPath(map.path, key),
               "'" + std::string(key) + "' applies to " + std::string(types) + " fields, not to " +
                   std::string(FieldTypeName(type)));
}

void CheckPattern(Reader& reader, const MapView& map, const std::string& pattern) {
  int line = map.Find("pattern")->line;
  std::string path = JoinPath(map.path, "pattern");
  if (pattern.size() > kMaxPatternLength) {
    reader.Error(line, path, "pattern is longer than " + std::to_string(kMaxPatternLength) + " characters");
    return;
  }
  try {
    std::regex compiled(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& error) {
    reader.Error(line, path, std::string("invalid regular expression: ") + error.what());
  }
}

std::vector<CustomRule> LoadCustomRules(Reader& reader, const Entry& entry, const std::string& path) {
  std::vector<CustomRule> rules;
  if (!reader.ExpectSequence(entry, path)) return rules;
  std::size_t index = 0;
  for (const auto& item : entry.value) {
    std::string item_path = path + "[" + std::to_string(index++) + "]";
    auto map = reader.Map(item, entry.line, item_path, kRuleKeys);
    if (!map) continue;
    reader.Require(*map, kRuleKeys);
    auto rule = reader.Rule(*map, "rule");
    auto message = reader.String(*map, "message");
    if (rule && message) rules.push_back(CustomRule{std::move(*rule), std::move(*message)});
  }
  return rules;
}

Validation LoadValidation(Reader& reader, const Entry& entry, const std::string& path, FieldType type) {
  Validation validation;
  auto map = reader.Map(entry.value, entry.line, path, kValidationKeys);
  if (!map) return validation;
  const std::string_view textual = "text, multiline, email, phone, iban and postal_code";
  RejectKey(reader, *map, "min_length", IsTextual(type), textual, type);
  RejectKey(reader, *map, "max_length", IsTextual(type), textual, type);
  RejectKey(reader, *map, "pattern", IsTextual(type), textual, type);
  RejectKey(reader, *map, "pattern_message", IsTextual(type), textual, type);
  RejectKey(reader, *map, "min", IsNumeric(type), "number and money", type);
  RejectKey(reader, *map, "max", IsNumeric(type), "number and money", type);
  RejectKey(reader, *map, "min_date", type == FieldType::kDate, "date", type);
  RejectKey(reader, *map, "max_date", type == FieldType::kDate, "date", type);

  constexpr std::int64_t kMaxLength = 1'000'000;
  validation.min_length = reader.Integer(*map, "min_length", 0, kMaxLength);
  validation.max_length = reader.Integer(*map, "max_length", 0, kMaxLength);
  if (validation.min_length && validation.max_length && *validation.min_length > *validation.max_length) {
    reader.Error(map->Find("min_length")->line, JoinPath(path, "min_length"),
                 "min_length is greater than max_length");
  }
  validation.min = reader.Number(*map, "min");
  validation.max = reader.Number(*map, "max");
  if (validation.min && validation.max && *validation.min > *validation.max) {
    reader.Error(map->Find("min")->line, JoinPath(path, "min"), "min is greater than max");
  }
  for (auto [key, bound] :
       {std::pair{"min_date", &validation.min_date}, std::pair{"max_date", &validation.max_date}}) {
    *bound = reader.String(*map, key);
    if (*bound && !IsDateBound(**bound)) {
      reader.Error(map->Find(key)->line, JoinPath(path, key), "expected a date YYYY-MM-DD or 'today'");
      bound->reset();
    }
  }
  if (validation.min_date && validation.max_date && *validation.min_date != "today" &&
      *validation.max_date != "today" && *validation.min_date > *validation.max_date) {
    reader.Error(map->Find("min_date")->line, JoinPath(path, "min_date"), "min_date is after max_date");
  }
  validation.pattern = reader.String(*map, "pattern");
  if (validation.pattern) CheckPattern(reader, *map, *validation.pattern);
  validation.pattern_message =
      reader.String(*map, "pattern_message").value_or(std::string(kDefaultPatternMessage));
  if (map->Has("pattern_message") && !map->Has("pattern")) {
    reader.Error(map->Find("pattern_message")->line, JoinPath(path, "pattern_message"),
                 "pattern_message without pattern");
  }
  if (const Entry* rules = map->Find("rules"))
    validation.rules = LoadCustomRules(reader, *rules, JoinPath(path, "rules"));
  return validation;
}

void LoadChoices(Reader& reader, const MapView& map, const FieldScope& scope, Field& field) {
  const Entry* options = map.Find("options");
  const Entry* code_list = map.Find("code_list");
  if (options && code_list) {
    reader.Error(code_list->line, JoinPath(map.path, "code_list"),
                 "use either options or code_list, not both");
  }
  if (options) {
    field.options = LoadOptions(reader, *options, JoinPath(map.path, "options"));
    if (field.options.empty() && options->value.IsSequence()) {
      reader.Error(options->line, JoinPath(map.path, "options"), "options must not be empty");
    }
    return;
  }
  if (code_list) {
    auto name = reader.String(map, "code_list");
    if (!name) return;
    if (scope.code_lists == nullptr) {
      reader.Error(code_list->line, JoinPath(map.path, "code_list"),
                   "code_list is not available here; list the options instead");
      return;
    }
    auto found = scope.code_lists->find(*name);
    if (found == scope.code_lists->end()) {
      std::vector<std::string_view> names;
      for (const auto& [known, unused] : *scope.code_lists) names.push_back(known);
      std::string suggestion = Suggest(*name, names);
      reader.Error(code_list->line, JoinPath(map.path, "code_list"),
                   "unknown code_list '" + *name + "'" +
                       (suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)"));
      return;
    }
    field.options = found->second;
    return;
  }
  reader.Error(map.line, JoinPath(map.path, "options"),
               std::string(FieldTypeName(field.type)) + " fields need options or a code_list");
}

void LoadRepeatLimits(Reader& reader, const MapView& map, Field& field) {
  field.min_items = reader.Integer(map, "min_items", 0, kMaxMaxItems).value_or(0);
  field.max_items = reader.Integer(map, "max_items", 1, kMaxMaxItems).value_or(kDefaultMaxItems);
  if (field.min_items > field.max_items) {
    const Entry* at = map.Find("min_items");
    reader.Error(at ? at->line : map.line, JoinPath(map.path, "min_items"),
                 "min_items (" + std::to_string(field.min_items) + ") is greater than max_items (" +
                     std::to_string(field.max_items) + ")");
  }
  field.item_label = reader.String(map, "item_label").value_or("");
}

void LoadFile(Reader& reader, const MapView& map, Field& field) {
  static const std::regex kMime("[a-z0-9][a-z0-9.+-]*/([a-z0-9][a-z0-9.+-]*|\\*)");
  field.accept = reader.StringList(map, "accept");
  const Entry* accept = map.Find("accept");
  if (field.accept.empty()) {
    reader.Error(accept ? accept->line : map.line, JoinPath(map.path, "accept"),
                 "file fields need accept: a list of MIME types such as application/pdf");
  }
  for (const std::string& type : field.accept) {
    if (!std::regex_match(type, kMime)) {
      reader.Error(accept->line, JoinPath(map.path, "accept"),
                   "'" + type + "' is not a MIME type such as image/png");
    }
  }
  field.max_bytes = reader.Integer(map, "max_bytes", 1, kMaxMaxBytes).value_or(kDefaultMaxBytes);
}

void LoadChildren(Reader& reader, const MapView& map, const FieldScope& scope, Field& field) {
  const Entry* fields = map.Find("fields");
  if (fields == nullptr) {
    reader.Error(map.line, JoinPath(map.path, "fields"),
                 std::string(FieldTypeName(field.type)) + " fields need child fields");
    return;
  }
  if (scope.depth >= kMaxFieldDepth) {
    reader.Error(fields->line, JoinPath(map.path, "fields"),
                 "fields are nested too deeply (more than " + std::to_string(kMaxFieldDepth) + " levels)");
    return;
  }
  if (field.type == FieldType::kRepeat && scope.in_repeat) {
    reader.Error(map.line, map.path, "a repeat cannot contain another repeat");
    return;
  }
  FieldScope child_scope = scope;
  child_scope.depth = scope.depth + 1;
  child_scope.in_repeat = scope.in_repeat || field.type == FieldType::kRepeat;
  field.fields = LoadFields(reader, *fields, JoinPath(map.path, "fields"), child_scope);
  if (field.fields.empty() && fields->value.IsSequence()) {
    reader.Error(fields->line, JoinPath(map.path, "fields"), "fields must not be empty");
  }
}

std::optional<FieldType> LoadType(Reader& reader, const MapView& map) {
  auto name = reader.String(map, "type");
  if (!name) return std::nullopt;
  auto type = ParseFieldType(*name);
  if (!type) {
    std::vector<std::string_view> names;
    for (FieldType known : kAllFieldTypes) names.push_back(FieldTypeName(known));
    std::string suggestion = Suggest(*name, names);
    reader.Error(map.Find("type")->line, JoinPath(map.path, "type"),
                 "unknown field type '" + *name + "'" +
                     (suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)"));
  }
  return type;
}

std::optional<Field> LoadField(Reader& reader, const YAML::Node& node, int line, const std::string& path,
                               const FieldScope& scope) {
  auto map = reader.Map(node, line, path, kFieldKeys);
  if (!map || !reader.CountField(map->line, path)) return std::nullopt;
  reader.Require(*map, kFieldRequired);
  Field field;
  field.line = map->line;
  auto id = reader.Id(*map, "id");
  if (id && *id == "item") {
    reader.Error(map->Find("id")->line, JoinPath(path, "id"),
                 "'item' is reserved for the current repeat entry");
  }
  auto type = LoadType(reader, *map);
  field.id = id.value_or("");
  field.type = type.value_or(FieldType::kText);
  field.label = reader.String(*map, "label").value_or("");
  field.hint = reader.String(*map, "hint").value_or("");
  field.help = reader.String(*map, "help").value_or("");
  field.required = reader.Bool(*map, "required").value_or(false);
  field.required_if = reader.Rule(*map, "required_if");
  field.visible_if = reader.Rule(*map, "visible_if");
  if (const Entry* validation = map->Find("validation")) {
    field.validation = LoadValidation(reader, *validation, JoinPath(path, "validation"), field.type);
  } else {
    field.validation.pattern_message = kDefaultPatternMessage;
  }
  if (!type) return field;  // kept as text so rules reading it do not cascade

  bool choice = IsChoice(*type);
  bool container = *type == FieldType::kGroup || *type == FieldType::kRepeat;
  RejectKey(reader, *map, "options", choice, "select, radio and checkbox", *type);
  RejectKey(reader, *map, "code_list", choice, "select, radio and checkbox", *type);
  RejectKey(reader, *map, "fields", container, "group and repeat", *type);
  for (std::string_view key : {"min_items", "max_items", "item_label"}) {
    RejectKey(reader, *map, key, *type == FieldType::kRepeat, "repeat", *type);
  }
  RejectKey(reader, *map, "accept", *type == FieldType::kFile, "file", *type);
  RejectKey(reader, *map, "max_bytes", *type == FieldType::kFile, "file", *type);

  if (choice) LoadChoices(reader, *map, scope, field);
  if (container) LoadChildren(reader, *map, scope, field);
  if (*type == FieldType::kRepeat) LoadRepeatLimits(reader, *map, field);
  if (*type == FieldType::kFile) LoadFile(reader, *map, field);
  if (*type == FieldType::kAddress) field.fields = AddressChildren(field.line);
  return field;
}

Field AddressChild(std::string id, FieldType type, std::string label, bool required, int line) {
  Field child;
  child.id = std::move(id);
  child.type = type;
  child.label = std::move(label);
  child.required = required;
  child.validation.pattern_message = kDefaultPatternMessage;
  child.line = line;
  return child;
}

}  // namespace

std::vector<Field> LoadFields(Reader& reader, const Entry& entry, const std::string& path,
                              const FieldScope& scope) {
  std::vector<Field> fields;
  if (!reader.ExpectSequence(entry, path)) return fields;
  std::set<std::string, std::less<>> seen;
  std::size_t index = 0;
  for (const auto& item : entry.value) {
    std::string item_path = path + "[" + std::to_string(index++) + "]";
    auto field = LoadField(reader, item, entry.line, item_path, scope);
    if (!field) continue;
    if (!field->id.empty() && !seen.insert(field->id).second) {
      reader.Error(field->line, JoinPath(item_path, "id"), "duplicate field id '" + field->id + "'");
    }
    fields.push_back(std::move(*field));
  }
  return fields;
}

std::vector<Option> LoadOptions(Reader& reader, const Entry& entry, const std::string& path) {
  std::vector<Option> options;
  if (!reader.ExpectSequence(entry, path)) return options;
  std::set<std::string, std::less<>> seen;
  std::size_t index = 0;
  for (const auto& item : entry.value) {
    std::string item_path = path + "[" + std::to_string(index++) + "]";
    auto map = reader.Map(item, entry.line, item_path, kOptionKeys);
    if (!map) continue;
    reader.Require(*map, kOptionKeys);
    auto value = reader.String(*map, "value");
    auto label = reader.String(*map, "label");
    if (!value || !label) continue;
    if (value->empty()) {
      reader.Error(map->line, JoinPath(item_path, "value"), "option value must not be empty");
      continue;
    }
    if (!seen.insert(*value).second) {
      reader.Error(map->line, JoinPath(item_path, "value"), "duplicate option value '" + *value + "'");
      continue;
    }
    options.push_back(Option{std::move(*value), std::move(*label)});
  }
  return options;
}

std::vector<Field> AddressChildren(int line) {
  return {
      AddressChild("strasse", FieldType::kText, "Straße", true, line),
      AddressChild("hausnummer", FieldType::kText, "Hausnummer", true, line),
      AddressChild("plz", FieldType::kPostalCode, "Postleitzahl", true, line),
      AddressChild("ort", FieldType::kText, "Ort", true, line),
      AddressChild("zusatz", FieldType::kText, "Adresszusatz", false, line),
  };
}

}  // namespace amtsweg::process::detail
