// Open data rows, JSON and CSV (see opendata.h).

#include "registry/opendata.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace amtsweg::registry {
namespace {

using nlohmann::json;

json OrNull(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }
std::string OrEmpty(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string(); }

std::string Decimal(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  return buffer;
}

std::string Join(const std::vector<std::string>& parts, char separator) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : std::string(1, separator)) + p;
  return out;
}

// Median bucket bound of one month's durations, or nullopt (no submissions, or longer than the
// last bound).
std::optional<std::int64_t> MedianBucket(std::vector<storage::UsageDurationSum> buckets, std::int64_t total) {
  std::sort(buckets.begin(), buckets.end(),
            [](const auto& a, const auto& b) { return a.bucket_s < b.bucket_s; });
  std::int64_t seen = 0;
  for (const auto& b : buckets) {
    seen += b.count;
    if (2 * seen >= total) {
      if (b.bucket_s == std::numeric_limits<std::int64_t>::max()) return std::nullopt;
      return b.bucket_s;
    }
  }
  return std::nullopt;
}

struct Cell {
  std::int64_t started = 0;
  std::int64_t submitted = 0;
};

UsageRecord MakeRecord(const std::string& process, std::int64_t month, const Cell& cell,
                       const std::vector<storage::UsageDurationSum>& month_durations,
                       const std::string& leika) {
  UsageRecord r;
  r.month = MonthText(month);
  r.process = process;
  r.leika_key = leika;
  UsageCells cells = SuppressSmall(cell.started, cell.submitted);
  r.started = cells.started;
  r.submitted = cells.submitted;
  r.conversion = cells.conversion;
  r.suppressed = std::move(cells.suppressed);
  const bool submitted_ok = r.submitted.has_value();
  std::int64_t timed = 0;
  for (const auto& d : month_durations) timed += d.count;
  if (submitted_ok && timed >= kMinCellCount) {
    r.median_seconds = MedianBucket(month_durations, timed);
  } else if (timed > 0 || !submitted_ok) {
    r.suppressed.push_back("median_seconds");
  }
  return r;
}

}  // namespace

UsageCells SuppressSmall(std::int64_t started, std::int64_t submitted) {
  UsageCells c;
  const bool started_ok = started >= kMinCellCount;
  const bool submitted_ok = submitted >= kMinCellCount;
  if (started_ok)
    c.started = started;
  else
    c.suppressed.push_back("started");
  if (submitted_ok)
    c.submitted = submitted;
  else
    c.suppressed.push_back("submitted");
  if (started_ok && submitted_ok) {
    c.conversion =
        std::round(1000.0 * static_cast<double>(submitted) / static_cast<double>(started)) / 1000.0;
  } else {
    c.suppressed.push_back("conversion");
  }
  return c;
}

std::string CsvField(std::string_view value) {
  std::string text(value);
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
    text.insert(text.begin(), '\'');
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + CsvField(fields[i]);
  return line + "\r\n";
}

std::vector<OfferingRecord> OfferingRecords(const Registry& registry) {
  std::vector<OfferingRecord> records;
  for (const auto& offer : registry.Offers()) {
    const storage::Municipality* m = registry.FindMunicipality(offer.ags);
    const catalog::OzgService* s = registry.FindService(offer.leika);
    OfferingRecord r;
    r.leika_key = offer.leika;
    r.leika_name = s ? s->name : "";
    r.ars = m ? m->ars : "";
    r.ars_name = m ? m->name : "";
    r.online_status = "online";
    r.url = offer.url;
    r.maturity_level = offer.maturity;
    if (!offer.process.empty()) r.process = offer.process;
    records.push_back(std::move(r));
  }
  std::stable_sort(records.begin(), records.end(), [](const auto& a, const auto& b) {
    return std::tie(a.ars, a.leika_key) < std::tie(b.ars, b.leika_key);
  });
  return records;
}

json OfferingsJson(const std::vector<OfferingRecord>& records) {
  json rows = json::array();
  for (const auto& r : records) {
    rows.push_back({{"leika_key", r.leika_key},
                    {"leika_name", r.leika_name},
                    {"ars", r.ars},
                    {"ars_name", r.ars_name},
                    {"online_status", r.online_status},
                    {"url", r.url},
                    {"maturity_level", r.maturity_level},
                    {"process", r.process ? json(*r.process) : json(nullptr)}});
  }
  return rows;
}

std::string OfferingsCsv(const std::vector<OfferingRecord>& records) {
  std::string csv = CsvLine(
      {"leika_key", "leika_name", "ars", "ars_name", "online_status", "url", "maturity_level", "process"});
  for (const auto& r : records) {
    csv += CsvLine({r.leika_key, r.leika_name, r.ars, r.ars_name, r.online_status, r.url,
                    std::to_string(r.maturity_level), r.process.value_or("")});
  }
  return csv;
}

std::vector<UsageRecord> UsageRecords(
    const std::vector<storage::UsageSum>& sums,
    const std::map<std::string, std::vector<storage::UsageDurationSum>>& durations,
    const std::map<std::string, std::string>& leika) {
  std::map<std::pair<std::int64_t, std::string>, Cell> cells;  // (month, process)
  for (const auto& s : sums) {
    if (s.group.size() != 2) continue;
    std::int64_t month = 0;
    const std::string& text = s.group[1];
    if (std::from_chars(text.data(), text.data() + text.size(), month).ec != std::errc{}) continue;
    if (s.kind != "started" && s.kind != "submitted") continue;
    Cell& cell = cells[{month, s.group[0]}];
    (s.kind == "started" ? cell.started : cell.submitted) += s.count;
  }
  std::vector<UsageRecord> records;
  for (const auto& [key, cell] : cells) {
    const auto& [month, process] = key;
    std::vector<storage::UsageDurationSum> month_durations;
    if (auto it = durations.find(process); it != durations.end()) {
      for (const auto& d : it->second)
        if (d.group == std::to_string(month)) month_durations.push_back(d);
    }
    auto l = leika.find(process);
    records.push_back(MakeRecord(process, month, cell, month_durations, l == leika.end() ? "" : l->second));
  }
  return records;
}

json UsageJson(const std::vector<UsageRecord>& records) {
  json rows = json::array();
  for (const auto& r : records) {
    rows.push_back({{"month", r.month},
                    {"process", r.process},
                    {"leika_key", r.leika_key.empty() ? json(nullptr) : json(r.leika_key)},
                    {"started", OrNull(r.started)},
                    {"submitted", OrNull(r.submitted)},
                    {"conversion", r.conversion ? json(*r.conversion) : json(nullptr)},
                    {"median_seconds", OrNull(r.median_seconds)},
                    {"suppressed", r.suppressed}});
  }
  return rows;
}

std::string UsageCsv(const std::vector<UsageRecord>& records) {
  std::string csv = CsvLine({"month", "process", "leika_key", "started", "submitted", "conversion",
                             "median_seconds", "suppressed"});
  for (const auto& r : records) {
    csv += CsvLine({r.month, r.process, r.leika_key, OrEmpty(r.started), OrEmpty(r.submitted),
                    r.conversion ? Decimal(*r.conversion) : "", OrEmpty(r.median_seconds),
                    Join(r.suppressed, ';')});
  }
  return csv;
}

std::string MonthText(std::int64_t yyyymm) {
  const std::int64_t year = yyyymm / 100, month = yyyymm % 100;
  if (year < 1000 || year > 9999 || month < 1 || month > 12) return {};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02lld", static_cast<long long>(year),
                static_cast<long long>(month));
  return buffer;
}

std::optional<std::int64_t> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0, month = 0;
  if (std::from_chars(text.data(), text.data() + 4, year).ptr != text.data() + 4) return std::nullopt;
  if (std::from_chars(text.data() + 5, text.data() + 7, month).ptr != text.data() + 7) return std::nullopt;
  if (year < 1000 || month < 1 || month > 12) return std::nullopt;
  return std::int64_t{year} * 100 + month;
}

}  // namespace amtsweg::registry
