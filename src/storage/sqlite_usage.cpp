// The process monitor and transparency registry on SQLite (storage.h, usage.h); the SQL is in
// usage_sql.h. Writes run on the group-commit writer's thread and connection, like drafts;
// dashboard reads borrow a reader connection.
//
// WriteUsageAsync is on the ingest path of every event: one BEGIN IMMEDIATE … COMMIT per batch
// (one fsync), raw events inserted 64 rows per cached statement, then the rollup upserts (daily,
// then the same rows summed per month) and the journey upserts the same way.

#include <span>
#include <utility>

#include "storage/sqlite_queries.h"
#include "storage/sqlite_storage.h"
#include "storage/usage_sql.h"

namespace amtsweg::storage::sqlite {
namespace {

using usage_sql::BulkTable;
using usage_sql::Param;
using usage_sql::Query;

// Binds the cells usage_sql::EmitCells yields at consecutive positions.
struct PositionBinder {
  Statement& statement;
  int position = 1;
  void operator()(std::string_view text) { statement.BindText(position++, text); }
  void operator()(std::int64_t number) { statement.BindInt64(position++, number); }
  void operator()(const std::optional<std::int64_t>& number) {
    if (number) {
      statement.BindInt64(position++, *number);
    } else {
      statement.BindOptionalText(position++, std::nullopt);  // NULL
    }
  }
};

// Inserts (or upserts) `rows` into `table`, up to 64 rows per statement.
template <typename Row>
Result<void> InsertRows(Connection& connection, const BulkTable& table, std::span<const Row> rows) {
  std::size_t done = 0;
  while (done < rows.size()) {
    usage_sql::Chunk chunk = usage_sql::NextChunk(rows.size() - done);
    auto statement = connection.Prepare(table.values_sql[chunk.index]);
    if (!statement) return tl::unexpected(statement.error());
    PositionBinder binder{*statement};
    for (std::size_t r = done; r < done + chunk.rows; ++r) usage_sql::EmitCells(rows[r], binder);
    if (auto ran = statement->Run(table.name); !ran) return ran;
    done += chunk.rows;
  }
  return {};
}

template <typename Row>
Result<void> InsertMonthly(Connection& connection, const BulkTable& table, const std::vector<Row>& daily) {
  const auto monthly = usage_sql::MonthlyRows(daily);
  return InsertRows<usage_sql::Monthly<Row>>(connection, table, monthly);
}

// The batch's rollups summed per month, into the usage_monthly* tables.
Result<void> WriteMonthly(Connection& connection, const UsageBatch& batch) {
  Result<void> written = InsertMonthly(connection, usage_sql::UsageMonthlyTable(), batch.daily);
  if (written) written = InsertMonthly(connection, usage_sql::UsageMonthlyPagesTable(), batch.pages);
  if (written) written = InsertMonthly(connection, usage_sql::UsageMonthlyFieldsTable(), batch.fields);
  if (written) written = InsertMonthly(connection, usage_sql::UsageMonthlyDurationsTable(), batch.durations);
  return written;
}

Result<void> WriteBatch(Connection& connection, const UsageBatch& batch) {
  if (auto begun = connection.Exec("BEGIN IMMEDIATE", "begin usage batch"); !begun) return begun;
  Result<void> written = InsertRows<UsageEvent>(connection, usage_sql::UsageEventsTable(), batch.events);
  if (written) written = InsertRows<UsageDailyCount>(connection, usage_sql::UsageDailyTable(), batch.daily);
  if (written) written = InsertRows<UsagePageCount>(connection, usage_sql::UsagePagesTable(), batch.pages);
  if (written) written = InsertRows<UsageFieldCount>(connection, usage_sql::UsageFieldsTable(), batch.fields);
  if (written) {
    written = InsertRows<UsageDurationCount>(connection, usage_sql::UsageDurationsTable(), batch.durations);
  }
  if (written) written = WriteMonthly(connection, batch);
  if (written)
    written = InsertRows<UsageJourney>(connection, usage_sql::UsageJourneysTable(), batch.journeys);
  if (written) written = connection.Exec("COMMIT", "commit usage batch");
  return written;  // the caller rolls back what is still open
}

bool IsEmpty(const UsageBatch& b) {
  return b.events.empty() && b.daily.empty() && b.pages.empty() && b.fields.empty() && b.durations.empty() &&
         b.journeys.empty();
}

void BindParams(Statement& statement, const std::vector<Param>& params) {
  int position = 1;
  for (const Param& param : params) {
    if (const auto* number = std::get_if<std::int64_t>(&param)) {
      statement.BindInt64(position++, *number);
    } else {
      statement.BindText(position++, std::get<std::string>(param));
    }
  }
}

// Runs `sql` with `params` and maps every row with `read_row`.
template <typename T, typename ReadRow>
Result<std::vector<T>> SelectRows(Connection& connection, std::string_view sql,
                                  const std::vector<Param>& params, std::string_view what, ReadRow read_row) {
  auto statement = connection.Prepare(sql);
  if (!statement) return tl::unexpected(statement.error());
  BindParams(*statement, params);
  std::vector<T> rows;
  int rc;
  while ((rc = statement->Step()) == SQLITE_ROW) rows.push_back(read_row(*statement));
  if (rc != SQLITE_DONE) return tl::unexpected(ErrorFromSqlite(rc, what, connection.handle()));
  return rows;
}

// Runs `sql` with `params`; returns the number of rows it changed.
Result<std::int64_t> Execute(Connection& connection, const char* sql, const std::vector<Param>& params,
                             std::string_view what) {
  auto statement = connection.Prepare(sql);
  if (!statement) return tl::unexpected(statement.error());
  BindParams(*statement, params);
  if (auto ran = statement->Run(what); !ran) return tl::unexpected(ran.error());
  return static_cast<std::int64_t>(sqlite3_changes(connection.handle()));
}

template <typename T, typename ReadRow>
Result<std::vector<T>> SelectQuery(Connection& connection, const Result<Query>& query, std::string_view what,
                                   ReadRow read_row) {
  if (!query) return tl::unexpected(query.error());
  return SelectRows<T>(connection, query->sql, query->params, what, read_row);
}

// Marks stale open journeys abandoned and counts them into the rollups (usage_sql.h).
Result<std::int64_t> AbandonJourneys(Connection& connection, std::int64_t before_at) {
  usage_sql::AbandonedCounter counter;
  std::int64_t marked = 0;
  {
    auto statement = connection.Prepare(usage_sql::kAbandonJourneys);
    if (!statement) return tl::unexpected(statement.error());
    statement->BindInt64(1, before_at);
    int rc;
    while ((rc = statement->Step()) == SQLITE_ROW) {
      usage_sql::CountAbandonedRow(*statement, counter);
      ++marked;
    }
    if (rc != SQLITE_DONE)
      return tl::unexpected(ErrorFromSqlite(rc, "abandon journeys", connection.handle()));
  }
  auto daily = counter.TakeDaily();
  auto pages = counter.TakePages();
  if (auto added = InsertRows<UsageDailyCount>(connection, usage_sql::UsageDailyTable(), daily); !added)
    return tl::unexpected(added.error());
  if (auto added = InsertRows<UsagePageCount>(connection, usage_sql::UsagePagesTable(), pages); !added)
    return tl::unexpected(added.error());
  if (auto added = InsertMonthly(connection, usage_sql::UsageMonthlyTable(), daily); !added)
    return tl::unexpected(added.error());
  if (auto added = InsertMonthly(connection, usage_sql::UsageMonthlyPagesTable(), pages); !added)
    return tl::unexpected(added.error());
  return marked;
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

void SqliteStorage::WriteUsageAsync(UsageBatch batch, WriteCallback done) {
  writer_->RunAsync(
      [this, batch = std::move(batch)]() -> Result<void> {
        if (IsEmpty(batch)) return {};
        Result<void> written = WriteBatch(*writer_connection_, batch);
        writer_connection_->RollbackIfOpen();
        return written;
      },
      std::move(done));
}

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

Result<std::optional<std::int64_t>> SqliteStorage::MarkAbandonedJourneys(const JobClaim& claim,
                                                                         std::int64_t before_at) {
  return OnWriterConnection<std::optional<std::int64_t>>(*writer_, *writer_connection_, [&](Connection& c) {
    return RunClaimedJob(c, claim, [before_at](Connection& job) { return AbandonJourneys(job, before_at); });
  });
}

Result<std::optional<std::int64_t>> SqliteStorage::PurgeUsageEvents(const JobClaim& claim,
                                                                    std::int64_t before_at) {
  return OnWriterConnection<std::optional<std::int64_t>>(*writer_, *writer_connection_, [&](Connection& c) {
    return RunClaimedJob(c, claim, [before_at](Connection& job) { return PurgeUsage(job, before_at); });
  });
}

Result<void> SqliteStorage::SavePaperCount(const PaperCount& count) {
  return OnWriterConnection<void>(*writer_, *writer_connection_, [&](Connection& c) {
    return Changed(
        Execute(c, usage_sql::kUpsertPaperCount, usage_sql::PaperCountParams(count), "save paper count"));
  });
}

Result<void> SqliteStorage::SaveRegistryProcess(const RegistryProcess& process) {
  return OnWriterConnection<void>(*writer_, *writer_connection_, [&](Connection& c) {
    return Changed(Execute(c, usage_sql::kUpsertRegistryProcess, usage_sql::RegistryProcessParams(process),
                           "save registry process"));
  });
}

Result<void> SqliteStorage::SaveExternalOffering(const ExternalOffering& offering) {
  return OnWriterConnection<void>(*writer_, *writer_connection_, [&](Connection& c) {
    return Changed(Execute(c, usage_sql::kUpsertExternalOffering, usage_sql::ExternalOfferingParams(offering),
                           "save external offering"));
  });
}

Result<void> SqliteStorage::DeleteExternalOffering(const std::string& ags, const std::string& leika) {
  return OnWriterConnection<void>(*writer_, *writer_connection_, [&](Connection& c) {
    return Changed(Execute(c, usage_sql::kDeleteExternalOffering, {ags, leika}, "delete external offering"));
  });
}

Result<void> SqliteStorage::SaveMonitorAccess(const MonitorAccess& access) {
  return OnWriterConnection<void>(*writer_, *writer_connection_, [&](Connection& c) {
    return Changed(Execute(c, usage_sql::kInsertMonitorAccess, usage_sql::MonitorAccessParams(access),
                           "save monitor access"));
  });
}

// --- Reads (reader pool) ---

Result<std::vector<UsageSum>> SqliteStorage::SumUsage(const UsageFilter& filter,
                                                      const std::vector<UsageGroup>& group_by) {
  auto lease = readers_->Acquire();
  return SelectQuery<UsageSum>(
      *lease, usage_sql::SumUsageQuery(filter, group_by), "sum usage",
      [&](const Statement& row) { return usage_sql::ReadUsageSum(row, group_by.size()); });
}

Result<std::vector<UsagePageSum>> SqliteStorage::SumUsagePages(const UsageFilter& filter, bool by_ags) {
  auto lease = readers_->Acquire();
  return SelectQuery<UsagePageSum>(*lease, usage_sql::SumPagesQuery(filter, by_ags), "sum usage pages",
                                   [&](const Statement& row) { return usage_sql::ReadPageSum(row, by_ags); });
}

Result<std::vector<UsageFieldSum>> SqliteStorage::SumUsageFields(const UsageFilter& filter, bool by_ags) {
  auto lease = readers_->Acquire();
  return SelectQuery<UsageFieldSum>(
      *lease, usage_sql::SumFieldsQuery(filter, by_ags), "sum usage fields",
      [&](const Statement& row) { return usage_sql::ReadFieldSum(row, by_ags); });
}

Result<std::vector<UsageDurationSum>> SqliteStorage::SumUsageDurations(const UsageFilter& filter,
                                                                       UsageDurationGroup group) {
  auto lease = readers_->Acquire();
  return SelectQuery<UsageDurationSum>(
      *lease, usage_sql::SumDurationsQuery(filter, group), "sum usage durations",
      [&](const Statement& row) { return usage_sql::ReadDurationSum(row, group); });
}

Result<std::vector<UsageEvent>> SqliteStorage::ListUsageEvents(std::int64_t limit) {
  auto lease = readers_->Acquire();
  return SelectRows<UsageEvent>(*lease, usage_sql::kSelectUsageEvents, {std::max<std::int64_t>(limit, 0)},
                                "list usage events",
                                [](const Statement& row) { return usage_sql::ReadUsageEvent(row); });
}

Result<std::vector<PaperCount>> SqliteStorage::ListPaperCounts(const std::vector<std::string>& ags,
                                                               std::int64_t from_month,
                                                               std::int64_t to_month) {
  auto lease = readers_->Acquire();
  return SelectQuery<PaperCount>(*lease, usage_sql::PaperCountsQuery(ags, from_month, to_month),
                                 "list paper counts",
                                 [](const Statement& row) { return usage_sql::ReadPaperCount(row); });
}

Result<std::vector<RegistryProcess>> SqliteStorage::ListRegistryProcesses() {
  auto lease = readers_->Acquire();
  return SelectRows<RegistryProcess>(
      *lease, usage_sql::kSelectRegistryProcesses, {}, "list registry processes",
      [](const Statement& row) { return usage_sql::ReadRegistryProcess(row); });
}

Result<std::vector<ExternalOffering>> SqliteStorage::ListExternalOfferings() {
  auto lease = readers_->Acquire();
  return SelectRows<ExternalOffering>(
      *lease, usage_sql::kSelectExternalOfferings, {}, "list external offerings",
      [](const Statement& row) { return usage_sql::ReadExternalOffering(row); });
}

Result<std::optional<MonitorAccess>> SqliteStorage::FindMonitorAccess(const std::string& key_hash) {
  auto lease = readers_->Acquire();
  auto rows =
      SelectRows<MonitorAccess>(*lease, usage_sql::kSelectMonitorAccess, {key_hash}, "find monitor access",
                                [](const Statement& row) { return usage_sql::ReadMonitorAccess(row); });
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::nullopt;
  return std::move(rows->front());
}

}  // namespace amtsweg::storage::sqlite
