// SQLite connection, statement cache and reader pool (see sqlite_connection.h).
//
// The connection settings are the durability contract: WAL journal, synchronous=FULL (the WAL
// is fsynced before COMMIT returns), foreign keys on, and a busy timeout so that a second
// process (e.g. `amtsweg migrate` while the server runs) waits instead of failing at once.

#include "storage/sqlite_connection.h"

#include <string>

namespace amtsweg::storage::sqlite {
namespace {

Error MakeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace

Error ErrorFromSqlite(int rc, std::string_view what, sqlite3* db) {
  std::string message = std::string(what) + ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {  // primary result code
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return MakeError(ErrorCode::kConflict, std::move(message));
      }
      return MakeError(ErrorCode::kInvalid, std::move(message));
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      return MakeError(ErrorCode::kInvalid, std::move(message));
    default:
      return MakeError(ErrorCode::kIo, std::move(message));
  }
}

// --- Statement ---

Statement::~Statement() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

void Statement::BindText(int position, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies the bytes, so the caller's string may go away.
  sqlite3_bind_text64(stmt_, position, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void Statement::BindOptionalText(int position, const std::optional<std::string>& value) {
  if (value) {
    BindText(position, *value);
  } else {
    sqlite3_bind_null(stmt_, position);
  }
}

void Statement::BindInt64(int position, std::int64_t value) { sqlite3_bind_int64(stmt_, position, value); }

int Statement::Step() { return sqlite3_step(stmt_); }

Result<void> Statement::Run(std::string_view what) {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return {};
  // sqlite3_step returns the extended code only with extended result codes enabled (they are).
  return tl::unexpected(ErrorFromSqlite(rc, what, sqlite3_db_handle(stmt_)));
}

std::string Statement::ColumnText(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Statement::ColumnOptionalText(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return ColumnText(column);
}

std::int64_t Statement::ColumnInt64(int column) const { return sqlite3_column_int64(stmt_, column); }

// --- Connection ---

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path,
                                                     const ConnectionOptions& options) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = ErrorFromSqlite(rc, "open " + path, db);
    sqlite3_close_v2(db);  // a handle is returned even on failure
    return tl::unexpected(error);
  }
  std::unique_ptr<Connection> connection(new Connection(db));
  if (auto configured = connection->Configure(options); !configured) {
    return tl::unexpected(configured.error());
  }
  return connection;
}

Result<void> Connection::Configure(const ConnectionOptions& options) {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, options.busy_timeout_ms);
  // journal_mode=WAL is persistent in the file; setting it on every open is harmless and makes
  // a database created by another tool WAL too.
  std::string pragmas = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; ";
  pragmas += options.synchronous_full ? "PRAGMA synchronous=FULL; " : "PRAGMA synchronous=NORMAL; ";
  if (options.max_page_count > 0) {
    pragmas += "PRAGMA max_page_count=" + std::to_string(options.max_page_count) + "; ";
  }
  if (options.query_only) pragmas += "PRAGMA query_only=ON; ";
  // The process monitor's rollups and journeys are upserted by random keys and summed over
  // ranges: a 32 MiB page cache per connection (SQLite's default is 2 MiB; allocated only as
  // pages are used) keeps their B-tree interiors in memory, and readers map the file so they
  // share the OS page cache instead of copying pages (measured in docs/benchmarks.md, P4).
  pragmas += "PRAGMA cache_size=-32768; ";
  if (options.query_only) pragmas += "PRAGMA mmap_size=1073741824; ";
  return Exec(pragmas.c_str(), "configure connection");
}

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<void> Connection::Exec(const char* sql, std::string_view what) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  sqlite3_free(message);  // the same text is available from sqlite3_errmsg
  if (rc != SQLITE_OK) return tl::unexpected(ErrorFromSqlite(rc, what, db_));
  return {};
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) {
    return Statement(it->second);
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                              nullptr);
  if (rc != SQLITE_OK) return tl::unexpected(ErrorFromSqlite(rc, "prepare", db_));
  // Parameters must be $1..$n in order of first use, so positions mean the same in PostgreSQL.
  for (int i = 1; i <= sqlite3_bind_parameter_count(stmt); ++i) {
    const char* name = sqlite3_bind_parameter_name(stmt, i);
    if (name == nullptr || std::string_view(name) != "$" + std::to_string(i)) {
      sqlite3_finalize(stmt);
      return tl::unexpected(
          Error{ErrorCode::kInvalid, "SQL parameters must be $1..$n in order: " + std::string(sql)});
    }
  }
  statements_.emplace(std::string(sql), stmt);
  return Statement(stmt);
}

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

void Connection::RollbackIfOpen() {
  // After some errors (I/O, full disk) SQLite has already rolled back; ROLLBACK would then fail.
  if (InTransaction()) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace amtsweg::storage::sqlite
