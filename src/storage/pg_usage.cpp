// The process monitor and transparency registry on PostgreSQL (storage.h, usage.h); the SQL is
// in usage_sql.h. Writes run on the group-commit writer's thread and connection, like drafts;
// dashboard reads borrow a pooled connection.
//
// WriteUsageAsync sends one statement per table whatever the batch size: every column travels
// as one array parameter ('{"a","b"}', '{1,2}') and unnest turns them back into rows. Rows with
// equal keys are merged first, because one INSERT … ON CONFLICT DO UPDATE may not touch a row
// twice; the monthly rollups (usage_sql::MonthlyRows) are merged per month the same way.

#include <charconv>
#include <utility>

#include "storage/pg_queries.h"
#include "storage/pg_storage.h"
#include "storage/usage_sql.h"

namespace amtsweg::storage::pg {
namespace {

using usage_sql::BulkTable;
using usage_sql::Param;
using usage_sql::Query;

// One row of a result, with the row interface usage_sql.h's mappers expect.
struct RowAt {
  const Rows& rows;
  int row;
  std::string ColumnText(int column) const { return rows.Text(row, column); }
  std::optional<std::string> ColumnOptionalText(int column) const { return rows.OptionalText(row, column); }
  std::int64_t ColumnInt64(int column) const { return rows.Int64(row, column); }
};

// A PostgreSQL array literal built element by element: text is always quoted (so "NULL" stays a
// word), with " and \ escaped; a missing number is NULL.
class ArrayLiteral final {
 public:
  void Add(std::string_view text) {
    Separate();
    text_.push_back('"');
    for (char c : text) {
      if (c == '"' || c == '\\') text_.push_back('\\');
      text_.push_back(c);
    }
    text_.push_back('"');
  }
  void Add(std::int64_t number) {
    Separate();
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
    text_.append(digits, end);
  }
  void Add(const std::optional<std::int64_t>& number) {
    if (number) {
      Add(*number);
    } else {
      Separate();
      text_ += "NULL";
    }
  }
  std::string Finish() { return std::move(text_) + "}"; }

 private:
  void Separate() {
    if (text_.size() > 1) text_.push_back(',');
  }
  std::string text_ = "{";
};

// Appends each cell to its column's array.
struct ColumnAppender {
  std::vector<ArrayLiteral>& columns;
  std::size_t column = 0;
  template <typename Cell>
  void operator()(const Cell& cell) {
    columns[column++].Add(cell);
  }
};

template <typename Row>
Result<void> InsertRows(Connection& connection, const BulkTable& table, const std::vector<Row>& rows) {
  if (rows.empty()) return {};
  std::vector<ArrayLiteral> columns(table.columns.size());
  for (const Row& row : rows) {
    ColumnAppender appender{columns};
    usage_sql::EmitCells(row, appender);
  }
  Params params;
  for (ArrayLiteral& column : columns) params.Text(column.Finish());
  auto done = connection.Query(table.unnest_sql.c_str(), params, table.name);
  if (!done) return tl::unexpected(done.error());
  return {};
}

// The batch's rollups summed per month, into the usage_monthly* tables.
Result<void> WriteMonthly(Connection& connection, const UsageBatch& batch) {
  Result<void> written =
      InsertRows(connection, usage_sql::UsageMonthlyTable(), usage_sql::MonthlyRows(batch.daily));
  if (written)
    written =
        InsertRows(connection, usage_sql::UsageMonthlyPagesTable(), usage_sql::MonthlyRows(batch.pages));
  if (written)
    written =
        InsertRows(connection, usage_sql::UsageMonthlyFieldsTable(), usage_sql::MonthlyRows(batch.fields));
  if (written) {
    written = InsertRows(connection, usage_sql::UsageMonthlyDurationsTable(),
                         usage_sql::MonthlyRows(batch.durations));
  }
  return written;
}

Result<void> WriteBatch(Connection& connection, const UsageBatch& batch) {
  if (auto begun = connection.Exec("BEGIN", "begin usage batch"); !begun) return begun;
  Result<void> written = InsertRows(connection, usage_sql::UsageEventsTable(), batch.events);
  if (written) written = InsertRows(connection, usage_sql::UsageDailyTable(), batch.daily);
  if (written) written = InsertRows(connection, usage_sql::UsagePagesTable(), batch.pages);
  if (written) written = InsertRows(connection, usage_sql::UsageFieldsTable(), batch.fields);
  if (written) written = InsertRows(connection, usage_sql::UsageDurationsTable(), batch.durations);
  if (written) written = WriteMonthly(connection, batch);
  if (written) written = InsertRows(connection, usage_sql::UsageJourneysTable(), batch.journeys);
  if (written) written = connection.Exec("COMMIT", "commit usage batch");
  return written;  // the caller rolls back what is still open
}

bool IsEmpty(const UsageBatch& b) {
  return b.events.empty() && b.daily.empty() && b.pages.empty() && b.fields.empty() && b.durations.empty() &&
         b.journeys.empty();
}

Params ToParams(const std::vector<Param>& values) {
  Params params;
  for (const Param& value : values) {
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
      params.Int64(*number);
    } else {
      params.Text(std::get<std::string>(value));
    }
  }
  return params;
}

template <typename T, typename ReadRow>
Result<std::vector<T>> SelectRows(Connection& connection, const char* sql, const std::vector<Param>& params,
                                  std::string_view what, ReadRow read_row) {
  auto rows = connection.Query(sql, ToParams(params), what);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<T> result;
  result.reserve(static_cast<std::size_t>(rows->Count()));
  for (int r = 0; r < rows->Count(); ++r) result.push_back(read_row(RowAt{*rows, r}));
  return result;
}

Result<std::int64_t> Execute(Connection& connection, const char* sql, const std::vector<Param>& params,
                             std::string_view what) {
  auto rows = connection.Query(sql, ToParams(params), what);
  if (!rows) return tl::unexpected(rows.error());
  return rows->Affected();
}

template <typename T, typename ReadRow>
Result<std::vector<T>> SelectQuery(Connection& connection, const Result<Query>& query, std::string_view what,
                                   ReadRow read_row) {
  if (!query) return tl::unexpected(query.error());
  return SelectRows<T>(connection, query->sql.c_str(), query->params, what, read_row);
}

// Marks stale open journeys abandoned and counts them into the rollups (usage_sql.h).
Result<std::int64_t> AbandonJourneys(Connection& connection, std::int64_t before_at) {
  Params params;
  params.Int64(before_at);
  auto rows = connection.Query(usage_sql::kAbandonJourneys, params, "abandon journeys");
  if (!rows) return tl::unexpected(rows.error());
  usage_sql::AbandonedCounter counter;
  for (int r = 0; r < rows->Count(); ++r) usage_sql::CountAbandonedRow(RowAt{*rows, r}, counter);
  const auto daily = counter.TakeDaily();
  const auto pages = counter.TakePages();
  if (auto added = InsertRows(connection, usage_sql::UsageDailyTable(), daily); !added)
    return tl::unexpected(added.error());
  if (auto added = InsertRows(connection, usage_sql::UsagePagesTable(), pages); !added)
    return tl::unexpected(added.error());
  if (auto added = InsertRows(connection, usage_sql::UsageMonthlyTable(), usage_sql::MonthlyRows(daily));
      !added)
    return tl::unexpected(added.error());
  if (auto added = InsertRows(connection, usage_sql::UsageMonthlyPagesTable(), usage_sql::MonthlyRows(pages));
      !added)
    return tl::unexpected(added.error());
  return rows->Count();
}

Result<std::int64_t> PurgeUsage(Connection& connection, std::int64_t before_at) {
  auto events = Execute(connection, usage_sql::kPurgeUsageEvents, {before_at}, "purge usage events");
  if (!events) return events;
  auto journeys = Execute(connection, usage_sql::kPurgeClosedJourneys, {before_at}, "purge closed journeys");
  if (!journeys) return journeys;
  return *events + *journeys;
}

Result<void> Changed(const Result<std::int64_t>& changed) {
  if (!changed) return tl::unexpected(changed.error());
  return {};
}

}  // namespace

// --- Writes (writer thread) ---

namespace {

// Runs `job` on the writer (thread and connection) and waits; rolls back what it left open.
template <typename T, typename Job>
Result<T> OnWriterConnection(GroupCommitWriter& writer, Connection& connection, Job job) {
  Result<T> outcome = tl::unexpected(Error{ErrorCode::kClosed, "storage is closed"});
  auto ran = writer.Run([&]() -> Result<void> {
    outcome = job(connection);
    connection.RollbackIfOpen();
    return {};
  });
  if (!ran) return tl::unexpected(ran.error());
  return outcome;
}

}  // namespace

void PostgresStorage::WriteUsageAsync(UsageBatch batch, WriteCallback done) {
  writer_->RunAsync(
      [this, batch = std::move(batch)]() mutable -> Result<void> {
        if (IsEmpty(batch)) return {};
        usage_sql::MergeDuplicateRows(batch);
        Result<void> written = WriteBatch(*writer_connection_, batch);
        writer_connection_->RollbackIfOpen();
        return written;
      },
      std::move(done));
}

Result<std::optional<std::int64_t>> PostgresStorage::MarkAbandonedJourneys(const JobClaim& claim,
                                                                           std::int64_t before_at) {
  return OnWriterConnection<std::optional<std::int64_t>>(*writer_, *writer_connection_, [&](Connection& c) {
    return RunClaimedJob(c, claim, [before_at](Connection& job) { return AbandonJourneys(job, before_at); });
  });
}

Result<std::optional<std::int64_t>> PostgresStorage::PurgeUsageEvents(const JobClaim& claim,
                                                                      std::int64_t before_at) {
  return OnWriterConnection<std::optional<std::int64_t>>(*writer_, *writer_connection_, [&](Connection& c) {
    return RunClaimedJob(c, claim, [before_at](Connection& job) { return PurgeUsage(job, before_at); });
  });
}

Result<void> PostgresStorage::SavePaperCount(const PaperCount& count) {
  return OnWriterConnection<void>(*writer_, *writer_connection_, [&](Connection& c) {
    return Changed(
        Execute(c, usage_sql::kUpsertPaperCount, usage_sql::PaperCountParams(count), "save paper count"));
  });
}

Result<void> PostgresStorage::SaveRegistryProcess(const RegistryProcess& process) {
  return OnWriterConnection<void>(*writer_, *writer_connection_, [&](Connection& c) {
    return Changed(Execute(c, usage_sql::kUpsertRegistryProcess, usage_sql::RegistryProcessParams(process),
                           "save registry process"));
  });
}

Result<void> PostgresStorage::SaveExternalOffering(const ExternalOffering& offering) {
  return OnWriterConnection<void>(*writer_, *writer_connection_, [&](Connection& c) {
    return Changed(Execute(c, usage_sql::kUpsertExternalOffering, usage_sql::ExternalOfferingParams(offering),
                           "save external offering"));
  });
}

Result<void> PostgresStorage::DeleteExternalOffering(const std::string& ags, const std::string& leika) {
  return OnWriterConnection<void>(*writer_, *writer_connection_, [&](Connection& c) {
    return Changed(Execute(c, usage_sql::kDeleteExternalOffering, {ags, leika}, "delete external offering"));
  });
}

Result<void> PostgresStorage::SaveMonitorAccess(const MonitorAccess& access) {
  return OnWriterConnection<void>(*writer_, *writer_connection_, [&](Connection& c) {
    return Changed(Execute(c, usage_sql::kInsertMonitorAccess, usage_sql::MonitorAccessParams(access),
                           "save monitor access"));
  });
}

// --- Reads (pool) ---

Result<std::vector<UsageSum>> PostgresStorage::SumUsage(const UsageFilter& filter,
                                                        const std::vector<UsageGroup>& group_by) {
  auto lease = readers_->Acquire();
  return SelectQuery<UsageSum>(
      *lease, usage_sql::SumUsageQuery(filter, group_by), "sum usage",
      [&](const RowAt& row) { return usage_sql::ReadUsageSum(row, group_by.size()); });
}

Result<std::vector<UsagePageSum>> PostgresStorage::SumUsagePages(const UsageFilter& filter, bool by_ags) {
  auto lease = readers_->Acquire();
  return SelectQuery<UsagePageSum>(*lease, usage_sql::SumPagesQuery(filter, by_ags), "sum usage pages",
                                   [&](const RowAt& row) { return usage_sql::ReadPageSum(row, by_ags); });
}

Result<std::vector<UsageFieldSum>> PostgresStorage::SumUsageFields(const UsageFilter& filter, bool by_ags) {
  auto lease = readers_->Acquire();
  return SelectQuery<UsageFieldSum>(*lease, usage_sql::SumFieldsQuery(filter, by_ags), "sum usage fields",
                                    [&](const RowAt& row) { return usage_sql::ReadFieldSum(row, by_ags); });
}

Result<std::vector<UsageDurationSum>> PostgresStorage::SumUsageDurations(const UsageFilter& filter,
                                                                         UsageDurationGroup group) {
  auto lease = readers_->Acquire();
  return SelectQuery<UsageDurationSum>(
      *lease, usage_sql::SumDurationsQuery(filter, group), "sum usage durations",
      [&](const RowAt& row) { return usage_sql::ReadDurationSum(row, group); });
}

Result<std::vector<UsageEvent>> PostgresStorage::ListUsageEvents(std::int64_t limit) {
  auto lease = readers_->Acquire();
  return SelectRows<UsageEvent>(*lease, usage_sql::kSelectUsageEvents, {std::max<std::int64_t>(limit, 0)},
                                "list usage events",
                                [](const RowAt& row) { return usage_sql::ReadUsageEvent(row); });
}

Result<std::vector<PaperCount>> PostgresStorage::ListPaperCounts(const std::vector<std::string>& ags,
                                                                 std::int64_t from_month,
                                                                 std::int64_t to_month) {
  auto lease = readers_->Acquire();
  return SelectQuery<PaperCount>(*lease, usage_sql::PaperCountsQuery(ags, from_month, to_month),
                                 "list paper counts",
                                 [](const RowAt& row) { return usage_sql::ReadPaperCount(row); });
}

Result<std::vector<RegistryProcess>> PostgresStorage::ListRegistryProcesses() {
  auto lease = readers_->Acquire();
  return SelectRows<RegistryProcess>(*lease, usage_sql::kSelectRegistryProcesses, {},
                                     "list registry processes",
                                     [](const RowAt& row) { return usage_sql::ReadRegistryProcess(row); });
}

Result<std::vector<ExternalOffering>> PostgresStorage::ListExternalOfferings() {
  auto lease = readers_->Acquire();
  return SelectRows<ExternalOffering>(*lease, usage_sql::kSelectExternalOfferings, {},
                                      "list external offerings",
                                      [](const RowAt& row) { return usage_sql::ReadExternalOffering(row); });
}

Result<std::optional<MonitorAccess>> PostgresStorage::FindMonitorAccess(const std::string& key_hash) {
  auto lease = readers_->Acquire();
  auto rows =
      SelectRows<MonitorAccess>(*lease, usage_sql::kSelectMonitorAccess, {key_hash}, "find monitor access",
                                [](const RowAt& row) { return usage_sql::ReadMonitorAccess(row); });
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::nullopt;
  return std::move(rows->front());
}

}  // namespace amtsweg::storage::pg
