// Submissions through the group-commit writer: round trip of every field, per-item conflicts
// inside a batch, concurrency (every callback exactly once, batches larger than one), Close()
// draining, reopen, I/O failure of a whole batch, durability across a killed process, and jobs
// run asynchronously on the writer (RunAsync).

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "metrics/metrics.h"
#include "storage/group_commit.h"
#include "storage/sqlite_storage.h"
#include "storage/storage.h"
#include "storage/test_support.h"

namespace amtsweg::storage {
namespace {

using testing::Engine;
using testing::EngineName;
using testing::MakeApplication;
using testing::OptionsFor;
using testing::StatsOf;
using testing::TempDir;
using testing::TestDatabase;

std::unique_ptr<Storage> OpenMigrated(const SqliteOptions& options, metrics::Registry* registry = nullptr) {
  auto storage = OpenSqlite(options, registry);
  EXPECT_TRUE(storage) << storage.error().message;
  EXPECT_TRUE((*storage)->Migrate());
  return std::move(*storage);
}

Result<void> SubmitAndWait(Storage& storage, NewApplication application) {
  std::promise<Result<void>> done;
  auto future = done.get_future();
  storage.SubmitAsync(std::move(application), [&done](Result<void> r) { done.set_value(std::move(r)); });
  return future.get();
}

// Counts callbacks and lets a test wait until `expected` have arrived.
class CallbackLatch final {
 public:
  explicit CallbackLatch(int expected) : expected_(expected) {}
  SubmitCallback Callback(int index) {
    return [this, index](Result<void> r) {
      std::lock_guard lock(mutex_);
      outcomes_.emplace_back(index, r ? std::optional<ErrorCode>() : r.error().code);
      if (static_cast<int>(outcomes_.size()) == expected_) all_done_.notify_all();
    };
  }
  std::vector<std::pair<int, std::optional<ErrorCode>>> Wait() {
    std::unique_lock lock(mutex_);
    all_done_.wait(lock, [this] { return static_cast<int>(outcomes_.size()) >= expected_; });
    return outcomes_;
  }

 private:
  const int expected_;
  std::mutex mutex_;  // guards outcomes_
  std::condition_variable all_done_;
  std::vector<std::pair<int, std::optional<ErrorCode>>> outcomes_;  // GUARDED_BY(mutex_)
};

// Every test of this suite runs on SQLite and on PostgreSQL (the test cluster of CTest's
// `postgres` fixture), each time on a fresh database.
class SubmitTest : public testing::EngineTestBase {};

INSTANTIATE_TEST_SUITE_P(Engines, SubmitTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

TEST_P(SubmitTest, RoundTripsEveryField) {
  auto storage = Migrated();
  NewApplication sent = MakeApplication("AW-2026-000001-7");
  ASSERT_TRUE(SubmitAndWait(*storage, sent));
  auto found = storage->FindApplication(sent.reference);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_TRUE(found->has_value());
  const ApplicationRecord& record = **found;
  const NewApplication& got = record.application;
  EXPECT_EQ(record.status, "submitted");
  EXPECT_EQ(got.reference, sent.reference);
  EXPECT_EQ(got.process_id, sent.process_id);
  EXPECT_EQ(got.process_version, sent.process_version);
  EXPECT_EQ(got.variant_id, sent.variant_id);
  EXPECT_EQ(got.municipality_ags, sent.municipality_ags);
  EXPECT_EQ(got.office_id, sent.office_id);
  EXPECT_EQ(got.data_json, sent.data_json);
  EXPECT_EQ(got.fee_cents, sent.fee_cents);
  EXPECT_EQ(got.access_token_hash, sent.access_token_hash);
  EXPECT_EQ(got.sandbox, sent.sandbox);
  EXPECT_EQ(got.submitted_at, sent.submitted_at);
}

TEST_P(SubmitTest, RoundTripsAbsentVariantAndProductionFlag) {
  auto storage = Migrated();
  NewApplication sent = MakeApplication("AW-2");
  sent.variant_id.reset();
  sent.sandbox = false;
  sent.fee_cents = 9'000'000'000'000LL;  // needs 64 bits
  ASSERT_TRUE(SubmitAndWait(*storage, sent));
  auto found = storage->FindApplication("AW-2").value();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->application.variant_id, std::nullopt);
  EXPECT_FALSE(found->application.sandbox);
  EXPECT_EQ(found->application.fee_cents, 9'000'000'000'000LL);
}

TEST_P(SubmitTest, UnknownReferenceIsNotFound) {
  auto storage = Migrated();
  auto found = storage->FindApplication("does-not-exist");
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());
}

TEST_P(SubmitTest, DuplicateReferencesConflictAndAreCounted) {
  metrics::Registry registry;
  auto storage = Migrated(&registry);
  ASSERT_TRUE(SubmitAndWait(*storage, MakeApplication("AW-EXISTING")));
  CallbackLatch latch(5);
  const char* references[] = {"AW-A", "AW-EXISTING", "AW-B", "AW-A", "AW-C"};
  for (int i = 0; i < 5; ++i) storage->SubmitAsync(MakeApplication(references[i]), latch.Callback(i));
  auto outcomes = latch.Wait();
  std::map<int, std::optional<ErrorCode>> by_index(outcomes.begin(), outcomes.end());
  EXPECT_EQ(by_index[0], std::nullopt);
  EXPECT_EQ(by_index[1], ErrorCode::kConflict);
  EXPECT_EQ(by_index[2], std::nullopt);
  EXPECT_EQ(by_index[3], ErrorCode::kConflict);
  EXPECT_EQ(by_index[4], std::nullopt);
  for (const char* reference : {"AW-A", "AW-B", "AW-C", "AW-EXISTING"}) {
    EXPECT_TRUE(storage->FindApplication(reference).value().has_value()) << reference;
  }
  EXPECT_EQ(registry.GetCounter("amtsweg_db_submissions_total", "", {{"result", "conflict"}}).Value(), 2);
  EXPECT_EQ(registry.GetCounter("amtsweg_db_submissions_total", "", {{"result", "ok"}}).Value(), 4);
}

TEST_P(SubmitTest, ConflictInsideOneBatchDoesNotFailOthers) {
  // Submitting from inside a callback, which runs on the writer thread, queues all four before
  // the writer can take any, so they go into one transaction together.
  auto storage = Migrated();
  CallbackLatch latch(4);
  storage->SubmitAsync(MakeApplication("AW-FIRST"), [&](Result<void> r) {
    ASSERT_TRUE(r);
    storage->SubmitAsync(MakeApplication("AW-X"), latch.Callback(0));
    storage->SubmitAsync(MakeApplication("AW-FIRST"), latch.Callback(1));
    storage->SubmitAsync(MakeApplication("AW-X"), latch.Callback(2));
    storage->SubmitAsync(MakeApplication("AW-Y"), latch.Callback(3));
  });
  auto outcomes = latch.Wait();
  std::map<int, std::optional<ErrorCode>> by_index(outcomes.begin(), outcomes.end());
  EXPECT_EQ(by_index[0], std::nullopt);
  EXPECT_EQ(by_index[1], ErrorCode::kConflict);
  EXPECT_EQ(by_index[2], ErrorCode::kConflict);
  EXPECT_EQ(by_index[3], std::nullopt);
  WriterStats stats = StatsOf(*storage);
  EXPECT_EQ(stats.batches, 2u);  // the first alone, then the four together
  EXPECT_EQ(stats.largest_batch, 4u);
  EXPECT_TRUE(storage->FindApplication("AW-Y").value().has_value());
}

TEST_P(SubmitTest, ConcurrentSubmittersAreAllCalledBackOnceAndBatched) {
  metrics::Registry registry;
  auto storage = Migrated(&registry);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 500;
  std::vector<std::atomic<int>> calls(kThreads * kPerThread);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Each thread keeps a few submissions in flight, as an I/O thread with many clients does.
      std::vector<std::future<void>> pending;
      for (int i = 0; i < kPerThread; ++i) {
        int index = t * kPerThread + i;
        auto done = std::make_shared<std::promise<void>>();
        pending.push_back(done->get_future());
        storage->SubmitAsync(MakeApplication("AW-" + std::to_string(index)),
                             [&, index, done](Result<void> r) {
                               if (!r) failures.fetch_add(1);
                               calls[index].fetch_add(1);
                               done->set_value();
                             });
      }
      for (auto& f : pending) f.wait();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  for (int i = 0; i < kThreads * kPerThread; ++i) {
    ASSERT_EQ(calls[i].load(), 1) << i;
    ASSERT_TRUE(storage->FindApplication("AW-" + std::to_string(i)).value().has_value()) << i;
  }
  auto stats = StatsOf(*storage);
  EXPECT_EQ(stats.submissions, static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_GT(stats.largest_batch, 1u);
  EXPECT_LT(stats.batches, stats.submissions);
  auto batch_sizes = registry.GetHistogram("amtsweg_db_batch_size", "", {}, {}).Take();
  EXPECT_EQ(batch_sizes.count, stats.batches);
  EXPECT_EQ(batch_sizes.sum, static_cast<double>(kThreads * kPerThread));
}

TEST_P(SubmitTest, CloseDrainsEverythingAcceptedThenRejects) {
  auto storage = Migrated();
  constexpr int kCount = 2000;
  std::atomic<int> ok{0};
  for (int i = 0; i < kCount; ++i) {
    storage->SubmitAsync(MakeApplication("AW-" + std::to_string(i)), [&](Result<void> r) {
      if (r) ok.fetch_add(1);
    });
  }
  storage->Close();  // returns only after every accepted submission was committed and called back
  EXPECT_EQ(ok.load(), kCount);
  std::optional<ErrorCode> after_close;
  storage->SubmitAsync(MakeApplication("AW-late"), [&](Result<void> r) { after_close = r.error().code; });
  EXPECT_EQ(after_close, ErrorCode::kClosed);
  storage->Close();  // idempotent
  storage.reset();

  auto reopened = Migrated();
  EXPECT_TRUE(reopened->FindApplication("AW-0").value().has_value());
  EXPECT_TRUE(reopened->FindApplication("AW-" + std::to_string(kCount - 1)).value().has_value());
  EXPECT_FALSE(reopened->FindApplication("AW-late").value().has_value());
}

TEST_P(SubmitTest, DataSurvivesReopen) {
  {
    auto storage = Migrated();
    ASSERT_TRUE(SubmitAndWait(*storage, MakeApplication("AW-PERSIST")));
    ASSERT_TRUE(storage->SaveMunicipality({"09162000", "091620000000", "München", "Bayern"}));
  }
  auto storage = Migrated();
  EXPECT_TRUE(storage->FindApplication("AW-PERSIST").value().has_value());
  EXPECT_EQ(storage->ListMunicipalities().value().size(), 1u);
}

// RunAsync on the writer alone (an inserter that stores nothing): the caller does not wait, the
// callback comes on the writer thread in queue order with submissions, Close() drains queued
// jobs, and after Close() the callback is immediate with kClosed.
TEST(GroupCommitWriterTest, RunAsyncCallsBackOnTheWriterThreadInQueueOrder) {
  GroupCommitWriter writer(
      [](std::span<const NewApplication* const> batch) { return std::vector<Result<void>>(batch.size()); }, 8,
      {});
  std::mutex mutex;                            // guards order, callback_threads
  std::vector<std::string> order;              // GUARDED_BY(mutex)
  std::set<std::thread::id> callback_threads;  // GUARDED_BY(mutex)
  auto record = [&](const std::string& what) {
    std::lock_guard lock(mutex);
    order.push_back(what);
    callback_threads.insert(std::this_thread::get_id());
  };
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<Result<void>> last;
  writer.RunAsync(
      [gate] {
        gate.wait();  // holds the writer until the test has queued everything
        return Result<void>();
      },
      [&](Result<void> r) { record(r ? "job1 ok" : "job1 failed"); });
  writer.Submit(MakeApplication("AW-1"), [&](Result<void> r) { record(r ? "submit ok" : "submit failed"); });
  writer.RunAsync(
      [] {
        return Result<void>(tl::unexpected(Error{ErrorCode::kNotFound, "gone"}));
      },
      [&](Result<void> r) {
        record("job2");
        last.set_value(r);
      });
  {
    std::lock_guard lock(mutex);
    EXPECT_TRUE(order.empty());  // RunAsync returned although the first job is still running
  }
  release.set_value();
  writer.Close();  // drains: every queued job has been called back when it returns
  auto future = last.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(0)), std::future_status::ready);
  Result<void> outcome = future.get();
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(order, (std::vector<std::string>{"job1 ok", "submit ok", "job2"}));
  ASSERT_EQ(callback_threads.size(), 1u);
  EXPECT_NE(*callback_threads.begin(), std::this_thread::get_id());

  std::optional<ErrorCode> closed;
  std::thread::id closed_thread;
  writer.RunAsync(
      [] {
        ADD_FAILURE() << "a job queued after Close() must not run";
        return Result<void>();
      },
      [&](Result<void> r) {
        closed = r ? std::nullopt : std::optional(r.error().code);
        closed_thread = std::this_thread::get_id();
      });
  EXPECT_EQ(closed, ErrorCode::kClosed);
  EXPECT_EQ(closed_thread, std::this_thread::get_id());
  EXPECT_EQ(writer.Run([] { return Result<void>(); }).error().code, ErrorCode::kClosed);
}

TEST(SqliteSubmitTest, FullDatabaseFailsWholeBatchWithIoAndAcknowledgesNothing) {
  TempDir dir;
  SqliteOptions options = OptionsFor(dir.File("db.sqlite"));
  options.max_page_count = 96;  // 96 pages of 4 KiB: room for the schema and a few rows
  auto storage = OpenMigrated(options);
  std::string big(3000, 'x');
  int io_errors = 0;
  std::vector<std::string> acknowledged;
  for (int i = 0; i < 200 && io_errors == 0; ++i) {
    NewApplication application = MakeApplication("AW-" + std::to_string(i));
    application.data_json = big;
    auto result = SubmitAndWait(*storage, application);
    if (result) {
      acknowledged.push_back(application.reference);
    } else {
      EXPECT_EQ(result.error().code, ErrorCode::kIo) << result.error().message;
      ++io_errors;
      EXPECT_FALSE(storage->FindApplication(application.reference).value().has_value());
    }
  }
  EXPECT_EQ(io_errors, 1);
  EXPECT_FALSE(acknowledged.empty());
  for (const auto& reference : acknowledged) {
    EXPECT_TRUE(storage->FindApplication(reference).value().has_value()) << reference;
  }
  // The writer is still usable for work that fits.
  EXPECT_TRUE(storage->SaveMunicipality({"09162000", "091620000000", "München", "Bayern"}));
}

// A child process submits continuously and reports each acknowledged reference through a pipe;
// the parent SIGKILLs it mid-stream (no Close, no destructors) and then checks, after
// reopening, that every reference the child saw acknowledged is in the database.
TEST(DurabilityTest, AcknowledgedSubmissionsSurviveSigkill) {
  TempDir dir;
  std::string path = dir.File("db.sqlite");
  OpenMigrated(OptionsFor(path)).reset();
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    auto storage = OpenSqlite(OptionsFor(path), nullptr);
    if (!storage) _exit(2);
    std::mutex write_mutex;  // guards writes to the pipe from the writer thread
    for (int i = 0;; ++i) {  // runs until killed
      std::string reference = "AW-" + std::to_string(i);
      (*storage)->SubmitAsync(MakeApplication(reference), [&, reference](Result<void> r) {
        if (!r) return;
        std::lock_guard lock(write_mutex);
        std::string line = reference + "\n";
        if (write(pipe_fds[1], line.data(), line.size()) < 0) _exit(3);
      });
      if (i % 64 == 63) usleep(1000);  // let the queue drain now and then
    }
  }
  close(pipe_fds[1]);
  std::vector<std::string> acknowledged;
  std::string buffer;
  char chunk[4096];
  while (acknowledged.size() < 3000) {
    ssize_t n = read(pipe_fds[0], chunk, sizeof chunk);
    ASSERT_GT(n, 0) << "child ended early";
    buffer.append(chunk, static_cast<std::size_t>(n));
    std::size_t newline;
    while ((newline = buffer.find('\n')) != std::string::npos) {
      acknowledged.push_back(buffer.substr(0, newline));
      buffer.erase(0, newline + 1);
    }
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status));
  close(pipe_fds[0]);

  auto storage = OpenMigrated(OptionsFor(path));
  for (const auto& reference : acknowledged) {
    ASSERT_TRUE(storage->FindApplication(reference).value().has_value()) << reference;
  }
}

}  // namespace
}  // namespace amtsweg::storage
