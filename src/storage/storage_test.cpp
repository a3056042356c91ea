// Schema migrations and the catalogue tables on both engines: migrate from empty, idempotent
// re-run, refusal of a newer schema, upserts and lists of every catalogue table; and the SQLite
// migration runner and options.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>

#include "storage/migrations.h"
#include "storage/sql.h"
#include "storage/sqlite_connection.h"
#include "storage/sqlite_queries.h"
#include "storage/storage.h"
#include "storage/test_support.h"

namespace amtsweg::storage {
namespace {

using testing::Engine;
using testing::EngineName;
using testing::OptionsFor;
using testing::TempDir;
using testing::TestDatabase;

// Tests of this suite run on SQLite and on PostgreSQL, each on a fresh database.
class EngineTest : public testing::EngineTestBase {};

INSTANTIATE_TEST_SUITE_P(Engines, EngineTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

TEST(MigrationsTest, VersionsAreNumberedFromOneWithoutGaps) {
  int expected = 1;
  for (const Migration& migration : Migrations()) {
    EXPECT_EQ(migration.version, expected++);
    EXPECT_FALSE(migration.description.empty());
  }
  EXPECT_EQ(LatestSchemaVersion(), expected - 1);
}

TEST_P(EngineTest, MigratesEmptyDatabaseToLatest) {
  auto storage = database_.Open();
  ASSERT_TRUE(storage) << storage.error().message;
  EXPECT_EQ((*storage)->SchemaVersion().value(), 0);
  auto version = (*storage)->Migrate();
  ASSERT_TRUE(version) << version.error().message;
  EXPECT_EQ(*version, LatestSchemaVersion());
  EXPECT_EQ((*storage)->SchemaVersion().value(), LatestSchemaVersion());
  EXPECT_TRUE((*storage)->ListMunicipalities().value().empty());
}

TEST_P(EngineTest, RerunIsIdempotentAcrossReopen) {
  Migrated().reset();
  auto storage = database_.Open();
  ASSERT_TRUE(storage);
  EXPECT_EQ((*storage)->Migrate().value(), LatestSchemaVersion());
  EXPECT_EQ((*storage)->Migrate().value(), LatestSchemaVersion());
}

TEST(MigrationsTest, AppliesOnlyPendingMigrationsInOrder) {
  TempDir dir;
  auto connection = sqlite::Connection::Open(dir.File("db.sqlite"), {});
  ASSERT_TRUE(connection);
  ASSERT_TRUE(sqlite::EnsureMigrationsTable(**connection));
  const Migration first[] = {{1, "one", "CREATE TABLE t1 (x INTEGER)"}};
  const Migration both[] = {{1, "one", "CREATE TABLE t1 (x INTEGER)"},
                            {2, "two", "CREATE TABLE t2 (y TEXT)"}};
  EXPECT_EQ(sqlite::ApplyMigrations(**connection, first).value(), 1);
  // Migration 1 would fail if run again (t1 exists), so success shows it was skipped.
  EXPECT_EQ(sqlite::ApplyMigrations(**connection, both).value(), 2);
  EXPECT_TRUE((*connection)->Exec("INSERT INTO t2 (y) VALUES ('ok')", "use t2"));
}

TEST(MigrationsTest, FailedMigrationIsRolledBackAndNotRecorded) {
  TempDir dir;
  auto connection = sqlite::Connection::Open(dir.File("db.sqlite"), {});
  ASSERT_TRUE(connection);
  ASSERT_TRUE(sqlite::EnsureMigrationsTable(**connection));
  const Migration broken[] = {{1, "half", "CREATE TABLE t1 (x INTEGER); THIS IS NOT SQL"}};
  auto applied = sqlite::ApplyMigrations(**connection, broken);
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code, ErrorCode::kIo);
  EXPECT_EQ(sqlite::ReadSchemaVersion(**connection).value(), 0);
  EXPECT_FALSE((*connection)->InTransaction());
  // t1 was rolled back with the failed step, so it can be created now.
  EXPECT_TRUE((*connection)->Exec("CREATE TABLE t1 (x INTEGER)", "recreate t1"));
}

TEST_P(EngineTest, RefusesDatabaseNewerThanBinary) {
  Migrated().reset();
  database_.Exec("INSERT INTO schema_migrations (version, applied_at) VALUES (999, '2030-01-01T00:00:00Z')");
  auto storage = database_.Open();
  ASSERT_TRUE(storage);
  EXPECT_EQ((*storage)->SchemaVersion().value(), 999);
  auto migrated = (*storage)->Migrate();
  ASSERT_FALSE(migrated);
  EXPECT_EQ(migrated.error().code, ErrorCode::kSchemaTooNew);
}

TEST(OpenSqliteTest, RejectsInvalidOptions) {
  TempDir dir;
  SqliteOptions no_path;
  EXPECT_EQ(OpenSqlite(no_path, nullptr).error().code, ErrorCode::kInvalid);
  SqliteOptions no_readers = OptionsFor(dir.File("db.sqlite"));
  no_readers.reader_connections = 0;
  EXPECT_EQ(OpenSqlite(no_readers, nullptr).error().code, ErrorCode::kInvalid);
  SqliteOptions no_batch = OptionsFor(dir.File("db.sqlite"));
  no_batch.max_batch = 0;
  EXPECT_EQ(OpenSqlite(no_batch, nullptr).error().code, ErrorCode::kInvalid);
}

TEST(OpenSqliteTest, UnopenablePathIsIoError) {
  auto storage = OpenSqlite(OptionsFor("/nonexistent-dir/sub/db.sqlite"), nullptr);
  ASSERT_FALSE(storage);
  EXPECT_EQ(storage.error().code, ErrorCode::kIo);
}

TEST_P(EngineTest, PingReportsReadinessUntilClosed) {
  auto storage = Migrated();
  EXPECT_TRUE(storage->Ping());
  storage->Close();
  EXPECT_EQ(storage->Ping().error().code, ErrorCode::kClosed);
  EXPECT_EQ(storage->SaveMunicipality({"09162000", "091620000000", "München", "Bayern"}).error().code,
            ErrorCode::kClosed);
  EXPECT_EQ(storage->Migrate().error().code, ErrorCode::kClosed);
}

TEST_P(EngineTest, MunicipalitiesUpsertAndList) {
  auto storage = Migrated();
  ASSERT_TRUE(storage->SaveMunicipality({"09162000", "091620000000", "Muenchen", "Bayern"}));
  ASSERT_TRUE(storage->SaveMunicipality({"08111000", "081110000000", "Stuttgart", "Baden-Württemberg"}));
  ASSERT_TRUE(storage->SaveMunicipality({"09162000", "091620000000", "München", "Bayern"}));  // update
  auto list = storage->ListMunicipalities();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].ags, "08111000");
  EXPECT_EQ((*list)[0].state, "Baden-Württemberg");
  EXPECT_EQ((*list)[1].ags, "09162000");
  EXPECT_EQ((*list)[1].ars, "091620000000");
  EXPECT_EQ((*list)[1].name, "München");
}

TEST_P(EngineTest, OfficesUpsertAndListWithRoles) {
  auto storage = Migrated();
  ASSERT_TRUE(storage->SaveMunicipality({"09162000", "091620000000", "München", "Bayern"}));
  Office office{"muenchen-kvr", "09162000", "KVR", "kvr@example.org", "Ruppertstr. 19", {"hundesteuer"}};
  ASSERT_TRUE(storage->SaveOffice(office));
  office.roles = {"hundesteuer", "gewerbe"};
  office.email = "kvr-neu@example.org";
  ASSERT_TRUE(storage->SaveOffice(office));
  ASSERT_TRUE(
      storage->SaveOffice({"muenchen-bauamt", "09162000", "Bauamt", "bau@example.org", "Blumenstr. 28", {}}));
  auto list = storage->ListOffices();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, "muenchen-bauamt");
  EXPECT_TRUE((*list)[0].roles.empty());
  const Office& kvr = (*list)[1];
  EXPECT_EQ(kvr.id, "muenchen-kvr");
  EXPECT_EQ(kvr.municipality_ags, "09162000");
  EXPECT_EQ(kvr.name, "KVR");
  EXPECT_EQ(kvr.email, "kvr-neu@example.org");
  EXPECT_EQ(kvr.address, "Ruppertstr. 19");
  EXPECT_EQ(kvr.roles, (std::vector<std::string>{"hundesteuer", "gewerbe"}));
}

TEST_P(EngineTest, OfficeOfUnknownMunicipalityIsInvalid) {
  auto storage = Migrated();
  auto saved = storage->SaveOffice({"nowhere-office", "00000000", "Nirgendwo", "x@example.org", "", {}});
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code, ErrorCode::kInvalid);
  EXPECT_TRUE(storage->ListOffices().value().empty());
}

TEST_P(EngineTest, ProcessSourcesUpsertAndListByKindIdVersion) {
  auto storage = Migrated();
  ASSERT_TRUE(
      storage->SaveProcessSource({SourceKind::kStandard, "hund-anmelden", 2, "process: v2", "a.yaml"}));
  ASSERT_TRUE(
      storage->SaveProcessSource({SourceKind::kStandard, "hund-anmelden", 1, "process: v1", "a.yaml"}));
  ASSERT_TRUE(storage->SaveProcessSource({SourceKind::kVariant, "hund-anmelden", 1, "variant: x", "v.yaml"}));
  ASSERT_TRUE(
      storage->SaveProcessSource({SourceKind::kStandard, "hund-anmelden", 1, "process: v1b", "b.yaml"}));
  auto list = storage->ListProcessSources();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].kind, SourceKind::kStandard);
  EXPECT_EQ((*list)[0].version, 1);
  EXPECT_EQ((*list)[0].yaml, "process: v1b");
  EXPECT_EQ((*list)[0].origin, "b.yaml");
  EXPECT_EQ((*list)[1].version, 2);
  EXPECT_EQ((*list)[2].kind, SourceKind::kVariant);
  EXPECT_EQ((*list)[2].id, "hund-anmelden");
  EXPECT_EQ((*list)[2].yaml, "variant: x");
}

TEST_P(EngineTest, OfferingsUpsertAndListWithOptionalVariant) {
  auto storage = Migrated();
  ASSERT_TRUE(storage->SaveOffering({"09162000", "hund-anmelden", std::nullopt, ""}));
  ASSERT_TRUE(storage->SaveOffering({"08111000", "hund-anmelden", "stuttgart-hund", ""}));
  ASSERT_TRUE(storage->SaveOffering({"09162000", "hund-anmelden", "muenchen-hund", ""}));  // update
  ASSERT_TRUE(storage->SaveOffering({"08111000", "hund-anmelden", std::nullopt, ""}));     // update to none
  auto list = storage->ListOfferings();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].ags, "08111000");
  EXPECT_EQ((*list)[0].variant_id, std::nullopt);
  EXPECT_EQ((*list)[1].ags, "09162000");
  EXPECT_EQ((*list)[1].process_id, "hund-anmelden");
  EXPECT_EQ((*list)[1].variant_id, std::optional<std::string>("muenchen-hund"));
}

TEST_P(EngineTest, CorruptRolesAreReportedNotCrashing) {
  auto storage = Migrated();
  ASSERT_TRUE(storage->SaveMunicipality({"09162000", "091620000000", "München", "Bayern"}));
  ASSERT_TRUE(storage->SaveOffice({"kvr", "09162000", "KVR", "kvr@example.org", "", {"a"}}));
  database_.Exec("UPDATE offices SET roles = '{\"not\": \"an array\"'");
  auto list = storage->ListOffices();
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error().code, ErrorCode::kIo);
}

TEST(RolesJsonTest, RoundTripsAndRejectsNonArrays) {
  std::vector<std::string> roles{"hundesteuer", "gewerbe \"quoted\"", "ümlaut"};
  EXPECT_EQ(sql::RolesFromJson(sql::RolesToJson(roles)).value(), roles);
  EXPECT_EQ(sql::RolesToJson({}), "[]");
  for (const char* bad : {"", "{}", "[1]", "[\"a\", null]", "[\"a\"", "\"a\""}) {
    EXPECT_FALSE(sql::RolesFromJson(bad)) << bad;
  }
}

TEST(ConnectionTest, RejectsParametersNotNumberedInOrder) {
  TempDir dir;
  auto connection = sqlite::Connection::Open(dir.File("db.sqlite"), {});
  ASSERT_TRUE(connection);
  EXPECT_TRUE((*connection)->Prepare("SELECT $1, $2, $1"));
  EXPECT_EQ((*connection)->Prepare("SELECT $2, $1").error().code, ErrorCode::kInvalid);
  EXPECT_EQ((*connection)->Prepare("SELECT ?").error().code, ErrorCode::kInvalid);
  EXPECT_EQ((*connection)->Prepare("SELEC nonsense").error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace amtsweg::storage
