#pragma once
// The SQL both engines run, in one place: every statement here is portable between SQLite
// 3.35+ and PostgreSQL 12+ (ON CONFLICT upserts with `excluded`, $n parameters, partial
// indexes). sqlite_queries.cpp and pg_queries.cpp bind the parameters and map the rows, with
// the row mappers below shared through a small row interface:
//
//   row.ColumnText(i), row.ColumnOptionalText(i), row.ColumnInt64(i)   // 0-based columns
//
// Reads are ordered by primary key so results are deterministic on both engines.

#include <string>
#include <string_view>
#include <vector>

#include "storage/storage.h"

namespace amtsweg::storage::sql {

inline constexpr char kSelectOne[] = "SELECT 1";

inline constexpr char kSelectMunicipalities[] =
    "SELECT ags, ars, name, state FROM municipalities ORDER BY ags";
inline constexpr char kUpsertMunicipality[] = R"sql(
INSERT INTO municipalities (ags, ars, name, state) VALUES ($1, $2, $3, $4)
ON CONFLICT (ags) DO UPDATE SET ars = excluded.ars, name = excluded.name, state = excluded.state
)sql";

inline constexpr char kSelectOffices[] =
    "SELECT id, municipality_ags, name, email, address, roles FROM offices ORDER BY id";
inline constexpr char kUpsertOffice[] = R"sql(
INSERT INTO offices (id, municipality_ags, name, email, address, roles) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (id) DO UPDATE SET municipality_ags = excluded.municipality_ags, name = excluded.name,
  email = excluded.email, address = excluded.address, roles = excluded.roles
)sql";

inline constexpr char kSelectProcessSources[] =
    "SELECT kind, id, version, yaml, origin FROM process_sources ORDER BY kind, id, version";
inline constexpr char kUpsertProcessSource[] = R"sql(
INSERT INTO process_sources (kind, id, version, yaml, origin) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (kind, id, version) DO UPDATE SET yaml = excluded.yaml, origin = excluded.origin
)sql";

// adopted_at is NULL when unknown; saving an offering without it keeps a date already known.
inline constexpr char kSelectOfferings[] =
    "SELECT ags, process_id, variant_id, adopted_at FROM offerings ORDER BY ags, process_id";
inline constexpr char kUpsertOffering[] = R"sql(
INSERT INTO offerings (ags, process_id, variant_id, adopted_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (ags, process_id) DO UPDATE SET variant_id = excluded.variant_id,
  adopted_at = COALESCE(excluded.adopted_at, offerings.adopted_at)
)sql";

// The columns of one application row, in the order the *ApplicationColumns mappers expect.
#define AMTSWEG_APPLICATION_COLUMNS                                                                      \
  "reference, process_id, process_version, variant_id, municipality_ags, office_id, status, data_json, " \
  "fee_cents, access_token_hash, sandbox, submitted_at, idempotency_key_hash, request_hash, "            \
  "sealed_access_token"
inline constexpr int kApplicationColumnCount = 15;
inline constexpr char kInsertApplicationPrefix[] =
    "INSERT INTO applications (" AMTSWEG_APPLICATION_COLUMNS ") VALUES ";
inline constexpr char kInsertApplication[] = "INSERT INTO applications (" AMTSWEG_APPLICATION_COLUMNS
                                             ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                                             "$13, $14, $15)";
inline constexpr char kSelectApplication[] =
    "SELECT " AMTSWEG_APPLICATION_COLUMNS " FROM applications WHERE reference = $1";
inline constexpr char kSelectApplicationByIdempotencyKey[] =
    "SELECT " AMTSWEG_APPLICATION_COLUMNS " FROM applications WHERE idempotency_key_hash = $1";
#undef AMTSWEG_APPLICATION_COLUMNS

inline constexpr char kStatusSubmitted[] = "submitted";
inline constexpr char kKindStandard[] = "standard";
inline constexpr char kKindVariant[] = "variant";

// Scheduled jobs (see migration 2): make the job known, read when it is due, claim one due run
// by compare-and-set on next_run_at, record the run.
inline constexpr char kEnsureJob[] =
    "INSERT INTO scheduled_jobs (name, next_run_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
inline constexpr char kSelectJobDue[] = "SELECT next_run_at FROM scheduled_jobs WHERE name = $1";
inline constexpr char kClaimJob[] = R"sql(
UPDATE scheduled_jobs SET next_run_at = $1, last_run_at = $2, last_instance = $3, runs = runs + 1
WHERE name = $4 AND next_run_at = $5
)sql";
inline constexpr char kInsertJobRun[] =
    "INSERT INTO job_runs (name, slot, instance, started_at, affected) VALUES ($1, $2, $3, $4, $5)";
inline constexpr char kPurgeSandbox[] = "DELETE FROM applications WHERE sandbox = 1 AND submitted_at < $1";
inline constexpr char kPurgeExpiredDrafts[] = "DELETE FROM drafts WHERE expires_at < $1";

// Drafts (see migration 3). A draft whose expires_at has passed is invisible to reads and
// cannot be saved any more, whether or not the purge has deleted it yet.
#define AMTSWEG_DRAFT_COLUMNS                                                                             \
  "id, secret_hash, municipality_ags, process_id, process_version, variant_id, data_json, current_page, " \
  "sandbox, created_at, updated_at, expires_at, journey"
inline constexpr char kInsertDraft[] = "INSERT INTO drafts (" AMTSWEG_DRAFT_COLUMNS
                                       ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
inline constexpr char kSelectDraft[] =
    "SELECT " AMTSWEG_DRAFT_COLUMNS " FROM drafts WHERE id = $1 AND expires_at > $2";
#undef AMTSWEG_DRAFT_COLUMNS
// $3 (updated_at, i.e. now) also decides whether the draft is still alive.
inline constexpr char kUpdateDraft[] = R"sql(
UPDATE drafts SET data_json = $1, current_page = $2, updated_at = $3, expires_at = $4
WHERE id = $5 AND expires_at > $3
)sql";
inline constexpr char kDeleteDraft[] = "DELETE FROM drafts WHERE id = $1";

// Office roles are stored as a JSON array of strings.
std::string RolesToJson(const std::vector<std::string>& roles);
Result<std::vector<std::string>> RolesFromJson(const std::string& json);
// process_sources.kind
Result<SourceKind> SourceKindFromText(const std::string& text);
const char* SourceKindText(SourceKind kind);

template <typename Row>
Result<Office> ReadOffice(const Row& row) {
  auto roles = RolesFromJson(row.ColumnText(5));
  if (!roles) return tl::unexpected(roles.error());
  return Office{row.ColumnText(0), row.ColumnText(1), row.ColumnText(2),
                row.ColumnText(3), row.ColumnText(4), std::move(*roles)};
}

template <typename Row>
Result<ProcessSource> ReadProcessSource(const Row& row) {
  auto kind = SourceKindFromText(row.ColumnText(0));
  if (!kind) return tl::unexpected(kind.error());
  return ProcessSource{*kind, row.ColumnText(1), static_cast<int>(row.ColumnInt64(2)), row.ColumnText(3),
                       row.ColumnText(4)};
}

// Row mappers, for any row type with the interface above.
template <typename Row>
ApplicationRecord ReadApplication(const Row& row) {
  ApplicationRecord record;
  NewApplication& a = record.application;
  a.reference = row.ColumnText(0);
  a.process_id = row.ColumnText(1);
  a.process_version = static_cast<int>(row.ColumnInt64(2));
  a.variant_id = row.ColumnOptionalText(3);
  a.municipality_ags = row.ColumnText(4);
  a.office_id = row.ColumnText(5);
  record.status = row.ColumnText(6);
  a.data_json = row.ColumnText(7);
  a.fee_cents = row.ColumnInt64(8);
  a.access_token_hash = row.ColumnText(9);
  a.sandbox = row.ColumnInt64(10) != 0;
  a.submitted_at = row.ColumnText(11);
  a.idempotency_key_hash = row.ColumnOptionalText(12);
  a.request_hash = row.ColumnOptionalText(13).value_or("");
  a.sealed_access_token = row.ColumnOptionalText(14).value_or("");
  return record;
}

// Binds one application as parameters first..first+14 through `bind`, an object with
// Text(position, value), OptionalText(position, value) and Int64(position, value).
template <typename Binder>
void BindApplication(Binder& bind, int first, const NewApplication& a) {
  bind.Text(first + 0, a.reference);
  bind.Text(first + 1, a.process_id);
  bind.Int64(first + 2, a.process_version);
  bind.OptionalText(first + 3, a.variant_id);
  bind.Text(first + 4, a.municipality_ags);
  bind.Text(first + 5, a.office_id);
  bind.Text(first + 6, kStatusSubmitted);
  bind.Text(first + 7, a.data_json);
  bind.Int64(first + 8, a.fee_cents);
  bind.Text(first + 9, a.access_token_hash);
  bind.Int64(first + 10, a.sandbox ? 1 : 0);
  bind.Text(first + 11, a.submitted_at);
  bind.OptionalText(first + 12, a.idempotency_key_hash);
  bind.OptionalText(first + 13, a.request_hash.empty() ? std::nullopt : std::optional(a.request_hash));
  bind.OptionalText(first + 14,
                    a.sealed_access_token.empty() ? std::nullopt : std::optional(a.sealed_access_token));
}

template <typename Row>
Draft ReadDraft(const Row& row) {
  Draft d;
  d.id = row.ColumnText(0);
  d.secret_hash = row.ColumnText(1);
  d.municipality_ags = row.ColumnText(2);
  d.process_id = row.ColumnText(3);
  d.process_version = static_cast<int>(row.ColumnInt64(4));
  d.variant_id = row.ColumnOptionalText(5);
  d.data_json = row.ColumnText(6);
  d.current_page = row.ColumnText(7);
  d.sandbox = row.ColumnInt64(8) != 0;
  d.created_at = row.ColumnText(9);
  d.updated_at = row.ColumnText(10);
  d.expires_at = row.ColumnText(11);
  d.journey = row.ColumnOptionalText(12).value_or("");  // NULL: no journey
  return d;
}

// Binds a draft as parameters 1..13 of kInsertDraft (binder as for BindApplication).
template <typename Binder>
void BindDraft(Binder& bind, const Draft& d) {
  bind.Text(1, d.id);
  bind.Text(2, d.secret_hash);
  bind.Text(3, d.municipality_ags);
  bind.Text(4, d.process_id);
  bind.Int64(5, d.process_version);
  bind.OptionalText(6, d.variant_id);
  bind.Text(7, d.data_json);
  bind.Text(8, d.current_page);
  bind.Int64(9, d.sandbox ? 1 : 0);
  bind.Text(10, d.created_at);
  bind.Text(11, d.updated_at);
  bind.Text(12, d.expires_at);
  bind.OptionalText(13, d.journey.empty() ? std::nullopt : std::optional(d.journey));
}

// Parameters 1..5 of kUpdateDraft, as text in order.
inline std::vector<std::string_view> DraftUpdateParams(const DraftUpdate& u) {
  return {u.data_json, u.current_page, u.updated_at, u.expires_at, u.id};
}

template <typename Row>
Municipality ReadMunicipality(const Row& row) {
  return Municipality{row.ColumnText(0), row.ColumnText(1), row.ColumnText(2), row.ColumnText(3)};
}

template <typename Row>
Offering ReadOffering(const Row& row) {
  return Offering{row.ColumnText(0), row.ColumnText(1), row.ColumnOptionalText(2),
                  row.ColumnOptionalText(3).value_or("")};
}

}  // namespace amtsweg::storage::sql
