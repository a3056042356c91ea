#pragma once
// The SQLite implementation of storage::Storage. Other components use OpenSqlite() and the
// Storage interface; this header is for tests and diagnostics that need WriterStats.
//
// Threads: reads borrow a connection from a ReaderPool (safe from any number of threads);
// every write, catalogue upserts and migrations included, runs on the GroupCommitWriter's
// thread, so the database has exactly one writer connection per process.

#include <atomic>
#include <memory>
#include <string>

#include "storage/group_commit.h"
#include "storage/sqlite_connection.h"
#include "storage/storage.h"

namespace amtsweg::storage::sqlite {

// Per-query read latency series; any may be null (no registry).
struct ReaderMetrics {
  metrics::Histogram* schema_version = nullptr;
  metrics::Histogram* ping = nullptr;
  metrics::Histogram* list_municipalities = nullptr;
  metrics::Histogram* list_offices = nullptr;
  metrics::Histogram* list_process_sources = nullptr;
  metrics::Histogram* list_offerings = nullptr;
  metrics::Histogram* find_application = nullptr;
};

class SqliteStorage final : public Storage {
 public:
  SqliteStorage(std::unique_ptr<ReaderPool> readers, std::unique_ptr<GroupCommitWriter> writer,
                ReaderMetrics metrics);
  ~SqliteStorage() override;

  Result<int> SchemaVersion() override;
  Result<int> Migrate() override;
  Result<void> Ping() override;

  Result<std::vector<Municipality>> ListMunicipalities() override;
  Result<std::vector<Office>> ListOffices() override;
  Result<std::vector<ProcessSource>> ListProcessSources() override;
  Result<std::vector<Offering>> ListOfferings() override;
  Result<void> SaveMunicipality(const Municipality& m) override;
  Result<void> SaveOffice(const Office& o) override;
  Result<void> SaveProcessSource(const ProcessSource& s) override;
  Result<void> SaveOffering(const Offering& o) override;

  void SubmitAsync(NewApplication application, SubmitCallback done) override;
  Result<std::optional<ApplicationRecord>> FindApplication(const std::string& reference) override;

  void Close() override;

  WriterStats Stats() const { return writer_->Stats(); }

 private:
  // Runs `query` on a pooled reader connection and records its duration in `histogram`.
  template <typename Query>
  auto Read(metrics::Histogram* histogram, Query query) -> decltype(query(std::declval<Connection&>()));

  std::unique_ptr<ReaderPool> readers_;
  std::unique_ptr<GroupCommitWriter> writer_;
  const ReaderMetrics metrics_;
  std::atomic<bool> closed_{false};
};

}  // namespace amtsweg::storage::sqlite
