// The instance's periodic jobs (see scheduler.h).

#include "jobs/scheduler.h"

#include <unistd.h>

#include <iostream>

#include <nlohmann/json.hpp>

#include "metrics/metrics.h"
#include "text/time.h"

namespace amtsweg::jobs {
namespace {

constexpr std::chrono::seconds kMaxPoll{10};

void LogFailure(const std::string& job, const std::string& error) {
  std::cerr << R"({"level":"error","msg":"job failed","job":)" << nlohmann::json(job).dump() << R"(,"error":)"
            << nlohmann::json(error).dump() << "}\n";
}

void LogRun(const std::string& job, std::int64_t purged) {
  std::cerr << R"({"level":"info","msg":"job ran","job":)" << nlohmann::json(job).dump() << R"(,"purged":)"
            << purged << "}\n";
}

// Unix seconds of `now - age`, the cut-off the usage jobs pass to storage.
std::int64_t UnixSecondsBefore(std::chrono::system_clock::time_point now, std::chrono::seconds age) {
  return std::chrono::floor<std::chrono::seconds>(now - age).time_since_epoch().count();
}

}  // namespace

std::string DefaultInstanceName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(getpid());
}

std::vector<Job> StandardJobs(storage::Storage& storage, const SchedulerOptions& options) {
  const std::chrono::seconds retention = options.sandbox_retention;
  const std::chrono::seconds abandon_after = options.abandon_after;
  const std::chrono::seconds usage_retention = options.usage_raw_retention;
  return {
      Job{.name = kPurgeSandboxJob,
          .run =
              [&storage, retention](const storage::JobClaim& claim,
                                    std::chrono::system_clock::time_point now) {
                return storage.PurgeSandbox(claim, text::Rfc3339(now - retention));
              },
          .affected_metric = "amtsweg_sandbox_purged_total",
          .affected_help = "Sandbox applications deleted after their retention period"},
      Job{.name = kPurgeDraftsJob,
          .run = [&storage](
                     const storage::JobClaim& claim,
                     std::chrono::system_clock::time_point) { return storage.PurgeExpiredDrafts(claim); },
          .affected_metric = "amtsweg_drafts_purged_total",
          .affected_help = "Drafts of applications deleted after they expired"},
      Job{.name = kAbandonJourneysJob,
          .run =
              [&storage, abandon_after](const storage::JobClaim& claim,
                                        std::chrono::system_clock::time_point now) {
                return storage.MarkAbandonedJourneys(claim, UnixSecondsBefore(now, abandon_after));
              },
          .affected_metric = "amtsweg_usage_journeys_abandoned_total",
          .affected_help = "Usage journeys marked abandoned after a period without activity"},
      Job{.name = kPurgeUsageEventsJob,
          .run =
              [&storage, usage_retention](const storage::JobClaim& claim,
                                          std::chrono::system_clock::time_point now) {
                return storage.PurgeUsageEvents(claim, UnixSecondsBefore(now, usage_retention));
              },
          .affected_metric = "amtsweg_usage_events_purged_total",
          .affected_help = "Raw usage events and closed journeys deleted after their retention period"},
  };
}

Scheduler::Scheduler(storage::Storage& storage, metrics::Registry* registry, SchedulerOptions options)
    : Scheduler(StandardJobs(storage, options), registry, options) {}

Scheduler::Scheduler(std::vector<Job> jobs, metrics::Registry* registry, SchedulerOptions options)
    : options_(std::move(options)),
      instance_(options_.instance.empty() ? DefaultInstanceName() : options_.instance) {
  for (Job& job : jobs) {
    Scheduled scheduled{.job = std::move(job)};
    if (registry != nullptr) {
      auto runs = [&](const char* result) {
        return &registry->GetCounter("amtsweg_job_runs_total", "Periodic job attempts by outcome",
                                     {{"job", scheduled.job.name}, {"result", result}});
      };
      scheduled.runs = runs("ran");
      scheduled.skipped = runs("not_due");
      scheduled.errors = runs("error");
      scheduled.affected = &registry->GetCounter(scheduled.job.affected_metric, scheduled.job.affected_help);
    }
    jobs_.push_back(std::move(scheduled));
  }
}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::vector<TickResult> Scheduler::Tick() {
  std::vector<TickResult> results;
  results.reserve(jobs_.size());
  for (Scheduled& scheduled : jobs_) results.push_back(Attempt(scheduled, options_.now()));
  return results;
}

TickResult Scheduler::Attempt(Scheduled& scheduled, std::chrono::system_clock::time_point now) {
  const Job& job = scheduled.job;
  storage::JobClaim claim{
      .name = job.name,
      .now = text::Rfc3339(now),
      .next_run_at = text::Rfc3339(now + options_.period),
      .instance = instance_,
  };
  auto affected = job.run(claim, now);
  TickResult result;
  result.job = job.name;
  if (!affected) {
    result.error = affected.error().message;
    if (scheduled.errors != nullptr) scheduled.errors->Inc();
    LogFailure(job.name, result.error);
    return result;
  }
  if (!affected->has_value()) {
    if (scheduled.skipped != nullptr) scheduled.skipped->Inc();
    return result;
  }
  result.ran = true;
  result.purged = **affected;
  if (scheduled.runs != nullptr) scheduled.runs->Inc();
  if (scheduled.affected != nullptr) scheduled.affected->Inc(static_cast<double>(result.purged));
  LogRun(job.name, result.purged);
  return result;
}

void Scheduler::Loop() {
  const auto poll = std::min<std::chrono::seconds>(options_.period, kMaxPoll);
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    Tick();
    lock.lock();
    wake_.wait_for(lock, poll, [this] { return stopping_; });
  }
}

}  // namespace amtsweg::jobs
