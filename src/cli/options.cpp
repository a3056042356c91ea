#include "cli/options.h"

#include <charconv>
#include <cstdlib>

namespace amtsweg::cli {
namespace {

template <typename T>
std::optional<T> ParseNumber(const std::string& text, T min, T max) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
    return std::nullopt;
  return value;
}

std::optional<bool> ParseBool(const std::string& text) {
  if (text == "1" || text == "true" || text == "yes" || text == "on") return true;
  if (text == "0" || text == "false" || text == "no" || text == "off" || text.empty()) return false;
  return std::nullopt;
}

// One setting: its flag, its environment variable, and how to store a textual value.
struct Setting {
  const char* flag;
  const char* env;
  bool is_switch;  // a flag without value (sets true)
  std::function<bool(ServeOptions&, const std::string&)> apply;
};

std::vector<Setting> Settings() {
  return {
      {"--db", "AMTSWEG_DB", false,
       [](ServeOptions& o, const std::string& v) { return !(o.db = v).empty(); }},
      {"--address", "AMTSWEG_ADDRESS", false,
       [](ServeOptions& o, const std::string& v) { return !(o.address = v).empty(); }},
      {"--port", "AMTSWEG_PORT", false,
       [](ServeOptions& o, const std::string& v) {
         auto port = ParseNumber<int>(v, 0, 65535);
         if (port) o.port = static_cast<std::uint16_t>(*port);
         return port.has_value();
       }},
      {"--threads", "AMTSWEG_THREADS", false,
       [](ServeOptions& o, const std::string& v) {
         auto threads = ParseNumber<int>(v, 0, 256);
         if (threads) o.threads = *threads;
         return threads.has_value();
       }},
      {"--max-body", "AMTSWEG_MAX_BODY_BYTES", false,
       [](ServeOptions& o, const std::string& v) {
         auto bytes = ParseNumber<std::size_t>(v, 1024, std::size_t{1} << 30);
         if (bytes) o.max_body_bytes = *bytes;
         return bytes.has_value();
       }},
      {"--sandbox-retention-hours", "AMTSWEG_SANDBOX_RETENTION_HOURS", false,
       [](ServeOptions& o, const std::string& v) {
         auto hours = ParseNumber<int>(v, 0, 24 * 365);
         if (hours) o.sandbox_retention_hours = *hours;
         return hours.has_value();
       }},
      {"--draft-retention-days", "AMTSWEG_DRAFT_RETENTION_DAYS", false,
       [](ServeOptions& o, const std::string& v) {
         auto days = ParseNumber<int>(v, 1, 3650);
         if (days) o.draft_retention_days = *days;
         return days.has_value();
       }},
      {"--usage-retention-days", "AMTSWEG_USAGE_RETENTION_DAYS", false,
       [](ServeOptions& o, const std::string& v) {
         auto days = ParseNumber<int>(v, 1, 3650);
         if (days) o.usage_retention_days = *days;
         return days.has_value();
       }},
      {"--abandon-after-seconds", "AMTSWEG_ABANDON_AFTER_SECONDS", false,
       [](ServeOptions& o, const std::string& v) {
         auto seconds = ParseNumber<int>(v, 1, 90 * 24 * 3600);
         if (seconds) o.abandon_after_seconds = *seconds;
         return seconds.has_value();
       }},
      {"--demo-usage-events", "AMTSWEG_DEMO_USAGE_EVENTS", false,
       [](ServeOptions& o, const std::string& v) {
         auto events = ParseNumber<std::int64_t>(v, 0, 100'000'000);
         if (events) o.demo_usage_events = *events;
         return events.has_value();
       }},
      {"--usage-flush-ms", "AMTSWEG_USAGE_FLUSH_MS", false,
       [](ServeOptions& o, const std::string& v) {
         auto ms = ParseNumber<int>(v, 10, 60000);
         if (ms) o.usage_flush_ms = *ms;
         return ms.has_value();
       }},
      {"--job-period", "AMTSWEG_JOB_PERIOD_SECONDS", false,
       [](ServeOptions& o, const std::string& v) {
         auto seconds = ParseNumber<int>(v, 1, 24 * 3600);
         if (seconds) o.job_period_seconds = *seconds;
         return seconds.has_value();
       }},
      {"--sandbox", "AMTSWEG_SANDBOX", true,
       [](ServeOptions& o, const std::string& v) {
         auto b = ParseBool(v);
         if (b) o.sandbox = *b;
         return b.has_value();
       }},
      {"--hsts", "AMTSWEG_HSTS", true,
       [](ServeOptions& o, const std::string& v) {
         auto b = ParseBool(v);
         if (b) o.hsts = *b;
         return b.has_value();
       }},
      {"--no-access-log", "AMTSWEG_NO_ACCESS_LOG", true,
       [](ServeOptions& o, const std::string& v) {
         auto b = ParseBool(v);
         if (b) o.access_log = !*b;
         return b.has_value();
       }},
      {"--web-root", "AMTSWEG_WEB_ROOT", false,
       [](ServeOptions& o, const std::string& v) { return !(o.web_root = v).empty(); }},
  };
}

}  // namespace

Environment ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    return value ? std::optional<std::string>(value) : std::nullopt;
  };
}

tl::expected<ServeOptions, std::string> ParseServeOptions(const std::vector<std::string>& args,
                                                          const Environment& env, bool demo) {
  ServeOptions options;
  options.db = demo ? "amtsweg-demo.db" : "amtsweg.db";
  options.sandbox = demo;
  const auto settings = Settings();
  for (const auto& s : settings) {
    if (auto value = env(s.env); value && !s.apply(options, *value))
      return tl::unexpected(std::string("invalid value '") + *value + "' in " + s.env);
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string name = arg.substr(0, arg.find('='));
    const Setting* setting = nullptr;
    for (const auto& s : settings)
      if (name == s.flag) setting = &s;
    if (!setting) return tl::unexpected("unknown option '" + arg + "' (see amtsweg --help)");
    std::string value;
    if (arg.size() > name.size()) {
      value = arg.substr(name.size() + 1);
    } else if (setting->is_switch) {
      value = "1";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return tl::unexpected("option " + name + " needs a value");
    }
    if (!setting->apply(options, value)) return tl::unexpected("invalid value '" + value + "' for " + name);
  }
  return options;
}

}  // namespace amtsweg::cli
