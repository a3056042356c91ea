// P3 benchmark, C++ side: evaluates every rule of rules.json against its data, round robin,
// for a fixed time after a warm-up, with each rule compiled once. bench.js does the same with
// json-logic-js; bench/logic/run runs both and prints the ratio.
//
//   logic_bench bench/logic/rules.json [seconds]
// prints "results <JSON array>" (to check both engines agree), one "rule <name> <evals/s>"
// line per rule and "evals_per_sec <n>" for the whole set.

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "logic/logic.h"

namespace {

using amtsweg::logic::Json;
using amtsweg::logic::Rule;
using Clock = std::chrono::steady_clock;

struct BenchRule {
  std::string name;
  Rule rule;
};

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Runs all rules round robin for `seconds`; returns evaluations per second.
double RunRoundRobin(const std::vector<BenchRule>& rules, const Json& data, double seconds,
                     std::size_t& sink) {
  const auto start = Clock::now();
  std::size_t evaluations = 0;
  while (Seconds(Clock::now() - start) < seconds) {
    for (int pass = 0; pass < 64; ++pass) {
      for (const auto& r : rules) {
        const auto result = r.rule.Evaluate(data);
        sink += result ? result->size() : 1;
      }
      evaluations += rules.size();
    }
  }
  return static_cast<double>(evaluations) / Seconds(Clock::now() - start);
}

double RunOne(const Rule& rule, const Json& data, double seconds, std::size_t& sink) {
  const auto start = Clock::now();
  std::size_t evaluations = 0;
  while (Seconds(Clock::now() - start) < seconds) {
    for (int i = 0; i < 256; ++i) {
      const auto result = rule.Evaluate(data);
      sink += result ? result->size() : 1;
    }
    evaluations += 256;
  }
  return static_cast<double>(evaluations) / Seconds(Clock::now() - start);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: logic_bench RULES.json [seconds]\n";
    return 2;
  }
  const double seconds = argc > 2 ? std::atof(argv[2]) : 2.0;
  std::ifstream in(argv[1]);
  const Json spec = Json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (spec.is_discarded()) {
    std::cerr << "cannot read " << argv[1] << "\n";
    return 2;
  }
  const Json& data = spec["data"];
  std::vector<BenchRule> rules;
  Json results = Json::array();
  for (const auto& r : spec["rules"]) {
    auto compiled = Rule::Compile(r["rule"]);
    if (!compiled) {
      std::cerr << "rule " << r["name"] << ": " << compiled.error().message << "\n";
      return 1;
    }
    auto result = compiled->Evaluate(data);
    results.push_back(result ? *result : Json("error: " + result.error().message));
    rules.push_back(BenchRule{r["name"].get<std::string>(), std::move(*compiled)});
  }
  std::cout << "results " << results.dump() << "\n";
  std::size_t sink = 0;
  RunRoundRobin(rules, data, 0.3, sink);  // warm-up
  for (const auto& r : rules) {
    std::cout << "rule " << r.name << " " << static_cast<long long>(RunOne(r.rule, data, seconds / 10, sink))
              << "\n";
  }
  const double rate = RunRoundRobin(rules, data, seconds, sink);
  std::cout << "evals_per_sec " << static_cast<long long>(rate) << "\n";
  std::cerr << "(sink " << sink << ")\n";
  return 0;
}
