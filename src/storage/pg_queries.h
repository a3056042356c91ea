#pragma once
// The statements of sql.h on a PostgreSQL connection, and the migration runner for PostgreSQL.
// Like sqlite_queries.h, the functions run on the connection they are given; those that need a
// transaction (batch insert, jobs, migrations) open and close it themselves.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "storage/migrations.h"
#include "storage/pg_connection.h"
#include "storage/storage.h"

namespace amtsweg::storage::pg {

Result<std::vector<Municipality>> SelectMunicipalities(Connection& connection);
Result<std::vector<Office>> SelectOffices(Connection& connection);
Result<std::vector<ProcessSource>> SelectProcessSources(Connection& connection);
Result<std::vector<Offering>> SelectOfferings(Connection& connection);
Result<std::optional<ApplicationRecord>> SelectApplication(Connection& connection,
                                                           const std::string& reference);
Result<std::optional<ApplicationRecord>> SelectApplicationByIdempotencyKey(Connection& connection,
                                                                           const std::string& key_hash);
Result<void> SelectOne(Connection& connection);

Result<void> UpsertMunicipality(Connection& connection, const Municipality& municipality);
Result<void> UpsertOffice(Connection& connection, const Office& office);
Result<void> UpsertProcessSource(Connection& connection, const ProcessSource& source);
Result<void> UpsertOffering(Connection& connection, const Offering& offering);

// One group-commit batch as a single multi-row INSERT … ON CONFLICT DO NOTHING RETURNING: one
// round trip and one durable commit. A row the statement skipped (its reference or idempotency
// key exists) gets kConflict; if the statement fails on a row's data, every row is retried
// alone so that one bad row does not fail the others; any other failure is kIo for all.
std::vector<Result<void>> InsertBatch(Connection& connection, std::span<const NewApplication* const> batch);

// Drafts, as in sqlite_queries.h: InsertDraft kConflict on an existing id, UpdateDraft kNotFound
// for a missing or expired draft, DeleteDraftRow succeeds when there was nothing to delete.
Result<void> InsertDraft(Connection& connection, const Draft& draft);
Result<std::optional<Draft>> SelectDraft(Connection& connection, const std::string& id,
                                         const std::string& now);
Result<void> UpdateDraft(Connection& connection, const DraftUpdate& update);
Result<void> DeleteDraftRow(Connection& connection, const std::string& id);

// The scheduled jobs: each claims a due run and does its work in one transaction.
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

// Migrations for PostgreSQL: each step in its own transaction under a transaction-scoped
// advisory lock, so instances starting together apply every step once.
Result<int> ReadSchemaVersion(Connection& connection);
Result<int> ApplyMigrations(Connection& connection, std::span<const Migration> migrations);

}  // namespace amtsweg::storage::pg
