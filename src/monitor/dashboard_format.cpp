// The dashboards' edges (see dashboard.h): reading the filter parameters of a view, and writing
// a report as German display text, JSON and CSV. Pure.

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "monitor/dashboard.h"
#include "text/time.h"

namespace amtsweg::monitor {
namespace {

std::optional<std::int64_t> ParseInt(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

tl::unexpected<FilterError> Fail(std::string code, std::string message) {
  return tl::unexpected(FilterError{std::move(code), std::move(message)});
}

// The last non-empty value of `key`.
std::string Value(const std::vector<std::pair<std::string, std::string>>& query, std::string_view key) {
  std::string value;
  for (const auto& [k, v] : query)
    if (k == key && !v.empty()) value = v;
  return value;
}

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string RatioText(double ratio) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4f", RoundRatio(ratio));
  std::string text = buffer;
  while (text.size() > 1 && text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

nlohmann::json CellJson(const Cell& cell) {
  if (const auto* n = std::get_if<std::int64_t>(&cell.value)) return *n;
  if (const auto* r = std::get_if<double>(&cell.value)) return RoundRatio(*r);
  if (const auto* s = std::get_if<std::string>(&cell.value)) return *s;
  return nullptr;
}

std::string CellCsv(const Cell& cell) {
  if (const auto* n = std::get_if<std::int64_t>(&cell.value)) return std::to_string(*n);
  if (const auto* r = std::get_if<double>(&cell.value)) return RatioText(*r);
  if (const auto* s = std::get_if<std::string>(&cell.value)) return CsvField(*s);
  return {};
}

}  // namespace

std::optional<std::int64_t> DayFromIso(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = ParseInt(text.substr(0, 4));
  auto m = ParseInt(text.substr(5, 2));
  auto d = ParseInt(text.substr(8, 2));
  if (!y || !m || !d || *y < 2000 || *y > 2999) return std::nullopt;
  using namespace std::chrono;
  const year_month_day ymd{year{static_cast<int>(*y)}, month{static_cast<unsigned>(*m)},
                           day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd}.time_since_epoch().count();
}

std::optional<std::int64_t> MonthFromIso(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  auto y = ParseInt(text.substr(0, 4));
  auto m = ParseInt(text.substr(5, 2));
  if (!y || !m || *y < 2000 || *y > 2999 || *m < 1 || *m > 12) return std::nullopt;
  return *y * 100 + *m;
}

tl::expected<ViewFilter, FilterError> ParseViewFilter(
    const std::vector<std::pair<std::string, std::string>>& query, std::int64_t today) {
  ViewFilter filter;
  const std::string from = Value(query, "von");
  const std::string to = Value(query, "bis");
  const std::string period = Value(query, "zeitraum");
  if (!from.empty() || !to.empty()) {
    auto from_day = from.empty() ? std::optional<std::int64_t>() : DayFromIso(from);
    auto to_day = to.empty() ? std::optional<std::int64_t>(today) : DayFromIso(to);
    if ((!from.empty() && !from_day) || !to_day) {
      return Fail("invalid_date",
                  "Geben Sie die Daten des Zeitraums in der Form JJJJ-MM-TT an, z. B. 2026-11-30.");
    }
    filter.to_day = *to_day;
    filter.from_day = from_day ? *from_day : *to_day - (kDefaultPeriodDays - 1);
    filter.period_days = 0;
    if (filter.from_day > filter.to_day) {
      return Fail("invalid_period", "Der Beginn des Zeitraums liegt nach seinem Ende.");
    }
    if (filter.to_day - filter.from_day + 1 > kMaxPeriodDays) {
      return Fail("invalid_period", "Der Zeitraum darf höchstens zehn Jahre umfassen.");
    }
  } else {
    int days = kDefaultPeriodDays;
    if (!period.empty()) {
      auto n = ParseInt(period);
      if (!n || (*n != 7 && *n != 30 && *n != 90 && *n != 365)) {
        return Fail("invalid_period", "Wählen Sie als Zeitraum 7, 30, 90 oder 365 Tage.");
      }
      days = static_cast<int>(*n);
    }
    filter.period_days = days;
    filter.to_day = today;
    filter.from_day = today - (days - 1);
  }
  if (const std::string version = Value(query, "version"); !version.empty()) {
    auto n = ParseInt(version);
    if (!n || *n < 1 || *n > 9999) return Fail("invalid_version", "Die Version ist eine ganze Zahl ab 1.");
    filter.version = static_cast<int>(*n);
  }
  if (const std::string device = Value(query, "geraet"); !device.empty()) {
    if (device != "phone" && device != "tablet" && device != "desktop") {
      return Fail("invalid_device", "Wählen Sie als Gerät Smartphone, Tablet oder Computer.");
    }
    filter.device = device;
  }
  return filter;
}

storage::UsageFilter ToUsageFilter(const ViewFilter& filter, std::vector<std::string> ags,
                                   std::optional<std::string> process) {
  return storage::UsageFilter{.ags = std::move(ags),
                              .process = std::move(process),
                              .from_day = filter.from_day,
                              .to_day = filter.to_day,
                              .version = filter.version,
                              .device = filter.device};
}

double RoundRatio(double ratio) { return std::round(ratio * 10000.0) / 10000.0; }

std::string FormatCount(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string text;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text += '.';
    text += digits[i];
  }
  return n < 0 ? "-" + text : text;
}

std::string FormatRatio(double ratio) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", RoundRatio(ratio) * 100.0);
  std::string text = buffer;
  if (auto dot = text.find('.'); dot != std::string::npos) text[dot] = ',';
  return text + " %";
}

std::string FormatBound(std::int64_t seconds) {
  if (seconds == INT64_MAX) return "über 30 Tage";
  if (seconds < 60) return "bis zu " + std::to_string(seconds) + " Sek.";
  if (seconds < 3600) {
    if (seconds % 60 == 0) return "bis zu " + std::to_string(seconds / 60) + " Min.";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "bis zu %lld:%02lld Min.", static_cast<long long>(seconds / 60),
                  static_cast<long long>(seconds % 60));
    return buffer;
  }
  if (seconds < 86400) {
    if (seconds % 3600 == 0) return "bis zu " + std::to_string(seconds / 3600) + " Std.";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "bis zu %lld:%02lld Std.", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds % 3600 / 60));
    return buffer;
  }
  const std::int64_t days = seconds / 86400;
  return "bis zu " + std::to_string(days) + (days == 1 ? " Tag" : " Tagen");
}

std::string FormatCell(const Cell& cell, ColumnType type) {
  if (const auto* n = std::get_if<std::int64_t>(&cell.value))
    return type == ColumnType::kSeconds ? FormatBound(*n) : FormatCount(*n);
  if (const auto* r = std::get_if<double>(&cell.value)) return FormatRatio(*r);
  if (const auto* s = std::get_if<std::string>(&cell.value)) return *s;
  return cell.missing_text.empty() ? "–" : cell.missing_text;
}

nlohmann::json ReportJson(const Report& report, const ViewFilter& filter) {
  nlohmann::json tables = nlohmann::json::object();
  for (const auto& t : report.tables) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : t.rows) {
      nlohmann::json object = nlohmann::json::object();
      for (std::size_t i = 0; i < t.columns.size() && i < row.size(); ++i)
        object[t.columns[i].id] = CellJson(row[i]);
      rows.push_back(std::move(object));
    }
    tables[t.id] = std::move(rows);
  }
  return {{"ansicht", report.view},
          {"filter",
           {{"von", text::DayIso(filter.from_day)},
            {"bis", text::DayIso(filter.to_day)},
            {"version", filter.version ? nlohmann::json(*filter.version) : nlohmann::json(nullptr)},
            {"geraet", filter.device ? nlohmann::json(*filter.device) : nlohmann::json(nullptr)}}},
          {"tabellen", std::move(tables)}};
}

std::string ReportCsv(const Report& report) {
  std::string csv;
  for (const auto& t : report.tables) {
    if (!csv.empty()) csv += "\r\n";
    csv += "tabelle";
    for (const auto& c : t.columns) csv += "," + CsvField(c.id);
    csv += "\r\n";
    for (const auto& row : t.rows) {
      csv += CsvField(t.id);
      for (std::size_t i = 0; i < t.columns.size(); ++i) csv += "," + (i < row.size() ? CellCsv(row[i]) : "");
      csv += "\r\n";
    }
  }
  return csv;
}

}  // namespace amtsweg::monitor
