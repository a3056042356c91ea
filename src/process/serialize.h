#pragma once
// The effective definition as JSON, as served by GET /api/v1/processes/{id} and used by the
// browser to run the same rules for instant feedback. Key names are stable and documented in
// docs/process-format.md ("Served JSON"); enum values use their YAML spelling.
//
//   Json body = ToJson(definition);   // {"id": "hund-anmelden", "version": 1, "pages": [...], ...}

#include <array>
#include <optional>
#include <string_view>

#include "process/definition.h"

namespace amtsweg::process {

inline constexpr std::array<FieldType, 17> kAllFieldTypes = {
    FieldType::kText,  FieldType::kMultiline, FieldType::kNumber, FieldType::kMoney,      FieldType::kDate,
    FieldType::kEmail, FieldType::kPhone,     FieldType::kIban,   FieldType::kPostalCode, FieldType::kSelect,
    FieldType::kRadio, FieldType::kCheckbox,  FieldType::kYesNo,  FieldType::kFile,       FieldType::kAddress,
    FieldType::kGroup, FieldType::kRepeat};

// "text", "postal_code", "yesno", ... (the YAML spelling).
[[nodiscard]] std::string_view FieldTypeName(FieldType type);
[[nodiscard]] std::optional<FieldType> ParseFieldType(std::string_view name);

// "citizen" | "organisation" | "any".
[[nodiscard]] std::string_view AudienceName(Audience audience);
[[nodiscard]] std::optional<Audience> ParseAudience(std::string_view name);

// "none" | "low" | "substantial" | "high".
[[nodiscard]] std::string_view TrustLevelName(TrustLevel level);
[[nodiscard]] std::optional<TrustLevel> ParseTrustLevel(std::string_view name);

[[nodiscard]] Json FieldToJson(const Field& field, std::string_view parent_path);
[[nodiscard]] Json ToJson(const Definition& definition);

}  // namespace amtsweg::process
