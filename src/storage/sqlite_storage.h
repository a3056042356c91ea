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
#include "storage/query_metrics.h"
#include "storage/sqlite_connection.h"
#include "storage/storage.h"

namespace amtsweg::storage::sqlite {

class SqliteStorage final : public Storage {
 public:
  SqliteStorage(std::unique_ptr<ReaderPool> readers, std::unique_ptr<Connection> writer_connection,
                int max_batch, WriterMetrics writer_metrics, ReaderMetrics metrics);
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
  Result<std::optional<ApplicationRecord>> FindApplicationByIdempotencyKey(
      const std::string& key_hash) override;
  Result<void> CreateDraft(const Draft& draft) override;
  Result<std::optional<Draft>> FindDraft(const std::string& id, const std::string& now) override;
  Result<void> SaveDraft(const DraftUpdate& update) override;
  void SaveDraftAsync(DraftUpdate update, WriteCallback done) override;
  Result<void> DeleteDraft(const std::string& id) override;
  void DeleteDraftAsync(std::string id, WriteCallback done) override;

  Result<std::optional<std::int64_t>> PurgeSandbox(const JobClaim& claim,
                                                   const std::string& submitted_before) override;
  Result<std::optional<std::int64_t>> PurgeExpiredDrafts(const JobClaim& claim) override;

  // Process monitor and transparency registry (storage.h, usage.h).
  void WriteUsageAsync(UsageBatch batch, WriteCallback done) override;
  Result<std::vector<UsageSum>> SumUsage(const UsageFilter& filter,
                                         const std::vector<UsageGroup>& group_by) override;
  Result<std::vector<UsagePageSum>> SumUsagePages(const UsageFilter& filter, bool by_ags) override;
  Result<std::vector<UsageFieldSum>> SumUsageFields(const UsageFilter& filter, bool by_ags) override;
  Result<std::vector<UsageDurationSum>> SumUsageDurations(const UsageFilter& filter,
                                                          UsageDurationGroup group) override;
  Result<std::optional<std::int64_t>> MarkAbandonedJourneys(const JobClaim& claim,
                                                            std::int64_t before_at) override;
  Result<std::optional<std::int64_t>> PurgeUsageEvents(const JobClaim& claim,
                                                       std::int64_t before_at) override;
  Result<std::vector<UsageEvent>> ListUsageEvents(std::int64_t limit) override;
  Result<void> SavePaperCount(const PaperCount& count) override;
  Result<std::vector<PaperCount>> ListPaperCounts(const std::vector<std::string>& ags,
                                                  std::int64_t from_month, std::int64_t to_month) override;
  Result<std::vector<RegistryProcess>> ListRegistryProcesses() override;
  Result<void> SaveRegistryProcess(const RegistryProcess& process) override;
  Result<std::vector<ExternalOffering>> ListExternalOfferings() override;
  Result<void> SaveExternalOffering(const ExternalOffering& offering) override;
  Result<void> DeleteExternalOffering(const std::string& ags, const std::string& leika) override;
  Result<void> SaveMonitorAccess(const MonitorAccess& access) override;
  Result<std::optional<MonitorAccess>> FindMonitorAccess(const std::string& key_hash) override;

  void Close() override;

  WriterStats Stats() const { return writer_->Stats(); }

 private:
  // Runs `query` on a pooled reader connection and records its duration in `histogram`.
  template <typename Query>
  auto Read(metrics::Histogram* histogram, Query query) -> decltype(query(std::declval<Connection&>()));

  // `job` with the writer connection, for the writer thread; rolls back what it left open.
  template <typename Job>
  GroupCommitWriter::Job OnWriter(Job job);
  // Runs OnWriter(job) and waits for its result.
  template <typename Job>
  Result<void> Write(Job job);

  std::unique_ptr<ReaderPool> readers_;
  std::unique_ptr<Connection> writer_connection_;  // used only on the writer's thread
  std::unique_ptr<GroupCommitWriter> writer_;
  const ReaderMetrics metrics_;
  std::atomic<bool> closed_{false};
};

}  // namespace amtsweg::storage::sqlite
