#pragma once
// Every statement against the domain tables, one function each, with the SQL beside it in
// sqlite_queries.cpp: this is the one place that reads and writes municipalities, offices,
// process_sources, offerings and applications. The functions run on the connection they are
// given and do not manage transactions; callers (SqliteStorage, GroupCommitWriter) do.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/sqlite_connection.h"
#include "storage/storage.h"

namespace amtsweg::storage::sqlite {

Result<std::vector<Municipality>> SelectMunicipalities(Connection& connection);
Result<std::vector<Office>> SelectOffices(Connection& connection);
Result<std::vector<ProcessSource>> SelectProcessSources(Connection& connection);
Result<std::vector<Offering>> SelectOfferings(Connection& connection);
Result<std::optional<ApplicationRecord>> SelectApplication(Connection& connection,
                                                           const std::string& reference);
Result<std::optional<ApplicationRecord>> SelectApplicationByIdempotencyKey(Connection& connection,
                                                                           const std::string& key_hash);
Result<void> SelectOne(Connection& connection);  // readiness probe

// Upserts: insert, or replace every non-key column of the existing row.
Result<void> UpsertMunicipality(Connection& connection, const Municipality& municipality);
Result<void> UpsertOffice(Connection& connection, const Office& office);
Result<void> UpsertProcessSource(Connection& connection, const ProcessSource& source);
Result<void> UpsertOffering(Connection& connection, const Offering& offering);

// Inserts with status "submitted"; kConflict if the reference exists (the statement is then
// undone, the surrounding transaction stays usable).
Result<void> InsertApplication(Connection& connection, const NewApplication& application);

// Drafts (Storage::CreateDraft … DeleteDraft). InsertDraft: kConflict if the id exists.
// UpdateDraft: kNotFound if the draft does not exist or expired before update.updated_at.
// DeleteDraftRow succeeds also when there was nothing to delete.
Result<void> InsertDraft(Connection& connection, const Draft& draft);
Result<std::optional<Draft>> SelectDraft(Connection& connection, const std::string& id,
                                         const std::string& now);
Result<void> UpdateDraft(Connection& connection, const DraftUpdate& update);
Result<void> DeleteDraftRow(Connection& connection, const std::string& id);

// Storage::PurgeSandbox and Storage::PurgeExpiredDrafts on the writer connection: each claims a
// due run and does its work in one transaction it opens and closes itself.
Result<std::optional<std::int64_t>> PurgeSandboxJob(Connection& connection, const JobClaim& claim,
                                                    const std::string& submitted_before);
Result<std::optional<std::int64_t>> PurgeExpiredDraftsJob(Connection& connection, const JobClaim& claim);

// The work of one claimed job run; returns how many rows it affected.
using JobWork = std::function<Result<std::int64_t>(Connection&)>;
// Claims a due run of `claim.name` and does `work` in the same transaction (see the jobs
// above); nullopt if the run is not due or another instance claimed it. Used by the usage jobs
// (sqlite_usage.cpp / pg_usage.cpp).
Result<std::optional<std::int64_t>> RunClaimedJob(Connection& connection, const JobClaim& claim,
                                                  const JobWork& work);

}  // namespace amtsweg::storage::sqlite
