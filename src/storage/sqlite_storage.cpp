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

constexpr const char kQueryDurationName[] = "amtsweg_db_query_duration_seconds";
constexpr const char kQueryDurationHelp[] = "Duration of synchronous database reads";

std::vector<double> BatchSizeBuckets() { return {1, 2, 4, 8, 16, 32, 64, 128, 256, 512}; }

WriterMetrics MakeWriterMetrics(metrics::Registry* registry) {
  if (registry == nullptr) return {};
  auto submissions = [registry](const char* result) {
    return &registry->GetCounter("amtsweg_db_submissions_total", "Application submissions by outcome",
                                 {{"result", result}});
  };
  return WriterMetrics{
      .commit_duration =
          &registry->GetHistogram("amtsweg_db_commit_duration_seconds",
                                  "Duration of one group-commit transaction, BEGIN to durable COMMIT"),
      .batch_size = &registry->GetHistogram(
          "amtsweg_db_batch_size", "Submissions per group-commit transaction", {}, BatchSizeBuckets()),
      .submissions_ok = submissions("ok"),
      .submissions_conflict = submissions("conflict"),
      .submissions_invalid = submissions("invalid"),
      .submissions_io = submissions("io_error"),
      .submissions_closed = submissions("closed"),
  };
}

ReaderMetrics MakeReaderMetrics(metrics::Registry* registry) {
  if (registry == nullptr) return {};
  auto query = [registry](const char* name) {
    return &registry->GetHistogram(kQueryDurationName, kQueryDurationHelp, {{"query", name}});
  };
  return ReaderMetrics{
      .schema_version = query("schema_version"),
      .ping = query("ping"),
      .list_municipalities = query("list_municipalities"),
      .list_offices = query("list_offices"),
      .list_process_sources = query("list_process_sources"),
      .list_offerings = query("list_offerings"),
      .find_application = query("find_application"),
  };
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

SqliteStorage::SqliteStorage(std::unique_ptr<ReaderPool> readers, std::unique_ptr<GroupCommitWriter> writer,
                             ReaderMetrics metrics)
    : readers_(std::move(readers)), writer_(std::move(writer)), metrics_(metrics) {}

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
  auto ran = writer_->Run([&version](Connection& c) -> Result<void> {
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

Result<void> SqliteStorage::SaveMunicipality(const Municipality& m) {
  return writer_->Run([&m](Connection& c) { return UpsertMunicipality(c, m); });
}

Result<void> SqliteStorage::SaveOffice(const Office& o) {
  return writer_->Run([&o](Connection& c) { return UpsertOffice(c, o); });
}

Result<void> SqliteStorage::SaveProcessSource(const ProcessSource& s) {
  return writer_->Run([&s](Connection& c) { return UpsertProcessSource(c, s); });
}

Result<void> SqliteStorage::SaveOffering(const Offering& o) {
  return writer_->Run([&o](Connection& c) { return UpsertOffering(c, o); });
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
  auto writer = std::make_unique<sqlite::GroupCommitWriter>(std::move(*writer_connection), options.max_batch,
                                                            sqlite::MakeWriterMetrics(registry));
  return std::make_unique<sqlite::SqliteStorage>(std::make_unique<sqlite::ReaderPool>(std::move(readers)),
                                                 std::move(writer), sqlite::MakeReaderMetrics(registry));
}

}  // namespace amtsweg::storage
