// The usage recorder (see recorder.h).
//
// One mutex guards the buffer and the counts. Record holds it for a push_back. The flusher
// thread swaps the buffer out under the lock and does everything else without it: it
// pre-aggregates the events in chunks of `batch_events` (Aggregate) and hands each chunk to
// WriteUsageAsync, at most one write in flight, so aggregating the next chunk overlaps the
// previous chunk's commit. The write's callback (on the storage's writer thread, or at once on
// the flusher after Close) updates the counts and wakes Flush callers; it notifies while still
// holding the lock, so the State cannot be destroyed under it.
//
// amtsweg_usage_events_total{kind} is counted by the flusher from each batch's daily rollup (a
// few rows instead of one count per event), so it trails Record by at most a flush interval.

#include "monitor/recorder.h"

#include <array>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "metrics/metrics.h"
#include "monitor/events.h"

namespace amtsweg::monitor {
namespace {

constexpr std::size_t kKinds = static_cast<std::size_t>(Kind::kAbandoned) + 1;

// Splits `events` into chunks of at most `size` (moving, not copying, the events).
std::vector<std::vector<storage::UsageEvent>> Chunks(std::vector<storage::UsageEvent> events,
                                                     std::size_t size) {
  std::vector<std::vector<storage::UsageEvent>> chunks;
  if (events.size() <= size) {
    chunks.push_back(std::move(events));
    return chunks;
  }
  for (std::size_t begin = 0; begin < events.size(); begin += size) {
    const std::size_t end = std::min(events.size(), begin + size);
    chunks.emplace_back(std::make_move_iterator(events.begin() + static_cast<std::ptrdiff_t>(begin)),
                        std::make_move_iterator(events.begin() + static_cast<std::ptrdiff_t>(end)));
  }
  return chunks;
}

}  // namespace

struct Recorder::State {
  State(storage::Storage& storage_in, RecorderOptions options_in) : storage(storage_in), options(options_in) {
    if (options.batch_events == 0) options.batch_events = 1;
  }

  void RegisterMetrics(metrics::Registry& registry) {
    for (std::size_t i = 0; i < kKinds; ++i) {
      events_total[i] =
          &registry.GetCounter("amtsweg_usage_events_total", "Usage events accepted by the recorder",
                               {{"kind", KindName(static_cast<Kind>(i))}});
    }
    dropped_total =
        &registry.GetCounter("amtsweg_usage_events_dropped_total",
                             "Usage events dropped because the buffer was full or the recorder stopped");
    buffered = &registry.GetGauge("amtsweg_usage_buffered_events", "Usage events waiting to be written");
    flush_seconds = &registry.GetHistogram("amtsweg_usage_flush_seconds",
                                           "Time from taking a batch of usage events to its durable commit");
    flush_errors =
        &registry.GetCounter("amtsweg_usage_flush_errors_total", "Usage batches that failed to be written");
  }

  void Loop();
  void Write(std::vector<storage::UsageEvent> chunk);
  void CountKinds(const storage::UsageBatch& batch) const;

  storage::Storage& storage;
  RecorderOptions options;

  // Metric series, looked up once; all null without a registry.
  std::array<metrics::Counter*, kKinds> events_total{};
  metrics::Counter* dropped_total = nullptr;
  metrics::Gauge* buffered = nullptr;
  metrics::Histogram* flush_seconds = nullptr;
  metrics::Counter* flush_errors = nullptr;

  std::mutex mutex;
  std::condition_variable wake;             // the flusher: a batch is full, a flush is asked, stopping
  std::condition_variable progress;         // a write finished
  std::vector<storage::UsageEvent> buffer;  // GUARDED_BY(mutex)
  bool flush_wanted = false;                // GUARDED_BY(mutex)
  bool stopping = false;                    // GUARDED_BY(mutex); Record drops from now on
  bool write_in_flight = false;             // GUARDED_BY(mutex)
  Stats stats;                              // GUARDED_BY(mutex)
  std::thread flusher;
};

void Recorder::State::Loop() {
  std::unique_lock lock(mutex);
  for (;;) {
    wake.wait_for(lock, options.flush_interval,
                  [this] { return stopping || flush_wanted || buffer.size() >= options.batch_events; });
    flush_wanted = false;
    if (buffer.empty()) {
      if (stopping) break;
      continue;
    }
    std::vector<storage::UsageEvent> events = std::move(buffer);
    buffer = {};
    if (buffered != nullptr) buffered->Set(0);
    lock.unlock();
    for (auto& chunk : Chunks(std::move(events), options.batch_events)) Write(std::move(chunk));
    lock.lock();
  }
  progress.wait(lock, [this] { return !write_in_flight; });
}

// REQUIRES: called on the flusher thread, mutex not held.
void Recorder::State::Write(std::vector<storage::UsageEvent> chunk) {
  const auto taken = std::chrono::steady_clock::now();
  const auto count = static_cast<std::int64_t>(chunk.size());
  storage::UsageBatch batch = Aggregate(std::move(chunk));
  CountKinds(batch);
  {
    std::unique_lock lock(mutex);
    progress.wait(lock, [this] { return !write_in_flight; });
    write_in_flight = true;
  }
  storage.WriteUsageAsync(std::move(batch), [this, count, taken](storage::Result<void> result) {
    std::lock_guard lock(mutex);
    write_in_flight = false;
    if (result) {
      stats.written += count;
    } else {
      stats.failed += count;
      if (flush_errors != nullptr) flush_errors->Inc();
    }
    if (flush_seconds != nullptr)
      flush_seconds->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - taken).count());
    progress.notify_all();  // under the lock: once it is released, the State may be gone
  });
}

// Accepted events per kind, from the batch's daily rollup (fewer rows than events).
void Recorder::State::CountKinds(const storage::UsageBatch& batch) const {
  if (events_total[0] == nullptr) return;
  for (const storage::UsageDailyCount& row : batch.daily) {
    if (auto kind = KindFromName(row.kind))
      events_total[static_cast<std::size_t>(*kind)]->Inc(static_cast<double>(row.count));
  }
}

Recorder::Recorder(storage::Storage& storage, metrics::Registry* registry, RecorderOptions options)
    : state_(std::make_unique<State>(storage, options)) {
  if (registry != nullptr) state_->RegisterMetrics(*registry);
  state_->flusher = std::thread([state = state_.get()] { state->Loop(); });
}

Recorder::~Recorder() { Stop(); }

bool Recorder::Record(storage::UsageEvent event) {
  State& s = *state_;
  std::unique_lock lock(s.mutex);
  if (s.stopping || s.buffer.size() >= s.options.max_buffered) {
    ++s.stats.dropped;
    lock.unlock();
    if (s.dropped_total != nullptr) s.dropped_total->Inc();
    return false;
  }
  s.buffer.push_back(std::move(event));
  ++s.stats.recorded;
  const std::size_t size = s.buffer.size();
  lock.unlock();
  if (s.buffered != nullptr) s.buffered->Set(static_cast<double>(size));
  if (size == s.options.batch_events) s.wake.notify_one();
  return true;
}

bool Recorder::Flush() {
  State& s = *state_;
  std::unique_lock lock(s.mutex);
  const std::int64_t target = s.stats.recorded;
  const std::int64_t failed_before = s.stats.failed;
  s.flush_wanted = true;
  s.wake.notify_one();
  // After Stop the flusher has written everything that was accepted, so the target is met.
  s.progress.wait(lock, [&] { return s.stats.written + s.stats.failed >= target; });
  return s.stats.failed == failed_before;
}

void Recorder::Stop() {
  State& s = *state_;
  {
    std::lock_guard lock(s.mutex);
    s.stopping = true;
  }
  s.wake.notify_one();
  if (s.flusher.joinable()) s.flusher.join();
}

Recorder::Stats Recorder::stats() const {
  std::lock_guard lock(state_->mutex);
  return state_->stats;
}

}  // namespace amtsweg::monitor
