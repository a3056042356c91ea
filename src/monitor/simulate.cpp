// The usage simulator (see simulate.h).
//
// Two kinds of randomness: per visit, a seeded engine (what this visitor does); per
// (municipality, process, page, field), a stable hash of the seed and the ids (how good that
// page is in that municipality), so that the same page keeps its character through the whole
// run and the dashboards show differences worth comparing.

#include "monitor/simulate.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <numbers>
#include <random>
#include <string_view>

#include "monitor/events.h"
#include "text/time.h"

namespace amtsweg::monitor {
namespace {

using Clock = std::chrono::system_clock;
using std::chrono::seconds;

// ---- Randomness ----

// FNV-1a over the seed and `parts`, mapped to [0, 1): the stable "character" of a thing.
double StableUniform(std::uint64_t seed, std::initializer_list<std::string_view> parts) {
  std::uint64_t hash = 14695981039346656037ull ^ seed;
  for (std::string_view part : parts) {
    for (unsigned char c : part) hash = (hash ^ c) * 1099511628211ull;
    hash = (hash ^ 0xFF) * 1099511628211ull;
  }
  hash ^= hash >> 33;  // FNV's low bits mix poorly; fold the high ones in
  hash *= 0xff51afd7ed558ccdull;
  hash ^= hash >> 33;
  return static_cast<double>(hash >> 11) * 0x1.0p-53;
}

// A value in [low, high) from a stable uniform.
double Between(double u, double low, double high) { return low + u * (high - low); }

class Random final {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Uniform() < p; }
  // Standard normal (Box–Muller), portable across standard libraries unlike std::normal_distribution.
  double Normal() {
    const double u1 = std::max(Uniform(), 1e-300);
    const double u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }
  // Log-normal with the given median; sigma ~0.5 is "mostly within a factor of 2".
  seconds LogNormal(double median_s, double sigma) {
    return seconds(static_cast<std::int64_t>(std::llround(median_s * std::exp(sigma * Normal()))) + 1);
  }
  std::string HexId() {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id(32, '0');
    std::uint64_t bits[2] = {engine_(), engine_()};
    for (std::size_t i = 0; i < id.size(); ++i) id[i] = kHex[(bits[i / 16] >> (4 * (i % 16))) & 0xF];
    return id;
  }

 private:
  std::mt19937_64 engine_;
};

// ---- The model of each offered service ----

struct FieldModel {
  std::string path;  // as the web records it: "a", "a.b", "a[].b"
  double error_rate = 0;
};

struct PageModel {
  std::string id;
  bool conditional = false;  // has visible_if: not every journey sees it
  double continue_rate = 0.9;
  double median_s = 60;
  std::vector<FieldModel> fields;
};

struct ServiceModel {
  std::string ags;
  std::string process;
  int version = 1;
  std::string variant;
  double start_rate = 0.5;
  double submit_rate = 0.9;  // at the review
  double api_share = 0.02;   // of visits: a submission through the API
  std::vector<PageModel> pages;

  ProcessRef Ref() const { return {ags, process, version, variant}; }
};

bool IsFormatted(process::FieldType type) {
  using process::FieldType;
  switch (type) {
    case FieldType::kDate:
    case FieldType::kEmail:
    case FieldType::kPhone:
    case FieldType::kIban:
    case FieldType::kPostalCode:
    case FieldType::kNumber:
    case FieldType::kMoney:
    case FieldType::kAddress:
      return true;
    default:
      return false;
  }
}

// The leaf fields under `fields`, with their paths.
std::vector<std::pair<std::string, const process::Field*>> Leaves(const std::vector<process::Field>& fields,
                                                                  const std::string& prefix) {
  std::vector<std::pair<std::string, const process::Field*>> leaves;
  for (const process::Field& field : fields) {
    const std::string path = prefix + field.id;
    if (field.type == process::FieldType::kGroup || field.type == process::FieldType::kRepeat) {
      auto children = Leaves(field.fields, path + (field.type == process::FieldType::kRepeat ? "[]." : "."));
      leaves.insert(leaves.end(), children.begin(), children.end());
    } else {
      leaves.emplace_back(path, &field);
    }
  }
  return leaves;
}

// How often a field trips people: formatted or required fields more, a few "hard" ones (the
// same in every municipality running the process) much more; each municipality a bit different.
double ErrorRate(std::uint64_t seed, const ServiceModel& service, const std::string& path,
                 const process::Field& field) {
  const double base = IsFormatted(field.type) ? 0.03 : (field.required ? 0.015 : 0.004);
  const double hardness = StableUniform(seed, {"hard", service.process, path});
  const double rate = hardness < 0.12 ? Between(hardness / 0.12, 0.12, 0.30) : base;
  return std::min(
      0.6, rate * Between(StableUniform(seed, {"local", service.ags, service.process, path}), 0.6, 1.5));
}

PageModel MakePage(std::uint64_t seed, const ServiceModel& service, const process::Page& page, bool first) {
  PageModel model;
  model.id = page.id;
  model.conditional = page.visible_if.has_value();
  for (const auto& [path, field] : Leaves(page.fields, "")) {
    model.fields.push_back({path, ErrorRate(seed, service, path, *field)});
  }
  double rate = Between(StableUniform(seed, {"continue", service.ags, service.process, page.id}), 0.78, 0.99);
  if (first) rate *= 0.96;  // the first page loses those who only wanted to look
  model.continue_rate = rate;
  model.median_s = 25.0 + 18.0 * static_cast<double>(model.fields.size());
  return model;
}

ServiceModel MakeService(std::uint64_t seed, const catalog::OfferedService& offered) {
  const process::Definition& definition = *offered.definition;
  ServiceModel model;
  model.ags = offered.municipality->ags;
  model.process = definition.id;
  model.version = definition.version;
  model.variant = definition.variant_id.value_or("");
  model.start_rate = Between(StableUniform(seed, {"start", model.ags, model.process}), 0.30, 0.70);
  model.submit_rate = Between(StableUniform(seed, {"submit", model.ags, model.process}), 0.86, 0.98);
  model.api_share = Between(StableUniform(seed, {"api", model.ags, model.process}), 0.0, 0.05);
  for (std::size_t i = 0; i < definition.pages.size(); ++i)
    model.pages.push_back(MakePage(seed, model, definition.pages[i], i == 0));
  return model;
}

// ---- Time ----

// Relative activity (at most 1) by German weekday and hour.
double Seasonality(Clock::time_point t) {
  static constexpr double kWeekday[7] = {1.0, 0.95, 0.9, 0.95, 0.8, 0.45, 0.4};  // Monday first
  static constexpr double kHour[24] = {0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.2,  0.45,
                                       0.75, 0.95, 1.0,  0.95, 0.8,  0.85, 0.9,  0.85,
                                       0.8,  0.75, 0.75, 0.85, 0.8,  0.6,  0.35, 0.15};
  const auto local = t + std::chrono::hours(text::GermanSummerTime(t) ? 2 : 1);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const auto hour = std::chrono::floor<std::chrono::hours>(local - day).count();
  const auto weekday = (day.time_since_epoch().count() + 3) % 7;  // 1970-01-01 was a Thursday
  return kWeekday[weekday] * kHour[hour];
}

}  // namespace

// ---- The simulator ----

struct JourneySimulator::Model {
  Model(const catalog::Catalog& catalog, const SimulateOptions& options)
      : seed(options.seed),
        random(options.seed),
        end(std::chrono::floor<seconds>(options.end)),
        span(seconds(std::int64_t{86400} * std::max(options.days, 1))) {
    double total = 0;
    for (const storage::Municipality& municipality : catalog.Municipalities()) {
      const double size = std::exp(1.2 * (StableUniform(seed, {"size", municipality.ags}) - 0.5) * 2);
      for (const catalog::OfferedService* offered : catalog.ServicesOf(municipality.ags)) {
        if (offered->definition == nullptr || offered->definition->pages.empty()) continue;
        services.push_back(MakeService(seed, *offered));
        total += size * std::exp(1.5 * StableUniform(seed, {"popular", offered->definition->id}));
        cumulative.push_back(total);
      }
    }
    if (!services.empty()) peak_visits_per_s = PeakRate(std::max<std::int64_t>(options.events, 1));
  }

  const ServiceModel& PickService() {
    const double x = random.Uniform() * cumulative.back();
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
    return services[std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()),
                                          services.size() - 1)];
  }

  // Activity at `t` relative to the peak: seasonality and a slight growth over the span.
  double Intensity(Clock::time_point t) const {
    const double position = std::chrono::duration<double>(t - (end - span)) / span;
    return Seasonality(t) * (0.75 + 0.25 * position);
  }

  // The peak visit rate that makes the whole span hold about `events` events: the integral of
  // Intensity (hour by hour) times the events a visit makes (from a pilot run on its own engine).
  // A little under, so that the clock reaches `end`; what is still missing then is added by a
  // second pass from the start of the span.
  double PeakRate(std::int64_t events) {
    double weighted_seconds = 0;
    for (auto t = end - span; t < end; t += std::chrono::hours(1))
      weighted_seconds += 3600.0 * Intensity(t + std::chrono::minutes(30));
    Random kept = std::exchange(random, Random(seed ^ 0x9e3779b97f4a7c15ull));
    constexpr int kPilotVisits = 10000;
    std::size_t pilot_events = 0;
    for (int i = 0; i < kPilotVisits; ++i) pilot_events += Visit(end - span).size();
    random = std::move(kept);
    const double events_per_visit = static_cast<double>(pilot_events) / kPilotVisits;
    return 0.97 * static_cast<double>(events) / events_per_visit / weighted_seconds;
  }

  // The next visit's time: the clock moves on in time order (a Poisson process thinned by
  // Intensity), so that a batch of events covers a stretch of days, as real usage does.
  Clock::time_point NextTime() {
    const double span_s = static_cast<double>(span.count());
    for (;;) {
      cursor_s += -std::log(std::max(random.Uniform(), 1e-300)) / peak_visits_per_s;
      if (cursor_s > span_s) cursor_s = std::fmod(cursor_s, span_s);  // the second pass
      const Clock::time_point t = end - span + seconds(static_cast<std::int64_t>(cursor_s));
      if (random.Chance(Intensity(t))) return t;
    }
  }

  Device PickDevice() {
    const double u = random.Uniform();
    return u < 0.55 ? Device::kPhone : (u < 0.93 ? Device::kDesktop : Device::kTablet);
  }

  std::vector<storage::UsageEvent> Visit(Clock::time_point t);
  // Walks `service`'s pages from the start, appending to `events`; stops where time passes `end`.
  void Journey(const ServiceModel& service, Device device, Clock::time_point t,
               std::vector<storage::UsageEvent>& events);

  std::uint64_t seed;
  Random random;
  Clock::time_point end;
  seconds span;
  double cursor_s = 0;  // the last visit, in seconds from the start of the span
  double peak_visits_per_s = 1;
  std::vector<ServiceModel> services;
  std::vector<double> cumulative;  // of the services' weights, for PickService
};

std::vector<storage::UsageEvent> JourneySimulator::Model::Visit(Clock::time_point t) {
  const ServiceModel& service = PickService();
  std::vector<storage::UsageEvent> events;
  if (random.Chance(service.api_share)) {  // a back office or portal submitting through the API
    events.push_back(MakeEvent(Kind::kSubmitted, service.Ref(), Device::kDesktop, Channel::kApi, "", t));
    return events;
  }
  const Device device = PickDevice();
  events.push_back(MakeEvent(Kind::kServiceViewed, service.Ref(), device, Channel::kWeb, "", t));
  if (random.Chance(service.start_rate)) Journey(service, device, t + random.LogNormal(20, 0.6), events);
  return events;
}

void JourneySimulator::Model::Journey(const ServiceModel& service, Device device, Clock::time_point t,
                                      std::vector<storage::UsageEvent>& events) {
  const std::string journey = random.HexId();
  const ProcessRef ref = service.Ref();
  auto emit = [&](Kind kind, std::string_view page, std::string_view field = {}) {
    if (t > end) return false;
    events.push_back(MakeEvent(kind, ref, device, Channel::kWeb, journey, t, page, field));
    return true;
  };
  const Clock::time_point started = t;
  const double device_factor = device == Device::kPhone ? 0.985 : 1.0;
  if (!emit(Kind::kStarted, service.pages.front().id)) return;
  int resumes_left = 2;
  std::size_t i = 0;
  while (i < service.pages.size()) {
    const PageModel& page = service.pages[i];
    if (page.conditional && random.Chance(0.4)) {  // not shown to this applicant
      ++i;
      continue;
    }
    t += random.LogNormal(page.median_s * (device == Device::kPhone ? 1.25 : 1.0), 0.7);
    bool tripped = false;
    for (const FieldModel& field : page.fields) {
      if (!random.Chance(field.error_rate)) continue;
      if (!emit(Kind::kValidationError, page.id, field.path)) return;
      tripped = true;
    }
    if (tripped) t += random.LogNormal(35, 0.6);  // reads the messages, corrects, tries again
    if (random.Chance(page.continue_rate * device_factor * (tripped ? 0.94 : 1.0))) {
      if (t > end) return;
      storage::UsageEvent completed =
          MakeEvent(Kind::kPageCompleted, ref, device, Channel::kWeb, journey, t, page.id);
      completed.next_page = i + 1 < service.pages.size() ? service.pages[i + 1].id : storage::kReviewPage;
      events.push_back(std::move(completed));
      ++i;
      continue;
    }
    // Gives up on this page; some save a draft, and some of those come back.
    if (!random.Chance(0.22) || resumes_left-- == 0) return;
    if (!emit(Kind::kDraftSaved, page.id)) return;
    if (!random.Chance(0.45)) return;
    t += random.LogNormal(18 * 3600.0, 0.9);
    if (!emit(Kind::kResumed, page.id)) return;
  }
  t += random.LogNormal(60, 0.6);  // the review
  if (t > end || !random.Chance(service.submit_rate)) return;
  events.push_back(MakeEvent(Kind::kSubmitted, ref, device, Channel::kWeb, journey, t, {}, {},
                             std::chrono::duration_cast<seconds>(t - started)));
}

JourneySimulator::JourneySimulator(const catalog::Catalog& catalog, const SimulateOptions& options)
    : model_(std::make_unique<Model>(catalog, options)) {}

JourneySimulator::~JourneySimulator() = default;

std::size_t JourneySimulator::Services() const { return model_->services.size(); }

std::vector<storage::UsageEvent> JourneySimulator::NextVisit() { return model_->Visit(model_->NextTime()); }

namespace {

// Hands batches to WriteUsageAsync, one in flight, so the next batch is generated and
// aggregated while the previous one commits. The first failure is kept.
class BatchWriter final {
 public:
  explicit BatchWriter(storage::Storage& storage) : storage_(storage) {}
  ~BatchWriter() { Wait(); }
  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;

  void Write(storage::UsageBatch batch) {
    {
      std::unique_lock lock(mutex_);
      done_.wait(lock, [this] { return !in_flight_; });
      in_flight_ = true;
    }
    storage_.WriteUsageAsync(std::move(batch), [this](storage::Result<void> result) {
      std::lock_guard lock(mutex_);
      in_flight_ = false;
      if (!result && error_.empty()) error_ = result.error().message;
      done_.notify_all();  // under the lock: the writer may be gone once it is released
    });
  }
  // Waits for the write in flight; the first error, or "".
  std::string Wait() {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return !in_flight_; });
    return error_;
  }

 private:
  storage::Storage& storage_;
  std::mutex mutex_;
  std::condition_variable done_;
  bool in_flight_ = false;  // GUARDED_BY(mutex_)
  std::string error_;       // GUARDED_BY(mutex_)
};

}  // namespace

tl::expected<SimulateResult, std::string> Simulate(const catalog::Catalog& catalog, storage::Storage& storage,
                                                   const SimulateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  JourneySimulator simulator(catalog, options);
  if (simulator.Services() == 0) return tl::unexpected(std::string("the catalogue offers no online service"));
  SimulateResult result;
  BatchWriter writer(storage);
  std::vector<storage::UsageEvent> pending;
  auto write_pending = [&] {
    if (!pending.empty()) writer.Write(Aggregate(std::exchange(pending, {})));
  };
  while (result.events < options.events) {
    std::vector<storage::UsageEvent> visit = simulator.NextVisit();
    ++result.visits;
    for (storage::UsageEvent& event : visit) {
      if (event.kind == "started") ++result.journeys;
      if (event.kind == "submitted") ++result.submitted;
      pending.push_back(std::move(event));
    }
    result.events += static_cast<std::int64_t>(visit.size());
    if (pending.size() >= options.batch_events) write_pending();
  }
  write_pending();
  if (std::string error = writer.Wait(); !error.empty())
    return tl::unexpected("writing usage failed: " + error);

  const auto end = std::chrono::floor<seconds>(options.end);
  const storage::JobClaim claim{.name = "abandon-journeys",  // jobs::kAbandonJourneysJob
                                .now = text::Rfc3339(end),
                                // A later slot than this run's, which job_runs records by slot:
                                // the server's next claim is a run of its own.
                                .next_run_at = text::Rfc3339(end + seconds{1}),
                                .instance = "simulator"};
  auto abandoned =
      storage.MarkAbandonedJourneys(claim, (end - options.abandon_after).time_since_epoch().count());
  if (!abandoned) return tl::unexpected("marking abandoned journeys failed: " + abandoned.error().message);
  result.abandoned = *abandoned;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace amtsweg::monitor
