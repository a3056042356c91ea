#pragma once
// The PostgreSQL implementation of storage::Storage. Other components use OpenPostgres() (or
// Open() with a postgresql:// URL) and the Storage interface.
//
// Threads: reads borrow a connection from a pool; submissions go through a GroupCommitWriter
// whose batches become one multi-row INSERT on the writer's own connection; catalogue writes,
// migrations and jobs run as jobs on that writer too. Several amtsweg processes may share the
// database: nothing here relies on being the only writer (unique keys decide conflicts,
// migrations take an advisory lock, jobs claim their runs by compare-and-set).

#include <atomic>
#include <memory>

#include "storage/group_commit.h"
#include "storage/pg_connection.h"
#include "storage/query_metrics.h"
#include "storage/storage.h"

namespace amtsweg::storage::pg {

class PostgresStorage final : public Storage {
 public:
  PostgresStorage(std::unique_ptr<Pool> readers, std::unique_ptr<Connection> writer_connection, int max_batch,
                  WriterMetrics writer_metrics, ReaderMetrics metrics);
  ~PostgresStorage() override;

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
  template <typename Query>
  auto Read(metrics::Histogram* histogram, Query query) -> decltype(query(std::declval<Connection&>()));
  // Runs `job` with the writer connection on the writer thread and returns what it returned.
  template <typename T, typename Job>
  Result<T> Write(Job job);

  std::unique_ptr<Pool> readers_;
  std::unique_ptr<Connection> writer_connection_;  // used only on the writer's thread
  std::unique_ptr<GroupCommitWriter> writer_;
  const ReaderMetrics metrics_;
  std::atomic<bool> closed_{false};
};

}  // namespace amtsweg::storage::pg
