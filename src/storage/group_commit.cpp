// Group commit (see group_commit.h). One loop iteration: take everything queued (up to
// max_batch), let the engine insert it in one transaction, then call back. Jobs queued between
// submissions run alone, in order.

#include "storage/group_commit.h"

#include <chrono>
#include <future>
#include <memory>

#include "metrics/metrics.h"

namespace amtsweg::storage {
namespace {

std::vector<double> BatchSizeBuckets() { return {1, 2, 4, 8, 16, 32, 64, 128, 256, 512}; }

}  // namespace

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
      .queued = &registry->GetGauge("amtsweg_db_writer_queue",
                                    "Writes waiting for the database writer (submissions, draft saves, usage "
                                    "batches, jobs)"),
  };
}

GroupCommitWriter::GroupCommitWriter(BatchInserter insert, int max_batch, WriterMetrics metrics)
    : insert_(std::move(insert)),
      max_batch_(static_cast<std::size_t>(max_batch > 0 ? max_batch : 1)),
      metrics_(metrics),
      thread_([this] { Loop(); }) {}

GroupCommitWriter::~GroupCommitWriter() { Close(); }

void GroupCommitWriter::Submit(NewApplication application, SubmitCallback done) {
  {
    std::lock_guard lock(mutex_);
    if (!closing_) {
      queue_.push_back(Submission{std::move(application), std::move(done)});
      if (metrics_.queued) metrics_.queued->Set(static_cast<double>(queue_.size()));
      wake_.notify_one();
      return;
    }
  }
  Result<void> closed = tl::unexpected(Error{ErrorCode::kClosed, "storage is closed"});
  CountOutcome(closed);
  done(std::move(closed));
}

Result<void> GroupCommitWriter::Run(Job job) {
  // The callback owns the promise, so its shared state outlives set_value even when this thread
  // wakes up and returns before set_value has finished.
  auto result = std::make_shared<std::promise<Result<void>>>();
  std::future<Result<void>> future = result->get_future();
  RunAsync(std::move(job), [result](Result<void> outcome) { result->set_value(std::move(outcome)); });
  return future.get();
}

void GroupCommitWriter::RunAsync(Job job, WriteCallback done) {
  {
    std::lock_guard lock(mutex_);
    if (!closing_) {
      queue_.push_back(JobTask{std::move(job), std::move(done)});
      if (metrics_.queued) metrics_.queued->Set(static_cast<double>(queue_.size()));
      wake_.notify_one();
      return;
    }
  }
  done(tl::unexpected(Error{ErrorCode::kClosed, "storage is closed"}));
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
      if (metrics_.queued) metrics_.queued->Set(static_cast<double>(queue_.size()));
    }
    if (auto* job = std::get_if<JobTask>(&batch.front())) {
      job->done(job->job());
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
  std::vector<const NewApplication*> applications;
  applications.reserve(batch.size());
  for (const Task& task : batch) applications.push_back(&std::get<Submission>(task).application);
  std::vector<Result<void>> outcomes = insert_(applications);
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
      case ErrorCode::kNotFound:
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

}  // namespace amtsweg::storage
