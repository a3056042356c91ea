#pragma once
// Fixtures of the usage storage tests (usage_test.cpp, usage_speed_test.cpp): rows built from a
// few words, a synchronous WriteUsageAsync, sums as a map "group|…|kind" -> count, and a look at
// one stored journey on either engine (the Storage interface has no reader for journeys), and a
// raw reader that runs a usage_sql::Query past Storage (the speed test's daily-only reference).

#include <gtest/gtest.h>

#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "storage/storage.h"
#include "storage/test_support.h"
#include "storage/usage_sql.h"
#include "text/time.h"

namespace amtsweg::storage::usage_testing {

inline constexpr char kAgsA[] = "08111000";        // Stuttgart
inline constexpr char kAgsB[] = "09162000";        // München
inline constexpr std::int64_t kSunday = 20401;     // 2025-11-09
inline constexpr std::int64_t kMonday = 20402;     // 2025-11-10, a new week
inline constexpr std::int64_t kNextMonth = 20423;  // 2025-12-01
inline constexpr std::int64_t kAt = 1796036400;    // 2026-11-30T11:00:00Z, noon in Germany

inline UsageKey Key(const std::string& ags, const std::string& process, std::int64_t day,
                    const std::string& device) {
  return UsageKey{.ags = ags,
                  .process = process,
                  .day = day,
                  .month = text::MonthOfDay(day),
                  .version = 1,
                  .variant = "",
                  .device = device};
}

// A UsageFilter for days [from, to], narrowed further by chaining:
//   Filter(kMonday, kMonday).Ags({kAgsA}).Process("hund-anmelden")
class Filter final : public UsageFilter {
 public:
  Filter(std::int64_t from, std::int64_t to) : UsageFilter() {
    from_day = from;
    to_day = to;
  }
  Filter& Ags(std::vector<std::string> list) {
    ags = std::move(list);
    return *this;
  }
  Filter& Process(std::string id) {
    process = std::move(id);
    return *this;
  }
  Filter& Version(int number) {
    version = number;
    return *this;
  }
  Filter& Device(std::string name) {
    device = std::move(name);
    return *this;
  }
};

inline UsageDailyCount Daily(const std::string& ags, const std::string& process, std::int64_t day,
                             const std::string& device, const std::string& channel, const std::string& kind,
                             std::int64_t count) {
  return UsageDailyCount{Key(ags, process, day, device), channel, kind, count};
}

inline UsagePageCount Page(const std::string& ags, const std::string& process, std::int64_t day,
                           const std::string& page, const std::string& kind, std::int64_t count) {
  return UsagePageCount{Key(ags, process, day, "phone"), page, kind, count};
}

inline UsageFieldCount Field(const std::string& ags, const std::string& process, std::int64_t day,
                             const std::string& page, const std::string& field, std::int64_t count) {
  return UsageFieldCount{Key(ags, process, day, "phone"), page, field, count};
}

inline UsageDurationCount Duration(const std::string& ags, const std::string& process, std::int64_t day,
                                   std::int64_t bucket_s, std::int64_t count) {
  return UsageDurationCount{Key(ags, process, day, "phone"), bucket_s, count};
}

inline UsageEvent Event(std::int64_t at, const std::string& kind, const std::string& journey) {
  UsageEvent e;
  e.at = at;
  e.kind = kind;
  e.ags = kAgsA;
  e.process = "hund-anmelden";
  e.version = 3;
  e.variant = "muenchen-hund";
  e.device = "phone";
  e.channel = "web";
  e.journey = journey;
  return e;
}

// The journey row a batch carries for `id`, last seen at `last_at` on `last_page`.
inline UsageJourney JourneyUpdate(const std::string& id, std::int64_t last_at, const std::string& last_page,
                                  const std::string& state) {
  std::int64_t day = text::GermanDay(last_at);
  return UsageJourney{.journey = id,
                      .key = Key(kAgsA, "hund-anmelden", day, "phone"),
                      .channel = "web",
                      .first_at = last_at,
                      .last_at = last_at,
                      .last_page = last_page,
                      .state = state};
}

inline UsageBatch Journeys(std::vector<UsageJourney> journeys) {
  UsageBatch batch;
  batch.journeys = std::move(journeys);
  return batch;
}

inline Result<void> WriteAndWait(Storage& storage, UsageBatch batch) {
  std::promise<Result<void>> done;
  auto future = done.get_future();
  storage.WriteUsageAsync(std::move(batch), [&done](Result<void> r) { done.set_value(std::move(r)); });
  return future.get();
}

using SumMap = std::map<std::string, std::int64_t>;

inline SumMap Sums(Storage& storage, const UsageFilter& filter, const std::vector<UsageGroup>& group_by) {
  auto sums = storage.SumUsage(filter, group_by);
  EXPECT_TRUE(sums) << sums.error().message;
  SumMap map;
  if (!sums) return map;
  for (const UsageSum& sum : *sums) {
    EXPECT_EQ(sum.group.size(), group_by.size());
    std::string key;
    for (const std::string& value : sum.group) key += value + "|";
    map[key + sum.kind] += sum.count;
  }
  return map;
}

inline JobClaim AbandonClaim(const std::string& now, const std::string& next) {
  return JobClaim{"abandon-journeys", now, next, "test:1"};
}

struct JourneyRow {
  std::string state;
  std::int64_t last_at = 0;
  std::string last_page;
  bool operator==(const JourneyRow&) const = default;
};

inline void PrintTo(const JourneyRow& row, std::ostream* out) {
  *out << "{" << row.state << ", " << row.last_at << ", " << row.last_page << "}";
}

inline constexpr char kSelectJourney[] =
    "SELECT state, last_at, last_page FROM usage_journeys WHERE journey = $1";

// The stored state of journey `id`, read on a connection of its own.
inline std::optional<JourneyRow> ReadJourney(const testing::TestDatabase& database, testing::Engine engine,
                                             const std::string& id) {
  if (engine == testing::Engine::kSqlite) {
    auto connection = sqlite::Connection::Open(database.Locator(), {});
    EXPECT_TRUE(connection);
    if (!connection) return std::nullopt;
    auto statement = (*connection)->Prepare(kSelectJourney);
    EXPECT_TRUE(statement);
    if (!statement) return std::nullopt;
    statement->BindText(1, id);
    if (statement->Step() != SQLITE_ROW) return std::nullopt;
    return JourneyRow{statement->ColumnText(0), statement->ColumnInt64(1), statement->ColumnText(2)};
  }
  auto connection = pg::Connection::Open(database.Locator());
  EXPECT_TRUE(connection);
  if (!connection) return std::nullopt;
  pg::Params params;
  params.Text(id);
  auto rows = (*connection)->Query(kSelectJourney, params, "read journey");
  EXPECT_TRUE(rows);
  if (!rows || rows->Count() == 0) return std::nullopt;
  return JourneyRow{rows->Text(0, 0), rows->Int64(0, 1), rows->Text(0, 2)};
}

// A connection of its own to the test database that runs a Query and counts its rows (the
// speed test's daily-only reference timing). Opened once, so timings exclude the connect.
class RawReader final {
 public:
  RawReader(const testing::TestDatabase& database, testing::Engine engine) {
    if (engine == testing::Engine::kSqlite) {
      auto connection = sqlite::Connection::Open(database.Locator(), {});
      EXPECT_TRUE(connection);
      if (connection) sqlite_ = std::move(*connection);
    } else {
      auto connection = pg::Connection::Open(database.Locator());
      EXPECT_TRUE(connection);
      if (connection) pg_ = std::move(*connection);
    }
  }

  std::size_t CountRows(const usage_sql::Query& query) {
    if (sqlite_) return CountSqliteRows(query);
    if (!pg_) return 0;
    pg::Params params;
    for (const usage_sql::Param& param : query.params) {
      if (const auto* number = std::get_if<std::int64_t>(&param)) {
        params.Int64(*number);
      } else {
        params.Text(std::get<std::string>(param));
      }
    }
    auto rows = pg_->Query(query.sql.c_str(), params, "count rows");
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? static_cast<std::size_t>(rows->Count()) : 0;
  }

 private:
  std::size_t CountSqliteRows(const usage_sql::Query& query) {
    auto statement = sqlite_->Prepare(query.sql);
    EXPECT_TRUE(statement);
    if (!statement) return 0;
    int position = 1;
    for (const usage_sql::Param& param : query.params) {
      if (const auto* number = std::get_if<std::int64_t>(&param)) {
        statement->BindInt64(position++, *number);
      } else {
        statement->BindText(position++, std::get<std::string>(param));
      }
    }
    std::size_t rows = 0;
    while (statement->Step() == SQLITE_ROW) ++rows;
    return rows;
  }

  std::unique_ptr<sqlite::Connection> sqlite_;
  std::unique_ptr<pg::Connection> pg_;
};

}  // namespace amtsweg::storage::usage_testing
