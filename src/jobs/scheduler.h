#pragma once
// Periodic background work of an amtsweg instance: a list of jobs, each run once per period
// across all instances. Today four:
//   - purge-sandbox: sandbox applications are deleted after their retention period (sandbox
//     data never lives longer than 24 hours by default);
//   - purge-drafts: drafts of the citizen journey are deleted once their expires_at has passed
//     (each save sets it to now + --draft-retention-days);
//   - abandon-journeys: usage journeys of the process monitor without activity for
//     `abandon_after` (default 24 h) become "abandoned" and are counted once, so drop-off is
//     derived rather than recorded;
//   - purge-usage-events: raw usage events (and closed journeys) older than
//     `usage_raw_retention` (default 90 days) are deleted; the rollups the dashboards read stay.
//
// Every instance runs a Scheduler; the database decides which instance does a due run (the
// storage claims it by compare-and-set in the same transaction as the work, per job name), so
// with N instances each run still happens once. The scheduler only asks often enough: every
// min(period, 10 s), every job in turn; one job failing does not keep the others from running.
//
//   jobs::Scheduler scheduler(storage, registry, {.period = 300s, .sandbox_retention = 24h});
//   scheduler.Start();
//   ...
//   scheduler.Stop();   // before storage.Close()

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "storage/storage.h"

namespace amtsweg::metrics {
class Counter;
class Registry;
}  // namespace amtsweg::metrics

namespace amtsweg::jobs {

inline constexpr char kPurgeSandboxJob[] = "purge-sandbox";
inline constexpr char kPurgeDraftsJob[] = "purge-drafts";
inline constexpr char kAbandonJourneysJob[] = "abandon-journeys";
inline constexpr char kPurgeUsageEventsJob[] = "purge-usage-events";

struct SchedulerOptions {
  std::chrono::seconds period{300};
  std::chrono::seconds sandbox_retention{24 * 3600};
  std::chrono::seconds abandon_after{24 * 3600};             // an open journey idle this long is abandoned
  std::chrono::seconds usage_raw_retention{90 * 24 * 3600};  // raw usage events older than this go
  std::string instance;                                      // recorded with each run; default host:pid
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
};

// One periodic job. `run` claims a due run of `name` and does it (a storage call such as
// PurgeSandbox): the rows it affected, nullopt if the run was not due or another instance took
// it. `now` is the claim's time, for work that needs it as a time point.
struct Job {
  std::string name;
  std::function<storage::Result<std::optional<std::int64_t>>(const storage::JobClaim& claim,
                                                             std::chrono::system_clock::time_point now)>
      run;
  // Counter of the rows the job affected, e.g. amtsweg_sandbox_purged_total.
  std::string affected_metric;
  std::string affected_help;
};

// purge-sandbox, purge-drafts, abandon-journeys and purge-usage-events on `storage`, with the
// retention periods of `options`.
[[nodiscard]] std::vector<Job> StandardJobs(storage::Storage& storage, const SchedulerOptions& options);

// What one attempt of one job did, for tests and the log.
struct TickResult {
  std::string job;
  bool ran = false;         // this instance did a due run
  std::int64_t purged = 0;  // rows the run affected (deleted)
  std::string error;        // empty unless the attempt failed
};

class Scheduler final {
 public:
  // Runs StandardJobs(storage, options).
  Scheduler(storage::Storage& storage, metrics::Registry* registry, SchedulerOptions options);
  Scheduler(std::vector<Job> jobs, metrics::Registry* registry, SchedulerOptions options);
  ~Scheduler();  // Stop()
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void Start();
  // Waits for a run in progress to finish; idempotent.
  void Stop();
  // One attempt of every job, in order, on the caller's thread (the loop calls this; tests call
  // it directly). One result per job.
  std::vector<TickResult> Tick();

 private:
  // A job with its metric series (null without a registry).
  struct Scheduled {
    Job job;
    metrics::Counter* runs = nullptr;
    metrics::Counter* skipped = nullptr;
    metrics::Counter* errors = nullptr;
    metrics::Counter* affected = nullptr;
  };

  TickResult Attempt(Scheduled& scheduled, std::chrono::system_clock::time_point now);
  void Loop();

  const SchedulerOptions options_;
  const std::string instance_;
  std::vector<Scheduled> jobs_;  // fixed after construction; used by the loop thread or Tick's caller

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

// "host:pid", the default instance name.
std::string DefaultInstanceName();

}  // namespace amtsweg::jobs
