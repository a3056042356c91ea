// The schema, as numbered migrations, and the runner that applies them (see migrations.h).
//
// The SQL is written to run on SQLite and PostgreSQL alike: TEXT, INTEGER and BIGINT columns,
// ON CONFLICT upserts, $n parameters. Where SQLite needs its own form, the line says so in a
// `-- SQLite:` comment together with the PostgreSQL equivalent.

#include "storage/migrations.h"

#include <ctime>
#include <string>

namespace amtsweg::storage {
namespace {

constexpr const char kMigration1[] = R"sql(
CREATE TABLE municipalities (
  ags   TEXT PRIMARY KEY,
  ars   TEXT NOT NULL,
  name  TEXT NOT NULL,
  state TEXT NOT NULL
);

CREATE TABLE offices (
  id               TEXT PRIMARY KEY,
  municipality_ags TEXT NOT NULL REFERENCES municipalities (ags),
  name             TEXT NOT NULL,
  email            TEXT NOT NULL,
  address          TEXT NOT NULL,
  roles            TEXT NOT NULL DEFAULT '[]'  -- JSON array of role names
);
CREATE INDEX offices_by_municipality ON offices (municipality_ags);

CREATE TABLE process_sources (
  kind    TEXT NOT NULL,  -- 'standard' | 'variant'
  id      TEXT NOT NULL,
  version INTEGER NOT NULL,
  yaml    TEXT NOT NULL,
  origin  TEXT NOT NULL,
  PRIMARY KEY (kind, id, version)
);

CREATE TABLE offerings (
  ags        TEXT NOT NULL,
  process_id TEXT NOT NULL,
  variant_id TEXT NULL,
  PRIMARY KEY (ags, process_id)
);
CREATE INDEX offerings_by_process ON offerings (process_id);

CREATE TABLE applications (
  -- SQLite: INTEGER PRIMARY KEY aliases the rowid and is assigned on insert.
  -- PostgreSQL: id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY.
  id                INTEGER PRIMARY KEY,
  reference         TEXT NOT NULL UNIQUE,
  process_id        TEXT NOT NULL,
  process_version   INTEGER NOT NULL,
  variant_id        TEXT NULL,
  municipality_ags  TEXT NOT NULL,
  office_id         TEXT NOT NULL,
  status            TEXT NOT NULL,
  data_json         TEXT NOT NULL,
  fee_cents         BIGINT NOT NULL,
  access_token_hash TEXT NOT NULL,
  sandbox           INTEGER NOT NULL,  -- 0 | 1
  submitted_at      TEXT NOT NULL      -- RFC 3339 UTC; sorts as text
);
-- Secondary indexes arrive with the queries that need them (office inbox, sandbox purge): each
-- one is another B-tree write on the submission hot path.
)sql";

constexpr Migration kMigrations[] = {
    {1, "create municipalities, offices, process_sources, offerings, applications", kMigration1},
};

constexpr const char kCreateMigrationsTable[] = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  applied_at TEXT NOT NULL
)
)sql";

constexpr const char kSelectSchemaVersion[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr const char kInsertMigration[] =
    "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)";
constexpr const char kBeginImmediate[] = "BEGIN IMMEDIATE";  // PostgreSQL: BEGIN + advisory lock
constexpr const char kCommit[] = "COMMIT";

std::string NowRfc3339() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[sizeof "2026-11-30T08:00:00Z"];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

namespace sqlite {

Result<void> EnsureMigrationsTable(Connection& connection) {
  return connection.Exec(kCreateMigrationsTable, "create schema_migrations");
}

Result<int> ReadSchemaVersion(Connection& connection) {
  auto statement = connection.Prepare(kSelectSchemaVersion);
  if (!statement) return tl::unexpected(statement.error());
  if (int rc = statement->Step(); rc != SQLITE_ROW) {
    return tl::unexpected(ErrorFromSqlite(rc, "read schema version", connection.handle()));
  }
  return static_cast<int>(statement->ColumnInt64(0));
}

namespace {

// Records `migration` as applied; runs inside its transaction.
Result<void> RecordMigration(Connection& connection, const Migration& migration, std::string_view what) {
  auto insert = connection.Prepare(kInsertMigration);
  if (!insert) return tl::unexpected(insert.error());
  insert->BindInt64(1, migration.version);
  insert->BindText(2, NowRfc3339());
  return insert->Run(what);
}

// Runs the migration and records it, unless another process already did: the version is
// re-read inside the write transaction, so two concurrent migrators never apply a step twice.
Result<void> MigrateInTransaction(Connection& connection, const Migration& migration, std::string_view what) {
  auto current = ReadSchemaVersion(connection);
  if (!current) return tl::unexpected(current.error());
  if (*current >= migration.version) return {};
  if (auto ran = connection.Exec(migration.sql, what); !ran) return ran;
  return RecordMigration(connection, migration, what);
}

Result<void> ApplyOne(Connection& connection, const Migration& migration) {
  std::string what = "migration " + std::to_string(migration.version);
  if (auto begun = connection.Exec(kBeginImmediate, what); !begun) return begun;
  Result<void> outcome = MigrateInTransaction(connection, migration, what);
  if (outcome) outcome = connection.Exec(kCommit, what);
  if (!outcome) connection.RollbackIfOpen();
  return outcome;
}

}  // namespace

Result<int> ApplyMigrations(Connection& connection, std::span<const Migration> migrations) {
  auto current = ReadSchemaVersion(connection);
  if (!current) return current;
  int known = migrations.empty() ? 0 : migrations.back().version;
  if (*current > known) {
    return tl::unexpected(Error{ErrorCode::kSchemaTooNew,
                                "database schema version " + std::to_string(*current) +
                                    " is newer than this binary knows (" + std::to_string(known) + ")"});
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= *current) continue;
    if (auto applied = ApplyOne(connection, migration); !applied) return tl::unexpected(applied.error());
  }
  return ReadSchemaVersion(connection);
}

}  // namespace sqlite
}  // namespace amtsweg::storage
