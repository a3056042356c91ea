// The scheduler against a real (SQLite) storage: the standard jobs (purge-sandbox, purge-drafts,
// abandon-journeys, purge-usage-events) run when due, each under its own claim and counted per
// job; a run that is not due is skipped; one failing job does not stop the others; the background
// loop starts and stops promptly.

#include "jobs/scheduler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>

#include "metrics/metrics.h"
#include "text/time.h"

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

  void CreateDraft(const std::string& id, const std::string& expires_at) {
    storage::Draft d;
    d.id = id;
    d.secret_hash = "h";
    d.municipality_ags = "08111000";
    d.process_id = "p";
    d.data_json = "{}";
    d.current_page = "start";
    d.created_at = d.updated_at = "2026-11-01T00:00:00Z";
    d.expires_at = expires_at;
    auto created = storage_->CreateDraft(d);
    ASSERT_TRUE(created) << created.error().message;
  }

  // One usage event of `journey` (state `state`) at `at`, written as its own batch.
  void WriteJourney(const std::string& journey, std::chrono::system_clock::time_point at, const char* state) {
    const std::int64_t unix_s = std::chrono::floor<std::chrono::seconds>(at).time_since_epoch().count();
    const std::int64_t day = text::GermanDay(unix_s);
    storage::UsageKey key{.ags = "08111000",
                          .process = "p",
                          .day = day,
                          .month = text::MonthOfDay(day),
                          .version = 1,
                          .variant = "",
                          .device = "phone"};
    storage::UsageBatch batch;
    storage::UsageEvent event;
    event.at = unix_s;
    event.kind = std::string(state) == "submitted" ? "submitted" : "page_completed";
    event.ags = key.ags;
    event.process = key.process;
    event.page = "start";
    event.device = key.device;
    event.channel = "web";
    event.journey = journey;
    batch.events.push_back(event);
    batch.daily.push_back({.key = key, .channel = "web", .kind = event.kind, .count = 1});
    batch.journeys.push_back({.journey = journey,
                              .key = key,
                              .channel = "web",
                              .first_at = unix_s,
                              .last_at = unix_s,
                              .last_page = "start",
                              .state = state});
    std::promise<storage::Result<void>> done;
    storage_->WriteUsageAsync(std::move(batch), [&](storage::Result<void> r) { done.set_value(r); });
    auto written = done.get_future().get();
    ASSERT_TRUE(written) << written.error().message;
  }

  std::string dir_;
  std::unique_ptr<storage::Storage> storage_;
};

std::chrono::system_clock::time_point At(int hour) {
  return std::chrono::sys_days(std::chrono::year_month_day(std::chrono::year(2026), std::chrono::month(11),
                                                           std::chrono::day(30))) +
         std::chrono::hours(hour);
}

double JobRuns(metrics::Registry& registry, const char* job, const char* result) {
  return registry.GetCounter("amtsweg_job_runs_total", "", {{"job", job}, {"result", result}}).Value();
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
  std::vector<TickResult> first = scheduler.Tick();
  ASSERT_EQ(first.size(), 4u);
  EXPECT_EQ(first[0].job, kPurgeSandboxJob);
  EXPECT_TRUE(first[0].ran);
  EXPECT_EQ(first[0].purged, 1);
  EXPECT_TRUE(first[0].error.empty());
  EXPECT_FALSE(storage_->FindApplication("OLD").value().has_value());
  EXPECT_TRUE(storage_->FindApplication("FRESH").value().has_value());
  EXPECT_TRUE(storage_->FindApplication("PROD").value().has_value());

  EXPECT_FALSE(scheduler.Tick()[0].ran);  // not due again within the period
  now += 300s;
  EXPECT_TRUE(scheduler.Tick()[0].ran);

  EXPECT_EQ(JobRuns(registry, kPurgeSandboxJob, "ran"), 2);
  EXPECT_EQ(JobRuns(registry, kPurgeSandboxJob, "not_due"), 1);
  EXPECT_EQ(registry.GetCounter("amtsweg_sandbox_purged_total", "").Value(), 1);
}

TEST_F(SchedulerTest, BothJobsRunUnderTheirOwnClaimsAndAreCountedPerJob) {
  Submit("OLD", true, "2026-11-29T01:00:00Z");
  CreateDraft("EXPIRED000000001", "2026-11-30T09:00:00Z");
  CreateDraft("EXPIRED000000002", "2026-11-30T09:59:59Z");
  CreateDraft("ALIVE00000000001", "2026-12-30T10:00:00Z");
  metrics::Registry registry;
  auto now = At(10);
  Scheduler scheduler(*storage_, &registry, {.period = 300s, .instance = "t:1", .now = [&] { return now; }});

  std::vector<TickResult> first = scheduler.Tick();
  ASSERT_EQ(first.size(), 4u);
  EXPECT_EQ(first[1].job, kPurgeDraftsJob);
  EXPECT_TRUE(first[0].ran);
  EXPECT_TRUE(first[1].ran);
  EXPECT_EQ(first[0].purged, 1);
  EXPECT_EQ(first[1].purged, 2);
  EXPECT_FALSE(storage_->FindDraft("EXPIRED000000001", "2026-01-01T00:00:00Z").value().has_value());
  EXPECT_FALSE(storage_->FindDraft("EXPIRED000000002", "2026-01-01T00:00:00Z").value().has_value());
  EXPECT_TRUE(storage_->FindDraft("ALIVE00000000001", "2026-01-01T00:00:00Z").value().has_value());

  // Within the period neither is due; a draft that expires meanwhile waits for the next run.
  CreateDraft("EXPIRED000000003", "2026-11-30T10:01:00Z");
  now += 299s;
  for (const TickResult& result : scheduler.Tick()) EXPECT_FALSE(result.ran) << result.job;
  now += 1s;
  std::vector<TickResult> second = scheduler.Tick();
  EXPECT_TRUE(second[0].ran);
  EXPECT_TRUE(second[1].ran);
  EXPECT_EQ(second[1].purged, 1);

  EXPECT_EQ(JobRuns(registry, kPurgeDraftsJob, "ran"), 2);
  EXPECT_EQ(JobRuns(registry, kPurgeDraftsJob, "not_due"), 1);
  EXPECT_EQ(JobRuns(registry, kPurgeSandboxJob, "ran"), 2);
  EXPECT_EQ(registry.GetCounter("amtsweg_drafts_purged_total", "").Value(), 3);
  EXPECT_EQ(registry.GetCounter("amtsweg_sandbox_purged_total", "").Value(), 1);
}

TEST_F(SchedulerTest, UsageJobsAbandonIdleJourneysAndPurgeOldRawEvents) {
  auto now = At(10);
  WriteJourney("idle-for-25-hours", now - 25h, "open");
  WriteJourney("idle-for-23-hours", now - 23h, "open");
  WriteJourney("submitted-yesterday", now - 25h, "submitted");
  WriteJourney("idle-for-100-days", now - 100 * 24h, "open");
  metrics::Registry registry;
  Scheduler scheduler(
      *storage_, &registry,
      {.period = 300s, .abandon_after = 24h, .usage_raw_retention = 90 * 24h, .instance = "t:1", .now = [&] {
         return now;
       }});
  std::vector<TickResult> first = scheduler.Tick();
  ASSERT_EQ(first.size(), 4u);
  EXPECT_EQ(first[2].job, kAbandonJourneysJob);
  EXPECT_EQ(first[3].job, kPurgeUsageEventsJob);
  EXPECT_TRUE(first[2].ran);
  EXPECT_EQ(first[2].purged, 2);  // idle for 25 hours and for 100 days; not the submitted one
  EXPECT_TRUE(first[3].ran);
  // The 100-day-old raw event and its (now abandoned, so closed) journey.
  EXPECT_EQ(first[3].purged, 2);
  auto events = storage_->ListUsageEvents(100);
  ASSERT_TRUE(events) << events.error().message;
  ASSERT_EQ(events->size(), 3u);
  for (const auto& event : *events) EXPECT_NE(event.journey, "idle-for-100-days");
  // Abandonment is counted once, in the rollups, on the day of the journey's last activity.
  storage::UsageFilter filter;
  filter.from_day = text::GermanDay(0);
  filter.to_day = text::GermanDay(std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count());
  auto sums = storage_->SumUsage(filter, {});
  ASSERT_TRUE(sums) << sums.error().message;
  std::int64_t abandoned = 0;
  for (const auto& sum : *sums)
    if (sum.kind == "abandoned") abandoned += sum.count;
  EXPECT_EQ(abandoned, 2);

  // The next run, a period later, finds the 23-hour journey idle for 24 h 5 min now.
  now += 300s + 1h;
  std::vector<TickResult> second = scheduler.Tick();
  EXPECT_TRUE(second[2].ran);
  EXPECT_EQ(second[2].purged, 1);
  EXPECT_EQ(registry.GetCounter("amtsweg_usage_journeys_abandoned_total", "").Value(), 3);
  EXPECT_EQ(registry.GetCounter("amtsweg_usage_events_purged_total", "").Value(), 2);
  EXPECT_EQ(JobRuns(registry, kAbandonJourneysJob, "ran"), 2);
}

TEST_F(SchedulerTest, OneFailingJobDoesNotStopTheOthers) {
  int second_runs = 0;
  std::vector<Job> jobs{
      Job{.name = "always-fails",
          .run = [](const storage::JobClaim&,
                    std::chrono::system_clock::time_point) -> storage::Result<std::optional<std::int64_t>> {
            return tl::unexpected(storage::Error{storage::ErrorCode::kIo, "disk on fire"});
          },
          .affected_metric = "test_fails_affected_total",
          .affected_help = "test"},
      Job{.name = "counts",
          .run = [&second_runs](const storage::JobClaim& claim, std::chrono::system_clock::time_point)
              -> storage::Result<std::optional<std::int64_t>> {
            EXPECT_EQ(claim.name, "counts");
            EXPECT_EQ(claim.instance, "t:1");
            return std::optional<std::int64_t>(++second_runs);
          },
          .affected_metric = "test_counts_affected_total",
          .affected_help = "test"},
  };
  metrics::Registry registry;
  Scheduler scheduler(std::move(jobs), &registry, {.instance = "t:1"});
  std::vector<TickResult> results = scheduler.Tick();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].error, "disk on fire");
  EXPECT_TRUE(results[1].ran);
  EXPECT_EQ(second_runs, 1);
  EXPECT_EQ(JobRuns(registry, "always-fails", "error"), 1);
  EXPECT_EQ(JobRuns(registry, "counts", "ran"), 1);
  EXPECT_EQ(registry.GetCounter("test_counts_affected_total", "").Value(), 1);
}

TEST_F(SchedulerTest, FailureIsReportedNotThrown) {
  storage_->Close();
  metrics::Registry registry;
  Scheduler scheduler(*storage_, &registry, {.instance = "t:1"});
  std::vector<TickResult> results = scheduler.Tick();
  ASSERT_EQ(results.size(), 4u);
  for (const TickResult& result : results) {
    EXPECT_FALSE(result.ran) << result.job;
    EXPECT_FALSE(result.error.empty()) << result.job;
  }
  EXPECT_EQ(JobRuns(registry, kPurgeSandboxJob, "error"), 1);
  EXPECT_EQ(JobRuns(registry, kPurgeDraftsJob, "error"), 1);
  EXPECT_EQ(JobRuns(registry, kAbandonJourneysJob, "error"), 1);
  EXPECT_EQ(JobRuns(registry, kPurgeUsageEventsJob, "error"), 1);
}

TEST_F(SchedulerTest, LoopRunsAtStartAndStopsPromptly) {
  Submit("OLD", true, "2020-01-01T00:00:00Z");
  CreateDraft("EXPIRED000000001", "2020-01-01T00:00:00Z");
  Scheduler scheduler(*storage_, nullptr, {.period = 3600s, .instance = "t:1"});
  scheduler.Start();
  auto draft_left = [&] { return storage_->FindDraft("EXPIRED000000001", "2000-01-01T00:00:00Z").value(); };
  for (int i = 0; i < 100 && (storage_->FindApplication("OLD").value().has_value() || draft_left()); ++i) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_FALSE(storage_->FindApplication("OLD").value().has_value());
  EXPECT_FALSE(draft_left().has_value());
  auto before = std::chrono::steady_clock::now();
  scheduler.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);  // does not sleep out its poll interval
}

}  // namespace
}  // namespace amtsweg::jobs
