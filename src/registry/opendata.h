#pragma once
// Open data of the transparency registry and the process monitor (issue 5), as plain rows and
// their JSON and CSV forms. The API handlers (api/opendata_handlers.cpp) only read storage and
// call these.
//
// Offerings: one row per online offer, in the shape of the federal OZG dashboard's rows
// (leika_key, leika_name, ars, ars_name, online_status, url) plus maturity_level and process.
//
// Usage: monthly figures per service of one municipality. Small numbers single people out, so
// every count below kMinCellCount is published as null and named in the row's `suppressed`
// list, and so is every value derived from such a count (conversion, median time):
//
//   auto rows = UsageRows(sums_by_process_and_month, durations_by_process, leika_by_process);
//   UsageJson(rows);   // [{"month":"2026-11","process":"hund-anmelden","started":12,
//                      //   "submitted":null,"conversion":null,"suppressed":["submitted","conversion",…]}]
//
// CSV follows RFC 4180 (comma, CRLF, fields with comma/quote/line break quoted, quotes
// doubled) and is safe to open in a spreadsheet: a text cell starting with = + - @ tab or CR
// gets a leading apostrophe so it is never run as a formula.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "registry/registry.h"
#include "storage/usage.h"

namespace amtsweg::registry {

// --- CSV -------------------------------------------------------------------------------------

// One field, quoted where RFC 4180 requires it, defused against formula injection.
[[nodiscard]] std::string CsvField(std::string_view value);
// Fields joined by commas, ended by CRLF.
[[nodiscard]] std::string CsvLine(const std::vector<std::string>& fields);

// --- Offerings -------------------------------------------------------------------------------

struct OfferingRecord {
  std::string leika_key;
  std::string leika_name;
  std::string ars;
  std::string ars_name;
  std::string online_status;  // "online"
  std::string url;            // hosted here: the portal path ("/gemeinden/…"); else as entered
  int maturity_level = 0;
  std::optional<std::string> process;  // hosted here: the process id
};

// Every online offer, ordered by ars, then leika.
[[nodiscard]] std::vector<OfferingRecord> OfferingRecords(const Registry& registry);
[[nodiscard]] nlohmann::json OfferingsJson(const std::vector<OfferingRecord>& records);
[[nodiscard]] std::string OfferingsCsv(const std::vector<OfferingRecord>& records);

// --- Usage -----------------------------------------------------------------------------------

inline constexpr std::int64_t kMinCellCount = 5;  // k: smaller counts are suppressed

// Started and submitted counts with everything below k withheld: the counts themselves, and the
// conversion when either is withheld. `suppressed` names the withheld cells.
struct UsageCells {
  std::optional<std::int64_t> started;
  std::optional<std::int64_t> submitted;
  std::optional<double> conversion;  // submitted / started, 3 decimals
  std::vector<std::string> suppressed;
};
[[nodiscard]] UsageCells SuppressSmall(std::int64_t started, std::int64_t submitted);

struct UsageRecord {
  std::string month;  // "2026-11"
  std::string process;
  std::string leika_key;
  std::optional<std::int64_t> started;
  std::optional<std::int64_t> submitted;
  std::optional<double> conversion;            // submitted / started, 3 decimals
  std::optional<std::int64_t> median_seconds;  // upper bound of the median's time bucket
  std::vector<std::string> suppressed;         // names of the cells withheld, in column order
};

// `sums`: SumUsage grouped by {kProcess, kMonth} (and kind). `durations`: per process,
// SumUsageDurations grouped by kMonth. `leika`: process id -> LeiKa key. Rows ordered by month,
// then process; only (process, month) pairs that have a started or submitted count.
[[nodiscard]] std::vector<UsageRecord> UsageRecords(
    const std::vector<storage::UsageSum>& sums,
    const std::map<std::string, std::vector<storage::UsageDurationSum>>& durations,
    const std::map<std::string, std::string>& leika);
[[nodiscard]] nlohmann::json UsageJson(const std::vector<UsageRecord>& records);
[[nodiscard]] std::string UsageCsv(const std::vector<UsageRecord>& records);

// "2026-11" for 202611; "" for anything that is not a yyyymm with month 1–12.
[[nodiscard]] std::string MonthText(std::int64_t yyyymm);
// 202611 for "2026-11"; nullopt for anything else.
[[nodiscard]] std::optional<std::int64_t> ParseMonth(std::string_view text);

}  // namespace amtsweg::registry
