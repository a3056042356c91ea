#pragma once
// `amtsweg monitor …`: process-monitor tools for operators and demos.
//
//   amtsweg monitor simulate --events N [--days D] [--seed S] [--end RFC3339] [--db PATH|URL]
//
// simulate writes N (or a few more: whole visits) synthetic usage events for every online
// service of the catalogue in the database (monitor/simulate.h), then marks stale journeys
// abandoned, and prints how many events it wrote and how fast. The database must already hold a
// catalogue (e.g. one that `amtsweg demo` seeded).

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "cli/options.h"

namespace amtsweg::cli {

struct SimulateArgs {
  std::string db;  // default: AMTSWEG_DB, else amtsweg.db (as `serve`)
  std::int64_t events = 0;
  int days = 90;
  std::uint64_t seed = 1;
  std::chrono::system_clock::time_point end;  // default: now
};

// The arguments after "monitor simulate". Errors are one English sentence. Pure.
[[nodiscard]] tl::expected<SimulateArgs, std::string> ParseSimulateArgs(
    const std::vector<std::string>& args, const Environment& env, std::chrono::system_clock::time_point now);

// Runs `amtsweg monitor ARGS…` (the arguments after "monitor"); returns the exit status: 0 done,
// 1 failed (database, catalogue), 2 bad usage.
int RunMonitorCommand(const std::vector<std::string>& args);

}  // namespace amtsweg::cli
