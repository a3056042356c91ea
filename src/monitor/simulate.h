#pragma once
// The usage simulator: realistic synthetic journeys for demos and benchmarks (issue 5), for every
// online service of every municipality in the catalogue, written like real usage (Aggregate ->
// WriteUsageAsync, in batches) so that the dashboards, the open data and the P4 benchmark have
// something to show and to measure.
//
// What makes it realistic enough to learn from:
//   - popularity differs per service and per municipality; views exceed starts (30–70 % start);
//   - each journey walks the pages of the service's effective definition; per municipality and
//     page the chance to go on differs (stable for a seed), so funnels and drop-off pages differ
//     and the comparison view has a best and a worst;
//   - validation errors fall on real field ids of the page (group children "a.b", repeat children
//     "a[].b", as the web records them); a few fields per process are "hard";
//   - some journeys save a draft and resume hours later; phones (~55 %) give up a little more
//     often than desktops (~38 %) and tablets (~7 %); page times are log-normal (minutes);
//   - a few submissions come through the API (no journey); weekday and hour seasonality and a
//     slight upward trend over `days` up to `end`; nothing happens after `end`;
//   - visits come in time order (a clock that moves on), as real usage does, so a batch of
//     events covers a stretch of days and aggregates as well as the server's batches would. The
//     visit rate is chosen so that `events` fill the span; a small rest comes from a second pass.
// Journeys that stopped more than `abandon_after` before `end` are then marked abandoned (the
// abandon-journeys job's claim), as the server's job would have done.
//
// Deterministic for a seed (journey ids included), so two runs with one seed on two databases
// produce the same numbers; run with another seed to add more usage to the same database.
//
//   auto result = monitor::Simulate(*catalog, storage, {.events = 1'000'000, .seed = 7});
//   // result->events, result->seconds

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "catalog/catalog.h"
#include "storage/storage.h"
#include "storage/usage.h"

namespace amtsweg::monitor {

struct SimulateOptions {
  std::int64_t events = 100'000;  // at least this many (whole visits)
  int days = 90;                  // spread over this many days up to `end`
  std::uint64_t seed = 1;
  std::chrono::system_clock::time_point end = std::chrono::system_clock::now();
  std::size_t batch_events = 50'000;              // events per WriteUsageAsync
  std::chrono::seconds abandon_after{24 * 3600};  // as the server's --abandon-after-seconds
};

// The events of one visit at a time, pure (no I/O): a service view that may become a journey,
// or an API submission.
class JourneySimulator final {
 public:
  JourneySimulator(const catalog::Catalog& catalog, const SimulateOptions& options);
  ~JourneySimulator();
  JourneySimulator(const JourneySimulator&) = delete;
  JourneySimulator& operator=(const JourneySimulator&) = delete;

  // How many (municipality, service) pairs it simulates; 0 when the catalogue offers nothing.
  [[nodiscard]] std::size_t Services() const;
  // The next visit's events, each journey's in time order. Precondition: Services() > 0.
  [[nodiscard]] std::vector<storage::UsageEvent> NextVisit();

 private:
  struct Model;
  std::unique_ptr<Model> model_;
};

struct SimulateResult {
  std::int64_t events = 0;  // written
  std::int64_t visits = 0;
  std::int64_t journeys = 0;   // started
  std::int64_t submitted = 0;  // web and API
  // Journeys marked abandoned at the end; nullopt if the abandon-journeys job was not due (an
  // instance ran it recently; it will count them on its next run).
  std::optional<std::int64_t> abandoned;
  double seconds = 0;  // wall time of generating, aggregating and writing
};

// Simulates into `storage` until at least `options.events` events are written. Errors are one
// English sentence.
[[nodiscard]] tl::expected<SimulateResult, std::string> Simulate(const catalog::Catalog& catalog,
                                                                 storage::Storage& storage,
                                                                 const SimulateOptions& options);

}  // namespace amtsweg::monitor
