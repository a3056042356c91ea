// `amtsweg monitor …` (see monitor_command.h).

#include "cli/monitor_command.h"

#include <charconv>
#include <cstdio>
#include <iostream>
#include <optional>

#include "catalog/catalog.h"
#include "monitor/access.h"
#include "monitor/simulate.h"
#include "storage/storage.h"
#include "text/time.h"

namespace amtsweg::cli {
namespace {

constexpr const char* kMonitorUsage =
    "usage: amtsweg monitor simulate --events N [--days D] [--seed S] [--end RFC3339] [--db PATH|URL]\n"
    "       amtsweg monitor access add --scope ags:AGS|state:LAND|all --label TEXT [--db PATH|URL]";

int Fail(const std::string& message, int code) {
  std::cerr << "amtsweg: " << message << "\n";
  return code;
}

template <typename T>
std::optional<T> ParseNumber(const std::string& text, T min, T max) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
    return std::nullopt;
  return value;
}

// Applies one flag's value; false if the value is invalid.
bool Apply(SimulateArgs& parsed, const std::string& flag, const std::string& value) {
  if (flag == "--db") return !(parsed.db = value).empty();
  if (flag == "--events") {
    auto events = ParseNumber<std::int64_t>(value, 1, 1'000'000'000);
    if (events) parsed.events = *events;
    return events.has_value();
  }
  if (flag == "--days") {
    auto days = ParseNumber<int>(value, 1, 3650);
    if (days) parsed.days = *days;
    return days.has_value();
  }
  if (flag == "--seed") {
    auto seed = ParseNumber<std::uint64_t>(value, 0, UINT64_MAX);
    if (seed) parsed.seed = *seed;
    return seed.has_value();
  }
  auto end = text::ParseRfc3339(value);  // --end
  if (end) parsed.end = *end;
  return end.has_value();
}

std::string WithThousands(std::int64_t n) {
  std::string digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

int Simulate(const std::vector<std::string>& args) {
  auto parsed = ParseSimulateArgs(args, ProcessEnvironment(), std::chrono::system_clock::now());
  if (!parsed) return Fail(parsed.error() + "\n" + kMonitorUsage, 2);
  const std::string shown = storage::DescribeDatabase(parsed->db);  // never print a password
  auto storage = storage::Open(parsed->db, nullptr);
  if (!storage) return Fail("cannot open database " + shown + ": " + storage.error().message, 1);
  if (auto migrated = (*storage)->Migrate(); !migrated) {
    (*storage)->Close();
    return Fail("migrating " + shown + " failed: " + migrated.error().message, 1);
  }
  auto catalog = catalog::Catalog::Load(**storage);
  if (!catalog) {
    for (const auto& e : catalog.error()) std::cerr << e << "\n";
    (*storage)->Close();
    return Fail("the catalogue in " + shown + " has errors", 1);
  }
  auto result = monitor::Simulate(
      **catalog, **storage,
      {.events = parsed->events, .days = parsed->days, .seed = parsed->seed, .end = parsed->end});
  (*storage)->Close();
  if (!result) {
    return Fail(result.error() + " in " + shown + " (a catalogue comes with `amtsweg demo --db …`)", 1);
  }
  const auto per_second =
      static_cast<std::int64_t>(static_cast<double>(result->events) / std::max(result->seconds, 1e-9));
  std::cout << "simulated " << WithThousands(result->events) << " usage events in " << shown << " over "
            << parsed->days << " days: " << WithThousands(result->visits) << " visits, "
            << WithThousands(result->journeys) << " journeys, " << WithThousands(result->submitted)
            << " submitted, ";
  if (result->abandoned) {
    std::cout << WithThousands(*result->abandoned) << " abandoned";
  } else {
    std::cout << "abandonment left to the abandon-journeys job";
  }
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", result->seconds);
  std::cout << "\n" << seconds << " s, " << WithThousands(per_second) << " events/s\n";
  return 0;
}

// `monitor access add`: a key for the process monitor's pages and exports, printed once (only
// its hash is stored).
int AccessAdd(const std::vector<std::string>& args) {
  std::optional<std::string> db = ProcessEnvironment()("AMTSWEG_DB");
  std::string scope;
  std::string label;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    if (auto eq = flag.find('='); eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag.resize(eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return Fail("option " + flag + " needs a value\n" + kMonitorUsage, 2);
    }
    if (flag == "--db") {
      db = value;
    } else if (flag == "--scope") {
      scope = value;
    } else if (flag == "--label") {
      label = value;
    } else {
      return Fail("unknown option '" + flag + "'\n" + kMonitorUsage, 2);
    }
  }
  if (!monitor::ParseScope(scope)) {
    return Fail("--scope must be ags:<8-digit AGS>, state:<Land> or all, not '" + scope + "'", 2);
  }
  if (label.empty()) return Fail("--label is required (who the key is for, for the operator)", 2);
  const std::string path = db.value_or("amtsweg.db");
  const std::string shown = storage::DescribeDatabase(path);
  auto storage = storage::Open(path, nullptr);
  if (!storage) return Fail("cannot open database " + shown + ": " + storage.error().message, 1);
  storage::Result<std::string> key = tl::unexpected(storage::Error{storage::ErrorCode::kIo, ""});
  if (auto migrated = (*storage)->Migrate(); !migrated) {
    key = tl::unexpected(migrated.error());
  } else {
    key = monitor::CreateAccessKey(**storage, scope, label, std::chrono::system_clock::now());
  }
  (*storage)->Close();
  if (!key) return Fail("creating the key in " + shown + " failed: " + key.error().message, 1);
  std::cout << *key << "\n";
  std::cerr << "access key for " << scope << " (" << label
            << ") created; it is shown only now — hand it over securely\n";
  return 0;
}

}  // namespace

tl::expected<SimulateArgs, std::string> ParseSimulateArgs(const std::vector<std::string>& args,
                                                          const Environment& env,
                                                          std::chrono::system_clock::time_point now) {
  SimulateArgs parsed;
  parsed.end = now;
  auto db = env("AMTSWEG_DB");
  parsed.db = db && !db->empty() ? *db : "amtsweg.db";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const std::string flag = arg.substr(0, arg.find('='));
    if (flag != "--db" && flag != "--events" && flag != "--days" && flag != "--seed" && flag != "--end")
      return tl::unexpected("unknown option '" + arg + "'");
    std::string value;
    if (arg.size() > flag.size()) {
      value = arg.substr(flag.size() + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return tl::unexpected("option " + flag + " needs a value");
    }
    if (!Apply(parsed, flag, value)) return tl::unexpected("invalid value '" + value + "' for " + flag);
  }
  if (parsed.events == 0) return tl::unexpected(std::string("--events N is required"));
  return parsed;
}

int RunMonitorCommand(const std::vector<std::string>& args) {
  if (args.empty()) return Fail(kMonitorUsage, 2);
  if (args[0] == "simulate") return Simulate({args.begin() + 1, args.end()});
  if (args.size() >= 2 && args[0] == "access" && args[1] == "add")
    return AccessAdd({args.begin() + 2, args.end()});
  return Fail("unknown monitor command '" + args[0] + "'\n" + kMonitorUsage, 2);
}

}  // namespace amtsweg::cli
