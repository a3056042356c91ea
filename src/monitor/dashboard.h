#pragma once
// The process monitor's dashboards as data: pure functions that turn the rollup sums of storage
// (SumUsage, SumUsagePages, SumUsageFields, SumUsageDurations, ListPaperCounts — never raw
// events) into reports. A report is a list of typed tables; the HTML page, its charts, the CSV
// and the JSON export are all rendered from the same tables, so they always show the same
// numbers.
//
//   auto filter = ParseViewFilter(query_fields, text::GermanDay(now_s));   // ?zeitraum=30&geraet=phone
//   if (!filter) show(filter.error().message);                             // German, code for JSON
//   Report report = BuildServiceReport(inputs);                            // inputs: the sums
//   ReportJson(report, *filter);  ReportCsv(report);
//
// Time to submit comes from duration buckets (monitor::kDurationBuckets). A quantile is reported
// as the upper bound of the bucket it falls in ("bis zu 5 Min."), not interpolated: the bound is
// what the data proves, an interpolation would invent precision the buckets do not have.
//
// Steps that no feature records yet (paid, delivered, decided) are rows without a value, shown as
// "noch nicht erfasst" — never as zero.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "process/definition.h"
#include "storage/usage.h"

namespace amtsweg::monitor {

// --- Filters (query parameters of every view) ---------------------------------------------------

inline constexpr int kDefaultPeriodDays = 90;
inline constexpr std::int64_t kMaxPeriodDays = 3660;  // ten years

struct ViewFilter {
  std::int64_t from_day = 0;  // German civil days (text::GermanDay), inclusive
  std::int64_t to_day = 0;
  std::optional<int> version;
  std::optional<std::string> device;     // "phone" | "tablet" | "desktop"
  int period_days = kDefaultPeriodDays;  // the zeitraum chosen; 0 when von/bis were given
};

struct FilterError {
  std::string code;     // stable, for JSON: invalid_query, invalid_date, invalid_period, …
  std::string message;  // German, for the page
};

// Reads von/bis (yyyy-mm-dd), zeitraum (7|30|90|365), version (1..9999), geraet. Without a
// period: the last 90 days up to `today`. von without bis ends today; bis without von starts 89
// days earlier. Unknown parameters are ignored; empty values count as absent.
[[nodiscard]] tl::expected<ViewFilter, FilterError> ParseViewFilter(
    const std::vector<std::pair<std::string, std::string>>& query, std::int64_t today);
// "2026-11-30" -> days since 1970-01-01; nullopt unless a real date in 2000..2999.
[[nodiscard]] std::optional<std::int64_t> DayFromIso(std::string_view text);
// The storage filter for `filter` over these municipalities (empty = all) and process.
[[nodiscard]] storage::UsageFilter ToUsageFilter(const ViewFilter& filter, std::vector<std::string> ags,
                                                 std::optional<std::string> process);
// yyyymm of a "yyyy-mm" text (paper counts), nullopt when malformed.
[[nodiscard]] std::optional<std::int64_t> MonthFromIso(std::string_view text);

// --- Reports ------------------------------------------------------------------------------------

enum class ColumnType {
  kText,
  kCount,    // integer
  kRatio,    // 0..1 (may exceed 1 when people go back and forth), shown as percent
  kSeconds,  // an upper bound of time ("bis zu"), in seconds
};

struct Column {
  std::string id;     // JSON key and CSV header: lower-case German, snake_case
  std::string label;  // German, for the HTML table
  ColumnType type = ColumnType::kText;
};

struct Cell {
  // monostate: no value (see missing_text); int64 for kCount and kSeconds, double for kRatio.
  std::variant<std::monostate, std::int64_t, double, std::string> value;
  std::string href;          // text cells: a link target
  std::string missing_text;  // how a cell without value reads; "–" when empty
  bool best = false;         // highlighted in comparisons
};

struct Table {
  std::string id;
  std::string caption;  // German; also the table's caption in the HTML
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;

  // The column index of `id`, or -1.
  [[nodiscard]] int ColumnIndex(std::string_view id) const;
};

struct Report {
  std::string view;  // "uebersicht" | "gemeinde" | "leistung" | "vergleich"
  std::vector<Table> tables;

  // The table `id`, or nullptr.
  [[nodiscard]] const Table* Find(std::string_view id) const;
};

// Counts per kind from sums without group columns (or from one group's rows).
[[nodiscard]] std::map<std::string, std::int64_t> CountsByKind(const std::vector<storage::UsageSum>& sums);
// Counts per kind for each value of the first group column.
[[nodiscard]] std::map<std::string, std::map<std::string, std::int64_t>> CountsByGroup(
    const std::vector<storage::UsageSum>& sums);

// The smallest bucket bound below or at which at least `q` (0 < q <= 1) of the submissions lie;
// nullopt without submissions. A result of INT64_MAX means "longer than the last bound".
[[nodiscard]] std::optional<std::int64_t> BucketQuantile(
    const std::vector<storage::UsageDurationSum>& buckets, double q);

// The label of a field path as the monitor records it ("hunde[].rasse"): the labels along the
// path joined by " – "; the path itself when the definition does not know it.
[[nodiscard]] std::string FieldLabel(const process::Definition& definition, std::string_view path);

// One service of one municipality (/monitor/{ags}/{process}).
struct ServiceInputs {
  const process::Definition* definition = nullptr;  // page titles and field labels
  std::vector<storage::UsageSum> totals;            // grouped by kind only
  std::vector<storage::UsageSum> by_device;         // {kDevice}
  std::vector<storage::UsageSum> by_week;           // {kWeek}
  std::vector<storage::UsagePageSum> pages;
  std::vector<storage::UsageFieldSum> fields;
  std::vector<storage::UsageDurationSum> durations;
  std::int64_t from_day = 0;  // the weeks of the trend
  std::int64_t to_day = 0;
};
// Tables: kennzahlen, trichter, abbrueche, fehlerfelder, geraete, wochen.
[[nodiscard]] Report BuildServiceReport(const ServiceInputs& in);

// A service as the municipality report lists it.
struct ServiceRef {
  std::string process;
  std::string title;
  std::string href;  // its service report
};

// One municipality (/monitor/{ags}).
struct MunicipalityInputs {
  std::vector<ServiceRef> services;                 // what it offers
  std::vector<storage::UsageSum> by_process;        // {kProcess}, the period
  std::vector<storage::UsageSum> by_process_month;  // {kProcess, kMonth}, whole months of the period
  std::vector<storage::PaperCount> paper;           // those months
};
// Tables: nutzung (ranked by starts), konversion (ranked by conversion), onlineanteil, papier.
[[nodiscard]] Report BuildMunicipalityReport(const MunicipalityInputs& in);

struct MunicipalityRef {
  std::string ags;
  std::string name;
  std::string href;
};

// The municipalities of a scope (/monitor), ranked by starts when there are several.
// Tables: gemeinden, konversion.
[[nodiscard]] Report BuildOverviewReport(const std::vector<MunicipalityRef>& municipalities,
                                         const std::vector<storage::UsageSum>& by_ags);

// One standard process across municipalities (/monitor/vergleich/{process}).
struct ComparisonInputs {
  std::vector<std::pair<MunicipalityRef, const process::Definition*>> municipalities;
  std::vector<storage::UsageSum> by_ags;             // {kAgs}
  std::vector<storage::UsageDurationSum> durations;  // grouped by ags
  std::vector<storage::UsageFieldSum> fields;        // by ags
};
// Table: vergleich (best conversion and best median marked).
[[nodiscard]] Report BuildComparisonReport(const ComparisonInputs& in);

// --- Output -------------------------------------------------------------------------------------

// German display text of a cell: "12.345", "12,3 %", "bis zu 5 Min.", the text, or missing_text.
[[nodiscard]] std::string FormatCell(const Cell& cell, ColumnType type);
[[nodiscard]] std::string FormatCount(std::int64_t n);
[[nodiscard]] std::string FormatRatio(double ratio);
[[nodiscard]] std::string FormatBound(std::int64_t seconds);

// {"ansicht", "filter": {von, bis, version, geraet}, "tabellen": {id: [{column: value}]}}; ratios
// rounded to 4 decimals, cells without value null.
[[nodiscard]] nlohmann::json ReportJson(const Report& report, const ViewFilter& filter);
// RFC 4180, UTF-8: one block per table (a header line "tabelle,<columns>", then its rows, each
// starting with the table id), blocks separated by an empty line. Same values as the JSON.
[[nodiscard]] std::string ReportCsv(const Report& report);
// A ratio as both exports write it (rounded to 4 decimals).
[[nodiscard]] double RoundRatio(double ratio);

}  // namespace amtsweg::monitor
