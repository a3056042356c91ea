// The scheduler against a real (SQLite) storage: a due run purges and is counted, a run that is
// not due is skipped, and the background loop starts and stops promptly.

#include "jobs/scheduler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>

#include "metrics/metrics.h"

namespace amtsweg::jobs {
namespace {

using namespace std::chrono_literals;

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "amtsweg-jobs-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto opened = storage::OpenSqlite({.path = dir_ + "/db.sqlite"}, nullptr);
    ASSERT_TRUE(opened) << opened.error().message;
    storage_ = std::move(*opened);
    ASSERT_TRUE(storage_->Migrate());
  }
  void TearDown() override {
    if (storage_) storage_->Close();
    std::filesystem::remove_all(dir_);
  }
  void Submit(const std::string& reference, bool sandbox, const std::string& submitted_at) {
    storage::NewApplication a;
    a.reference = reference;
    a.process_id = "p";
    a.municipality_ags = "08111000";
    a.office_id = "o";
    a.data_json = "{}";
    a.access_token_hash = "h";
    a.sandbox = sandbox;
    a.submitted_at = submitted_at;
    std::promise<storage::Result<void>> done;
    storage_->SubmitAsync(a, [&](storage::Result<void> r) { done.set_value(r); });
    ASSERT_TRUE(done.get_future().get());
  }

  std::string dir_;
  std::unique_ptr<storage::Storage> storage_;
};

std::chrono::system_clock::time_point At(int hour) {
  return std::chrono::sys_days(std::chrono::year_month_day(std::chrono::year(2026), std::chrono::month(11),
                                                           std::chrono::day(30))) +
         std::chrono::hours(hour);
}

TEST_F(SchedulerTest, DueRunPurgesExpiredSandboxDataAndIsCounted) {
  Submit("OLD", true, "2026-11-29T01:00:00Z");
  Submit("FRESH", true, "2026-11-30T09:00:00Z");
  Submit("PROD", false, "2026-11-01T00:00:00Z");
  metrics::Registry registry;
  auto now = At(10);
  Scheduler scheduler(
      *storage_, &registry,
      {.period = 300s, .sandbox_retention = 24h, .instance = "t:1", .now = [&] { return now; }});
  TickResult first = scheduler.Tick();
  EXPECT_TRUE(first.ran);
  EXPECT_EQ(first.purged, 1);
  EXPECT_TRUE(first.error.empty());
  EXPECT_FALSE(storage_->FindApplication("OLD").value().has_value());
  EXPECT_TRUE(storage_->FindApplication("FRESH").value().has_value());
  EXPECT_TRUE(storage_->FindApplication("PROD").value().has_value());

  EXPECT_FALSE(scheduler.Tick().ran);  // not due again within the period
  now += 300s;
  EXPECT_TRUE(scheduler.Tick().ran);

  auto counter = [&](const char* result) {
    return registry.GetCounter("amtsweg_job_runs_total", "", {{"job", kPurgeSandboxJob}, {"result", result}})
        .Value();
  };
  EXPECT_EQ(counter("ran"), 2);
  EXPECT_EQ(counter("not_due"), 1);
  EXPECT_EQ(registry.GetCounter("amtsweg_sandbox_purged_total", "").Value(), 1);
}

TEST_F(SchedulerTest, FailureIsReportedNotThrown) {
  storage_->Close();
  metrics::Registry registry;
  Scheduler scheduler(*storage_, &registry, {.instance = "t:1"});
  TickResult result = scheduler.Tick();
  EXPECT_FALSE(result.ran);
  EXPECT_FALSE(result.error.empty());
  EXPECT_EQ(
      registry.GetCounter("amtsweg_job_runs_total", "", {{"job", kPurgeSandboxJob}, {"result", "error"}})
          .Value(),
      1);
}

TEST_F(SchedulerTest, LoopRunsAtStartAndStopsPromptly) {
  Submit("OLD", true, "2020-01-01T00:00:00Z");
  Scheduler scheduler(*storage_, nullptr, {.period = 3600s, .instance = "t:1"});
  scheduler.Start();
  for (int i = 0; i < 100 && storage_->FindApplication("OLD").value().has_value(); ++i) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_FALSE(storage_->FindApplication("OLD").value().has_value());
  auto before = std::chrono::steady_clock::now();
  scheduler.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);  // does not sleep out its poll interval
}

}  // namespace
}  // namespace amtsweg::jobs
