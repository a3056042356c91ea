#pragma once
// Fixtures shared by the storage tests: a temporary directory that removes itself, a complete
// NewApplication with every field set, and a fresh database of either engine (TestDatabase) for
// the tests that run on both.
//
// PostgreSQL comes from the test cluster that CTest's `postgres` fixture starts
// (scripts/test-postgres); AMTSWEG_TEST_PG_DIR names its directory. Run by hand without it, the
// PostgreSQL cases skip; under CTest the variable is always set, and a missing cluster fails.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "storage/pg_connection.h"
#include "storage/pg_storage.h"
#include "storage/sqlite_connection.h"
#include "storage/sqlite_storage.h"
#include "storage/storage.h"

namespace amtsweg::storage::testing {

class TempDir final {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "amtsweg-storage-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string File(const std::string& name) const { return (std::filesystem::path(path_) / name).string(); }

 private:
  std::string path_;
};

inline NewApplication MakeApplication(const std::string& reference) {
  NewApplication a;
  a.reference = reference;
  a.process_id = "hund-anmelden";
  a.process_version = 3;
  a.variant_id = "muenchen-hund";
  a.municipality_ags = "09162000";
  a.office_id = "muenchen-kvr-hundesteuer";
  a.data_json = R"({"hund":{"name":"Bello","rasse":"Dackel"},"halter":"Erika Mustermann"})";
  a.fee_cents = 7500;
  a.access_token_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  a.sandbox = true;
  a.submitted_at = "2026-11-30T08:00:00Z";
  return a;
}

inline SqliteOptions OptionsFor(const std::string& path) {
  SqliteOptions options;
  options.path = path;
  return options;
}

enum class Engine { kSqlite, kPostgres };

inline std::string EngineName(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::kSqlite ? "Sqlite" : "Postgres";
}

// The test cluster's base URL (a database any user may connect to), or "" when not configured.
inline std::string TestPostgresUrl() {
  const char* dir = std::getenv("AMTSWEG_TEST_PG_DIR");
  if (dir == nullptr) return "";
  std::ifstream file(std::filesystem::path(dir) / "url");
  std::string url;
  std::getline(file, url);
  return url;
}

// A fresh, empty database for one test; removed again at the end.
class TestDatabase final {
 public:
  explicit TestDatabase(Engine engine) : engine_(engine) {
    if (engine_ == Engine::kSqlite) {
      locator_ = dir_.File("test.db");
      return;
    }
    admin_url_ = TestPostgresUrl();
    if (admin_url_.empty()) return;
    std::random_device random;
    std::ostringstream name;
    name << "amtsweg_unit_" << std::hex << random() << random();
    name_ = name.str();
    AdminExec("CREATE DATABASE " + name_);
    locator_ = admin_url_.substr(0, admin_url_.rfind('/') + 1) + name_;
  }
  ~TestDatabase() {
    if (!name_.empty()) AdminExec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // True when this engine cannot be tested here (PostgreSQL outside CTest); the test skips.
  bool Unavailable() const { return locator_.empty(); }
  const std::string& Locator() const { return locator_; }

  Result<std::unique_ptr<Storage>> Open(metrics::Registry* registry = nullptr, int max_batch = 256) const {
    if (engine_ == Engine::kSqlite) {
      SqliteOptions options;
      options.path = locator_;
      options.max_batch = max_batch;
      return OpenSqlite(options, registry);
    }
    return OpenPostgres({.url = locator_, .max_batch = max_batch}, registry);
  }

  // Runs statements on a connection of its own, as another tool would.
  void Exec(const std::string& sql) const {
    if (engine_ == Engine::kSqlite) {
      auto connection = sqlite::Connection::Open(locator_, {});
      ASSERT_TRUE(connection) << connection.error().message;
      ASSERT_TRUE((*connection)->Exec(sql.c_str(), "test")) << sql;
      return;
    }
    auto connection = pg::Connection::Open(locator_);
    ASSERT_TRUE(connection) << connection.error().message;
    auto ran = (*connection)->Exec(sql.c_str(), "test");
    ASSERT_TRUE(ran) << sql << ": " << ran.error().message;
  }

 private:
  void AdminExec(const std::string& sql) const {
    auto connection = pg::Connection::Open(admin_url_);
    ASSERT_TRUE(connection) << "test cluster at " << admin_url_ << ": " << connection.error().message;
    auto ran = (*connection)->Exec(sql.c_str(), "test");
    ASSERT_TRUE(ran) << ran.error().message;
  }

  Engine engine_;
  TempDir dir_;
  std::string admin_url_;
  std::string name_;
  std::string locator_;
};

// Skips the current test when its engine is not available (see TestDatabase::Unavailable), but
// fails when CTest said a cluster would be there.
#define AMTSWEG_REQUIRE_ENGINE(database)                                                           \
  do {                                                                                             \
    if ((database).Unavailable()) {                                                                \
      if (std::getenv("AMTSWEG_TEST_PG_DIR") != nullptr) FAIL() << "test cluster has no url file"; \
      GTEST_SKIP() << "PostgreSQL test cluster not configured (run through ctest)";                \
    }                                                                                              \
  } while (false)

// Base of the test suites that run on both engines: a fresh database per test, skipped when the
// engine is not available (see AMTSWEG_REQUIRE_ENGINE).
class EngineTestBase : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override { AMTSWEG_REQUIRE_ENGINE(database_); }
  // A storage on the test's database with every migration applied.
  std::unique_ptr<Storage> Migrated(metrics::Registry* registry = nullptr) {
    auto storage = database_.Open(registry);
    EXPECT_TRUE(storage) << storage.error().message;
    auto version = (*storage)->Migrate();
    EXPECT_TRUE(version) << version.error().message;
    return std::move(*storage);
  }
  TestDatabase database_{GetParam()};
};

// Group-commit counters of either engine's storage.
inline WriterStats StatsOf(Storage& storage) {
  if (auto* s = dynamic_cast<sqlite::SqliteStorage*>(&storage)) return s->Stats();
  if (auto* p = dynamic_cast<pg::PostgresStorage*>(&storage)) return p->Stats();
  return {};
}

}  // namespace amtsweg::storage::testing
