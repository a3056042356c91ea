#pragma once
// A thin owner of one SQLite connection (sqlite3*) with a cache of prepared statements, and a
// small pool of such connections for readers. Nothing outside src/storage/ includes this.
//
// A Connection is used by one thread at a time (it is opened with SQLITE_OPEN_NOMUTEX); the
// writer thread owns one, readers borrow one from ReaderPool for the length of a query:
//
//   auto statement = connection.Prepare(kSelectOffice);   // cached after the first call
//   if (!statement) return tl::unexpected(statement.error());
//   statement->BindText(1, id);
//   while (statement->Step() == SQLITE_ROW) ...            // reset when `statement` goes away
//
// Parameters are written `$1`, `$2`, … in the SQL (PostgreSQL's form, which SQLite accepts as
// named parameters); Prepare checks that `$n` is bound at position n so both engines agree.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include "storage/pool.h"
#include "storage/storage.h"

namespace amtsweg::storage::sqlite {

// Maps an SQLite result code to our error kinds: constraint violations on a unique key are
// kConflict, other constraint and datatype errors kInvalid, everything else kIo.
Error ErrorFromSqlite(int rc, std::string_view what, sqlite3* db);

// A prepared statement borrowed from a Connection's cache; resets itself and clears its
// bindings when it goes out of scope, so the next user starts clean. There is one per SQL text
// and connection: do not hold two Statements for the same SQL on one connection at once.
class Statement final {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Positions are 1-based, as in the SQL text ($1 is position 1).
  void BindText(int position, std::string_view value);
  void BindOptionalText(int position, const std::optional<std::string>& value);
  void BindInt64(int position, std::int64_t value);

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step();
  // Steps a statement that returns no rows; maps failure to an Error.
  Result<void> Run(std::string_view what);

  // Columns are 0-based, as SQLite counts them.
  std::string ColumnText(int column) const;
  std::optional<std::string> ColumnOptionalText(int column) const;
  std::int64_t ColumnInt64(int column) const;

 private:
  sqlite3_stmt* stmt_;
};

struct ConnectionOptions {
  bool synchronous_full = true;
  int busy_timeout_ms = 5000;
  std::int64_t max_page_count = 0;
  bool query_only = false;  // readers refuse writes
};

class Connection final {
 public:
  // Opens (creating if needed) the database at `path` in WAL mode with foreign keys on.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without parameters (BEGIN, COMMIT, migration scripts).
  Result<void> Exec(const char* sql, std::string_view what);
  // Returns the cached prepared statement for `sql`, preparing it on first use.
  Result<Statement> Prepare(std::string_view sql);
  // True while a transaction is open (BEGIN without COMMIT/ROLLBACK yet).
  bool InTransaction() const;
  // Rolls back an open transaction, if any; used on error paths, so it cannot fail.
  void RollbackIfOpen();

  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  Result<void> Configure(const ConnectionOptions& options);

  // Hashes std::string and std::string_view alike, so lookups by SQL text do not allocate.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> statements_;  // by SQL text
};

// Readers borrow a connection for the length of one query.
using ReaderPool = Pool<Connection>;

}  // namespace amtsweg::storage::sqlite
