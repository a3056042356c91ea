#pragma once
// The SQL of the process monitor and the transparency registry (usage.h), for both engines, in
// one place like sql.h. sqlite_usage.cpp and pg_usage.cpp only bind and step.
//
// Bulk writes (WriteUsageAsync, the abandonment job) go table by table through a BulkTable:
//   SQLite:      INSERT INTO usage_daily (ags, …, count) VALUES ($1, …, $10), ($11, …), …
//                ON CONFLICT (…) DO UPDATE SET count = usage_daily.count + excluded.count
//                — 1, 2, 4 … 64 rows per statement, so a handful of cached statements serve
//                every batch size;
//   PostgreSQL:  INSERT INTO usage_daily (ags, …, count)
//                SELECT * FROM unnest($1::text[], …, $10::bigint[]) ON CONFLICT (…) DO UPDATE …
//                — one statement per table with one array per column, whatever the batch size.
// Rows reach the binders through EmitCells (one call per column, in column order).
//
// Every rollup table has a monthly twin (usage_monthly …: the same columns without `day`). A
// batch's rows, summed per month (MonthlyRows), are upserted there in the same transaction.
// A sum whose day range covers at least one whole calendar month reads those months from the
// monthly table and only the days before and after them from the daily one, in one statement:
//   SELECT ags, kind, SUM(count) FROM (
//     SELECT ags, kind, count FROM usage_daily WHERE day BETWEEN $1 AND $2 …        -- head days
//     UNION ALL SELECT ags, kind, count FROM usage_monthly WHERE month BETWEEN $3 AND $4 …
//     UNION ALL SELECT ags, kind, count FROM usage_daily WHERE day BETWEEN $5 AND $6 …  -- tail
//   ) AS parts GROUP BY ags, kind ORDER BY ags, kind
// Grouping by week needs days, so it always reads the daily table.
//
// Dashboard reads (SumUsage …) are built here from a fixed table of group expressions and
// filters; every value is a bound parameter ($1, $2 … in order of appearance, as SQLite's
// Prepare demands). A list of municipalities becomes `ags IN ($3, $4, …)`, padded to a power of
// two by repeating its last value, so the statement cache sees few distinct texts.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "storage/storage.h"
#include "storage/usage.h"

namespace amtsweg::storage::usage_sql {

// --- Bulk writes ---

enum class ColumnType { kText, kInteger, kBigint };

// One table that rows are bulk-inserted into (see above).
struct BulkTable {
  std::string_view name;
  std::vector<std::string_view> columns;
  std::vector<ColumnType> types;
  std::string_view on_conflict;  // "" or " ON CONFLICT (…) DO …"
  // VALUES statements for 1, 2, 4 … kMaxValuesRows rows (index = log2 of the row count).
  std::vector<std::string> values_sql{};
  std::string unnest_sql{};
};

inline constexpr std::size_t kMaxValuesRows = 64;

const BulkTable& UsageEventsTable();
const BulkTable& UsageDailyTable();
const BulkTable& UsagePagesTable();
const BulkTable& UsageFieldsTable();
const BulkTable& UsageDurationsTable();
const BulkTable& UsageJourneysTable();
const BulkTable& UsageMonthlyTable();
const BulkTable& UsageMonthlyPagesTable();
const BulkTable& UsageMonthlyFieldsTable();
const BulkTable& UsageMonthlyDurationsTable();

// The largest power of two <= min(remaining, kMaxValuesRows), and its log2 (index into
// values_sql). remaining > 0.
struct Chunk {
  std::size_t rows;
  std::size_t index;
};
Chunk NextChunk(std::size_t remaining);

// The cells of one row, in the column order of its BulkTable. `emit` takes std::string_view,
// std::int64_t and std::optional<std::int64_t> (NULL when empty).
template <typename Emit>
void EmitKey(const UsageKey& k, Emit& emit) {
  emit(std::string_view(k.ags));
  emit(std::string_view(k.process));
  emit(k.day);
  emit(k.month);
  emit(std::int64_t{k.version});
  emit(std::string_view(k.variant));
  emit(std::string_view(k.device));
}

template <typename Emit>
void EmitCells(const UsageEvent& e, Emit& emit) {
  emit(e.at);
  emit(std::string_view(e.kind));
  emit(std::string_view(e.ags));
  emit(std::string_view(e.process));
  emit(std::int64_t{e.version});
  emit(std::string_view(e.variant));
  emit(std::string_view(e.page));
  emit(std::string_view(e.field));
  emit(std::string_view(e.device));
  emit(std::string_view(e.channel));
  emit(std::string_view(e.journey));
  emit(e.duration_s);
}

template <typename Emit>
void EmitCells(const UsageDailyCount& r, Emit& emit) {
  EmitKey(r.key, emit);
  emit(std::string_view(r.channel));
  emit(std::string_view(r.kind));
  emit(r.count);
}

template <typename Emit>
void EmitCells(const UsagePageCount& r, Emit& emit) {
  EmitKey(r.key, emit);
  emit(std::string_view(r.page));
  emit(std::string_view(r.kind));
  emit(r.count);
}

template <typename Emit>
void EmitCells(const UsageFieldCount& r, Emit& emit) {
  EmitKey(r.key, emit);
  emit(std::string_view(r.page));
  emit(std::string_view(r.field));
  emit(r.count);
}

template <typename Emit>
void EmitCells(const UsageDurationCount& r, Emit& emit) {
  EmitKey(r.key, emit);
  emit(r.bucket_s);
  emit(r.count);
}

template <typename Emit>
void EmitCells(const UsageJourney& j, Emit& emit) {
  emit(std::string_view(j.journey));
  EmitKey(j.key, emit);
  emit(std::string_view(j.channel));
  emit(j.first_at);
  emit(j.last_at);
  emit(std::string_view(j.last_page));
  emit(std::string_view(j.state));
}

// A rollup row bound for a monthly table: its cells are the daily row's without `day`.
template <typename Row>
struct Monthly {
  Row row;  // row.key.day is 0 and means nothing
};

// Passes every cell on but the third, which is the key's day (see EmitKey).
template <typename Emit>
struct DropDay {
  Emit& emit;
  int position = 0;
  template <typename Cell>
  void operator()(const Cell& cell) {
    if (position++ != 2) emit(cell);
  }
};

template <typename Row, typename Emit>
void EmitCells(const Monthly<Row>& monthly, Emit& emit) {
  DropDay<Emit> dropping{emit};
  EmitCells(monthly.row, dropping);
}

// The rows of a batch summed per month: equal keys (without day) merged, order of first
// appearance kept, so that one upsert touches each monthly row once.
std::vector<Monthly<UsageDailyCount>> MonthlyRows(const std::vector<UsageDailyCount>& rows);
std::vector<Monthly<UsagePageCount>> MonthlyRows(const std::vector<UsagePageCount>& rows);
std::vector<Monthly<UsageFieldCount>> MonthlyRows(const std::vector<UsageFieldCount>& rows);
std::vector<Monthly<UsageDurationCount>> MonthlyRows(const std::vector<UsageDurationCount>& rows);

// One multi-row upsert may not touch a row twice on PostgreSQL, so rows with equal keys are
// merged first: counts add up; journeys combine as the journey upsert does (later last_at and
// its page, submitted wins, else the later state). Order of first appearance is kept.
void MergeDuplicateRows(UsageBatch& batch);

// The abandonment job: counts journeys that became "abandoned" into rollup rows, one per key
// (usage_daily kind "abandoned" and usage_daily_pages with the journey's last page), on the
// German day of the journey's last_at; MonthlyRows of them go to the monthly tables.
class AbandonedCounter final {
 public:
  void Add(const UsageKey& journey_key, std::string_view channel, std::int64_t last_at,
           std::string_view last_page);
  std::vector<UsageDailyCount> TakeDaily() { return std::move(daily_); }
  std::vector<UsagePageCount> TakePages() { return std::move(pages_); }

 private:
  std::unordered_map<std::string, std::size_t> daily_index_;
  std::unordered_map<std::string, std::size_t> page_index_;
  std::vector<UsageDailyCount> daily_;
  std::vector<UsagePageCount> pages_;
};

// --- Queries with parameters ---

using Param = std::variant<std::int64_t, std::string>;

struct Query {
  std::string sql;
  std::vector<Param> params;  // $1, $2, … in order
};

// Most municipalities one query may list (a large Land has ~1,100).
inline constexpr std::size_t kMaxAgsFilter = 4096;

// The whole calendar months inside days [from_day, to_day]: their first and last day and their
// yyyymm. None when the range holds no whole month (or lies outside years 1970–9999).
struct WholeMonths {
  std::int64_t first_day = 0;
  std::int64_t last_day = 0;
  std::int64_t first_month = 0;
  std::int64_t last_month = 0;
  bool operator==(const WholeMonths&) const = default;
};
[[nodiscard]] std::optional<WholeMonths> WholeMonthsIn(std::int64_t from_day, std::int64_t to_day);

// Which rollups a sum may read: kMonthly uses the monthly tables where it can (see above);
// kDailyOnly is the reference the tests and the speed test compare against.
enum class Rollups { kMonthly, kDailyOnly };

[[nodiscard]] Result<Query> SumUsageQuery(const UsageFilter& filter, std::span<const UsageGroup> group_by,
                                          Rollups rollups = Rollups::kMonthly);
[[nodiscard]] Result<Query> SumPagesQuery(const UsageFilter& filter, bool by_ags,
                                          Rollups rollups = Rollups::kMonthly);
[[nodiscard]] Result<Query> SumFieldsQuery(const UsageFilter& filter, bool by_ags,
                                           Rollups rollups = Rollups::kMonthly);
[[nodiscard]] Result<Query> SumDurationsQuery(const UsageFilter& filter, UsageDurationGroup group,
                                              Rollups rollups = Rollups::kMonthly);
[[nodiscard]] Result<Query> PaperCountsQuery(const std::vector<std::string>& ags, std::int64_t from_month,
                                             std::int64_t to_month);

// Row mappers (row interface of sql.h: ColumnText, ColumnOptionalText, ColumnInt64).
template <typename Row>
UsageSum ReadUsageSum(const Row& row, std::size_t groups) {
  UsageSum sum;
  for (std::size_t g = 0; g < groups; ++g) sum.group.push_back(row.ColumnText(static_cast<int>(g)));
  sum.kind = row.ColumnText(static_cast<int>(groups));
  sum.count = row.ColumnInt64(static_cast<int>(groups) + 1);
  return sum;
}

template <typename Row>
UsagePageSum ReadPageSum(const Row& row, bool by_ags) {
  int c = by_ags ? 1 : 0;
  return UsagePageSum{by_ags ? row.ColumnText(0) : std::string(), row.ColumnText(c), row.ColumnText(c + 1),
                      row.ColumnInt64(c + 2)};
}

template <typename Row>
UsageFieldSum ReadFieldSum(const Row& row, bool by_ags) {
  int c = by_ags ? 1 : 0;
  return UsageFieldSum{by_ags ? row.ColumnText(0) : std::string(), row.ColumnText(c), row.ColumnText(c + 1),
                       row.ColumnInt64(c + 2)};
}

template <typename Row>
UsageDurationSum ReadDurationSum(const Row& row, UsageDurationGroup group) {
  int c = group == UsageDurationGroup::kNone ? 0 : 1;
  return UsageDurationSum{c == 1 ? row.ColumnText(0) : std::string(), row.ColumnInt64(c),
                          row.ColumnInt64(c + 1)};
}

// --- Journeys: abandonment and purge ---

inline constexpr char kStateOpen[] = "open";
inline constexpr char kStateAbandoned[] = "abandoned";
inline constexpr char kKindAbandoned[] = "abandoned";

// $1 = before_at. RETURNING gives exactly the rows this statement changed, so a journey that an
// event revived in the meantime is neither marked nor counted.
inline constexpr char kAbandonJourneys[] = R"sql(
UPDATE usage_journeys SET state = 'abandoned' WHERE state = 'open' AND last_at < $1
RETURNING ags, process, version, variant, device, channel, last_at, last_page
)sql";
inline constexpr char kPurgeUsageEvents[] = "DELETE FROM usage_events WHERE at < $1";
inline constexpr char kPurgeClosedJourneys[] =
    "DELETE FROM usage_journeys WHERE state <> 'open' AND last_at < $1";

// Mapper for a row of kAbandonJourneys into counter.Add.
template <typename Row>
void CountAbandonedRow(const Row& row, AbandonedCounter& counter) {
  UsageKey key{.ags = row.ColumnText(0),
               .process = row.ColumnText(1),
               .day = 0,
               .month = 0,
               .version = static_cast<int>(row.ColumnInt64(2)),
               .variant = row.ColumnText(3),
               .device = row.ColumnText(4)};
  counter.Add(key, row.ColumnText(5), row.ColumnInt64(6), row.ColumnText(7));
}

// --- Raw events ---

// $1 = limit. Oldest first; ties in a second are ordered by journey and kind.
inline constexpr char kSelectUsageEvents[] = R"sql(
SELECT at, kind, ags, process, version, variant, page, field, device, channel, journey, duration_s
FROM usage_events ORDER BY at, journey, kind LIMIT $1
)sql";

std::optional<std::int64_t> ParseOptionalInt64(const std::optional<std::string>& text);

template <typename Row>
UsageEvent ReadUsageEvent(const Row& row) {
  UsageEvent e;
  e.at = row.ColumnInt64(0);
  e.kind = row.ColumnText(1);
  e.ags = row.ColumnText(2);
  e.process = row.ColumnText(3);
  e.version = static_cast<int>(row.ColumnInt64(4));
  e.variant = row.ColumnText(5);
  e.page = row.ColumnText(6);
  e.field = row.ColumnText(7);
  e.device = row.ColumnText(8);
  e.channel = row.ColumnText(9);
  e.journey = row.ColumnText(10);
  e.duration_s = ParseOptionalInt64(row.ColumnOptionalText(11));
  return e;
}

// --- Paper counts ---

inline constexpr char kUpsertPaperCount[] = R"sql(
INSERT INTO paper_counts (ags, process, month, count, entered_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (ags, process, month) DO UPDATE SET count = excluded.count, entered_at = excluded.entered_at
)sql";

inline std::vector<Param> PaperCountParams(const PaperCount& p) {
  return {p.ags, p.process, p.month, p.count, p.entered_at};
}

template <typename Row>
PaperCount ReadPaperCount(const Row& row) {
  return PaperCount{row.ColumnText(0), row.ColumnText(1), row.ColumnInt64(2), row.ColumnInt64(3),
                    row.ColumnText(4)};
}

// --- Transparency registry ---

inline constexpr char kSelectRegistryProcesses[] =
    "SELECT id, title, leika, owner, status, version, updated_at FROM registry_processes ORDER BY id";
inline constexpr char kUpsertRegistryProcess[] = R"sql(
INSERT INTO registry_processes (id, title, leika, owner, status, version, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (id) DO UPDATE SET title = excluded.title, leika = excluded.leika, owner = excluded.owner,
  status = excluded.status, version = excluded.version, updated_at = excluded.updated_at
)sql";

inline std::vector<Param> RegistryProcessParams(const RegistryProcess& p) {
  return {p.id, p.title, p.leika, p.owner, p.status, std::int64_t{p.version}, p.updated_at};
}

template <typename Row>
RegistryProcess ReadRegistryProcess(const Row& row) {
  return RegistryProcess{row.ColumnText(0), row.ColumnText(1), row.ColumnText(2),
                         row.ColumnText(3), row.ColumnText(4), static_cast<int>(row.ColumnInt64(5)),
                         row.ColumnText(6)};
}

inline constexpr char kSelectExternalOfferings[] =
    "SELECT ags, leika, url, maturity, entered_at FROM external_offerings ORDER BY ags, leika";
inline constexpr char kUpsertExternalOffering[] = R"sql(
INSERT INTO external_offerings (ags, leika, url, maturity, entered_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (ags, leika) DO UPDATE SET url = excluded.url, maturity = excluded.maturity,
  entered_at = excluded.entered_at
)sql";
inline constexpr char kDeleteExternalOffering[] =
    "DELETE FROM external_offerings WHERE ags = $1 AND leika = $2";

inline std::vector<Param> ExternalOfferingParams(const ExternalOffering& o) {
  return {o.ags, o.leika, o.url, std::int64_t{o.maturity}, o.entered_at};
}

template <typename Row>
ExternalOffering ReadExternalOffering(const Row& row) {
  return ExternalOffering{row.ColumnText(0), row.ColumnText(1), row.ColumnText(2),
                          static_cast<int>(row.ColumnInt64(3)), row.ColumnText(4)};
}

// --- Monitor access ---

// Saved once: a second key with the same hash is kConflict, never a silent change of scope.
inline constexpr char kInsertMonitorAccess[] =
    "INSERT INTO monitor_access (key_hash, scope, label, created_at) VALUES ($1, $2, $3, $4)";
inline constexpr char kSelectMonitorAccess[] =
    "SELECT key_hash, scope, label, created_at FROM monitor_access WHERE key_hash = $1";

inline std::vector<Param> MonitorAccessParams(const MonitorAccess& a) {
  return {a.key_hash, a.scope, a.label, a.created_at};
}

template <typename Row>
MonitorAccess ReadMonitorAccess(const Row& row) {
  return MonitorAccess{row.ColumnText(0), row.ColumnText(1), row.ColumnText(2), row.ColumnText(3)};
}

}  // namespace amtsweg::storage::usage_sql
