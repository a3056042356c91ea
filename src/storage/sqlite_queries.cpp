// SQL for the domain tables and the mapping between rows and storage.h structs.
// The statements are portable (SQLite 3.24+ and PostgreSQL 9.5+ both accept ON CONFLICT … DO
// UPDATE and `excluded`); reads are ordered by primary key so results are deterministic.

#include "storage/sqlite_queries.h"

#include <nlohmann/json.hpp>

namespace amtsweg::storage::sqlite {
namespace {

constexpr const char kSelectOne[] = "SELECT 1";

constexpr const char kSelectMunicipalities[] =
    "SELECT ags, ars, name, state FROM municipalities ORDER BY ags";
constexpr const char kUpsertMunicipality[] = R"sql(
INSERT INTO municipalities (ags, ars, name, state) VALUES ($1, $2, $3, $4)
ON CONFLICT (ags) DO UPDATE SET ars = excluded.ars, name = excluded.name, state = excluded.state
)sql";

constexpr const char kSelectOffices[] =
    "SELECT id, municipality_ags, name, email, address, roles FROM offices ORDER BY id";
constexpr const char kUpsertOffice[] = R"sql(
INSERT INTO offices (id, municipality_ags, name, email, address, roles) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (id) DO UPDATE SET municipality_ags = excluded.municipality_ags, name = excluded.name,
  email = excluded.email, address = excluded.address, roles = excluded.roles
)sql";

constexpr const char kSelectProcessSources[] =
    "SELECT kind, id, version, yaml, origin FROM process_sources ORDER BY kind, id, version";
constexpr const char kUpsertProcessSource[] = R"sql(
INSERT INTO process_sources (kind, id, version, yaml, origin) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (kind, id, version) DO UPDATE SET yaml = excluded.yaml, origin = excluded.origin
)sql";

constexpr const char kSelectOfferings[] =
    "SELECT ags, process_id, variant_id FROM offerings ORDER BY ags, process_id";
constexpr const char kUpsertOffering[] = R"sql(
INSERT INTO offerings (ags, process_id, variant_id) VALUES ($1, $2, $3)
ON CONFLICT (ags, process_id) DO UPDATE SET variant_id = excluded.variant_id
)sql";

constexpr const char kInsertApplication[] = R"sql(
INSERT INTO applications (reference, process_id, process_version, variant_id, municipality_ags, office_id,
  status, data_json, fee_cents, access_token_hash, sandbox, submitted_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
)sql";
constexpr const char kSelectApplication[] = R"sql(
SELECT reference, process_id, process_version, variant_id, municipality_ags, office_id,
  status, data_json, fee_cents, access_token_hash, sandbox, submitted_at
FROM applications WHERE reference = $1
)sql";

constexpr const char kStatusSubmitted[] = "submitted";
constexpr const char kKindStandard[] = "standard";
constexpr const char kKindVariant[] = "variant";

// Steps through every row of `sql`, turning each into a T with `read_row`.
template <typename T, typename ReadRow>
Result<std::vector<T>> SelectAll(Connection& connection, const char* sql, std::string_view what,
                                 ReadRow read_row) {
  auto statement = connection.Prepare(sql);
  if (!statement) return tl::unexpected(statement.error());
  std::vector<T> rows;
  int rc;
  while ((rc = statement->Step()) == SQLITE_ROW) {
    Result<T> row = read_row(*statement);
    if (!row) return tl::unexpected(row.error());
    rows.push_back(std::move(*row));
  }
  if (rc != SQLITE_DONE) return tl::unexpected(ErrorFromSqlite(rc, what, connection.handle()));
  return rows;
}

Result<SourceKind> SourceKindFromText(const std::string& text) {
  if (text == kKindStandard) return SourceKind::kStandard;
  if (text == kKindVariant) return SourceKind::kVariant;
  return tl::unexpected(Error{ErrorCode::kIo, "process_sources.kind has unknown value '" + text + "'"});
}

}  // namespace

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

Result<void> SelectOne(Connection& connection) {
  auto statement = connection.Prepare(kSelectOne);
  if (!statement) return tl::unexpected(statement.error());
  return statement->Run("ping");
}

Result<std::vector<Municipality>> SelectMunicipalities(Connection& connection) {
  return SelectAll<Municipality>(
      connection, kSelectMunicipalities, "list municipalities",
      [](const Statement& row) -> Result<Municipality> {
        return Municipality{row.ColumnText(0), row.ColumnText(1), row.ColumnText(2), row.ColumnText(3)};
      });
}

Result<std::vector<Office>> SelectOffices(Connection& connection) {
  return SelectAll<Office>(connection, kSelectOffices, "list offices",
                           [](const Statement& row) -> Result<Office> {
                             auto roles = RolesFromJson(row.ColumnText(5));
                             if (!roles) return tl::unexpected(roles.error());
                             return Office{row.ColumnText(0), row.ColumnText(1), row.ColumnText(2),
                                           row.ColumnText(3), row.ColumnText(4), std::move(*roles)};
                           });
}

Result<std::vector<ProcessSource>> SelectProcessSources(Connection& connection) {
  return SelectAll<ProcessSource>(connection, kSelectProcessSources, "list process sources",
                                  [](const Statement& row) -> Result<ProcessSource> {
                                    auto kind = SourceKindFromText(row.ColumnText(0));
                                    if (!kind) return tl::unexpected(kind.error());
                                    return ProcessSource{*kind, row.ColumnText(1),
                                                         static_cast<int>(row.ColumnInt64(2)),
                                                         row.ColumnText(3), row.ColumnText(4)};
                                  });
}

Result<std::vector<Offering>> SelectOfferings(Connection& connection) {
  return SelectAll<Offering>(
      connection, kSelectOfferings, "list offerings", [](const Statement& row) -> Result<Offering> {
        return Offering{row.ColumnText(0), row.ColumnText(1), row.ColumnOptionalText(2)};
      });
}

Result<std::optional<ApplicationRecord>> SelectApplication(Connection& connection,
                                                           const std::string& reference) {
  auto statement = connection.Prepare(kSelectApplication);
  if (!statement) return tl::unexpected(statement.error());
  statement->BindText(1, reference);
  int rc = statement->Step();
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) return tl::unexpected(ErrorFromSqlite(rc, "find application", connection.handle()));
  ApplicationRecord record;
  NewApplication& a = record.application;
  a.reference = statement->ColumnText(0);
  a.process_id = statement->ColumnText(1);
  a.process_version = static_cast<int>(statement->ColumnInt64(2));
  a.variant_id = statement->ColumnOptionalText(3);
  a.municipality_ags = statement->ColumnText(4);
  a.office_id = statement->ColumnText(5);
  record.status = statement->ColumnText(6);
  a.data_json = statement->ColumnText(7);
  a.fee_cents = statement->ColumnInt64(8);
  a.access_token_hash = statement->ColumnText(9);
  a.sandbox = statement->ColumnInt64(10) != 0;
  a.submitted_at = statement->ColumnText(11);
  return record;
}

Result<void> UpsertMunicipality(Connection& connection, const Municipality& municipality) {
  auto statement = connection.Prepare(kUpsertMunicipality);
  if (!statement) return tl::unexpected(statement.error());
  statement->BindText(1, municipality.ags);
  statement->BindText(2, municipality.ars);
  statement->BindText(3, municipality.name);
  statement->BindText(4, municipality.state);
  return statement->Run("save municipality");
}

Result<void> UpsertOffice(Connection& connection, const Office& office) {
  auto statement = connection.Prepare(kUpsertOffice);
  if (!statement) return tl::unexpected(statement.error());
  statement->BindText(1, office.id);
  statement->BindText(2, office.municipality_ags);
  statement->BindText(3, office.name);
  statement->BindText(4, office.email);
  statement->BindText(5, office.address);
  statement->BindText(6, RolesToJson(office.roles));
  return statement->Run("save office");
}

Result<void> UpsertProcessSource(Connection& connection, const ProcessSource& source) {
  auto statement = connection.Prepare(kUpsertProcessSource);
  if (!statement) return tl::unexpected(statement.error());
  statement->BindText(1, source.kind == SourceKind::kStandard ? kKindStandard : kKindVariant);
  statement->BindText(2, source.id);
  statement->BindInt64(3, source.version);
  statement->BindText(4, source.yaml);
  statement->BindText(5, source.origin);
  return statement->Run("save process source");
}

Result<void> UpsertOffering(Connection& connection, const Offering& offering) {
  auto statement = connection.Prepare(kUpsertOffering);
  if (!statement) return tl::unexpected(statement.error());
  statement->BindText(1, offering.ags);
  statement->BindText(2, offering.process_id);
  statement->BindOptionalText(3, offering.variant_id);
  return statement->Run("save offering");
}

Result<void> InsertApplication(Connection& connection, const NewApplication& application) {
  auto statement = connection.Prepare(kInsertApplication);
  if (!statement) return tl::unexpected(statement.error());
  statement->BindText(1, application.reference);
  statement->BindText(2, application.process_id);
  statement->BindInt64(3, application.process_version);
  statement->BindOptionalText(4, application.variant_id);
  statement->BindText(5, application.municipality_ags);
  statement->BindText(6, application.office_id);
  statement->BindText(7, kStatusSubmitted);
  statement->BindText(8, application.data_json);
  statement->BindInt64(9, application.fee_cents);
  statement->BindText(10, application.access_token_hash);
  statement->BindInt64(11, application.sandbox ? 1 : 0);
  statement->BindText(12, application.submitted_at);
  return statement->Run("insert application");
}

}  // namespace amtsweg::storage::sqlite
