// Statement texts and pure helpers of the usage storage (see usage_sql.h).

#include "storage/usage_sql.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <utility>

#include "text/time.h"

namespace amtsweg::storage::usage_sql {
namespace {

// The key columns every rollup row shares (UsageKey), in EmitKey's order.
#define AMTSWEG_USAGE_KEY_COLUMNS "ags", "process", "day", "month", "version", "variant", "device"
#define AMTSWEG_USAGE_KEY_TYPES                                                                           \
  ColumnType::kText, ColumnType::kText, ColumnType::kInteger, ColumnType::kInteger, ColumnType::kInteger, \
      ColumnType::kText, ColumnType::kText
// The same without day, for the monthly tables.
#define AMTSWEG_MONTH_KEY_COLUMNS "ags", "process", "month", "version", "variant", "device"
#define AMTSWEG_MONTH_KEY_TYPES                                                                        \
  ColumnType::kText, ColumnType::kText, ColumnType::kInteger, ColumnType::kInteger, ColumnType::kText, \
      ColumnType::kText

const char* PgArrayType(ColumnType type) {
  switch (type) {
    case ColumnType::kText:
      return "text[]";
    case ColumnType::kInteger:
      return "integer[]";
    case ColumnType::kBigint:
      return "bigint[]";
  }
  return "text[]";
}

std::string InsertHead(const BulkTable& table) {
  std::string sql = "INSERT INTO " + std::string(table.name) + " (";
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c > 0) sql += ", ";
    sql += table.columns[c];
  }
  return sql + ")";
}

// INSERT … VALUES ($1, …), ($k, …) … <on_conflict>, for `rows` rows.
std::string ValuesSql(const BulkTable& table, std::size_t rows) {
  std::string sql = InsertHead(table) + " VALUES ";
  int position = 1;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (c > 0) sql += ", ";
      sql += "$" + std::to_string(position++);
    }
    sql += ")";
  }
  return sql + std::string(table.on_conflict);
}

// INSERT … SELECT * FROM unnest($1::text[], …) <on_conflict>.
std::string UnnestSql(const BulkTable& table) {
  std::string sql = InsertHead(table) + " SELECT * FROM unnest(";
  for (std::size_t c = 0; c < table.types.size(); ++c) {
    if (c > 0) sql += ", ";
    sql += "$" + std::to_string(c + 1) + "::" + PgArrayType(table.types[c]);
  }
  return sql + ")" + std::string(table.on_conflict);
}

BulkTable Complete(BulkTable table) {
  for (std::size_t rows = 1; rows <= kMaxValuesRows; rows *= 2)
    table.values_sql.push_back(ValuesSql(table, rows));
  table.unnest_sql = UnnestSql(table);
  return table;
}

}  // namespace

const BulkTable& UsageEventsTable() {
  static const BulkTable table = Complete(BulkTable{
      .name = "usage_events",
      .columns = {"at", "kind", "ags", "process", "version", "variant", "page", "field", "device", "channel",
                  "journey", "duration_s"},
      .types = {ColumnType::kBigint, ColumnType::kText, ColumnType::kText, ColumnType::kText,
                ColumnType::kInteger, ColumnType::kText, ColumnType::kText, ColumnType::kText,
                ColumnType::kText, ColumnType::kText, ColumnType::kText, ColumnType::kBigint},
      .on_conflict = "",
  });
  return table;
}

const BulkTable& UsageDailyTable() {
  static const BulkTable table = Complete(BulkTable{
      .name = "usage_daily",
      .columns = {AMTSWEG_USAGE_KEY_COLUMNS, "channel", "kind", "count"},
      .types = {AMTSWEG_USAGE_KEY_TYPES, ColumnType::kText, ColumnType::kText, ColumnType::kBigint},
      .on_conflict = " ON CONFLICT (ags, process, day, version, variant, device, channel, kind)"
                     " DO UPDATE SET count = usage_daily.count + excluded.count",
  });
  return table;
}

const BulkTable& UsagePagesTable() {
  static const BulkTable table = Complete(BulkTable{
      .name = "usage_daily_pages",
      .columns = {AMTSWEG_USAGE_KEY_COLUMNS, "page", "kind", "count"},
      .types = {AMTSWEG_USAGE_KEY_TYPES, ColumnType::kText, ColumnType::kText, ColumnType::kBigint},
      .on_conflict = " ON CONFLICT (ags, process, day, version, variant, device, page, kind)"
                     " DO UPDATE SET count = usage_daily_pages.count + excluded.count",
  });
  return table;
}

const BulkTable& UsageFieldsTable() {
  static const BulkTable table = Complete(BulkTable{
      .name = "usage_daily_fields",
      .columns = {AMTSWEG_USAGE_KEY_COLUMNS, "page", "field", "count"},
      .types = {AMTSWEG_USAGE_KEY_TYPES, ColumnType::kText, ColumnType::kText, ColumnType::kBigint},
      .on_conflict = " ON CONFLICT (ags, process, day, version, variant, device, page, field)"
                     " DO UPDATE SET count = usage_daily_fields.count + excluded.count",
  });
  return table;
}

const BulkTable& UsageDurationsTable() {
  static const BulkTable table = Complete(BulkTable{
      .name = "usage_durations",
      .columns = {AMTSWEG_USAGE_KEY_COLUMNS, "bucket_s", "count"},
      .types = {AMTSWEG_USAGE_KEY_TYPES, ColumnType::kBigint, ColumnType::kBigint},
      .on_conflict = " ON CONFLICT (ags, process, day, version, variant, device, bucket_s)"
                     " DO UPDATE SET count = usage_durations.count + excluded.count",
  });
  return table;
}

// A journey is inserted on first sight; later batches move last_at forward (and last_page with
// it when the new event is not older), submitted wins, otherwise the new state holds ("open"
// revives an abandoned journey). Every right-hand side reads the row as it was before.
const BulkTable& UsageJourneysTable() {
  static const BulkTable table = Complete(BulkTable{
      .name = "usage_journeys",
      .columns = {"journey", AMTSWEG_USAGE_KEY_COLUMNS, "channel", "first_at", "last_at", "last_page",
                  "state"},
      .types = {ColumnType::kText, AMTSWEG_USAGE_KEY_TYPES, ColumnType::kText, ColumnType::kBigint,
                ColumnType::kBigint, ColumnType::kText, ColumnType::kText},
      .on_conflict = " ON CONFLICT (journey) DO UPDATE SET"
                     " last_at = CASE WHEN excluded.last_at > usage_journeys.last_at"
                     " THEN excluded.last_at ELSE usage_journeys.last_at END,"
                     " last_page = CASE WHEN excluded.last_at >= usage_journeys.last_at"
                     " THEN excluded.last_page ELSE usage_journeys.last_page END,"
                     " state = CASE WHEN usage_journeys.state = 'submitted' OR excluded.state = 'submitted'"
                     " THEN 'submitted' ELSE excluded.state END",
  });
  return table;
}

const BulkTable& UsageMonthlyTable() {
  static const BulkTable table = Complete(BulkTable{
      .name = "usage_monthly",
      .columns = {AMTSWEG_MONTH_KEY_COLUMNS, "channel", "kind", "count"},
      .types = {AMTSWEG_MONTH_KEY_TYPES, ColumnType::kText, ColumnType::kText, ColumnType::kBigint},
      .on_conflict = " ON CONFLICT (ags, process, month, version, variant, device, channel, kind)"
                     " DO UPDATE SET count = usage_monthly.count + excluded.count",
  });
  return table;
}

const BulkTable& UsageMonthlyPagesTable() {
  static const BulkTable table = Complete(BulkTable{
      .name = "usage_monthly_pages",
      .columns = {AMTSWEG_MONTH_KEY_COLUMNS, "page", "kind", "count"},
      .types = {AMTSWEG_MONTH_KEY_TYPES, ColumnType::kText, ColumnType::kText, ColumnType::kBigint},
      .on_conflict = " ON CONFLICT (ags, process, month, version, variant, device, page, kind)"
                     " DO UPDATE SET count = usage_monthly_pages.count + excluded.count",
  });
  return table;
}

const BulkTable& UsageMonthlyFieldsTable() {
  static const BulkTable table = Complete(BulkTable{
      .name = "usage_monthly_fields",
      .columns = {AMTSWEG_MONTH_KEY_COLUMNS, "page", "field", "count"},
      .types = {AMTSWEG_MONTH_KEY_TYPES, ColumnType::kText, ColumnType::kText, ColumnType::kBigint},
      .on_conflict = " ON CONFLICT (ags, process, month, version, variant, device, page, field)"
                     " DO UPDATE SET count = usage_monthly_fields.count + excluded.count",
  });
  return table;
}

const BulkTable& UsageMonthlyDurationsTable() {
  static const BulkTable table = Complete(BulkTable{
      .name = "usage_monthly_durations",
      .columns = {AMTSWEG_MONTH_KEY_COLUMNS, "bucket_s", "count"},
      .types = {AMTSWEG_MONTH_KEY_TYPES, ColumnType::kBigint, ColumnType::kBigint},
      .on_conflict = " ON CONFLICT (ags, process, month, version, variant, device, bucket_s)"
                     " DO UPDATE SET count = usage_monthly_durations.count + excluded.count",
  });
  return table;
}

#undef AMTSWEG_USAGE_KEY_COLUMNS
#undef AMTSWEG_USAGE_KEY_TYPES
#undef AMTSWEG_MONTH_KEY_COLUMNS
#undef AMTSWEG_MONTH_KEY_TYPES

Chunk NextChunk(std::size_t remaining) {
  Chunk chunk{1, 0};
  while (chunk.rows * 2 <= remaining && chunk.rows * 2 <= kMaxValuesRows) {
    chunk.rows *= 2;
    chunk.index += 1;
  }
  return chunk;
}

// --- Merging rows with equal keys ---

namespace {

constexpr char kSeparator = '\x1f';

// Collects the cells of a row into one string key (all columns but the last, the count).
struct KeyWriter {
  std::string& key;
  void operator()(std::string_view text) {
    key.append(text);
    key.push_back(kSeparator);
  }
  void operator()(std::int64_t number) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
    key.append(digits, end);
    key.push_back(kSeparator);
  }
  void operator()(const std::optional<std::int64_t>&) {}
};

std::string KeyOf(const UsageKey& k) {
  std::string key;
  KeyWriter writer{key};
  EmitKey(k, writer);
  return key;
}

template <typename Row, typename Extra>
void MergeCounts(std::vector<Row>& rows, Extra extra) {
  std::unordered_map<std::string, std::size_t> index;
  std::vector<Row> merged;
  merged.reserve(rows.size());
  for (Row& row : rows) {
    std::string key = KeyOf(row.key);
    extra(row, key);
    auto [it, inserted] = index.try_emplace(std::move(key), merged.size());
    if (inserted) {
      merged.push_back(std::move(row));
    } else {
      merged[it->second].count += row.count;
    }
  }
  rows = std::move(merged);
}

void Combine(UsageJourney& earlier, const UsageJourney& later) {
  if (later.last_at >= earlier.last_at) earlier.last_page = later.last_page;
  if (later.last_at > earlier.last_at) earlier.last_at = later.last_at;
  if (earlier.state != "submitted") earlier.state = later.state == "submitted" ? "submitted" : later.state;
}

void MergeJourneys(std::vector<UsageJourney>& journeys) {
  std::unordered_map<std::string, std::size_t> index;
  std::vector<UsageJourney> merged;
  merged.reserve(journeys.size());
  for (UsageJourney& journey : journeys) {
    auto [it, inserted] = index.try_emplace(journey.journey, merged.size());
    if (inserted) {
      merged.push_back(std::move(journey));
    } else {
      Combine(merged[it->second], journey);
    }
  }
  journeys = std::move(merged);
}

void Append(std::string& key, std::string_view part) {
  key.append(part);
  key.push_back(kSeparator);
}

void MergeRows(std::vector<UsageDailyCount>& rows) {
  MergeCounts(rows, [](const UsageDailyCount& r, std::string& key) {
    Append(key, r.channel);
    Append(key, r.kind);
  });
}

void MergeRows(std::vector<UsagePageCount>& rows) {
  MergeCounts(rows, [](const UsagePageCount& r, std::string& key) {
    Append(key, r.page);
    Append(key, r.kind);
  });
}

void MergeRows(std::vector<UsageFieldCount>& rows) {
  MergeCounts(rows, [](const UsageFieldCount& r, std::string& key) {
    Append(key, r.page);
    Append(key, r.field);
  });
}

void MergeRows(std::vector<UsageDurationCount>& rows) {
  MergeCounts(rows,
              [](const UsageDurationCount& r, std::string& key) { Append(key, std::to_string(r.bucket_s)); });
}

// The rows with day 0, merged (the month stays in the key), wrapped for the monthly tables.
template <typename Row>
std::vector<Monthly<Row>> ToMonthly(const std::vector<Row>& rows) {
  std::vector<Row> by_month = rows;
  for (Row& row : by_month) row.key.day = 0;
  MergeRows(by_month);
  std::vector<Monthly<Row>> monthly;
  monthly.reserve(by_month.size());
  for (Row& row : by_month) monthly.push_back(Monthly<Row>{std::move(row)});
  return monthly;
}

}  // namespace

void MergeDuplicateRows(UsageBatch& batch) {
  MergeRows(batch.daily);
  MergeRows(batch.pages);
  MergeRows(batch.fields);
  MergeRows(batch.durations);
  MergeJourneys(batch.journeys);
}

std::vector<Monthly<UsageDailyCount>> MonthlyRows(const std::vector<UsageDailyCount>& rows) {
  return ToMonthly(rows);
}
std::vector<Monthly<UsagePageCount>> MonthlyRows(const std::vector<UsagePageCount>& rows) {
  return ToMonthly(rows);
}
std::vector<Monthly<UsageFieldCount>> MonthlyRows(const std::vector<UsageFieldCount>& rows) {
  return ToMonthly(rows);
}
std::vector<Monthly<UsageDurationCount>> MonthlyRows(const std::vector<UsageDurationCount>& rows) {
  return ToMonthly(rows);
}

// --- Abandonment ---

void AbandonedCounter::Add(const UsageKey& journey_key, std::string_view channel, std::int64_t last_at,
                           std::string_view last_page) {
  UsageKey key = journey_key;
  key.day = text::GermanDay(last_at);
  key.month = text::MonthOfDay(key.day);
  std::string base = KeyOf(key);

  std::string daily_key = base + std::string(channel);
  auto [daily, new_daily] = daily_index_.try_emplace(std::move(daily_key), daily_.size());
  if (new_daily) daily_.push_back(UsageDailyCount{key, std::string(channel), kKindAbandoned, 0});
  daily_[daily->second].count += 1;

  std::string page_key = base + std::string(last_page);
  auto [page, new_page] = page_index_.try_emplace(std::move(page_key), pages_.size());
  if (new_page) pages_.push_back(UsagePageCount{std::move(key), std::string(last_page), kKindAbandoned, 0});
  pages_[page->second].count += 1;
}

// --- Dashboard queries ---

namespace {

// The fixed table of group expressions: nothing from a request ever becomes SQL text.
const char* GroupExpression(UsageGroup group) {
  switch (group) {
    case UsageGroup::kAgs:
      return "ags";
    case UsageGroup::kProcess:
      return "process";
    case UsageGroup::kDevice:
      return "device";
    case UsageGroup::kVersion:
      return "version";
    case UsageGroup::kWeek:
      return "(day + 3) / 7";  // weeks start on Monday: day 4 (1970-01-05) begins week 1
    case UsageGroup::kMonth:
      return "month";
    case UsageGroup::kChannel:
      return "channel";
  }
  return nullptr;
}

Error Invalid(std::string message) { return Error{ErrorCode::kInvalid, std::move(message)}; }

// Appends "$n" for the next parameter and records its value.
std::string Bind(Query& query, Param value) {
  query.params.push_back(std::move(value));
  return "$" + std::to_string(query.params.size());
}

// " AND ags IN ($k, …)" with the list padded to a power of two (see usage_sql.h).
Result<void> AppendAgsFilter(Query& query, const std::vector<std::string>& ags) {
  if (ags.empty()) return {};
  if (ags.size() > kMaxAgsFilter) return tl::unexpected(Invalid("too many municipalities in one query"));
  std::size_t padded = 1;
  while (padded < ags.size()) padded *= 2;
  query.sql += " AND ags IN (";
  for (std::size_t i = 0; i < padded; ++i) {
    if (i > 0) query.sql += ", ";
    query.sql += Bind(query, ags[std::min(i, ags.size() - 1)]);
  }
  query.sql += ")";
  return {};
}

// Which rows of which table one part of a sum reads: `column` (day or month) in [from, to].
struct Range {
  const char* table;
  const char* column;
  std::int64_t from;
  std::int64_t to;
};

// " WHERE <day|month> BETWEEN … [AND ags IN …] [AND process = …] [AND version = …]
//   [AND device = …]"
Result<void> AppendWhere(Query& query, const UsageFilter& filter, const Range& range) {
  query.sql += std::string(" WHERE ") + range.column + " BETWEEN " + Bind(query, range.from);
  query.sql += " AND " + Bind(query, range.to);
  if (auto added = AppendAgsFilter(query, filter.ags); !added) return added;
  if (filter.process) query.sql += " AND process = " + Bind(query, *filter.process);
  if (filter.version) query.sql += " AND version = " + Bind(query, std::int64_t{*filter.version});
  if (filter.device) query.sql += " AND device = " + Bind(query, *filter.device);
  return {};
}

std::string ListOf(const std::vector<std::string>& columns) {
  std::string list;
  for (const std::string& column : columns) list += (list.empty() ? "" : ", ") + column;
  return list;
}

// The daily and monthly table a sum reads.
struct Tables {
  const char* daily;
  const char* monthly;
};

// The parts a sum over `filter` reads: the daily table alone, or whole months from the monthly
// table and the days before and after them from the daily one (see usage_sql.h).
std::vector<Range> RangesOf(const UsageFilter& filter, Tables tables, bool monthly) {
  std::optional<WholeMonths> months;
  if (monthly) months = WholeMonthsIn(filter.from_day, filter.to_day);
  if (!months) return {Range{tables.daily, "day", filter.from_day, filter.to_day}};
  std::vector<Range> ranges;
  if (filter.from_day < months->first_day)
    ranges.push_back(Range{tables.daily, "day", filter.from_day, months->first_day - 1});
  ranges.push_back(Range{tables.monthly, "month", months->first_month, months->last_month});
  if (months->last_day < filter.to_day)
    ranges.push_back(Range{tables.daily, "day", months->last_day + 1, filter.to_day});
  return ranges;
}

// Daily only: SELECT <columns>, SUM(count) FROM <table> WHERE … GROUP BY <columns> ORDER BY …
// With months: SELECT <columns>, SUM(count) FROM (SELECT <columns>, count FROM … UNION ALL …)
//   AS parts GROUP BY <columns> ORDER BY <columns>. `columns` are then plain column names.
Result<Query> SumQuery(Tables tables, const std::vector<std::string>& columns, const UsageFilter& filter,
                       bool monthly) {
  const std::string list = ListOf(columns);
  const std::vector<Range> ranges = RangesOf(filter, tables, monthly);
  Query query;
  if (ranges.size() == 1 && ranges.front().table == tables.daily) {
    query.sql = "SELECT " + list + ", SUM(count) FROM " + tables.daily;
    if (auto where = AppendWhere(query, filter, ranges.front()); !where) return tl::unexpected(where.error());
  } else {
    std::vector<std::string> inner = columns;  // each column once, or the outer names are ambiguous
    std::sort(inner.begin(), inner.end());
    inner.erase(std::unique(inner.begin(), inner.end()), inner.end());
    query.sql = "SELECT " + list + ", SUM(count) FROM (";
    for (std::size_t r = 0; r < ranges.size(); ++r) {
      if (r > 0) query.sql += " UNION ALL ";
      query.sql += "SELECT " + ListOf(inner) + ", count FROM " + ranges[r].table;
      if (auto where = AppendWhere(query, filter, ranges[r]); !where) return tl::unexpected(where.error());
    }
    query.sql += ") AS parts";
  }
  query.sql += " GROUP BY " + list + " ORDER BY " + list;
  return query;
}

constexpr Tables kUsageTables{"usage_daily", "usage_monthly"};
constexpr Tables kPagesTables{"usage_daily_pages", "usage_monthly_pages"};
constexpr Tables kFieldsTables{"usage_daily_fields", "usage_monthly_fields"};
constexpr Tables kDurationsTables{"usage_durations", "usage_monthly_durations"};

// Days since 1970-01-01 of years 1970–9999: the range the calendar arithmetic below accepts.
constexpr std::int64_t kLastCalendarDay = 2932896;  // 9999-12-31

std::chrono::year_month_day DateOf(std::int64_t day) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{day}}};
}

std::int64_t DayOf(std::chrono::year_month_day date) {
  return std::chrono::sys_days{date}.time_since_epoch().count();
}

std::int64_t MonthNumber(std::chrono::year_month_day date) {
  return std::int64_t{static_cast<int>(date.year())} * 100 + static_cast<unsigned>(date.month());
}

}  // namespace

std::optional<WholeMonths> WholeMonthsIn(std::int64_t from_day, std::int64_t to_day) {
  using std::chrono::months;
  if (from_day < 0 || to_day > kLastCalendarDay || from_day > to_day) return std::nullopt;
  const auto from = DateOf(from_day);
  const auto first = from.day() == std::chrono::day{1}
                         ? from
                         : std::chrono::year_month_day{(from.year() / from.month() + months{1}) / 1};
  const auto after_to = DateOf(to_day + 1);  // the last whole month ends the day before a 1st
  const auto last = DateOf(DayOf(after_to.year() / after_to.month() / 1) - 1);
  if (DayOf(first) > DayOf(last)) return std::nullopt;
  return WholeMonths{DayOf(first), DayOf(last), MonthNumber(first), MonthNumber(last)};
}

namespace {

bool NeedsDays(std::span<const UsageGroup> group_by) {
  return std::find(group_by.begin(), group_by.end(), UsageGroup::kWeek) != group_by.end();
}

}  // namespace

Result<Query> SumUsageQuery(const UsageFilter& filter, std::span<const UsageGroup> group_by,
                            Rollups rollups) {
  std::vector<std::string> columns;
  for (UsageGroup group : group_by) {
    const char* expression = GroupExpression(group);
    if (expression == nullptr) return tl::unexpected(Invalid("unknown usage grouping"));
    columns.emplace_back(expression);
  }
  columns.emplace_back("kind");
  return SumQuery(kUsageTables, columns, filter, rollups == Rollups::kMonthly && !NeedsDays(group_by));
}

Result<Query> SumPagesQuery(const UsageFilter& filter, bool by_ags, Rollups rollups) {
  std::vector<std::string> columns;
  if (by_ags) columns.emplace_back("ags");
  columns.emplace_back("page");
  columns.emplace_back("kind");
  return SumQuery(kPagesTables, columns, filter, rollups == Rollups::kMonthly);
}

Result<Query> SumFieldsQuery(const UsageFilter& filter, bool by_ags, Rollups rollups) {
  std::vector<std::string> columns;
  if (by_ags) columns.emplace_back("ags");
  columns.emplace_back("page");
  columns.emplace_back("field");
  return SumQuery(kFieldsTables, columns, filter, rollups == Rollups::kMonthly);
}

Result<Query> SumDurationsQuery(const UsageFilter& filter, UsageDurationGroup group, Rollups rollups) {
  std::vector<std::string> columns;
  switch (group) {
    case UsageDurationGroup::kNone:
      break;
    case UsageDurationGroup::kAgs:
      columns.emplace_back("ags");
      break;
    case UsageDurationGroup::kMonth:
      columns.emplace_back("month");
      break;
    default:
      return tl::unexpected(Invalid("unknown duration grouping"));
  }
  columns.emplace_back("bucket_s");
  return SumQuery(kDurationsTables, columns, filter, rollups == Rollups::kMonthly);
}

Result<Query> PaperCountsQuery(const std::vector<std::string>& ags, std::int64_t from_month,
                               std::int64_t to_month) {
  Query query;
  query.sql = "SELECT ags, process, month, count, entered_at FROM paper_counts WHERE month BETWEEN ";
  query.sql += Bind(query, from_month);
  query.sql += " AND " + Bind(query, to_month);
  if (auto added = AppendAgsFilter(query, ags); !added) return tl::unexpected(added.error());
  query.sql += " ORDER BY ags, process, month";
  return query;
}

std::optional<std::int64_t> ParseOptionalInt64(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

}  // namespace amtsweg::storage::usage_sql
