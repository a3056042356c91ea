// The schema, as numbered migrations, and the runner that applies them (see migrations.h).
//
// The SQL is written to run on SQLite and PostgreSQL alike: TEXT, INTEGER and BIGINT columns,
// ON CONFLICT upserts, partial indexes, $n parameters. Where the engines differ (the
// applications id: SQLite's rowid alias against a PostgreSQL identity column) a migration
// carries a second text for PostgreSQL.

#include "storage/migrations.h"

#include <chrono>
#include <string>

#include "text/time.h"

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

)sql";

constexpr const char kMigration1Sqlite[] = R"sql(
CREATE TABLE applications (
  -- SQLite: INTEGER PRIMARY KEY aliases the rowid and is assigned on insert.
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

constexpr const char kMigration1Postgres[] = R"sql(
CREATE TABLE applications (
  id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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

// Idempotency-Key on POST /applications (the key, the request and the access token, hashed or
// sealed: see applications/idempotency.h), and what the sandbox purge needs. Both indexes are
// partial, so a submission without a key in production writes no extra index entry.
constexpr const char kMigration2[] = R"sql(
ALTER TABLE applications ADD COLUMN idempotency_key_hash TEXT NULL;
ALTER TABLE applications ADD COLUMN request_hash TEXT NULL;
ALTER TABLE applications ADD COLUMN sealed_access_token TEXT NULL;
CREATE UNIQUE INDEX applications_by_idempotency_key ON applications (idempotency_key_hash)
  WHERE idempotency_key_hash IS NOT NULL;
CREATE INDEX applications_sandbox_by_time ON applications (submitted_at) WHERE sandbox = 1;

-- Periodic background work shared by all instances: a run is due when next_run_at has passed;
-- an instance claims it by moving next_run_at forward with a compare-and-set, in the same
-- transaction as the work, so each due run happens once however many instances try.
CREATE TABLE scheduled_jobs (
  name          TEXT PRIMARY KEY,
  next_run_at   TEXT NOT NULL,  -- RFC 3339 UTC
  last_run_at   TEXT NULL,
  last_instance TEXT NULL,
  runs          BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE job_runs (
  name       TEXT NOT NULL,
  slot       TEXT NOT NULL,  -- the next_run_at value this run claimed
  instance   TEXT NOT NULL,  -- host:pid of the instance that did it
  started_at TEXT NOT NULL,
  affected   BIGINT NOT NULL,
  PRIMARY KEY (name, slot)
);
)sql";

// Drafts of the citizen journey (issue 4): answers saved page by page before submission, found
// by their public id and opened only with a secret whose hash is stored. Every draft expires;
// the index serves the purge job (DELETE … WHERE expires_at < now).
constexpr const char kMigration3[] = R"sql(
CREATE TABLE drafts (
  id               TEXT PRIMARY KEY,  -- 16 Crockford base32 symbols, random, public
  secret_hash      TEXT NOT NULL,     -- hex SHA-256 of the secret (applications/draft_secret.h)
  municipality_ags TEXT NOT NULL,
  process_id       TEXT NOT NULL,
  process_version  INTEGER NOT NULL,
  variant_id       TEXT NULL,
  data_json        TEXT NOT NULL,     -- answers so far, the shape of the API's `data`
  current_page     TEXT NOT NULL,     -- page id
  sandbox          INTEGER NOT NULL,  -- 0 | 1
  created_at       TEXT NOT NULL,     -- RFC 3339 UTC
  updated_at       TEXT NOT NULL,
  expires_at       TEXT NOT NULL
);
CREATE INDEX drafts_by_expiry ON drafts (expires_at);
)sql";

// Process monitor and transparency registry (issue 5). See storage/usage.h for what the columns
// mean. Rollup tables are keyed by every dimension, so a batch adds to them with
// ON CONFLICT … DO UPDATE SET count = count + excluded.count; their primary keys start with
// (ags, process, day) for the per-service views, and a second index serves the comparison of
// all municipalities running one process. The usage_monthly* tables hold the same counts per
// month (no day column), written in the same transaction, so that sums over long periods read
// whole months there and only the partial months at the edges from the daily tables. Raw events
// have no key: they are appended, read only by the operator, and deleted by time.
constexpr const char kMigration4[] = R"sql(
ALTER TABLE drafts ADD COLUMN journey TEXT NULL;
ALTER TABLE offerings ADD COLUMN adopted_at TEXT NULL;

CREATE TABLE usage_events (
  at         BIGINT NOT NULL,  -- unix seconds, UTC
  kind       TEXT NOT NULL,
  ags        TEXT NOT NULL,
  process    TEXT NOT NULL,
  version    INTEGER NOT NULL,
  variant    TEXT NOT NULL,
  page       TEXT NOT NULL,
  field      TEXT NOT NULL,
  device     TEXT NOT NULL,
  channel    TEXT NOT NULL,
  journey    TEXT NOT NULL,
  duration_s BIGINT NULL
);
CREATE INDEX usage_events_by_time ON usage_events (at);

CREATE TABLE usage_daily (
  ags     TEXT NOT NULL,
  process TEXT NOT NULL,
  day     INTEGER NOT NULL,
  month   INTEGER NOT NULL,
  version INTEGER NOT NULL,
  variant TEXT NOT NULL,
  device  TEXT NOT NULL,
  channel TEXT NOT NULL,
  kind    TEXT NOT NULL,
  count   BIGINT NOT NULL,
  PRIMARY KEY (ags, process, day, version, variant, device, channel, kind)
);
CREATE INDEX usage_daily_by_process ON usage_daily (process, day);
CREATE INDEX usage_daily_by_day ON usage_daily (day);

CREATE TABLE usage_daily_pages (
  ags     TEXT NOT NULL,
  process TEXT NOT NULL,
  day     INTEGER NOT NULL,
  month   INTEGER NOT NULL,
  version INTEGER NOT NULL,
  variant TEXT NOT NULL,
  device  TEXT NOT NULL,
  page    TEXT NOT NULL,
  kind    TEXT NOT NULL,
  count   BIGINT NOT NULL,
  PRIMARY KEY (ags, process, day, version, variant, device, page, kind)
);
CREATE INDEX usage_daily_pages_by_process ON usage_daily_pages (process, day);

CREATE TABLE usage_daily_fields (
  ags     TEXT NOT NULL,
  process TEXT NOT NULL,
  day     INTEGER NOT NULL,
  month   INTEGER NOT NULL,
  version INTEGER NOT NULL,
  variant TEXT NOT NULL,
  device  TEXT NOT NULL,
  page    TEXT NOT NULL,
  field   TEXT NOT NULL,
  count   BIGINT NOT NULL,
  PRIMARY KEY (ags, process, day, version, variant, device, page, field)
);
CREATE INDEX usage_daily_fields_by_process ON usage_daily_fields (process, day);

CREATE TABLE usage_durations (
  ags      TEXT NOT NULL,
  process  TEXT NOT NULL,
  day      INTEGER NOT NULL,
  month    INTEGER NOT NULL,
  version  INTEGER NOT NULL,
  variant  TEXT NOT NULL,
  device   TEXT NOT NULL,
  bucket_s BIGINT NOT NULL,
  count    BIGINT NOT NULL,
  PRIMARY KEY (ags, process, day, version, variant, device, bucket_s)
);
CREATE INDEX usage_durations_by_process ON usage_durations (process, day);

CREATE TABLE usage_monthly (
  ags     TEXT NOT NULL,
  process TEXT NOT NULL,
  month   INTEGER NOT NULL,
  version INTEGER NOT NULL,
  variant TEXT NOT NULL,
  device  TEXT NOT NULL,
  channel TEXT NOT NULL,
  kind    TEXT NOT NULL,
  count   BIGINT NOT NULL,
  PRIMARY KEY (ags, process, month, version, variant, device, channel, kind)
);
CREATE INDEX usage_monthly_by_process ON usage_monthly (process, month);

CREATE TABLE usage_monthly_pages (
  ags     TEXT NOT NULL,
  process TEXT NOT NULL,
  month   INTEGER NOT NULL,
  version INTEGER NOT NULL,
  variant TEXT NOT NULL,
  device  TEXT NOT NULL,
  page    TEXT NOT NULL,
  kind    TEXT NOT NULL,
  count   BIGINT NOT NULL,
  PRIMARY KEY (ags, process, month, version, variant, device, page, kind)
);
CREATE INDEX usage_monthly_pages_by_process ON usage_monthly_pages (process, month);

CREATE TABLE usage_monthly_fields (
  ags     TEXT NOT NULL,
  process TEXT NOT NULL,
  month   INTEGER NOT NULL,
  version INTEGER NOT NULL,
  variant TEXT NOT NULL,
  device  TEXT NOT NULL,
  page    TEXT NOT NULL,
  field   TEXT NOT NULL,
  count   BIGINT NOT NULL,
  PRIMARY KEY (ags, process, month, version, variant, device, page, field)
);
CREATE INDEX usage_monthly_fields_by_process ON usage_monthly_fields (process, month);

CREATE TABLE usage_monthly_durations (
  ags      TEXT NOT NULL,
  process  TEXT NOT NULL,
  month    INTEGER NOT NULL,
  version  INTEGER NOT NULL,
  variant  TEXT NOT NULL,
  device   TEXT NOT NULL,
  bucket_s BIGINT NOT NULL,
  count    BIGINT NOT NULL,
  PRIMARY KEY (ags, process, month, version, variant, device, bucket_s)
);
CREATE INDEX usage_monthly_durations_by_process ON usage_monthly_durations (process, month);

CREATE TABLE usage_journeys (
  journey   TEXT PRIMARY KEY,  -- random, 32 hex digits
  ags       TEXT NOT NULL,
  process   TEXT NOT NULL,
  day       INTEGER NOT NULL,
  month     INTEGER NOT NULL,
  version   INTEGER NOT NULL,
  variant   TEXT NOT NULL,
  device    TEXT NOT NULL,
  channel   TEXT NOT NULL,
  first_at  BIGINT NOT NULL,
  last_at   BIGINT NOT NULL,
  last_page TEXT NOT NULL,
  state     TEXT NOT NULL  -- open | submitted | abandoned
);
CREATE INDEX usage_journeys_by_state ON usage_journeys (state, last_at);

CREATE TABLE paper_counts (
  ags        TEXT NOT NULL,
  process    TEXT NOT NULL,
  month      INTEGER NOT NULL,  -- yyyymm
  count      BIGINT NOT NULL,
  entered_at TEXT NOT NULL,
  PRIMARY KEY (ags, process, month)
);

CREATE TABLE registry_processes (
  id         TEXT PRIMARY KEY,
  title      TEXT NOT NULL,
  leika      TEXT NOT NULL,
  owner      TEXT NOT NULL,
  status     TEXT NOT NULL,  -- geplant | in_entwicklung | im_test | live
  version    INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE external_offerings (
  ags        TEXT NOT NULL,
  leika      TEXT NOT NULL,
  url        TEXT NOT NULL,
  maturity   INTEGER NOT NULL,  -- OZG maturity level 0-4, as entered
  entered_at TEXT NOT NULL,
  PRIMARY KEY (ags, leika)
);

CREATE TABLE monitor_access (
  key_hash   TEXT PRIMARY KEY,  -- hex SHA-256 of the key
  scope      TEXT NOT NULL,     -- ags:<AGS> | state:<Land> | all
  label      TEXT NOT NULL,
  created_at TEXT NOT NULL
);
)sql";

constexpr Migration kMigrations[] = {
    {1, "create municipalities, offices, process_sources, offerings, applications", kMigration1,
     kMigration1Sqlite, kMigration1Postgres},
    {2, "idempotency keys and sandbox purge index on applications; scheduled_jobs, job_runs", kMigration2},
    {3, "drafts of applications, with an index on expires_at for the purge", kMigration3},
    {4,
     "process monitor (usage events, rollups, journeys, paper counts, access keys) and transparency registry",
     kMigration4},
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

}  // namespace

std::string NowRfc3339() { return text::Rfc3339(std::chrono::system_clock::now()); }

std::span<const Migration> Migrations() { return kMigrations; }

Error SchemaTooNew(int database_version, int known_version) {
  return Error{ErrorCode::kSchemaTooNew, "database schema version " + std::to_string(database_version) +
                                             " is newer than this binary knows (" +
                                             std::to_string(known_version) + ")"};
}

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
  if (migration.sqlite_sql != nullptr) {
    if (auto ran = connection.Exec(migration.sqlite_sql, what); !ran) return ran;
  }
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
    return tl::unexpected(SchemaTooNew(*current, known));
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= *current) continue;
    if (auto applied = ApplyOne(connection, migration); !applied) return tl::unexpected(applied.error());
  }
  return ReadSchemaVersion(connection);
}

}  // namespace sqlite
}  // namespace amtsweg::storage
