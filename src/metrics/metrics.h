#pragma once
// Process-wide metrics in the Prometheus text exposition format (version 0.0.4).
//
// A Registry owns metric families; Get* returns a reference that stays valid for the life of
// the registry, so hot paths look a series up once and then only touch atomics:
//
//   auto& requests = registry.GetCounter("amtsweg_http_requests_total", "HTTP requests",
//                                        {{"route", "/healthz"}, {"status", "200"}});
//   requests.Inc();
//   std::string text = registry.Render();

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amtsweg::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter final {
 public:
  void Inc(double by = 1.0);
  double Value() const;

 private:
  std::atomic<double> value_{0.0};
};

class Gauge final {
 public:
  void Set(double value);
  void Inc(double by = 1.0);
  void Dec(double by = 1.0);
  double Value() const;

 private:
  std::atomic<double> value_{0.0};
};

class Histogram final {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double value);
  // Snapshot for rendering: cumulative counts per bucket (last is +Inf), sum, count.
  struct Snapshot {
    std::vector<double> upper_bounds;
    std::vector<std::uint64_t> cumulative;
    double sum = 0;
    std::uint64_t count = 0;
  };
  Snapshot Take() const;

 private:
  std::vector<double> upper_bounds_;
  // Per-bucket (not cumulative) counts, size upper_bounds_.size() + 1; the last is +Inf. The
  // count is the sum of all buckets, so a snapshot's count always equals its +Inf bucket.
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
  std::atomic<double> sum_{0.0};
};

// Default latency buckets in seconds: 0.0005 … 10.
std::vector<double> LatencyBuckets();

// Names must match [a-zA-Z_:][a-zA-Z0-9_:]* and label names [a-zA-Z_][a-zA-Z0-9_]*; asking for
// an existing name with another type, or an invalid name, is a programmer error and throws
// std::logic_error. Label order does not matter: {a,b} and {b,a} are the same series. A
// histogram's buckets are fixed by the first request for its series.
class Registry final {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  Counter& GetCounter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& GetGauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help, const Labels& labels = {},
                          std::vector<double> upper_bounds = LatencyBuckets());
  std::string Render() const;

 private:
  struct Family;
  Family& FamilyFor(std::string_view name, std::string_view help, int type);
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;  // GUARDED_BY(mutex_)
};

}  // namespace amtsweg::metrics
