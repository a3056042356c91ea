#pragma once
// Group commit, for any engine: one thread fed by a queue. Submissions that arrive while a
// commit is in flight wait in the queue and go into the next transaction together, so one
// fsync acknowledges many of them. The engine supplies how a batch is inserted (one
// transaction, one outcome per application); the writer owns queueing, batching, metrics and
// the callbacks:
//
//   GroupCommitWriter writer(
//       [&connection](std::span<const NewApplication* const> batch) { return InsertBatch(connection, batch);
//       }, 256, metrics);
//   writer.Submit(application, [](Result<void> r) { /* durable, or an error */ });
//   writer.Run([&] { return UpsertOffice(connection, office); });   // other writes, in line
//   writer.RunAsync([=] { return UpdateDraft(connection, update); }, done);   // … without waiting
//   writer.Close();   // commits what was accepted, then stops the thread
//
// The inserter and jobs run only on the writer thread, so a connection they share needs no
// lock. Callbacks run on the writer thread after COMMIT has returned (durable), outside any
// lock; they must not block for long and must not throw.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <variant>
#include <vector>

#include "storage/storage.h"

namespace amtsweg::metrics {
class Counter;
class Gauge;
class Histogram;
}  // namespace amtsweg::metrics

namespace amtsweg::storage {

// Metric series the writer updates; any may be null (no registry).
struct WriterMetrics {
  metrics::Histogram* commit_duration = nullptr;
  metrics::Histogram* batch_size = nullptr;
  metrics::Counter* submissions_ok = nullptr;
  metrics::Counter* submissions_conflict = nullptr;
  metrics::Counter* submissions_invalid = nullptr;
  metrics::Counter* submissions_io = nullptr;
  metrics::Counter* submissions_closed = nullptr;
  metrics::Gauge* queued = nullptr;  // tasks waiting for the writer (submissions, saves, usage batches)
};

// The series above in `registry` (amtsweg_db_commit_duration_seconds, amtsweg_db_batch_size,
// amtsweg_db_submissions_total{result}, amtsweg_db_writer_queue); all null without a registry.
WriterMetrics MakeWriterMetrics(metrics::Registry* registry);

// Counts since start, for tests and diagnostics.
struct WriterStats {
  std::uint64_t batches = 0;        // transactions that carried submissions
  std::uint64_t submissions = 0;    // submissions called back (any result)
  std::uint64_t largest_batch = 0;  // most submissions in one transaction
};

class GroupCommitWriter final {
 public:
  using Job = std::function<Result<void>()>;
  // Inserts every application of the batch in one transaction and returns one outcome per
  // application, in order: kConflict/kInvalid for a row that was skipped while the others
  // committed, kIo for all of them unless COMMIT succeeded.
  using BatchInserter = std::function<std::vector<Result<void>>(std::span<const NewApplication* const>)>;

  GroupCommitWriter(BatchInserter insert, int max_batch, WriterMetrics metrics);
  ~GroupCommitWriter();  // Close()
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Queues the application; `done` is called exactly once. After Close() it is called at once,
  // on the caller's thread, with kClosed.
  void Submit(NewApplication application, SubmitCallback done);
  // Runs `job` on the writer thread between batches and waits for its result; kClosed after
  // Close(). A job that opens a transaction must close it, also on failure. Must not be called
  // from the writer thread (a callback or another job): it would wait for itself.
  Result<void> Run(Job job);
  // Queues `job` like Run and returns at once; `done` gets its result on the writer thread right
  // after the job returned (for a job that commits: after the commit). After Close() `done` is
  // called at once, on the caller's thread, with kClosed. Jobs, async or not, run in queue order.
  void RunAsync(Job job, WriteCallback done);
  // Drains the queue (everything accepted is committed and called back), then stops the
  // thread. Idempotent; must not be called from a callback.
  void Close();

  WriterStats Stats() const;

 private:
  struct Submission {
    NewApplication application;
    SubmitCallback done;
  };
  struct JobTask {
    Job job;
    WriteCallback done;
  };
  using Task = std::variant<Submission, JobTask>;

  void Loop();
  // Takes either one job or up to max_batch_ submissions from the front of the queue.
  std::vector<Task> TakeBatch();  // REQUIRES: mutex_ held
  void CommitSubmissions(std::vector<Task>& batch);
  void CountOutcome(const Result<void>& outcome);

  const BatchInserter insert_;  // called only on thread_
  const std::size_t max_batch_;
  const WriterMetrics metrics_;

  mutable std::mutex mutex_;      // guards queue_, closing_, stats_
  std::condition_variable wake_;  // signalled when queue_ grows or closing_ is set
  std::deque<Task> queue_;        // GUARDED_BY(mutex_)
  bool closing_ = false;          // GUARDED_BY(mutex_)
  WriterStats stats_;             // GUARDED_BY(mutex_)

  std::mutex join_mutex_;  // serialises Close() callers around thread_.join()
  std::thread thread_;     // started last in the constructor
};

}  // namespace amtsweg::storage
