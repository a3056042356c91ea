#pragma once
// The numbered schema migrations (migrations.cpp) and the runner that applies them.
//
// Each migration is applied once, in order, in its own transaction, and recorded in
// schema_migrations(version, applied_at). Migrations are never edited after they are released;
// a change to the schema is a new migration with the next number (see docs/storage.md).

#include <span>
#include <string>
#include <string_view>

#include "storage/sqlite_connection.h"
#include "storage/storage.h"

namespace amtsweg::storage {

struct Migration {
  int version;
  std::string_view description;
  const char* sql;  // one or more statements, no parameters, run on both engines
  // Run after `sql` on one engine only, where the engines differ (e.g. identity columns).
  const char* sqlite_sql = nullptr;
  const char* postgres_sql = nullptr;
};

// The current time as schema_migrations.applied_at records it.
std::string NowRfc3339();

// Why a database cannot be migrated by this binary.
Error SchemaTooNew(int database_version, int known_version);

// All migrations this binary knows, in ascending version order starting at 1.
std::span<const Migration> Migrations();
// The highest version in Migrations().
int LatestSchemaVersion();

namespace sqlite {

// Creates schema_migrations if it does not exist (it is not itself a numbered migration, so
// that the version can always be read).
Result<void> EnsureMigrationsTable(Connection& connection);
// The highest applied version, 0 for an empty database.
Result<int> ReadSchemaVersion(Connection& connection);
// Applies pending migrations from `migrations`; kSchemaTooNew if the database is ahead of them.
Result<int> ApplyMigrations(Connection& connection, std::span<const Migration> migrations);

}  // namespace sqlite
}  // namespace amtsweg::storage
