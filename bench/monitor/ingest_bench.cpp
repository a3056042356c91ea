// P4 ingest: usage events/s into SQLite along the monitor's real write paths, against a baseline
// taken in the same run on the same machine and the same events.
//
//   baseline   the raw rows alone: plain sqlite3, multi-row INSERT into usage_events (same schema,
//              same index, WAL, synchronous=FULL), one transaction per batch; no rollups;
//   aggregate  monitor::Aggregate + Storage::WriteUsageAsync per batch (raw rows + rollups +
//              journeys in one transaction; one batch in flight while the next is aggregated),
//              as the simulator writes;
//   recorder   Recorder::Record from THREADS threads, then Flush (durable), as the server writes.
//
// The events come from the simulator (monitor/simulate.h) over the demo catalogue, generated
// before any timing starts. Each path writes into its own fresh database.
//
//   monitor_ingest_bench [EVENTS=2000000] [BATCH=20000] [THREADS=2] [DAYS=30] [DIR=/tmp]
// DAYS: the span the events are spread over; a batch then covers about BATCH / (EVENTS / DAYS)
// days (a server taking 100,000 events/s writes batches of one day, the best case for rollups).
// Output: "name events seconds events_per_s" lines (aggregate_only: Aggregate without writing, its
// CPU cost), then "ratio_aggregate R" and "ratio_recorder R" (path rate / baseline rate).

#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/seed.h"
#include "monitor/events.h"
#include "monitor/recorder.h"
#include "monitor/simulate.h"
#include "storage/storage.h"

namespace {

using namespace amtsweg;
using Events = std::vector<storage::UsageEvent>;

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "monitor_ingest_bench: " << message << "\n";
  std::exit(1);
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::unique_ptr<storage::Storage> OpenFresh(const std::string& path) {
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  auto opened = storage::OpenSqlite({.path = path}, nullptr);
  if (!opened) Die(opened.error().message);
  if (auto migrated = (*opened)->Migrate(); !migrated) Die(migrated.error().message);
  return std::move(*opened);
}

Events Generate(const std::string& dir, std::int64_t count, int days) {
  auto storage = OpenFresh(dir + "/catalogue.db");
  if (auto seeded = catalog::Seed(*storage); !seeded) Die("seeding the demo catalogue failed");
  auto catalog = catalog::Catalog::Load(*storage);
  if (!catalog) Die("loading the demo catalogue failed");
  monitor::JourneySimulator simulator(**catalog, {.events = count, .days = days, .seed = 11});
  Events events;
  events.reserve(static_cast<std::size_t>(count) + 64);
  while (static_cast<std::int64_t>(events.size()) < count) {
    for (auto& event : simulator.NextVisit()) events.push_back(std::move(event));
  }
  storage->Close();
  return events;
}

// ---- baseline: plain sqlite3 ----

constexpr int kRowsPerInsert = 64;  // 64 rows x 11 columns = 704 parameters per statement

std::string MultiRowInsert(int rows) {
  std::string sql =
      "INSERT INTO usage_events (at, kind, ags, process, version, variant, page, field, device, channel, "
      "journey, duration_s) VALUES ";
  for (int r = 0; r < rows; ++r) sql += r == 0 ? "(?,?,?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?,?)";
  return sql;
}

void Check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    Die(std::string(what) + ": " + sqlite3_errmsg(db));
}

void BindRow(sqlite3_stmt* statement, int row, const storage::UsageEvent& e) {
  int i = row * 12 + 1;
  auto text = [&](const std::string& s) {
    sqlite3_bind_text(statement, i++, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
  };
  sqlite3_bind_int64(statement, i++, e.at);
  text(e.kind);
  text(e.ags);
  text(e.process);
  sqlite3_bind_int(statement, i++, e.version);
  text(e.variant);
  text(e.page);
  text(e.field);
  text(e.device);
  text(e.channel);
  text(e.journey);
  if (e.duration_s) {
    sqlite3_bind_int64(statement, i++, *e.duration_s);
  } else {
    sqlite3_bind_null(statement, i++);
  }
}

double Baseline(const std::string& path, const Events& events, std::size_t batch) {
  OpenFresh(path)->Close();  // the same schema as the storage's
  sqlite3* db = nullptr;
  Check(sqlite3_open(path.c_str(), &db), db, "open");
  Check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, nullptr), db,
        "pragmas");
  sqlite3_stmt* full = nullptr;
  sqlite3_stmt* single = nullptr;
  Check(sqlite3_prepare_v2(db, MultiRowInsert(kRowsPerInsert).c_str(), -1, &full, nullptr), db, "prepare");
  Check(sqlite3_prepare_v2(db, MultiRowInsert(1).c_str(), -1, &single, nullptr), db, "prepare");
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t begin = 0; begin < events.size(); begin += batch) {
    const std::size_t end = std::min(events.size(), begin + batch);
    Check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    std::size_t i = begin;
    for (; i + kRowsPerInsert <= end; i += kRowsPerInsert) {
      for (int r = 0; r < kRowsPerInsert; ++r) BindRow(full, r, events[i + static_cast<std::size_t>(r)]);
      Check(sqlite3_step(full), db, "insert");
      sqlite3_reset(full);
    }
    for (; i < end; ++i) {
      BindRow(single, 0, events[i]);
      Check(sqlite3_step(single), db, "insert");
      sqlite3_reset(single);
    }
    Check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  }
  const double seconds = SecondsSince(start);
  sqlite3_finalize(full);
  sqlite3_finalize(single);
  sqlite3_close(db);
  return seconds;
}

// ---- the monitor's paths ----

// Aggregate alone (no database): its CPU cost, and the rows a batch makes besides the raw events.
double AggregateOnly(const Events& events, std::size_t batch) {
  std::size_t rollups = 0, journeys = 0, batches = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t begin = 0; begin < events.size(); begin += batch, ++batches) {
    const auto first = events.begin() + static_cast<std::ptrdiff_t>(begin);
    Events chunk(first, first + static_cast<std::ptrdiff_t>(std::min(batch, events.size() - begin)));
    storage::UsageBatch aggregated = monitor::Aggregate(std::move(chunk));
    rollups += aggregated.daily.size() + aggregated.pages.size() + aggregated.fields.size() +
               aggregated.durations.size();
    journeys += aggregated.journeys.size();
  }
  const double seconds = SecondsSince(start);
  std::cerr << "per batch of " << batch << " events: " << rollups / batches << " rollup rows, "
            << journeys / batches << " journeys\n";
  return seconds;
}

double AggregateAndWrite(const std::string& path, const Events& events, std::size_t batch) {
  auto storage = OpenFresh(path);
  std::mutex mutex;
  std::condition_variable done;
  bool in_flight = false;
  std::string error;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t begin = 0; begin < events.size(); begin += batch) {
    const auto first = events.begin() + static_cast<std::ptrdiff_t>(begin);
    Events chunk(first, first + static_cast<std::ptrdiff_t>(std::min(batch, events.size() - begin)));
    storage::UsageBatch aggregated = monitor::Aggregate(std::move(chunk));
    {
      std::unique_lock lock(mutex);
      done.wait(lock, [&] { return !in_flight; });
      in_flight = true;
    }
    storage->WriteUsageAsync(std::move(aggregated), [&](storage::Result<void> result) {
      std::lock_guard lock(mutex);
      in_flight = false;
      if (!result) error = result.error().message;
      done.notify_all();
    });
  }
  {
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return !in_flight; });
  }
  const double seconds = SecondsSince(start);
  if (!error.empty()) Die("write failed: " + error);
  storage->Close();
  return seconds;
}

double Recorded(const std::string& path, Events events, std::size_t batch, int threads) {
  auto storage = OpenFresh(path);
  monitor::Recorder recorder(*storage, nullptr,
                             {.flush_interval = std::chrono::milliseconds(200),
                              .batch_events = batch,
                              .max_buffered = events.size() + 1});
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  const std::size_t share =
      (events.size() + static_cast<std::size_t>(threads) - 1) / static_cast<std::size_t>(threads);
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const std::size_t begin = static_cast<std::size_t>(t) * share;
      const std::size_t end = std::min(events.size(), begin + share);
      for (std::size_t i = begin; i < end; ++i) recorder.Record(std::move(events[i]));
    });
  }
  for (std::thread& worker : workers) worker.join();
  const bool flushed = recorder.Flush();
  const double seconds = SecondsSince(start);
  recorder.Stop();
  const monitor::Recorder::Stats stats = recorder.stats();
  if (!flushed || stats.dropped != 0 || stats.written != static_cast<std::int64_t>(events.size()))
    Die("the recorder lost events: written " + std::to_string(stats.written) + ", dropped " +
        std::to_string(stats.dropped) + ", failed " + std::to_string(stats.failed));
  storage->Close();
  return seconds;
}

void Report(const char* name, std::size_t events, double seconds) {
  std::printf("%s %zu %.3f %.0f\n", name, events, seconds, static_cast<double>(events) / seconds);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t count = argc > 1 ? std::atoll(argv[1]) : 2'000'000;
  const std::size_t batch = argc > 2 ? static_cast<std::size_t>(std::atoll(argv[2])) : 20'000;
  const int threads = argc > 3 ? std::atoi(argv[3]) : 2;
  const int days = argc > 4 ? std::atoi(argv[4]) : 30;
  const std::string base = argc > 5 ? argv[5] : "/tmp";
  if (count <= 0 || batch == 0 || threads <= 0 || days <= 0)
    Die("usage: monitor_ingest_bench [EVENTS] [BATCH] [THREADS] [DAYS] [DIR]");
  std::string pattern = base + "/amtsweg-ingest-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) Die("cannot create a directory under " + base);
  const std::string dir = pattern;

  const auto generating = std::chrono::steady_clock::now();
  Events events = Generate(dir, count, days);
  std::cerr << "generated " << events.size() << " events in " << SecondsSince(generating) << " s\n";

  Report("aggregate_only", events.size(), AggregateOnly(events, batch));
  const double baseline = Baseline(dir + "/baseline.db", events, batch);
  Report("baseline", events.size(), baseline);
  const double aggregate = AggregateAndWrite(dir + "/aggregate.db", events, batch);
  Report("aggregate", events.size(), aggregate);
  const std::size_t total = events.size();
  const double recorder = Recorded(dir + "/recorder.db", std::move(events), batch, threads);
  Report("recorder", total, recorder);
  std::printf("ratio_aggregate %.3f\nratio_recorder %.3f\n", baseline / aggregate, baseline / recorder);
  std::filesystem::remove_all(dir);
  return 0;
}
