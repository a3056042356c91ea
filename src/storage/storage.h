#pragma once
// The storage interface. Domain and handler code sees only this header; SQLite
// (sqlite_storage.cpp) is the embedded default, PostgreSQL (pg_storage.cpp) the engine for
// several instances. Open() picks one by the --db value.
//
// Writes of applications go through SubmitAsync, which batches concurrent submissions into
// one transaction (group commit) and calls back only after the batch is durable (fsync), so
// an acknowledged submission survives power loss. Reads are synchronous and short. Drafts of
// applications (the citizen journey) are saved one page at a time; SaveDraftAsync does not
// keep the caller waiting for the fsync either.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "storage/usage.h"

namespace amtsweg::metrics {
class Registry;
}

namespace amtsweg::storage {

// kNotFound: the row a write names does not exist (or has expired), e.g. SaveDraft of a purged
// draft; handlers answer 404.
enum class ErrorCode { kIo, kConflict, kSchemaTooNew, kInvalid, kClosed, kNotFound };

struct Error {
  ErrorCode code;
  std::string message;  // English, for logs and operators; no personal data
};

template <typename T>
using Result = tl::expected<T, Error>;

struct Municipality {
  std::string ags;  // 8-digit Amtlicher Gemeindeschlüssel
  std::string ars;  // 12-digit Amtlicher Regionalschlüssel
  std::string name;
  std::string state;  // Land, e.g. "Bayern"
};

struct Office {
  std::string id;  // stable slug, e.g. "muenchen-kvr-hundesteuer"
  std::string municipality_ags;
  std::string name;
  std::string email;
  std::string address;
  // Roles this office fills, e.g. {"hundesteuer"}. A standard process routes to a role; each
  // municipality's office with that role receives the application.
  std::vector<std::string> roles;
};

enum class SourceKind { kStandard, kVariant };

// A process definition document as written (YAML), versioned.
struct ProcessSource {
  SourceKind kind = SourceKind::kStandard;
  std::string id;  // process id ("hund-anmelden") or variant id
  int version = 1;
  std::string yaml;
  std::string origin;  // file name it was loaded from, for error messages
};

// Municipality `ags` offers standard process `process_id`, optionally through a variant.
struct Offering {
  std::string ags;
  std::string process_id;
  std::optional<std::string> variant_id;
  std::string adopted_at;  // RFC 3339 UTC, since when (transparency registry); "" unknown
};

struct NewApplication {
  std::string reference;
  std::string process_id;
  int process_version = 1;
  std::optional<std::string> variant_id;
  std::string municipality_ags;
  std::string office_id;
  std::string data_json;  // validated answers
  std::int64_t fee_cents = 0;
  std::string access_token_hash;  // hex SHA-256 of the bearer token
  bool sandbox = false;
  std::string submitted_at;  // RFC 3339 UTC, e.g. "2026-11-30T08:00:00Z"
  // Set when the client sent an Idempotency-Key (applications/idempotency.h): the key's hash
  // (unique across applications), the request's hash, and the access token sealed so that
  // only a retry with the same key and request can read it back.
  std::optional<std::string> idempotency_key_hash;
  std::string request_hash;
  std::string sealed_access_token;
};

struct ApplicationRecord {
  NewApplication application;
  std::string status;  // "submitted", ...
};

// An application in progress (the citizen journey, issue 4). `id` is public (it is in URLs);
// only the hash of the secret that opens it is stored (applications/draft_secret.h). Times are
// RFC 3339 UTC; a draft whose expires_at has passed is gone for every reader, and the
// purge-drafts job deletes it.
struct Draft {
  std::string id;           // 16 Crockford base32 symbols
  std::string secret_hash;  // hex SHA-256 of the secret
  std::string municipality_ags;
  std::string process_id;
  int process_version = 1;
  std::optional<std::string> variant_id;
  std::string data_json;     // answers so far, the shape of the API's `data`
  std::string current_page;  // page id
  bool sandbox = false;
  std::string created_at;
  std::string updated_at;
  std::string expires_at;
  std::string journey;  // the usage journey id (usage.h); "" none
};

// What a save of a page changes in a draft.
struct DraftUpdate {
  std::string id;
  std::string data_json;
  std::string current_page;
  std::string updated_at;  // now; also the moment expiry is checked against
  std::string expires_at;  // usually updated_at + retention: saving extends the draft's life
};

// Called exactly once with the outcome of an asynchronous write, on the storage's writer thread
// after the durable commit (or failure); after Close() at once, on the caller's thread, with
// kClosed. Must be short and must not throw.
using WriteCallback = std::function<void(Result<void>)>;

// One run of a periodic job, shared by all instances on one database.
struct JobClaim {
  std::string name;         // e.g. "purge-sandbox"
  std::string now;          // RFC 3339 UTC
  std::string next_run_at;  // when the next run becomes due, if this one is claimed
  std::string instance;     // who runs it (host:pid), recorded in job_runs
};

// Called exactly once, on a storage thread, after the submission is durable or has failed.
// kConflict means the reference already exists; kIo that it was not stored. After Close() it is
// called at once, on the submitting thread, with kClosed.
using SubmitCallback = std::function<void(Result<void>)>;

class Storage {
 public:
  virtual ~Storage() = default;

  // Schema.
  [[nodiscard]] virtual Result<int> SchemaVersion() = 0;
  [[nodiscard]] virtual Result<int> Migrate() = 0;  // applies pending migrations, returns new version
  [[nodiscard]] virtual Result<void> Ping() = 0;    // readiness

  // Catalogue (read at start, written by seeding and later by the admin centre).
  [[nodiscard]] virtual Result<std::vector<Municipality>> ListMunicipalities() = 0;
  [[nodiscard]] virtual Result<std::vector<Office>> ListOffices() = 0;
  [[nodiscard]] virtual Result<std::vector<ProcessSource>> ListProcessSources() = 0;
  [[nodiscard]] virtual Result<std::vector<Offering>> ListOfferings() = 0;
  [[nodiscard]] virtual Result<void> SaveMunicipality(const Municipality& m) = 0;
  [[nodiscard]] virtual Result<void> SaveOffice(const Office& o) = 0;
  [[nodiscard]] virtual Result<void> SaveProcessSource(const ProcessSource& s) = 0;
  [[nodiscard]] virtual Result<void> SaveOffering(const Offering& o) = 0;

  // Applications.
  virtual void SubmitAsync(NewApplication application, SubmitCallback done) = 0;
  [[nodiscard]] virtual Result<std::optional<ApplicationRecord>> FindApplication(
      const std::string& reference) = 0;
  [[nodiscard]] virtual Result<std::optional<ApplicationRecord>> FindApplicationByIdempotencyKey(
      const std::string& key_hash) = 0;

  // Drafts. Writes are durable when they return (or call back). Create: kConflict if the id
  // exists. Find: nullopt if there is no draft `id` or its expires_at <= `now` (RFC 3339 UTC;
  // passed in so handlers and tests share one clock). Save: replaces data_json, current_page,
  // updated_at and expires_at; kNotFound if the draft does not exist or expired before
  // update.updated_at (an expired draft is never revived). Delete: succeeds whether or not the
  // draft existed, so a repeated submission can delete again.
  [[nodiscard]] virtual Result<void> CreateDraft(const Draft& draft) = 0;
  [[nodiscard]] virtual Result<std::optional<Draft>> FindDraft(const std::string& id,
                                                               const std::string& now) = 0;
  [[nodiscard]] virtual Result<void> SaveDraft(const DraftUpdate& update) = 0;
  // SaveDraft without waiting: `done` gets what SaveDraft would have returned. On SQLite an I/O
  // thread thus never waits for the fsync.
  virtual void SaveDraftAsync(DraftUpdate update, WriteCallback done) = 0;
  [[nodiscard]] virtual Result<void> DeleteDraft(const std::string& id) = 0;
  // Like DeleteDraft, but queued: returns at once and calls `done` on the writer thread after the
  // commit, so it may be called from a storage callback (where DeleteDraft would wait for itself).
  virtual void DeleteDraftAsync(std::string id, WriteCallback done) = 0;

  // Background jobs. If `claim.name` is due, claims it and deletes sandbox applications
  // submitted before `submitted_before`, in one transaction, and returns how many; nullopt if it
  // is not due or another instance claimed this run first. Each due run happens exactly once
  // across all instances sharing the database.
  [[nodiscard]] virtual Result<std::optional<std::int64_t>> PurgeSandbox(
      const JobClaim& claim, const std::string& submitted_before) = 0;
  // Like PurgeSandbox: if `claim.name` is due, claims it and deletes the drafts whose expires_at
  // is before claim.now; returns how many, or nullopt if not due / claimed by another instance.
  [[nodiscard]] virtual Result<std::optional<std::int64_t>> PurgeExpiredDrafts(const JobClaim& claim) = 0;

  // Process monitor (usage.h). WriteUsageAsync stores one batch in one transaction on the writer
  // (raw events inserted, rollup counts added, journeys upserted) and calls `done` after the
  // commit, like SaveDraftAsync.
  virtual void WriteUsageAsync(UsageBatch batch, WriteCallback done) = 0;
  // Sums of the rollups matching `filter`, grouped by `group_by` (in that order) and kind.
  [[nodiscard]] virtual Result<std::vector<UsageSum>> SumUsage(const UsageFilter& filter,
                                                               const std::vector<UsageGroup>& group_by) = 0;
  [[nodiscard]] virtual Result<std::vector<UsagePageSum>> SumUsagePages(const UsageFilter& filter,
                                                                        bool by_ags) = 0;
  [[nodiscard]] virtual Result<std::vector<UsageFieldSum>> SumUsageFields(const UsageFilter& filter,
                                                                          bool by_ags) = 0;
  [[nodiscard]] virtual Result<std::vector<UsageDurationSum>> SumUsageDurations(const UsageFilter& filter,
                                                                                UsageDurationGroup group) = 0;
  // Jobs (claimed like PurgeSandbox). MarkAbandonedJourneys: every open journey whose last_at is
  // before `before_at` (unix s) becomes "abandoned", and is counted once as kind "abandoned" in
  // usage_daily and, with its last page, in usage_daily_pages, on the day of its last_at.
  // PurgeUsageEvents: deletes raw events and closed (submitted/abandoned) journeys whose
  // at/last_at is before `before_at`. Both return the rows they changed.
  [[nodiscard]] virtual Result<std::optional<std::int64_t>> MarkAbandonedJourneys(const JobClaim& claim,
                                                                                  std::int64_t before_at) = 0;
  [[nodiscard]] virtual Result<std::optional<std::int64_t>> PurgeUsageEvents(const JobClaim& claim,
                                                                             std::int64_t before_at) = 0;
  // Raw events, for tests and the operator (e.g. the privacy check): at most `limit`, oldest first.
  [[nodiscard]] virtual Result<std::vector<UsageEvent>> ListUsageEvents(std::int64_t limit) = 0;
  // Paper counts: upsert by (ags, process, month); list those of `ags` (empty = all) in
  // [from_month, to_month], ordered by ags, process, month.
  [[nodiscard]] virtual Result<void> SavePaperCount(const PaperCount& count) = 0;
  [[nodiscard]] virtual Result<std::vector<PaperCount>> ListPaperCounts(const std::vector<std::string>& ags,
                                                                        std::int64_t from_month,
                                                                        std::int64_t to_month) = 0;

  // Transparency registry (usage.h). Upserts by primary key; lists ordered by key.
  [[nodiscard]] virtual Result<std::vector<RegistryProcess>> ListRegistryProcesses() = 0;
  [[nodiscard]] virtual Result<void> SaveRegistryProcess(const RegistryProcess& process) = 0;
  [[nodiscard]] virtual Result<std::vector<ExternalOffering>> ListExternalOfferings() = 0;
  [[nodiscard]] virtual Result<void> SaveExternalOffering(const ExternalOffering& offering) = 0;
  [[nodiscard]] virtual Result<void> DeleteExternalOffering(const std::string& ags,
                                                            const std::string& leika) = 0;

  // Monitor access keys (usage.h): saved once, found by the key's hash.
  [[nodiscard]] virtual Result<void> SaveMonitorAccess(const MonitorAccess& access) = 0;
  [[nodiscard]] virtual Result<std::optional<MonitorAccess>> FindMonitorAccess(
      const std::string& key_hash) = 0;

  // Stops background work after flushing what was accepted; later submits fail with kClosed.
  virtual void Close() = 0;
};

struct SqliteOptions {
  std::string path;
  bool synchronous_full = true;  // fsync on every commit (durability)
  int max_batch = 256;           // submissions per group-commit transaction
  int reader_connections = 4;
  int busy_timeout_ms = 5000;  // how long a connection waits for a lock held by another process
  // Hard cap on the database size in pages (PRAGMA max_page_count); 0 = SQLite's default. A
  // commit that would exceed it fails like a full disk (kIo), which is also how tests reach that
  // path.
  std::int64_t max_page_count = 0;
};

[[nodiscard]] Result<std::unique_ptr<Storage>> OpenSqlite(const SqliteOptions& options,
                                                          metrics::Registry* registry);

struct PostgresOptions {
  std::string url;  // postgresql://user:password@host:port/dbname?options
  int max_batch = 256;
  int reader_connections = 4;
  int connect_timeout_s = 5;
};

[[nodiscard]] Result<std::unique_ptr<Storage>> OpenPostgres(const PostgresOptions& options,
                                                            metrics::Registry* registry);

// True for postgresql:// and postgres:// URLs; anything else is a SQLite file path.
[[nodiscard]] bool IsPostgresUrl(std::string_view db);
// Opens `db` (a SQLite path or a PostgreSQL URL) with default options.
[[nodiscard]] Result<std::unique_ptr<Storage>> Open(const std::string& db, metrics::Registry* registry);
// `db` fit for messages and logs: a URL's password replaced by ***.
[[nodiscard]] std::string DescribeDatabase(const std::string& db);

}  // namespace amtsweg::storage
