#include "cli/cli.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "api/api.h"
#include "catalog/catalog.h"
#include "catalog/seed.h"
#include "cli/monitor_command.h"
#include "cli/options.h"
#include "http/server.h"
#include "jobs/scheduler.h"
#include "logic/logic.h"
#include "monitor/access.h"
#include "monitor/recorder.h"
#include "monitor/simulate.h"
#include "process/check.h"
#include "storage/storage.h"
#include "web/web.h"

#ifndef AMTSWEG_VERSION
#define AMTSWEG_VERSION "dev"
#endif

namespace amtsweg::cli {
namespace {

constexpr const char* kUsage = R"(amtsweg — online services for German municipalities (OZG)

Usage:
  amtsweg serve [--db PATH|URL] [--port N] [--address ADDR] [--threads N] [--sandbox] [--hsts]
                [--max-body BYTES] [--no-access-log] [--sandbox-retention-hours N] [--job-period SECONDS]
                [--draft-retention-days N] [--usage-retention-days N] [--abandon-after-seconds N]
                [--usage-flush-ms N] [--web-root DIR]
                URL: postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME for PostgreSQL; a path means SQLite
                DIR: holds web/static and node_modules/@kern-ux/native (default: found from the
                current directory or next to the binary)
  amtsweg demo  [same options]        seed a demo database (default ./amtsweg-demo.db) and serve it
  amtsweg check FILE...               validate process definitions (exit 0 when all are valid)
  amtsweg logic eval RULE DATA        evaluate a JSON Logic rule against data, print the result
  amtsweg migrate [--db PATH|URL]     apply pending database migrations
  amtsweg monitor simulate --events N [--days D] [--seed S] [--db PATH|URL]
                                      write synthetic usage for every online service (demos, benchmarks)
  amtsweg monitor access add --scope ags:AGS|state:LAND|all --label TEXT [--db PATH|URL]
                                      create a key for the process monitor (printed once)
  amtsweg --version

Every option can also be set in the environment (docs/operations.md), e.g. AMTSWEG_PORT=8080.
)";

int Fail(const std::string& message, int code = 2) {
  std::cerr << "amtsweg: " << message << "\n";
  return code;
}

// Opens `db` (a SQLite path or a postgresql:// URL) and brings its schema up to date.
tl::expected<std::unique_ptr<storage::Storage>, std::string> OpenMigrated(const std::string& db,
                                                                          metrics::Registry* registry) {
  std::string shown = storage::DescribeDatabase(db);  // never print a password
  auto storage = storage::Open(db, registry);
  if (!storage) return tl::unexpected("cannot open database " + shown + ": " + storage.error().message);
  if (auto migrated = (*storage)->Migrate(); !migrated)
    return tl::unexpected("migrating " + shown + " failed: " + migrated.error().message);
  return std::move(*storage);
}

// The demo's process monitor shows something from the first start: simulated usage of the last
// 90 days, written once into an empty monitor. Returns a warning, or "" (also when it was full).
std::string FillDemoMonitor(const catalog::Catalog& catalog, storage::Storage& storage,
                            const ServeOptions& options) {
  if (options.demo_usage_events <= 0) return "";
  auto existing = storage.SumUsage({.from_day = 0, .to_day = std::numeric_limits<std::int32_t>::max()}, {});
  if (!existing) return "amtsweg: cannot read the process monitor: " + existing.error().message;
  if (!existing->empty()) return "";
  auto simulated = monitor::Simulate(catalog, storage,
                                     {.events = options.demo_usage_events,
                                      .days = 90,
                                      .seed = 1,
                                      .abandon_after = std::chrono::seconds(options.abandon_after_seconds)});
  if (!simulated) return "amtsweg: simulating demo usage failed: " + simulated.error();
  std::cout << "process monitor: " << simulated->events << " simulated usage events of the last 90 days"
            << std::endl;
  return "";
}

int Serve(const std::vector<std::string>& args, bool demo) {
  auto options = ParseServeOptions(args, ProcessEnvironment(), demo);
  if (!options) return Fail(options.error());
  metrics::Registry registry;
  auto storage = OpenMigrated(options->db, &registry);
  if (!storage) return Fail(storage.error(), 1);
  if (demo) {
    auto seeded = catalog::Seed(**storage);
    if (!seeded) {
      for (const auto& e : seeded.error()) std::cerr << e << "\n";
      return Fail("seeding the demo failed", 1);
    }
  }
  auto catalog = catalog::Catalog::Load(**storage);
  if (!catalog) {
    for (const auto& e : catalog.error()) std::cerr << e << "\n";
    return Fail(
        "the catalogue in " + storage::DescribeDatabase(options->db) + " has errors; nothing is served", 1);
  }

  std::string demo_key;
  if (demo) {
    if (auto filled = FillDemoMonitor(**catalog, **storage, *options); !filled.empty())
      std::cerr << filled << "\n";
    // A key for the whole monitor, shown once below; each start of the demo makes a new one.
    auto key = monitor::CreateAccessKey(**storage, "all", "demo", std::chrono::system_clock::now());
    if (key) demo_key = *key;
  }

  // The web pages need their assets; look for them before anything listens.
  auto web_root = web::LocateWebRoot(
      options->web_root.empty() ? std::nullopt : std::optional<std::string>(options->web_root),
      web::DefaultWebRoots());
  if (!web_root) return Fail(web_root.error(), 1);
  // Usage events of the portal, the journey and the API, written in batches (monitor/recorder.h);
  // stopped after the server, so every request's events are flushed before the storage closes.
  monitor::Recorder recorder(**storage, &registry,
                             {.flush_interval = std::chrono::milliseconds(options->usage_flush_ms)});
  auto web = web::Web::Create(*catalog, **storage, registry,
                              {.web_root = *web_root,
                               .sandbox = options->sandbox,
                               .secure_cookies = options->hsts,
                               .draft_retention = std::chrono::hours(24 * options->draft_retention_days),
                               .recorder = &recorder});
  if (!web) return Fail(web.error(), 1);

  http::Router router;
  api::Api api(*catalog, **storage, registry, {.sandbox = options->sandbox, .recorder = &recorder});
  api.Register(router);
  (*web)->Register(router);

  http::ServerOptions server_options;
  server_options.address = options->address;
  server_options.port = options->port;
  server_options.threads = options->threads;
  server_options.hsts = options->hsts;
  server_options.access_log = options->access_log;
  server_options.max_body_bytes = options->max_body_bytes;
  http::Server server(server_options, router, registry);
  if (auto listening = server.Listen(); !listening) return Fail(listening.error(), 1);
  jobs::Scheduler scheduler(**storage, &registry,
                            {.period = std::chrono::seconds(options->job_period_seconds),
                             .sandbox_retention = std::chrono::hours(options->sandbox_retention_hours),
                             .abandon_after = std::chrono::seconds(options->abandon_after_seconds),
                             .usage_raw_retention = std::chrono::hours(24 * options->usage_retention_days),
                             .instance = jobs::DefaultInstanceName()});
  scheduler.Start();

  std::cout << "amtsweg listening on http://" << options->address << ":" << server.Port()
            << (options->sandbox ? " (Testumgebung/sandbox)" : "") << std::endl;
  if (demo) {
    std::cout << "demo database: " << storage::DescribeDatabase(options->db) << " — try: curl http://"
              << options->address << ":" << server.Port() << "/api/v1/municipalities — or open http://"
              << options->address << ":" << server.Port() << "/ in a browser" << std::endl;
    std::cout << "process monitor: http://" << options->address << ":" << server.Port()
              << "/monitor — access key (all municipalities): " << demo_key << "\n"
              << "transparency registry: http://" << options->address << ":" << server.Port() << "/register"
              << std::endl;
  }
  server.Run();
  scheduler.Stop();
  recorder.Stop();
  (*storage)->Close();
  return 0;
}

int Check(const std::vector<std::string>& files) {
  if (files.empty()) return Fail("check needs at least one FILE");
  auto diagnostics = process::CheckFiles(files);
  // In reading order, so a designer can work through the file from the top.
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const auto& a, const auto& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  });
  for (const auto& d : diagnostics) std::cerr << process::FormatDiagnostic(d) << "\n";
  if (!diagnostics.empty()) {
    std::cerr << diagnostics.size() << (diagnostics.size() == 1 ? " error" : " errors") << "\n";
    return 1;
  }
  std::cout << files.size() << (files.size() == 1 ? " file" : " files") << " valid\n";
  return 0;
}

int LogicEval(const std::vector<std::string>& args) {
  if (args.size() != 3 || args[0] != "eval") return Fail("usage: amtsweg logic eval RULE_JSON DATA_JSON");
  auto rule = nlohmann::json::parse(args[1], nullptr, false);
  if (rule.is_discarded()) return Fail("RULE is not valid JSON");
  auto data = nlohmann::json::parse(args[2], nullptr, false);
  if (data.is_discarded()) return Fail("DATA is not valid JSON");
  auto result = logic::Apply(rule, data);
  if (!result) return Fail("the rule cannot be evaluated: " + result.error().message, 1);
  std::cout << logic::ToJsJson(*result) << "\n";
  return 0;
}

int Migrate(const std::vector<std::string>& args) {
  auto options = ParseServeOptions(args, ProcessEnvironment(), false);
  if (!options) return Fail(options.error());
  auto storage = OpenMigrated(options->db, nullptr);
  if (!storage) return Fail(storage.error(), 1);
  auto version = (*storage)->SchemaVersion();
  std::cout << storage::DescribeDatabase(options->db) << ": schema version " << (version ? *version : -1)
            << "\n";
  return 0;
}

}  // namespace

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    if (command == "--version" || command == "-V" || command == "version") {
      std::cout << "amtsweg " << AMTSWEG_VERSION << "\n";
      return 0;
    }
    if (command == "serve") return Serve(rest, false);
    if (command == "demo") return Serve(rest, true);
    if (command == "check") return Check(rest);
    if (command == "logic") return LogicEval(rest);
    if (command == "migrate") return Migrate(rest);
    if (command == "monitor") return RunMonitorCommand(rest);
  } catch (const std::exception& e) {
    return Fail(std::string("internal error: ") + e.what(), 1);
  }
  return Fail("unknown command '" + command + "'\n\n" + kUsage);
}

}  // namespace amtsweg::cli
