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

}  // namespace

std::string DefaultInstanceName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(getpid());
}

Scheduler::Scheduler(storage::Storage& storage, metrics::Registry* registry, SchedulerOptions options)
    : storage_(storage), options_(std::move(options)) {
  if (registry != nullptr) {
    auto runs = [registry](const char* result) {
      return &registry->GetCounter("amtsweg_job_runs_total", "Periodic job attempts by outcome",
                                   {{"job", kPurgeSandboxJob}, {"result", result}});
    };
    runs_ = runs("ran");
    skipped_ = runs("not_due");
    errors_ = runs("error");
    purged_ = &registry->GetCounter("amtsweg_sandbox_purged_total",
                                    "Sandbox applications deleted after their retention period");
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

TickResult Scheduler::Tick() {
  auto now = options_.now();
  storage::JobClaim claim{
      .name = kPurgeSandboxJob,
      .now = text::Rfc3339(now),
      .next_run_at = text::Rfc3339(now + options_.period),
      .instance = options_.instance.empty() ? DefaultInstanceName() : options_.instance,
  };
  auto purged = storage_.PurgeSandbox(claim, text::Rfc3339(now - options_.sandbox_retention));
  TickResult result;
  if (!purged) {
    result.error = purged.error().message;
    if (errors_ != nullptr) errors_->Inc();
    std::cerr << R"({"level":"error","msg":"job failed","job":")" << kPurgeSandboxJob << R"(","error":)"
              << nlohmann::json(result.error).dump() << "}\n";
    return result;
  }
  if (!purged->has_value()) {
    if (skipped_ != nullptr) skipped_->Inc();
    return result;
  }
  result.ran = true;
  result.purged = **purged;
  if (runs_ != nullptr) runs_->Inc();
  if (purged_ != nullptr) purged_->Inc(static_cast<double>(result.purged));
  std::cerr << R"({"level":"info","msg":"job ran","job":")" << kPurgeSandboxJob << R"(","purged":)"
            << result.purged << "}\n";
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
