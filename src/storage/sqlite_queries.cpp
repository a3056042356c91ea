// The statements of sql.h on a SQLite connection: binding parameters, stepping rows.

#include "storage/sqlite_queries.h"

#include <functional>

#include "storage/sql.h"

namespace amtsweg::storage::sqlite {
namespace {

using namespace sql;  // NOLINT: the statements of sql.h, in this file only

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

}  // namespace

Result<void> SelectOne(Connection& connection) {
  auto statement = connection.Prepare(kSelectOne);
  if (!statement) return tl::unexpected(statement.error());
  return statement->Run("ping");
}

Result<std::vector<Municipality>> SelectMunicipalities(Connection& connection) {
  return SelectAll<Municipality>(
      connection, kSelectMunicipalities, "list municipalities",
      [](const Statement& row) -> Result<Municipality> { return ReadMunicipality(row); });
}

Result<std::vector<Office>> SelectOffices(Connection& connection) {
  return SelectAll<Office>(connection, kSelectOffices, "list offices",
                           [](const Statement& row) { return ReadOffice(row); });
}

Result<std::vector<ProcessSource>> SelectProcessSources(Connection& connection) {
  return SelectAll<ProcessSource>(connection, kSelectProcessSources, "list process sources",
                                  [](const Statement& row) { return ReadProcessSource(row); });
}

Result<std::vector<Offering>> SelectOfferings(Connection& connection) {
  return SelectAll<Offering>(connection, kSelectOfferings, "list offerings",
                             [](const Statement& row) -> Result<Offering> { return ReadOffering(row); });
}

namespace {

Result<std::optional<ApplicationRecord>> SelectOneApplication(Connection& connection, const char* sql,
                                                              const std::string& key, std::string_view what) {
  auto statement = connection.Prepare(sql);
  if (!statement) return tl::unexpected(statement.error());
  statement->BindText(1, key);
  int rc = statement->Step();
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) return tl::unexpected(ErrorFromSqlite(rc, what, connection.handle()));
  return ReadApplication(*statement);
}

// Statement positions for sql::BindApplication.
struct StatementBinder {
  Statement& statement;
  void Text(int position, std::string_view value) { statement.BindText(position, value); }
  void OptionalText(int position, const std::optional<std::string>& value) {
    statement.BindOptionalText(position, value);
  }
  void Int64(int position, std::int64_t value) { statement.BindInt64(position, value); }
};

}  // namespace

Result<std::optional<ApplicationRecord>> SelectApplication(Connection& connection,
                                                           const std::string& reference) {
  return SelectOneApplication(connection, kSelectApplication, reference, "find application");
}

Result<std::optional<ApplicationRecord>> SelectApplicationByIdempotencyKey(Connection& connection,
                                                                           const std::string& key_hash) {
  return SelectOneApplication(connection, kSelectApplicationByIdempotencyKey, key_hash,
                              "find application by idempotency key");
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
  statement->BindText(1, SourceKindText(source.kind));
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
  statement->BindOptionalText(
      4, offering.adopted_at.empty() ? std::nullopt : std::optional(offering.adopted_at));
  return statement->Run("save offering");
}

Result<void> InsertApplication(Connection& connection, const NewApplication& application) {
  auto statement = connection.Prepare(kInsertApplication);
  if (!statement) return tl::unexpected(statement.error());
  StatementBinder binder{*statement};
  BindApplication(binder, 1, application);
  return statement->Run("insert application");
}

namespace {

// Runs `sql` with text parameters; returns the number of rows it changed.
Result<std::int64_t> Change(Connection& connection, const char* sql,
                            const std::vector<std::string_view>& values, std::string_view what) {
  auto statement = connection.Prepare(sql);
  if (!statement) return tl::unexpected(statement.error());
  int position = 1;
  for (std::string_view value : values) statement->BindText(position++, value);
  if (auto ran = statement->Run(what); !ran) return tl::unexpected(ran.error());
  return static_cast<std::int64_t>(sqlite3_changes(connection.handle()));
}

// Inside the open transaction: reads the job's slot, claims it by compare-and-set, does the
// work and records the run; nullopt if the slot is not due or another instance took it.
Result<std::optional<std::int64_t>> ClaimAndWork(Connection& connection, const JobClaim& claim,
                                                 const JobWork& work) {
  auto due = connection.Prepare(kSelectJobDue);
  if (!due) return tl::unexpected(due.error());
  due->BindText(1, claim.name);
  if (due->Step() != SQLITE_ROW) return std::nullopt;
  std::string slot = due->ColumnText(0);
  if (slot > claim.now) return std::nullopt;
  auto claimed = Change(connection, kClaimJob,
                        {claim.next_run_at, claim.now, claim.instance, claim.name, slot}, "claim job");
  if (!claimed) return tl::unexpected(claimed.error());
  if (*claimed == 0) return std::nullopt;  // another instance took this run
  auto affected = work(connection);
  if (!affected) return tl::unexpected(affected.error());
  auto run = connection.Prepare(kInsertJobRun);
  if (!run) return tl::unexpected(run.error());
  run->BindText(1, claim.name);
  run->BindText(2, slot);
  run->BindText(3, claim.instance);
  run->BindText(4, claim.now);
  run->BindInt64(5, *affected);
  if (auto recorded = run->Run("record job run"); !recorded) return tl::unexpected(recorded.error());
  return *affected;
}

}  // namespace

// One run of a scheduled job, claimed once across instances (docs/storage.md, "Background jobs
// across instances"): the claim, the work and the record commit together or not at all.
Result<std::optional<std::int64_t>> RunClaimedJob(Connection& connection, const JobClaim& claim,
                                                  const JobWork& work) {
  if (auto known = Change(connection, kEnsureJob, {claim.name, claim.now}, "ensure job"); !known) {
    return tl::unexpected(known.error());
  }
  if (auto begun = connection.Exec("BEGIN IMMEDIATE", "begin job"); !begun)
    return tl::unexpected(begun.error());
  auto outcome = ClaimAndWork(connection, claim, work);
  if (outcome && outcome->has_value()) {
    if (auto committed = connection.Exec("COMMIT", "commit job"); !committed)
      outcome = tl::unexpected(committed.error());
  }
  connection.RollbackIfOpen();
  return outcome;
}

namespace {

Error DraftNotFound() { return Error{ErrorCode::kNotFound, "save draft: no such draft, or it has expired"}; }

}  // namespace

Result<std::optional<std::int64_t>> PurgeSandboxJob(Connection& connection, const JobClaim& claim,
                                                    const std::string& submitted_before) {
  return RunClaimedJob(connection, claim, [&submitted_before](Connection& c) {
    return Change(c, kPurgeSandbox, {submitted_before}, "purge sandbox");
  });
}

Result<std::optional<std::int64_t>> PurgeExpiredDraftsJob(Connection& connection, const JobClaim& claim) {
  return RunClaimedJob(connection, claim, [&claim](Connection& c) {
    return Change(c, kPurgeExpiredDrafts, {claim.now}, "purge expired drafts");
  });
}

Result<void> InsertDraft(Connection& connection, const Draft& draft) {
  auto statement = connection.Prepare(kInsertDraft);
  if (!statement) return tl::unexpected(statement.error());
  StatementBinder binder{*statement};
  BindDraft(binder, draft);
  return statement->Run("insert draft");
}

Result<std::optional<Draft>> SelectDraft(Connection& connection, const std::string& id,
                                         const std::string& now) {
  auto statement = connection.Prepare(kSelectDraft);
  if (!statement) return tl::unexpected(statement.error());
  statement->BindText(1, id);
  statement->BindText(2, now);
  int rc = statement->Step();
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) return tl::unexpected(ErrorFromSqlite(rc, "find draft", connection.handle()));
  return ReadDraft(*statement);
}

Result<void> UpdateDraft(Connection& connection, const DraftUpdate& update) {
  auto changed = Change(connection, kUpdateDraft, DraftUpdateParams(update), "save draft");
  if (!changed) return tl::unexpected(changed.error());
  if (*changed == 0) return tl::unexpected(DraftNotFound());
  return {};
}

Result<void> DeleteDraftRow(Connection& connection, const std::string& id) {
  auto deleted = Change(connection, kDeleteDraft, {id}, "delete draft");
  if (!deleted) return tl::unexpected(deleted.error());
  return {};
}

}  // namespace amtsweg::storage::sqlite
