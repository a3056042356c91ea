#pragma once
// Periodic background work of an amtsweg instance. Today one job: purging sandbox applications
// after their retention period (issue: sandbox data never lives longer than 24 hours).
//
// Every instance runs a Scheduler; the database decides which instance does a due run
// (storage::Storage::PurgeSandbox claims it by compare-and-set in the same transaction as the
// work), so with N instances each run still happens once. The scheduler only asks often
// enough: every min(period, 10 s).
//
//   jobs::Scheduler scheduler(storage, registry, {.period = 300s, .sandbox_retention = 24h});
//   scheduler.Start();
//   ...
//   scheduler.Stop();   // before storage.Close()

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "storage/storage.h"

namespace amtsweg::metrics {
class Counter;
class Registry;
}  // namespace amtsweg::metrics

namespace amtsweg::jobs {

inline constexpr char kPurgeSandboxJob[] = "purge-sandbox";

struct SchedulerOptions {
  std::chrono::seconds period{300};
  std::chrono::seconds sandbox_retention{24 * 3600};
  std::string instance;  // recorded with each run; default host:pid
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
};

// What one attempt did, for tests and the log.
struct TickResult {
  bool ran = false;         // this instance did a due run
  std::int64_t purged = 0;  // sandbox applications deleted
  std::string error;        // empty unless the attempt failed
};

class Scheduler final {
 public:
  Scheduler(storage::Storage& storage, metrics::Registry* registry, SchedulerOptions options);
  ~Scheduler();  // Stop()
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void Start();
  // Waits for a run in progress to finish; idempotent.
  void Stop();
  // One attempt, on the caller's thread (the loop calls this; tests call it directly).
  TickResult Tick();

 private:
  void Loop();

  storage::Storage& storage_;
  const SchedulerOptions options_;
  metrics::Counter* runs_ = nullptr;
  metrics::Counter* skipped_ = nullptr;
  metrics::Counter* errors_ = nullptr;
  metrics::Counter* purged_ = nullptr;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

// "host:pid", the default instance name.
std::string DefaultInstanceName();

}  // namespace amtsweg::jobs
