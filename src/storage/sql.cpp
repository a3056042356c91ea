// Row mapping shared by both engines (see sql.h).

#include "storage/sql.h"

#include <nlohmann/json.hpp>

namespace amtsweg::storage::sql {

std::string RolesToJson(const std::vector<std::string>& roles) { return nlohmann::json(roles).dump(); }

Result<std::vector<std::string>> RolesFromJson(const std::string& json) {
  auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  Error corrupt{ErrorCode::kIo, "offices.roles is not a JSON array of strings"};
  if (!parsed.is_array()) return tl::unexpected(corrupt);
  std::vector<std::string> roles;
  for (const auto& role : parsed) {
    if (!role.is_string()) return tl::unexpected(corrupt);
    roles.push_back(role.get<std::string>());
  }
  return roles;
}

Result<SourceKind> SourceKindFromText(const std::string& text) {
  if (text == kKindStandard) return SourceKind::kStandard;
  if (text == kKindVariant) return SourceKind::kVariant;
  return tl::unexpected(Error{ErrorCode::kIo, "process_sources.kind has unknown value '" + text + "'"});
}

const char* SourceKindText(SourceKind kind) {
  return kind == SourceKind::kStandard ? kKindStandard : kKindVariant;
}

}  // namespace amtsweg::storage::sql
