// Exact Prometheus text output for every metric type, plus identity and concurrency of series.

#include "metrics/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>

namespace amtsweg::metrics {
namespace {

TEST(MetricsTest, CounterRendersHelpTypeAndSortedLabels) {
  Registry registry;
  registry.GetCounter("app_requests_total", "Requests served", {{"status", "200"}, {"route", "/a"}}).Inc();
  registry.GetCounter("app_requests_total", "Requests served", {{"route", "/a"}, {"status", "200"}}).Inc(2);
  registry.GetCounter("app_requests_total", "Requests served", {{"route", "/b"}, {"status", "404"}}).Inc(0.5);
  EXPECT_EQ(registry.Render(),
            "# HELP app_requests_total Requests served\n"
            "# TYPE app_requests_total counter\n"
            "app_requests_total{route=\"/a\",status=\"200\"} 3\n"
            "app_requests_total{route=\"/b\",status=\"404\"} 0.5\n");
}

TEST(MetricsTest, SameNameAndLabelsReturnSameObject) {
  Registry registry;
  Counter& a = registry.GetCounter("x_total", "x", {{"k", "v"}});
  Counter& b = registry.GetCounter("x_total", "x", {{"k", "v"}});
  Counter& c = registry.GetCounter("x_total", "x", {{"k", "w"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &c);
  Gauge& g1 = registry.GetGauge("g", "g");
  Gauge& g2 = registry.GetGauge("g", "g");
  EXPECT_EQ(&g1, &g2);
  Histogram& h1 = registry.GetHistogram("h", "h", {}, {1, 2});
  Histogram& h2 = registry.GetHistogram("h", "h", {}, {5});
  EXPECT_EQ(&h1, &h2);
}

TEST(MetricsTest, GaugeWithoutLabels) {
  Registry registry;
  Gauge& g = registry.GetGauge("app_in_flight", "In flight");
  g.Inc();
  g.Inc();
  g.Dec();
  EXPECT_EQ(registry.Render(),
            "# HELP app_in_flight In flight\n"
            "# TYPE app_in_flight gauge\n"
            "app_in_flight 1\n");
  g.Set(-2.25);
  EXPECT_EQ(g.Value(), -2.25);
}

TEST(MetricsTest, LabelAndHelpEscaping) {
  Registry registry;
  registry.GetGauge("esc", "line1\nback\\slash \"quoted\"", {{"v", "a\"b\\c\nd"}}).Set(1);
  EXPECT_EQ(registry.Render(),
            "# HELP esc line1\\nback\\\\slash \"quoted\"\n"
            "# TYPE esc gauge\n"
            "esc{v=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(MetricsTest, HistogramBucketsAreCumulativeWithInf) {
  Registry registry;
  Histogram& h = registry.GetHistogram("lat_seconds", "Latency", {{"route", "/r"}}, {0.1, 0.5, 1});
  h.Observe(0.05);
  h.Observe(0.1);  // le is inclusive
  h.Observe(0.3);
  h.Observe(2);
  EXPECT_EQ(registry.Render(),
            "# HELP lat_seconds Latency\n"
            "# TYPE lat_seconds histogram\n"
            "lat_seconds_bucket{route=\"/r\",le=\"0.1\"} 2\n"
            "lat_seconds_bucket{route=\"/r\",le=\"0.5\"} 3\n"
            "lat_seconds_bucket{route=\"/r\",le=\"1\"} 3\n"
            "lat_seconds_bucket{route=\"/r\",le=\"+Inf\"} 4\n"
            "lat_seconds_sum{route=\"/r\"} 2.45\n"
            "lat_seconds_count{route=\"/r\"} 4\n");
}

TEST(MetricsTest, HistogramBoundsAreSortedAndDeduplicated) {
  Histogram h({1, 0.5, 1, std::numeric_limits<double>::infinity()});
  h.Observe(0.7);
  const auto snapshot = h.Take();
  ASSERT_EQ(snapshot.upper_bounds, (std::vector<double>{0.5, 1}));
  EXPECT_EQ(snapshot.cumulative, (std::vector<std::uint64_t>{0, 1, 1}));
  EXPECT_EQ(snapshot.count, 1u);
}

TEST(MetricsTest, DefaultLatencyBucketsRender) {
  Registry registry;
  registry.GetHistogram("d", "d").Observe(0.0007);
  const std::string text = registry.Render();
  EXPECT_NE(text.find("d_bucket{le=\"0.0005\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("d_bucket{le=\"0.001\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("d_bucket{le=\"10\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("d_count 1\n"), std::string::npos) << text;
}

TEST(MetricsTest, FamiliesRenderSortedByName) {
  Registry registry;
  registry.GetCounter("b_total", "b");
  registry.GetCounter("a_total", "a");
  EXPECT_EQ(registry.Render(),
            "# HELP a_total a\n# TYPE a_total counter\na_total 0\n"
            "# HELP b_total b\n# TYPE b_total counter\nb_total 0\n");
}

TEST(MetricsTest, SpecialValues) {
  Registry registry;
  registry.GetGauge("n", "n").Set(std::nan(""));
  registry.GetGauge("p", "p").Set(std::numeric_limits<double>::infinity());
  registry.GetGauge("q", "q").Set(1e20);
  const std::string text = registry.Render();
  EXPECT_NE(text.find("\nn NaN\n"), std::string::npos);
  EXPECT_NE(text.find("\np +Inf\n"), std::string::npos);
  EXPECT_NE(text.find("\nq 1e+20\n"), std::string::npos) << text;
}

TEST(MetricsTest, CounterIgnoresNegativeIncrements) {
  Counter c;
  c.Inc(-5);
  EXPECT_EQ(c.Value(), 0);
}

TEST(MetricsTest, MisuseThrowsLogicError) {
  Registry registry;
  registry.GetCounter("used", "u");
  EXPECT_THROW(registry.GetGauge("used", "u"), std::logic_error);
  EXPECT_THROW(registry.GetCounter("1bad", "b"), std::logic_error);
  EXPECT_THROW(registry.GetCounter("bad-name", "b"), std::logic_error);
  EXPECT_THROW(registry.GetCounter("ok", "b", {{"bad label", "v"}}), std::logic_error);
  EXPECT_THROW(registry.GetCounter("ok", "b", {{"le", "v"}}), std::logic_error);
  EXPECT_EQ(registry.Render(), "# HELP used u\n# TYPE used counter\nused 0\n");
}

TEST(MetricsTest, ConcurrentUpdatesAreNotLost) {
  Registry registry;
  Counter& counter = registry.GetCounter("c_total", "c");
  Histogram& histogram = registry.GetHistogram("h", "h", {}, {1});
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        counter.Inc();
        histogram.Observe(0.5);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter.Value(), kThreads * kPerThread);
  const auto snapshot = histogram.Take();
  EXPECT_EQ(snapshot.count, static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_EQ(snapshot.sum, 0.5 * kThreads * kPerThread);
}

}  // namespace
}  // namespace amtsweg::metrics
