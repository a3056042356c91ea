// SqliteStorage and OpenSqlite (see sqlite_storage.h): wires the reader pool, the group-commit
// writer, migrations and metrics together. The SQL itself lives in sqlite_queries.cpp and
// migrations.cpp.

#include "storage/sqlite_storage.h"

#include <chrono>
#include <utility>

#include "metrics/metrics.h"
#include "storage/migrations.h"
#include "storage/sqlite_queries.h"

namespace amtsweg::storage {
namespace sqlite {
namespace {

constexpr const char kBeginImmediate[] = "BEGIN IMMEDIATE";  // take the write lock up front
constexpr const char kCommit[] = "COMMIT";

std::vector<Result<void>> AllFailed(std::size_t count, const Error& cause) {
  Error error{ErrorCode::kIo, "batch not committed: " + cause.message};
  return std::vector<Result<void>>(count, tl::unexpected(error));
}

// One group-commit transaction: BEGIN IMMEDIATE, insert each application, COMMIT. A unique-key
// violation on one insert undoes only that statement (SQLite's statement-level rollback), so
// that submission gets kConflict and the others commit. Any other failure rolls the whole
// transaction back and every submission in it gets kIo: nothing is acknowledged that is not
// durable.
std::vector<Result<void>> InsertBatch(Connection& connection, std::span<const NewApplication* const> batch) {
  if (auto begun = connection.Exec(kBeginImmediate, "begin batch"); !begun) {
    connection.RollbackIfOpen();
    return AllFailed(batch.size(), begun.error());
  }
  std::vector<Result<void>> outcomes;
  outcomes.reserve(batch.size());
  for (const NewApplication* application : batch) {
    Result<void> inserted = InsertApplication(connection, *application);
    // kConflict and kInvalid concern this row only; the statement was undone, the rest goes on.
    if (!inserted && inserted.error().code == ErrorCode::kIo) {
      connection.RollbackIfOpen();
      return AllFailed(batch.size(), inserted.error());
    }
    outcomes.push_back(std::move(inserted));
  }
  if (auto committed = connection.Exec(kCommit, "commit batch"); !committed) {
    connection.RollbackIfOpen();
    return AllFailed(batch.size(), committed.error());
  }
  return outcomes;
}

Result<void> ValidateOptions(const SqliteOptions& options) {
  if (options.path.empty()) return tl::unexpected(Error{ErrorCode::kInvalid, "database path is empty"});
  if (options.max_batch < 1)
    return tl::unexpected(Error{ErrorCode::kInvalid, "max_batch must be at least 1"});
  if (options.reader_connections < 1) {
    return tl::unexpected(Error{ErrorCode::kInvalid, "reader_connections must be at least 1"});
  }
  return {};
}

}  // namespace

SqliteStorage::SqliteStorage(std::unique_ptr<ReaderPool> readers,
                             std::unique_ptr<Connection> writer_connection, int max_batch,
                             WriterMetrics writer_metrics, ReaderMetrics metrics)
    : readers_(std::move(readers)),
      writer_connection_(std::move(writer_connection)),
      writer_(std::make_unique<GroupCommitWriter>(
          [connection = writer_connection_.get()](std::span<const NewApplication* const> batch) {
            return InsertBatch(*connection, batch);
          },
          max_batch, writer_metrics)),
      metrics_(metrics) {}

template <typename Job>
GroupCommitWriter::Job SqliteStorage::OnWriter(Job job) {
  return [this, job = std::move(job)]() -> Result<void> {
    Result<void> outcome = job(*writer_connection_);
    writer_connection_->RollbackIfOpen();  // a job must not leave a transaction open for the next batch
    return outcome;
  };
}

template <typename Job>
Result<void> SqliteStorage::Write(Job job) {
  return writer_->Run(OnWriter(std::move(job)));
}

SqliteStorage::~SqliteStorage() { Close(); }

template <typename Query>
auto SqliteStorage::Read(metrics::Histogram* histogram, Query query)
    -> decltype(query(std::declval<Connection&>())) {
  auto start = std::chrono::steady_clock::now();
  auto result = [&] {
    ReaderPool::Lease connection = readers_->Acquire();
    return query(*connection);
  }();
  if (histogram != nullptr) {
    histogram->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return result;
}

Result<int> SqliteStorage::SchemaVersion() {
  return Read(metrics_.schema_version, [](Connection& c) { return ReadSchemaVersion(c); });
}

Result<int> SqliteStorage::Migrate() {
  Result<int> version = 0;
  auto ran = Write([&version](Connection& c) -> Result<void> {
    version = ApplyMigrations(c, Migrations());
    return {};
  });
  if (!ran) return tl::unexpected(ran.error());
  return version;
}

Result<void> SqliteStorage::Ping() {
  if (closed_) return tl::unexpected(Error{ErrorCode::kClosed, "storage is closed"});
  return Read(metrics_.ping, [](Connection& c) { return SelectOne(c); });
}

Result<std::vector<Municipality>> SqliteStorage::ListMunicipalities() {
  return Read(metrics_.list_municipalities, [](Connection& c) { return SelectMunicipalities(c); });
}

Result<std::vector<Office>> SqliteStorage::ListOffices() {
  return Read(metrics_.list_offices, [](Connection& c) { return SelectOffices(c); });
}

Result<std::vector<ProcessSource>> SqliteStorage::ListProcessSources() {
  return Read(metrics_.list_process_sources, [](Connection& c) { return SelectProcessSources(c); });
}

Result<std::vector<Offering>> SqliteStorage::ListOfferings() {
  return Read(metrics_.list_offerings, [](Connection& c) { return SelectOfferings(c); });
}

Result<std::optional<ApplicationRecord>> SqliteStorage::FindApplication(const std::string& reference) {
  return Read(metrics_.find_application,
              [&reference](Connection& c) { return SelectApplication(c, reference); });
}

Result<std::optional<ApplicationRecord>> SqliteStorage::FindApplicationByIdempotencyKey(
    const std::string& key_hash) {
  return Read(metrics_.find_idempotency_key,
              [&key_hash](Connection& c) { return SelectApplicationByIdempotencyKey(c, key_hash); });
}

Result<std::optional<std::int64_t>> SqliteStorage::PurgeSandbox(const JobClaim& claim,
                                                                const std::string& submitted_before) {
  Result<std::optional<std::int64_t>> purged = std::nullopt;
  auto ran = Write([&](Connection& c) -> Result<void> {
    purged = PurgeSandboxJob(c, claim, submitted_before);
    return {};
  });
  if (!ran) return tl::unexpected(ran.error());
  return purged;
}

Result<std::optional<std::int64_t>> SqliteStorage::PurgeExpiredDrafts(const JobClaim& claim) {
  Result<std::optional<std::int64_t>> purged = std::nullopt;
  auto ran = Write([&](Connection& c) -> Result<void> {
    purged = PurgeExpiredDraftsJob(c, claim);
    return {};
  });
  if (!ran) return tl::unexpected(ran.error());
  return purged;
}

Result<void> SqliteStorage::CreateDraft(const Draft& draft) {
  return Write([&draft](Connection& c) { return InsertDraft(c, draft); });
}

Result<std::optional<Draft>> SqliteStorage::FindDraft(const std::string& id, const std::string& now) {
  return Read(metrics_.find_draft, [&](Connection& c) { return SelectDraft(c, id, now); });
}

Result<void> SqliteStorage::SaveDraft(const DraftUpdate& update) {
  return Write([&update](Connection& c) { return UpdateDraft(c, update); });
}

void SqliteStorage::SaveDraftAsync(DraftUpdate update, WriteCallback done) {
  writer_->RunAsync(OnWriter([update = std::move(update)](Connection& c) { return UpdateDraft(c, update); }),
                    std::move(done));
}

Result<void> SqliteStorage::DeleteDraft(const std::string& id) {
  return Write([&id](Connection& c) { return DeleteDraftRow(c, id); });
}

void SqliteStorage::DeleteDraftAsync(std::string id, WriteCallback done) {
  writer_->RunAsync(OnWriter([id = std::move(id)](Connection& c) { return DeleteDraftRow(c, id); }),
                    std::move(done));
}

Result<void> SqliteStorage::SaveMunicipality(const Municipality& m) {
  return Write([&m](Connection& c) { return UpsertMunicipality(c, m); });
}

Result<void> SqliteStorage::SaveOffice(const Office& o) {
  return Write([&o](Connection& c) { return UpsertOffice(c, o); });
}

Result<void> SqliteStorage::SaveProcessSource(const ProcessSource& s) {
  return Write([&s](Connection& c) { return UpsertProcessSource(c, s); });
}

Result<void> SqliteStorage::SaveOffering(const Offering& o) {
  return Write([&o](Connection& c) { return UpsertOffering(c, o); });
}

void SqliteStorage::SubmitAsync(NewApplication application, SubmitCallback done) {
  writer_->Submit(std::move(application), std::move(done));
}

void SqliteStorage::Close() {
  closed_ = true;
  writer_->Close();
}

}  // namespace sqlite

Result<std::unique_ptr<Storage>> OpenSqlite(const SqliteOptions& options, metrics::Registry* registry) {
  if (auto valid = sqlite::ValidateOptions(options); !valid) return tl::unexpected(valid.error());
  sqlite::ConnectionOptions connection_options{
      .synchronous_full = options.synchronous_full,
      .busy_timeout_ms = options.busy_timeout_ms,
      .max_page_count = options.max_page_count,
  };
  // The writer opens first: it creates the file, switches it to WAL and creates
  // schema_migrations, so readers always find a version to read.
  auto writer_connection = sqlite::Connection::Open(options.path, connection_options);
  if (!writer_connection) return tl::unexpected(writer_connection.error());
  if (auto ensured = sqlite::EnsureMigrationsTable(**writer_connection); !ensured) {
    return tl::unexpected(ensured.error());
  }
  std::vector<std::unique_ptr<sqlite::Connection>> readers;
  connection_options.query_only = true;
  for (int i = 0; i < options.reader_connections; ++i) {
    auto reader = sqlite::Connection::Open(options.path, connection_options);
    if (!reader) return tl::unexpected(reader.error());
    readers.push_back(std::move(*reader));
  }
  return std::make_unique<sqlite::SqliteStorage>(std::make_unique<sqlite::ReaderPool>(std::move(readers)),
                                                 std::move(*writer_connection), options.max_batch,
                                                 MakeWriterMetrics(registry), MakeReaderMetrics(registry));
}

}  // namespace amtsweg::storage
