#pragma once
// Command-line and environment configuration of `amtsweg serve` and `amtsweg demo`
// (docs/operations.md lists every flag and variable). Pure: tested without starting anything.
//
//   auto options = ParseServeOptions({"--port", "0", "--sandbox"}, env, /*demo=*/false);

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace amtsweg::cli {

struct ServeOptions {
  std::string db;  // SQLite path, or a postgresql:// URL
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 0;  // 0: one per core
  bool sandbox = false;
  bool hsts = false;
  bool access_log = true;
  std::size_t max_body_bytes = 1024 * 1024;
  int sandbox_retention_hours = 24;  // sandbox applications are deleted after this long
  int job_period_seconds = 300;   // how often periodic jobs (sandbox and draft purge) run, across instances
  int draft_retention_days = 30;  // a draft expires this long after it was last saved
  // Process monitor: raw usage events are deleted after this many days (rollups stay); a journey
  // without activity for this long counts as abandoned; the recorder writes this often.
  int usage_retention_days = 90;
  int abandon_after_seconds = 24 * 3600;
  int usage_flush_ms = 200;  // short transactions: submissions queue behind them (P1 p99)
  // `demo` only: simulated usage events written into an empty monitor, so it shows something.
  std::int64_t demo_usage_events = 300'000;
  std::string web_root;  // assets for the HTML pages; empty: found next to the binary
};

// Looks up an environment variable; nullopt when unset.
using Environment = std::function<std::optional<std::string>(const std::string&)>;
[[nodiscard]] Environment ProcessEnvironment();

// Flags win over environment variables, which win over defaults. `demo` changes the defaults
// (database file amtsweg-demo.db, sandbox on). Errors are one English sentence.
[[nodiscard]] tl::expected<ServeOptions, std::string> ParseServeOptions(const std::vector<std::string>& args,
                                                                        const Environment& env, bool demo);

}  // namespace amtsweg::cli
