// The statements of sql.h on PostgreSQL (see pg_queries.h).

#include "storage/pg_queries.h"

#include <functional>
#include <map>

#include "storage/sql.h"

namespace amtsweg::storage::pg {
namespace {

using namespace sql;  // NOLINT: the statements of sql.h, in this file only

// One row of a result, with the row interface sql.h's mappers expect.
struct RowAt {
  const Rows& rows;
  int row;
  std::string ColumnText(int column) const { return rows.Text(row, column); }
  std::optional<std::string> ColumnOptionalText(int column) const { return rows.OptionalText(row, column); }
  std::int64_t ColumnInt64(int column) const { return rows.Int64(row, column); }
};

// Appends parameters in order for sql::BindApplication (positions are implied by the order).
struct ParamsBinder {
  Params& params;
  void Text(int, std::string_view value) { params.Text(value); }
  void OptionalText(int, const std::optional<std::string>& value) { params.OptionalText(value); }
  void Int64(int, std::int64_t value) { params.Int64(value); }
};

Params TextParams(std::initializer_list<std::string_view> values) {
  Params params;
  for (std::string_view value : values) params.Text(value);
  return params;
}

template <typename T, typename ReadRow>
Result<std::vector<T>> SelectAll(Connection& connection, const char* sql, std::string_view what,
                                 ReadRow read_row) {
  auto rows = connection.Query(sql, Params(), what);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<T> result;
  result.reserve(static_cast<std::size_t>(rows->Count()));
  for (int r = 0; r < rows->Count(); ++r) {
    Result<T> row = read_row(RowAt{*rows, r});
    if (!row) return tl::unexpected(row.error());
    result.push_back(std::move(*row));
  }
  return result;
}

Result<std::optional<ApplicationRecord>> SelectOneApplication(Connection& connection, const char* sql,
                                                              const std::string& key, std::string_view what) {
  auto rows = connection.Query(sql, TextParams({key}), what);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->Count() == 0) return std::nullopt;
  return ReadApplication(RowAt{*rows, 0});
}

Result<void> Change(Connection& connection, const char* sql, const Params& params, std::string_view what) {
  auto rows = connection.Query(sql, params, what);
  if (!rows) return tl::unexpected(rows.error());
  return {};
}

// "INSERT … VALUES ($1, …, $15), ($16, …, $30), … ON CONFLICT DO NOTHING RETURNING reference"
std::string MultiRowInsert(std::size_t rows) {
  std::string sql = kInsertApplicationPrefix;
  int position = 1;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (int c = 0; c < kApplicationColumnCount; ++c) {
      if (c > 0) sql += ", ";
      sql += "$" + std::to_string(position++);
    }
    sql += ")";
  }
  sql += " ON CONFLICT DO NOTHING RETURNING reference";
  return sql;
}

std::vector<Result<void>> AllFailed(std::size_t count, const Error& cause) {
  Error error{ErrorCode::kIo, "batch not committed: " + cause.message};
  return std::vector<Result<void>>(count, tl::unexpected(error));
}

Error Conflict() {
  return Error{ErrorCode::kConflict, "insert application: reference or idempotency key exists"};
}

std::vector<Result<void>> InsertEachAlone(Connection& connection,
                                          std::span<const NewApplication* const> batch) {
  std::vector<Result<void>> outcomes;
  outcomes.reserve(batch.size());
  for (const NewApplication* application : batch) {
    auto outcome = InsertBatch(connection, std::span<const NewApplication* const>(&application, 1));
    outcomes.push_back(std::move(outcome.front()));
  }
  return outcomes;
}

}  // namespace

Result<void> SelectOne(Connection& connection) { return Change(connection, kSelectOne, Params(), "ping"); }

Result<std::vector<Municipality>> SelectMunicipalities(Connection& connection) {
  return SelectAll<Municipality>(
      connection, kSelectMunicipalities, "list municipalities",
      [](const RowAt& row) -> Result<Municipality> { return ReadMunicipality(row); });
}

Result<std::vector<Office>> SelectOffices(Connection& connection) {
  return SelectAll<Office>(connection, kSelectOffices, "list offices",
                           [](const RowAt& row) { return ReadOffice(row); });
}

Result<std::vector<ProcessSource>> SelectProcessSources(Connection& connection) {
  return SelectAll<ProcessSource>(connection, kSelectProcessSources, "list process sources",
                                  [](const RowAt& row) { return ReadProcessSource(row); });
}

Result<std::vector<Offering>> SelectOfferings(Connection& connection) {
  return SelectAll<Offering>(connection, kSelectOfferings, "list offerings",
                             [](const RowAt& row) -> Result<Offering> { return ReadOffering(row); });
}

Result<std::optional<ApplicationRecord>> SelectApplication(Connection& connection,
                                                           const std::string& reference) {
  return SelectOneApplication(connection, kSelectApplication, reference, "find application");
}

Result<std::optional<ApplicationRecord>> SelectApplicationByIdempotencyKey(Connection& connection,
                                                                           const std::string& key_hash) {
  return SelectOneApplication(connection, kSelectApplicationByIdempotencyKey, key_hash,
                              "find application by idempotency key");
}

Result<void> UpsertMunicipality(Connection& connection, const Municipality& m) {
  return Change(connection, kUpsertMunicipality, TextParams({m.ags, m.ars, m.name, m.state}),
                "save municipality");
}

Result<void> UpsertOffice(Connection& connection, const Office& o) {
  return Change(connection, kUpsertOffice,
                TextParams({o.id, o.municipality_ags, o.name, o.email, o.address, RolesToJson(o.roles)}),
                "save office");
}

Result<void> UpsertProcessSource(Connection& connection, const ProcessSource& s) {
  Params params;
  params.Text(SourceKindText(s.kind));
  params.Text(s.id);
  params.Int64(s.version);
  params.Text(s.yaml);
  params.Text(s.origin);
  return Change(connection, kUpsertProcessSource, params, "save process source");
}

Result<void> UpsertOffering(Connection& connection, const Offering& o) {
  Params params;
  params.Text(o.ags);
  params.Text(o.process_id);
  params.OptionalText(o.variant_id);
  params.OptionalText(o.adopted_at.empty() ? std::nullopt : std::optional(o.adopted_at));
  return Change(connection, kUpsertOffering, params, "save offering");
}

std::vector<Result<void>> InsertBatch(Connection& connection, std::span<const NewApplication* const> batch) {
  Params params;
  ParamsBinder binder{params};
  for (const NewApplication* application : batch) BindApplication(binder, 0, *application);
  // One statement outside BEGIN is its own transaction: it commits (durably, with
  // synchronous_commit on) before the result arrives.
  auto rows = connection.Query(MultiRowInsert(batch.size()).c_str(), params, "insert applications");
  if (!rows) {
    if (rows.error().code == ErrorCode::kInvalid && batch.size() > 1)
      return InsertEachAlone(connection, batch);
    if (batch.size() == 1 && rows.error().code != ErrorCode::kIo) return {tl::unexpected(rows.error())};
    return AllFailed(batch.size(), rows.error());
  }
  // Rows are inserted in VALUES order, so of two rows with one reference the first is stored.
  std::map<std::string, int> inserted;
  for (int r = 0; r < rows->Count(); ++r) inserted[rows->Text(r, 0)] += 1;
  std::vector<Result<void>> outcomes;
  outcomes.reserve(batch.size());
  for (const NewApplication* application : batch) {
    auto found = inserted.find(application->reference);
    bool stored = found != inserted.end() && found->second-- > 0;
    outcomes.push_back(stored ? Result<void>() : tl::unexpected(Conflict()));
  }
  return outcomes;
}

namespace {

// Inside the open transaction: reads the job's slot, claims it by compare-and-set, does the
// work and records the run; nullopt if the slot is not due or another instance took it.
Result<std::optional<std::int64_t>> ClaimAndWork(Connection& connection, const JobClaim& claim,
                                                 const JobWork& work) {
  auto due = connection.Query(kSelectJobDue, TextParams({claim.name}), "read job");
  if (!due) return tl::unexpected(due.error());
  if (due->Count() == 0) return std::nullopt;
  std::string slot = due->Text(0, 0);
  if (slot > claim.now) return std::nullopt;
  // Under READ COMMITTED a concurrent claim of the same slot waits for this row lock, then
  // re-checks `next_run_at = slot`, finds it moved, and changes nothing.
  auto claimed = connection.Query(
      kClaimJob, TextParams({claim.next_run_at, claim.now, claim.instance, claim.name, slot}), "claim job");
  if (!claimed) return tl::unexpected(claimed.error());
  if (claimed->Affected() == 0) return std::nullopt;  // another instance took this run
  auto affected = work(connection);
  if (!affected) return tl::unexpected(affected.error());
  Params run = TextParams({claim.name, slot, claim.instance, claim.now});
  run.Int64(*affected);
  if (auto recorded = Change(connection, kInsertJobRun, run, "record job run"); !recorded) {
    return tl::unexpected(recorded.error());
  }
  return *affected;
}

}  // namespace

// One run of a scheduled job, claimed once across instances (docs/storage.md, "Background jobs
// across instances"): the claim, the work and the record commit together or not at all.
Result<std::optional<std::int64_t>> RunClaimedJob(Connection& connection, const JobClaim& claim,
                                                  const JobWork& work) {
  if (auto known = Change(connection, kEnsureJob, TextParams({claim.name, claim.now}), "ensure job");
      !known) {
    return tl::unexpected(known.error());
  }
  if (auto begun = connection.Exec("BEGIN", "begin job"); !begun) return tl::unexpected(begun.error());
  auto outcome = ClaimAndWork(connection, claim, work);
  if (outcome && outcome->has_value()) {
    if (auto committed = connection.Exec("COMMIT", "commit job"); !committed)
      outcome = tl::unexpected(committed.error());
  }
  connection.RollbackIfOpen();
  return outcome;
}

namespace {

// Runs a DELETE/UPDATE with text parameters; returns the number of rows it changed.
Result<std::int64_t> Affected(Connection& connection, const char* sql, const Params& params,
                              std::string_view what) {
  auto rows = connection.Query(sql, params, what);
  if (!rows) return tl::unexpected(rows.error());
  return rows->Affected();
}

}  // namespace

Result<std::optional<std::int64_t>> PurgeSandboxJob(Connection& connection, const JobClaim& claim,
                                                    const std::string& submitted_before) {
  return RunClaimedJob(connection, claim, [&submitted_before](Connection& c) {
    return Affected(c, kPurgeSandbox, TextParams({submitted_before}), "purge sandbox");
  });
}

Result<std::optional<std::int64_t>> PurgeExpiredDraftsJob(Connection& connection, const JobClaim& claim) {
  return RunClaimedJob(connection, claim, [&claim](Connection& c) {
    return Affected(c, kPurgeExpiredDrafts, TextParams({claim.now}), "purge expired drafts");
  });
}

Result<void> InsertDraft(Connection& connection, const Draft& draft) {
  Params params;
  ParamsBinder binder{params};
  BindDraft(binder, draft);
  return Change(connection, kInsertDraft, params, "insert draft");
}

Result<std::optional<Draft>> SelectDraft(Connection& connection, const std::string& id,
                                         const std::string& now) {
  auto rows = connection.Query(kSelectDraft, TextParams({id, now}), "find draft");
  if (!rows) return tl::unexpected(rows.error());
  if (rows->Count() == 0) return std::nullopt;
  return ReadDraft(RowAt{*rows, 0});
}

Result<void> UpdateDraft(Connection& connection, const DraftUpdate& update) {
  Params params;
  for (std::string_view value : DraftUpdateParams(update)) params.Text(value);
  auto changed = Affected(connection, kUpdateDraft, params, "save draft");
  if (!changed) return tl::unexpected(changed.error());
  if (*changed == 0) {
    return tl::unexpected(Error{ErrorCode::kNotFound, "save draft: no such draft, or it has expired"});
  }
  return {};
}

Result<void> DeleteDraftRow(Connection& connection, const std::string& id) {
  return Change(connection, kDeleteDraft, TextParams({id}), "delete draft");
}

// --- Migrations ---

namespace {

// An arbitrary constant naming amtsweg's migration lock among the database's advisory locks.
constexpr char kLockMigrations[] = "SELECT pg_advisory_xact_lock(7261836451029)";
constexpr char kCreateMigrationsTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";
constexpr char kSelectSchemaVersion[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr char kInsertMigration[] = "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)";

// Runs `step` inside BEGIN … COMMIT holding the migration lock; rolls back on failure.
template <typename Step>
Result<int> Locked(Connection& connection, Step step) {
  auto outcome = [&]() -> Result<int> {
    if (auto begun = connection.Exec("BEGIN", "begin migration"); !begun)
      return tl::unexpected(begun.error());
    if (auto locked = connection.Exec(kLockMigrations, "lock migrations"); !locked) {
      return tl::unexpected(locked.error());
    }
    if (auto created = connection.Exec(kCreateMigrationsTable, "create schema_migrations"); !created) {
      return tl::unexpected(created.error());
    }
    Result<int> result = step();
    if (!result) return result;
    if (auto committed = connection.Exec("COMMIT", "commit migration"); !committed) {
      return tl::unexpected(committed.error());
    }
    return result;
  }();
  connection.RollbackIfOpen();
  return outcome;
}

Result<int> VersionInTransaction(Connection& connection) {
  auto rows = connection.Query(kSelectSchemaVersion, Params(), "read schema version");
  if (!rows) return tl::unexpected(rows.error());
  return static_cast<int>(rows->Int64(0, 0));
}

}  // namespace

Result<int> ReadSchemaVersion(Connection& connection) {
  return Locked(connection, [&] { return VersionInTransaction(connection); });
}

Result<int> ApplyMigrations(Connection& connection, std::span<const Migration> migrations) {
  int known = migrations.empty() ? 0 : migrations.back().version;
  for (const Migration& migration : migrations) {
    auto applied = Locked(connection, [&]() -> Result<int> {
      auto current = VersionInTransaction(connection);
      if (!current) return current;
      if (*current > known) return tl::unexpected(SchemaTooNew(*current, known));
      if (*current >= migration.version) return *current;
      std::string what = "migration " + std::to_string(migration.version);
      if (auto ran = connection.Exec(migration.sql, what); !ran) return tl::unexpected(ran.error());
      if (migration.postgres_sql != nullptr) {
        if (auto ran = connection.Exec(migration.postgres_sql, what); !ran)
          return tl::unexpected(ran.error());
      }
      Params params;
      params.Int64(migration.version);
      params.Text(NowRfc3339());
      if (auto recorded = Change(connection, kInsertMigration, params, what); !recorded) {
        return tl::unexpected(recorded.error());
      }
      return migration.version;
    });
    if (!applied) return applied;
  }
  return ReadSchemaVersion(connection);
}

}  // namespace amtsweg::storage::pg
