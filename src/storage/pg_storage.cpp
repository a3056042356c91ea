// PostgresStorage and OpenPostgres (see pg_storage.h). The SQL lives in sql.h and
// pg_queries.cpp.

#include "storage/pg_storage.h"

#include <chrono>
#include <utility>

#include "metrics/metrics.h"
#include "storage/migrations.h"
#include "storage/pg_queries.h"

namespace amtsweg::storage {
namespace pg {

PostgresStorage::PostgresStorage(std::unique_ptr<Pool> readers, std::unique_ptr<Connection> writer_connection,
                                 int max_batch, WriterMetrics writer_metrics, ReaderMetrics metrics)
    : readers_(std::move(readers)),
      writer_connection_(std::move(writer_connection)),
      writer_(std::make_unique<GroupCommitWriter>(
          [connection = writer_connection_.get()](std::span<const NewApplication* const> batch) {
            return InsertBatch(*connection, batch);
          },
          max_batch, writer_metrics)),
      metrics_(metrics) {}

PostgresStorage::~PostgresStorage() { Close(); }

template <typename Query>
auto PostgresStorage::Read(metrics::Histogram* histogram, Query query)
    -> decltype(query(std::declval<Connection&>())) {
  auto start = std::chrono::steady_clock::now();
  auto result = [&] {
    Pool::Lease connection = readers_->Acquire();
    return query(*connection);
  }();
  if (histogram != nullptr) {
    histogram->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return result;
}

template <typename T, typename Job>
Result<T> PostgresStorage::Write(Job job) {
  Result<T> outcome = tl::unexpected(Error{ErrorCode::kClosed, "storage is closed"});
  auto ran = writer_->Run([&]() -> Result<void> {
    outcome = job(*writer_connection_);
    writer_connection_->RollbackIfOpen();
    return {};
  });
  if (!ran) return tl::unexpected(ran.error());
  return outcome;
}

Result<int> PostgresStorage::SchemaVersion() {
  return Read(metrics_.schema_version, [](Connection& c) { return ReadSchemaVersion(c); });
}

Result<int> PostgresStorage::Migrate() {
  return Write<int>([](Connection& c) { return ApplyMigrations(c, Migrations()); });
}

Result<void> PostgresStorage::Ping() {
  if (closed_) return tl::unexpected(Error{ErrorCode::kClosed, "storage is closed"});
  return Read(metrics_.ping, [](Connection& c) { return SelectOne(c); });
}

Result<std::vector<Municipality>> PostgresStorage::ListMunicipalities() {
  return Read(metrics_.list_municipalities, [](Connection& c) { return SelectMunicipalities(c); });
}

Result<std::vector<Office>> PostgresStorage::ListOffices() {
  return Read(metrics_.list_offices, [](Connection& c) { return SelectOffices(c); });
}

Result<std::vector<ProcessSource>> PostgresStorage::ListProcessSources() {
  return Read(metrics_.list_process_sources, [](Connection& c) { return SelectProcessSources(c); });
}

Result<std::vector<Offering>> PostgresStorage::ListOfferings() {
  return Read(metrics_.list_offerings, [](Connection& c) { return SelectOfferings(c); });
}

Result<std::optional<ApplicationRecord>> PostgresStorage::FindApplication(const std::string& reference) {
  return Read(metrics_.find_application,
              [&reference](Connection& c) { return SelectApplication(c, reference); });
}

Result<std::optional<ApplicationRecord>> PostgresStorage::FindApplicationByIdempotencyKey(
    const std::string& key_hash) {
  return Read(metrics_.find_idempotency_key,
              [&key_hash](Connection& c) { return SelectApplicationByIdempotencyKey(c, key_hash); });
}

Result<void> PostgresStorage::SaveMunicipality(const Municipality& m) {
  return Write<void>([&m](Connection& c) { return UpsertMunicipality(c, m); });
}

Result<void> PostgresStorage::SaveOffice(const Office& o) {
  return Write<void>([&o](Connection& c) { return UpsertOffice(c, o); });
}

Result<void> PostgresStorage::SaveProcessSource(const ProcessSource& s) {
  return Write<void>([&s](Connection& c) { return UpsertProcessSource(c, s); });
}

Result<void> PostgresStorage::SaveOffering(const Offering& o) {
  return Write<void>([&o](Connection& c) { return UpsertOffering(c, o); });
}

Result<std::optional<std::int64_t>> PostgresStorage::PurgeSandbox(const JobClaim& claim,
                                                                  const std::string& submitted_before) {
  return Write<std::optional<std::int64_t>>(
      [&](Connection& c) { return PurgeSandboxJob(c, claim, submitted_before); });
}

Result<std::optional<std::int64_t>> PostgresStorage::PurgeExpiredDrafts(const JobClaim& claim) {
  return Write<std::optional<std::int64_t>>([&](Connection& c) { return PurgeExpiredDraftsJob(c, claim); });
}

Result<void> PostgresStorage::CreateDraft(const Draft& draft) {
  return Write<void>([&draft](Connection& c) { return InsertDraft(c, draft); });
}

Result<std::optional<Draft>> PostgresStorage::FindDraft(const std::string& id, const std::string& now) {
  return Read(metrics_.find_draft, [&](Connection& c) { return SelectDraft(c, id, now); });
}

Result<void> PostgresStorage::SaveDraft(const DraftUpdate& update) {
  return Write<void>([&update](Connection& c) { return UpdateDraft(c, update); });
}

void PostgresStorage::SaveDraftAsync(DraftUpdate update, WriteCallback done) {
  // One autocommit UPDATE on the writer connection: durable when it returns.
  writer_->RunAsync(
      [this, update = std::move(update)]() -> Result<void> {
        Result<void> outcome = UpdateDraft(*writer_connection_, update);
        writer_connection_->RollbackIfOpen();
        return outcome;
      },
      std::move(done));
}

Result<void> PostgresStorage::DeleteDraft(const std::string& id) {
  return Write<void>([&id](Connection& c) { return DeleteDraftRow(c, id); });
}

void PostgresStorage::DeleteDraftAsync(std::string id, WriteCallback done) {
  writer_->RunAsync(
      [this, id = std::move(id)]() -> Result<void> {
        Result<void> outcome = DeleteDraftRow(*writer_connection_, id);
        writer_connection_->RollbackIfOpen();
        return outcome;
      },
      std::move(done));
}

void PostgresStorage::SubmitAsync(NewApplication application, SubmitCallback done) {
  writer_->Submit(std::move(application), std::move(done));
}

void PostgresStorage::Close() {
  closed_ = true;
  writer_->Close();
}

}  // namespace pg

Result<std::unique_ptr<Storage>> OpenPostgres(const PostgresOptions& options, metrics::Registry* registry) {
  if (options.max_batch < 1)
    return tl::unexpected(Error{ErrorCode::kInvalid, "max_batch must be at least 1"});
  if (options.reader_connections < 1) {
    return tl::unexpected(Error{ErrorCode::kInvalid, "reader_connections must be at least 1"});
  }
  auto writer = pg::Connection::Open(options.url, options.connect_timeout_s);
  if (!writer) return tl::unexpected(writer.error());
  std::vector<std::unique_ptr<pg::Connection>> readers;
  for (int i = 0; i < options.reader_connections; ++i) {
    auto reader = pg::Connection::Open(options.url, options.connect_timeout_s);
    if (!reader) return tl::unexpected(reader.error());
    readers.push_back(std::move(*reader));
  }
  return std::make_unique<pg::PostgresStorage>(std::make_unique<pg::Pool>(std::move(readers)),
                                               std::move(*writer), options.max_batch,
                                               MakeWriterMetrics(registry), MakeReaderMetrics(registry));
}

bool IsPostgresUrl(std::string_view db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

Result<std::unique_ptr<Storage>> Open(const std::string& db, metrics::Registry* registry) {
  if (IsPostgresUrl(db)) return OpenPostgres({.url = db}, registry);
  return OpenSqlite({.path = db}, registry);
}

std::string DescribeDatabase(const std::string& db) { return IsPostgresUrl(db) ? pg::RedactUrl(db) : db; }

}  // namespace amtsweg::storage
