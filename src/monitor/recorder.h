#pragma once
// The recorder: handlers hand it usage events (events.h) and go on; it never blocks a request
// on the database. Events collect in a bounded buffer; a flusher thread takes the buffer every
// `flush_interval` (or as soon as `batch_events` are waiting), pre-aggregates it (Aggregate) and
// writes it with storage::Storage::WriteUsageAsync — one transaction per batch, so ingest costs a
// few upserts per thousand events. When the buffer is full, events are dropped and counted
// (amtsweg_usage_events_dropped_total): losing a usage count is better than slowing a citizen.
//
//   monitor::Recorder recorder(storage, &registry, {});
//   recorder.Record(event);      // any thread
//   recorder.Stop();             // flushes what was accepted; before storage.Close()
//
// Metrics: amtsweg_usage_events_total{kind}, amtsweg_usage_events_dropped_total,
// amtsweg_usage_buffered_events (gauge), amtsweg_usage_flush_seconds (histogram),
// amtsweg_usage_flush_errors_total.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "storage/storage.h"
#include "storage/usage.h"

namespace amtsweg::metrics {
class Registry;
}

namespace amtsweg::monitor {

struct RecorderOptions {
  std::chrono::milliseconds flush_interval{200};
  std::size_t batch_events = 20000;    // flush early when this many are waiting
  std::size_t max_buffered = 1000000;  // beyond this, Record drops
};

class Recorder final {
 public:
  Recorder(storage::Storage& storage, metrics::Registry* registry, RecorderOptions options);
  ~Recorder();  // Stop()
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // Thread-safe, constant time (a move into the buffer under a short lock); false if dropped.
  bool Record(storage::UsageEvent event);
  // Writes everything recorded so far and waits until it is durable (tests, shutdown, simulator).
  // Returns false if a write failed.
  bool Flush();
  // Flushes and stops the flusher thread; later Record calls drop. Idempotent.
  void Stop();

  struct Stats {
    std::int64_t recorded = 0;
    std::int64_t dropped = 0;
    std::int64_t written = 0;  // durable
    std::int64_t failed = 0;   // lost in failed writes
  };
  [[nodiscard]] Stats stats() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace amtsweg::monitor
