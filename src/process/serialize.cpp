// Serializes the effective process definition to JSON (see serialize.h and
// docs/process-format.md, "Served JSON").

#include "process/serialize.h"

#include <utility>

namespace amtsweg::process {
namespace {

constexpr std::array<std::pair<FieldType, std::string_view>, 17> kFieldTypeNames = {{
    {FieldType::kText, "text"},
    {FieldType::kMultiline, "multiline"},
    {FieldType::kNumber, "number"},
    {FieldType::kMoney, "money"},
    {FieldType::kDate, "date"},
    {FieldType::kEmail, "email"},
    {FieldType::kPhone, "phone"},
    {FieldType::kIban, "iban"},
    {FieldType::kPostalCode, "postal_code"},
    {FieldType::kSelect, "select"},
    {FieldType::kRadio, "radio"},
    {FieldType::kCheckbox, "checkbox"},
    {FieldType::kYesNo, "yesno"},
    {FieldType::kFile, "file"},
    {FieldType::kAddress, "address"},
    {FieldType::kGroup, "group"},
    {FieldType::kRepeat, "repeat"},
}};

constexpr std::array<std::pair<Audience, std::string_view>, 3> kAudienceNames = {{
    {Audience::kCitizen, "citizen"},
    {Audience::kOrganisation, "organisation"},
    {Audience::kAny, "any"},
}};

constexpr std::array<std::pair<TrustLevel, std::string_view>, 4> kTrustLevelNames = {{
    {TrustLevel::kNone, "none"},
    {TrustLevel::kLow, "low"},
    {TrustLevel::kSubstantial, "substantial"},
    {TrustLevel::kHigh, "high"},
}};

template <typename Enum, std::size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [known, name] : table) {
    if (known == value) return name;
  }
  return "";
}

template <typename Enum, std::size_t N>
std::optional<Enum> Parse(const std::array<std::pair<Enum, std::string_view>, N>& table,
                          std::string_view name) {
  for (const auto& [value, known] : table) {
    if (known == name) return value;
  }
  return std::nullopt;
}

Json ValidationToJson(const Validation& validation) {
  Json out = Json::object();
  if (validation.min_length) out["min_length"] = *validation.min_length;
  if (validation.max_length) out["max_length"] = *validation.max_length;
  if (validation.min) out["min"] = *validation.min;
  if (validation.max) out["max"] = *validation.max;
  if (validation.min_date) out["min_date"] = *validation.min_date;
  if (validation.max_date) out["max_date"] = *validation.max_date;
  if (validation.pattern) {
    out["pattern"] = *validation.pattern;
    out["pattern_message"] = validation.pattern_message;
  }
  if (!validation.rules.empty()) {
    Json rules = Json::array();
    for (const CustomRule& rule : validation.rules) {
      rules.push_back({{"rule", rule.check.source}, {"message", rule.message}});
    }
    out["rules"] = std::move(rules);
  }
  return out;
}

Json PageToJson(const Page& page) {
  Json fields = Json::array();
  for (const Field& field : page.fields) fields.push_back(FieldToJson(field, ""));
  Json out = {{"id", page.id},
              {"title", page.title},
              {"intro", page.intro},
              {"extension_points", page.extension_points},
              {"fields", std::move(fields)}};
  if (page.visible_if) out["visible_if"] = page.visible_if->source;
  return out;
}

}  // namespace

std::string_view FieldTypeName(FieldType type) { return NameOf(kFieldTypeNames, type); }
std::optional<FieldType> ParseFieldType(std::string_view name) { return Parse(kFieldTypeNames, name); }
std::string_view AudienceName(Audience audience) { return NameOf(kAudienceNames, audience); }
std::optional<Audience> ParseAudience(std::string_view name) { return Parse(kAudienceNames, name); }
std::string_view TrustLevelName(TrustLevel level) { return NameOf(kTrustLevelNames, level); }
std::optional<TrustLevel> ParseTrustLevel(std::string_view name) { return Parse(kTrustLevelNames, name); }

Json FieldToJson(const Field& field, std::string_view parent_path) {
  std::string path = parent_path.empty() ? field.id : std::string(parent_path) + "." + field.id;
  Json out = {{"id", field.id},
              {"path", path},
              {"type", FieldTypeName(field.type)},
              {"label", field.label},
              {"hint", field.hint},
              {"help", field.help},
              {"required", field.required},
              {"validation", ValidationToJson(field.validation)}};
  if (field.required_if) out["required_if"] = field.required_if->source;
  if (field.visible_if) out["visible_if"] = field.visible_if->source;
  switch (field.type) {
    case FieldType::kSelect:
    case FieldType::kRadio:
    case FieldType::kCheckbox: {
      Json options = Json::array();
      for (const Option& option : field.options)
        options.push_back({{"value", option.value}, {"label", option.label}});
      out["options"] = std::move(options);
      break;
    }
    case FieldType::kRepeat:
      out["min_items"] = field.min_items;
      out["max_items"] = field.max_items;
      out["item_label"] = field.item_label;
      [[fallthrough]];
    case FieldType::kGroup:
    case FieldType::kAddress: {
      Json children = Json::array();
      for (const Field& child : field.fields) children.push_back(FieldToJson(child, path));
      out["fields"] = std::move(children);
      break;
    }
    case FieldType::kFile:
      out["accept"] = field.accept;
      out["max_bytes"] = field.max_bytes;
      break;
    default:
      break;
  }
  return out;
}

Json ToJson(const Definition& definition) {
  Json pages = Json::array();
  for (const Page& page : definition.pages) pages.push_back(PageToJson(page));
  Json fee = {{"description", definition.fee.description},
              {"rule", definition.fee.rule ? definition.fee.rule->source : Json(nullptr)}};
  return {
      {"id", definition.id},
      {"version", definition.version},
      {"variant", definition.variant_id ? Json(*definition.variant_id) : Json(nullptr)},
      {"leika", definition.leika},
      {"title", definition.title},
      {"summary", definition.summary},
      {"description", definition.description},
      {"topic", definition.topic},
      {"audience", AudienceName(definition.audience)},
      {"trust_level", TrustLevelName(definition.trust_level)},
      {"duration", definition.duration},
      {"legal_basis", definition.legal_basis},
      {"required_documents", definition.required_documents},
      {"office_role", definition.office_role},
      {"office", definition.office_override ? Json(*definition.office_override) : Json(nullptr)},
      {"retention_days", definition.retention_days},
      {"fee", std::move(fee)},
      {"pages", std::move(pages)},
  };
}

}  // namespace amtsweg::process
