// Counters, gauges and histograms behind one mutex-guarded registry. The mutex is taken only to
// find or create a series and to render; updating a metric touches atomics only (doubles are
// added with a compare-exchange loop, which is lock-free on x86-64 and aarch64).

#include "metrics/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace amtsweg::metrics {
namespace {

enum FamilyType { kCounterType = 0, kGaugeType = 1, kHistogramType = 2 };

void AddDouble(std::atomic<double>& target, double by) {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + by, std::memory_order_relaxed)) {
  }
}

const char* TypeName(int type) {
  switch (type) {
    case kCounterType:
      return "counter";
    case kGaugeType:
      return "gauge";
    default:
      return "histogram";
  }
}

bool IsValidName(std::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!(letter || (allow_colon && c == ':') || (digit && i > 0))) return false;
  }
  return true;
}

// Integral values print without a fraction ("3", not "3.0" or "3e+00"), others in the shortest
// form that reads back to the same double, as Prometheus clients do.
void AppendNumber(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    char buffer[64];
    std::to_chars_result result;
    if (value == std::trunc(value) && std::fabs(value) < 9.007199254740992e15) {
      result = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
    } else {
      result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general);
    }
    out.append(buffer, result.ptr);
  }
}

void AppendEscaped(std::string& out, std::string_view text, bool escape_quote) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && escape_quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

Labels SortedLabels(const Labels& labels) {
  Labels sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [name, value] : sorted) {
    if (!IsValidName(name, false) || name == "le") {
      throw std::logic_error("metrics: invalid label name '" + name + "'");
    }
  }
  return sorted;
}

// Renders `{a="1",b="2"}` (empty string when there are no labels); `extra` is appended last.
std::string LabelText(const Labels& labels, const std::pair<std::string, std::string>* extra = nullptr) {
  if (labels.empty() && extra == nullptr) return {};
  std::string out = "{";
  bool first = true;
  auto append = [&](const std::string& name, const std::string& value) {
    if (!first) out += ',';
    first = false;
    out += name;
    out += "=\"";
    AppendEscaped(out, value, true);
    out += '"';
  };
  for (const auto& [name, value] : labels) append(name, value);
  if (extra != nullptr) append(extra->first, extra->second);
  out += '}';
  return out;
}

std::vector<double> NormalizedBounds(std::vector<double> bounds) {
  bounds.erase(
      std::remove_if(bounds.begin(), bounds.end(), [](double b) { return std::isnan(b) || std::isinf(b); }),
      bounds.end());
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  return bounds;
}

}  // namespace

void Counter::Inc(double by) {
  if (by < 0) return;  // counters only go up; a negative increment is ignored
  AddDouble(value_, by);
}
double Counter::Value() const { return value_.load(std::memory_order_relaxed); }

void Gauge::Set(double value) { value_.store(value, std::memory_order_relaxed); }
void Gauge::Inc(double by) { AddDouble(value_, by); }
void Gauge::Dec(double by) { AddDouble(value_, -by); }
double Gauge::Value() const { return value_.load(std::memory_order_relaxed); }

Histogram::Histogram(std::vector<double> upper_bounds)
    : upper_bounds_(NormalizedBounds(std::move(upper_bounds))),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(upper_bounds_.size() + 1)) {}

void Histogram::Observe(double value) {
  // Bucket i counts values <= upper_bounds_[i]; NaN and values above the last bound go to +Inf.
  const auto it = std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value);
  const std::size_t index = std::isnan(value) ? upper_bounds_.size() : it - upper_bounds_.begin();
  buckets_[index].fetch_add(1, std::memory_order_relaxed);
  AddDouble(sum_, value);
}

Histogram::Snapshot Histogram::Take() const {
  Snapshot snapshot;
  snapshot.upper_bounds = upper_bounds_;
  snapshot.cumulative.resize(upper_bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= upper_bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    snapshot.cumulative[i] = running;
  }
  snapshot.count = running;
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

std::vector<double> LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

struct Registry::Family {
  std::string name;
  std::string help;
  int type = kCounterType;
  struct Series {
    Labels labels;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
  };
  std::map<std::string, Series, std::less<>> series;  // key: rendered sorted label set

  Series& SeriesFor(Labels sorted) {
    std::string key = LabelText(sorted);
    auto it = series.find(key);
    if (it == series.end()) {
      it = series.emplace(std::move(key), Series{}).first;
      it->second.labels = std::move(sorted);
    }
    return it->second;
  }
  void Render(std::string& out) const;
};

void Registry::Family::Render(std::string& out) const {
  out += "# HELP " + name + ' ';
  AppendEscaped(out, help, false);
  out += "\n# TYPE " + name + ' ' + TypeName(type) + '\n';
  for (const auto& [key, s] : series) {
    if (type != kHistogramType) {
      out += name + key + ' ';
      AppendNumber(out, type == kCounterType ? s.counter->Value() : s.gauge->Value());
      out += '\n';
      continue;
    }
    const Histogram::Snapshot snap = s.histogram->Take();
    for (std::size_t i = 0; i < snap.cumulative.size(); ++i) {
      std::pair<std::string, std::string> le{"le", "+Inf"};
      if (i < snap.upper_bounds.size()) {
        le.second.clear();
        AppendNumber(le.second, snap.upper_bounds[i]);
      }
      out += name + "_bucket" + LabelText(s.labels, &le) + ' ';
      AppendNumber(out, static_cast<double>(snap.cumulative[i]));
      out += '\n';
    }
    out += name + "_sum" + key + ' ';
    AppendNumber(out, snap.sum);
    out += '\n' + name + "_count" + key + ' ';
    AppendNumber(out, static_cast<double>(snap.count));
    out += '\n';
  }
}

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Family& Registry::FamilyFor(std::string_view name, std::string_view help, int type) {
  // REQUIRES: mutex_ is held.
  auto it = families_.find(name);
  if (it == families_.end()) {
    if (!IsValidName(name, true))
      throw std::logic_error("metrics: invalid metric name '" + std::string(name) + "'");
    auto family = std::make_unique<Family>();
    family->name = std::string(name);
    family->help = std::string(help);
    family->type = type;
    it = families_.emplace(std::string(name), std::move(family)).first;
  }
  if (it->second->type != type) {
    throw std::logic_error("metrics: '" + std::string(name) + "' already registered as " +
                           TypeName(it->second->type));
  }
  return *it->second;
}

Counter& Registry::GetCounter(std::string_view name, std::string_view help, const Labels& labels) {
  Labels sorted = SortedLabels(labels);  // validates before anything is created
  std::lock_guard lock(mutex_);
  auto& series = FamilyFor(name, help, kCounterType).SeriesFor(std::move(sorted));
  if (!series.counter) series.counter = std::make_unique<Counter>();
  return *series.counter;
}

Gauge& Registry::GetGauge(std::string_view name, std::string_view help, const Labels& labels) {
  Labels sorted = SortedLabels(labels);  // validates before anything is created
  std::lock_guard lock(mutex_);
  auto& series = FamilyFor(name, help, kGaugeType).SeriesFor(std::move(sorted));
  if (!series.gauge) series.gauge = std::make_unique<Gauge>();
  return *series.gauge;
}

Histogram& Registry::GetHistogram(std::string_view name, std::string_view help, const Labels& labels,
                                  std::vector<double> upper_bounds) {
  Labels sorted = SortedLabels(labels);  // validates before anything is created
  std::lock_guard lock(mutex_);
  auto& series = FamilyFor(name, help, kHistogramType).SeriesFor(std::move(sorted));
  if (!series.histogram) series.histogram = std::make_unique<Histogram>(std::move(upper_bounds));
  return *series.histogram;
}

std::string Registry::Render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) family->Render(out);
  return out;
}

}  // namespace amtsweg::metrics
