// Group commit on the single SQLite writer (see group_commit.h).
//
// One loop iteration: take everything queued (up to max_batch), BEGIN IMMEDIATE, insert each
// submission, COMMIT, then call back. A unique-key violation on one insert undoes only that
// statement (SQLite's statement-level rollback), so that submission gets kConflict and the
// others commit. Any other failure rolls the whole transaction back and every submission in
// it gets kIo: nothing is acknowledged that is not durable.

#include "storage/group_commit.h"

#include <chrono>

#include "metrics/metrics.h"
#include "storage/sqlite_queries.h"

namespace amtsweg::storage::sqlite {
namespace {

constexpr const char kBeginImmediate[] = "BEGIN IMMEDIATE";  // take the write lock up front
constexpr const char kCommit[] = "COMMIT";

std::vector<Result<void>> AllFailed(std::size_t count, const Error& cause) {
  Error error{ErrorCode::kIo, "batch not committed: " + cause.message};
  return std::vector<Result<void>>(count, tl::unexpected(error));
}

}  // namespace

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Connection> connection, int max_batch,
                                     WriterMetrics metrics)
    : connection_(std::move(connection)),
      max_batch_(static_cast<std::size_t>(max_batch > 0 ? max_batch : 1)),
      metrics_(metrics),
      thread_([this] { Loop(); }) {}

GroupCommitWriter::~GroupCommitWriter() { Close(); }

void GroupCommitWriter::Submit(NewApplication application, SubmitCallback done) {
  {
    std::lock_guard lock(mutex_);
    if (!closing_) {
      queue_.push_back(Submission{std::move(application), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  Result<void> closed = tl::unexpected(Error{ErrorCode::kClosed, "storage is closed"});
  CountOutcome(closed);
  done(std::move(closed));
}

Result<void> GroupCommitWriter::Run(Job job) {
  std::future<Result<void>> result;
  {
    std::lock_guard lock(mutex_);
    if (closing_) return tl::unexpected(Error{ErrorCode::kClosed, "storage is closed"});
    JobTask task{std::move(job), {}};
    result = task.result.get_future();
    queue_.push_back(std::move(task));
    wake_.notify_one();
  }
  return result.get();
}

void GroupCommitWriter::Close() {
  std::lock_guard join_lock(join_mutex_);
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_one();
  // From a callback (the writer thread itself) joining would deadlock; the loop still drains
  // the queue and ends, and the destructor, called from another thread, joins.
  if (std::this_thread::get_id() == thread_.get_id()) return;
  if (thread_.joinable()) thread_.join();
}

WriterStats GroupCommitWriter::Stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void GroupCommitWriter::Loop() {
  for (;;) {
    std::vector<Task> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return !queue_.empty() || closing_; });
      if (queue_.empty()) return;  // closing, and everything accepted has been handled
      batch = TakeBatch();
    }
    if (auto* job = std::get_if<JobTask>(&batch.front())) {
      job->result.set_value(job->job(*connection_));
      connection_->RollbackIfOpen();  // a job must not leave a transaction open for the next batch
    } else {
      CommitSubmissions(batch);
    }
  }
}

std::vector<GroupCommitWriter::Task> GroupCommitWriter::TakeBatch() {
  std::vector<Task> batch;
  if (std::holds_alternative<JobTask>(queue_.front())) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
    return batch;
  }
  while (!queue_.empty() && batch.size() < max_batch_ && std::holds_alternative<Submission>(queue_.front())) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return batch;
}

void GroupCommitWriter::CommitSubmissions(std::vector<Task>& batch) {
  auto start = std::chrono::steady_clock::now();
  std::vector<Result<void>> outcomes = InsertAll(batch);
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  if (metrics_.commit_duration != nullptr) metrics_.commit_duration->Observe(elapsed.count());
  if (metrics_.batch_size != nullptr) metrics_.batch_size->Observe(static_cast<double>(batch.size()));
  {
    std::lock_guard lock(mutex_);
    stats_.batches += 1;
    stats_.submissions += batch.size();
    stats_.largest_batch = std::max<std::uint64_t>(stats_.largest_batch, batch.size());
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    CountOutcome(outcomes[i]);
    std::get<Submission>(batch[i]).done(std::move(outcomes[i]));
  }
}

// Returns one outcome per submission; all kIo unless COMMIT succeeded.
std::vector<Result<void>> GroupCommitWriter::InsertAll(const std::vector<Task>& batch) {
  if (auto begun = connection_->Exec(kBeginImmediate, "begin batch"); !begun) {
    connection_->RollbackIfOpen();
    return AllFailed(batch.size(), begun.error());
  }
  std::vector<Result<void>> outcomes;
  outcomes.reserve(batch.size());
  for (const Task& task : batch) {
    Result<void> inserted = InsertApplication(*connection_, std::get<Submission>(task).application);
    // kConflict and kInvalid concern this row only; the statement was undone, the rest goes on.
    if (!inserted && inserted.error().code == ErrorCode::kIo) {
      connection_->RollbackIfOpen();
      return AllFailed(batch.size(), inserted.error());
    }
    outcomes.push_back(std::move(inserted));
  }
  if (auto committed = connection_->Exec(kCommit, "commit batch"); !committed) {
    connection_->RollbackIfOpen();
    return AllFailed(batch.size(), committed.error());
  }
  return outcomes;
}

void GroupCommitWriter::CountOutcome(const Result<void>& outcome) {
  metrics::Counter* counter = metrics_.submissions_ok;
  if (!outcome) {
    switch (outcome.error().code) {
      case ErrorCode::kConflict:
        counter = metrics_.submissions_conflict;
        break;
      case ErrorCode::kClosed:
        counter = metrics_.submissions_closed;
        break;
      case ErrorCode::kInvalid:
        counter = metrics_.submissions_invalid;
        break;
      case ErrorCode::kIo:
      case ErrorCode::kSchemaTooNew:
        counter = metrics_.submissions_io;
        break;
    }
  }
  if (counter != nullptr) counter->Inc();
}

}  // namespace amtsweg::storage::sqlite
