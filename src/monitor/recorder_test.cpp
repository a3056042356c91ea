// The recorder against a real SQLite storage: events recorded on any thread become durable
// rows after Flush; a full batch is written without waiting for the interval; a full buffer
// drops and counts; failed writes (a closed storage) are counted, not thrown; Stop flushes, is
// idempotent, and later events are dropped. Also prints how many Record calls per second two
// threads manage (information, not an assertion).

#include "monitor/recorder.h"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "metrics/metrics.h"
#include "monitor/events.h"
#include "storage/test_support.h"

namespace amtsweg::monitor {
namespace {

using namespace std::chrono_literals;

class RecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::OpenSqlite({.path = dir_.File("db.sqlite")}, nullptr);
    ASSERT_TRUE(opened) << opened.error().message;
    storage_ = std::move(*opened);
    ASSERT_TRUE(storage_->Migrate());
  }
  void TearDown() override { storage_->Close(); }

  static storage::UsageEvent Event(Kind kind, int i = 0) {
    const ProcessRef process{.ags = "08111000", .process = "hund-anmelden", .version = 1, .variant = ""};
    const auto at = std::chrono::sys_days(std::chrono::year_month_day(
                        std::chrono::year(2026), std::chrono::month(11), std::chrono::day(30))) +
                    std::chrono::seconds(i);
    return MakeEvent(kind, process, Device::kPhone, Channel::kWeb, "j" + std::to_string(i % 100), at,
                     "halter");
  }

  static double Metric(metrics::Registry& registry, const char* name, const metrics::Labels& labels = {}) {
    return registry.GetCounter(name, "", labels).Value();
  }

  storage::testing::TempDir dir_;
  std::unique_ptr<storage::Storage> storage_;
};

TEST_F(RecorderTest, FlushMakesRecordedEventsDurable) {
  metrics::Registry registry;
  Recorder recorder(*storage_, &registry, {.flush_interval = 1h});
  for (int i = 0; i < 250; ++i)
    EXPECT_TRUE(recorder.Record(Event(i % 5 == 0 ? Kind::kStarted : Kind::kPageCompleted, i)));
  ASSERT_TRUE(recorder.Flush());
  Recorder::Stats stats = recorder.stats();
  EXPECT_EQ(stats.recorded, 250);
  EXPECT_EQ(stats.written, 250);
  EXPECT_EQ(stats.failed, 0);
  EXPECT_EQ(stats.dropped, 0);
  auto rows = storage_->ListUsageEvents(1000);
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(rows->size(), 250u);
  EXPECT_EQ(Metric(registry, "amtsweg_usage_events_total", {{"kind", "started"}}), 50);
  EXPECT_EQ(Metric(registry, "amtsweg_usage_events_total", {{"kind", "page_completed"}}), 200);
  EXPECT_EQ(registry.GetHistogram("amtsweg_usage_flush_seconds", "").Take().count, 1u);
  EXPECT_TRUE(recorder.Flush());  // nothing new: returns at once
}

TEST_F(RecorderTest, AFullBatchIsWrittenWithoutWaitingForTheInterval) {
  Recorder recorder(*storage_, nullptr, {.flush_interval = 1h, .batch_events = 10});
  for (int i = 0; i < 10; ++i) recorder.Record(Event(Kind::kStarted, i));
  for (int i = 0; i < 500 && recorder.stats().written + recorder.stats().failed < 10; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(recorder.stats().written, 10);
}

TEST_F(RecorderTest, TheIntervalFlushesAPartialBatch) {
  Recorder recorder(*storage_, nullptr, {.flush_interval = 20ms});
  recorder.Record(Event(Kind::kStarted));
  for (int i = 0; i < 500 && recorder.stats().written + recorder.stats().failed < 1; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(recorder.stats().written, 1);
}

TEST_F(RecorderTest, AFullBufferDropsAndCounts) {
  metrics::Registry registry;
  Recorder recorder(*storage_, &registry, {.flush_interval = 1h, .batch_events = 100, .max_buffered = 3});
  EXPECT_TRUE(recorder.Record(Event(Kind::kStarted, 1)));
  EXPECT_TRUE(recorder.Record(Event(Kind::kStarted, 2)));
  EXPECT_TRUE(recorder.Record(Event(Kind::kStarted, 3)));
  EXPECT_FALSE(recorder.Record(Event(Kind::kStarted, 4)));
  EXPECT_FALSE(recorder.Record(Event(Kind::kStarted, 5)));
  EXPECT_EQ(registry.GetGauge("amtsweg_usage_buffered_events", "").Value(), 3);
  EXPECT_EQ(Metric(registry, "amtsweg_usage_events_dropped_total"), 2);
  EXPECT_TRUE(recorder.Flush());
  EXPECT_EQ(registry.GetGauge("amtsweg_usage_buffered_events", "").Value(), 0);
  EXPECT_TRUE(recorder.Record(Event(Kind::kStarted, 6)));  // room again
  Recorder::Stats stats = recorder.stats();
  EXPECT_EQ(stats.recorded, 4);
  EXPECT_EQ(stats.dropped, 2);
  EXPECT_EQ(stats.written, 3);
}

TEST_F(RecorderTest, FailedWritesAreCountedNotThrown) {
  metrics::Registry registry;
  Recorder recorder(*storage_, &registry, {.flush_interval = 1h});
  storage_->Close();  // every write now fails with kClosed
  for (int i = 0; i < 100; ++i) recorder.Record(Event(Kind::kStarted, i));
  EXPECT_FALSE(recorder.Flush());
  Recorder::Stats stats = recorder.stats();
  EXPECT_EQ(stats.recorded, 100);
  EXPECT_EQ(stats.written, 0);
  EXPECT_EQ(stats.failed, 100);
  EXPECT_EQ(Metric(registry, "amtsweg_usage_flush_errors_total"), 1);  // one batch
}

TEST_F(RecorderTest, StopFlushesIsIdempotentAndLaterEventsDrop) {
  Recorder recorder(*storage_, nullptr, {.flush_interval = 1h});
  for (int i = 0; i < 7; ++i) recorder.Record(Event(Kind::kResumed, i));
  recorder.Stop();
  EXPECT_EQ(recorder.stats().written, 7);
  recorder.Stop();
  EXPECT_FALSE(recorder.Record(Event(Kind::kResumed)));
  EXPECT_EQ(recorder.stats().dropped, 1);
  EXPECT_TRUE(recorder.Flush());  // nothing pending; does not wait for a stopped flusher
  auto rows = storage_->ListUsageEvents(100);
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(rows->size(), 7u);
}

TEST_F(RecorderTest, TwoThreadsRecordConcurrently) {
  constexpr int kPerThread = 200'000;
  Recorder recorder(*storage_, nullptr,
                    {.flush_interval = 1h, .batch_events = 1'000'000, .max_buffered = 1'000'000});
  std::vector<storage::UsageEvent> prepared;
  for (int i = 0; i < kPerThread; ++i) prepared.push_back(Event(Kind::kPageCompleted, i));
  auto start = std::chrono::steady_clock::now();
  auto record = [&] {
    for (const storage::UsageEvent& event : prepared) recorder.Record(event);
  };
  std::thread a(record);
  std::thread b(record);
  a.join();
  b.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ info ] Record() from 2 threads: " << static_cast<std::int64_t>(2 * kPerThread / seconds)
            << " calls/s (each copies a prepared event)\n";
  EXPECT_EQ(recorder.stats().recorded, 2 * kPerThread);
  EXPECT_TRUE(recorder.Flush());
  EXPECT_EQ(recorder.stats().written, 2 * kPerThread);
}

}  // namespace
}  // namespace amtsweg::monitor
