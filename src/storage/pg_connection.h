#pragma once
// A thin owner of one PostgreSQL connection (libpq PGconn*) and a fixed pool of them. Nothing
// outside src/storage/ includes this.
//
//   pg::Params params;
//   params.Text(reference);
//   auto rows = connection.Query(kSelectApplication, params, "find application");
//   if (!rows) return tl::unexpected(rows.error());
//   for (int r = 0; r < rows->Count(); ++r) use(rows->Text(r, 0));
//
// Statements are sent with PQexecParams (the unnamed statement: parse, bind and execute in one
// round trip), never as named prepared statements, so amtsweg works behind pgbouncer in
// transaction pooling mode. Parameters travel as text; the server infers their types from the
// statement. A connection that broke (server restart, failover) is re-established on its next
// use; the statement that saw the break fails with kIo and is not retried here, because only
// the caller knows whether it is safe to repeat.

#include <libpq-fe.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/pool.h"
#include "storage/storage.h"

namespace amtsweg::storage::pg {

// The rows of one statement; owns the PGresult. Rows and columns are 0-based.
class Rows final {
 public:
  explicit Rows(PGresult* result) : result_(result) {}
  Rows(Rows&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;
  Rows& operator=(Rows&&) = delete;
  ~Rows() { PQclear(result_); }

  int Count() const { return PQntuples(result_); }
  bool IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
  std::string Text(int row, int column) const;
  std::optional<std::string> OptionalText(int row, int column) const;
  // Integer columns (INTEGER, BIGINT, and COUNT(*) results); 0 for text that is not a number.
  std::int64_t Int64(int row, int column) const;
  // Rows changed by an INSERT/UPDATE/DELETE without RETURNING.
  std::int64_t Affected() const;

 private:
  PGresult* result_;
};

// Text parameters for one statement, $1 first. Values are copied, so temporaries are fine.
class Params final {
 public:
  void Text(std::string_view value);
  void OptionalText(const std::optional<std::string>& value);
  void Int64(std::int64_t value);

  int Count() const { return static_cast<int>(pointers_.size()); }
  const char* const* Values() const { return pointers_.data(); }
  // libpq parameters are C strings: a value with a NUL byte cannot be sent faithfully.
  bool HasNul() const { return has_nul_; }

 private:
  std::deque<std::string> values_;  // deque: pointers into it stay valid as it grows
  std::vector<const char*> pointers_;
  bool has_nul_ = false;
};

class Connection final {
 public:
  // Connects to `url` (postgresql://user:password@host:port/dbname?options). Gives up after
  // `connect_timeout_s` seconds unless the URL sets connect_timeout itself.
  static Result<std::unique_ptr<Connection>> Open(const std::string& url, int connect_timeout_s = 5);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // One statement with parameters; rows for SELECT/RETURNING, empty for the rest.
  Result<Rows> Query(const char* sql, const Params& params, std::string_view what);
  // One or more statements without parameters (BEGIN, COMMIT, migration scripts).
  Result<void> Exec(const char* sql, std::string_view what);
  // Rolls back an open or failed transaction, if any; used on error paths, so it cannot fail.
  void RollbackIfOpen();

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  // Re-establishes a connection that broke; false if the server is still unreachable.
  bool EnsureConnected(Error* error);
  Result<Rows> Check(PGresult* result, std::string_view what);

  PGconn* conn_;
};

using Pool = storage::Pool<Connection>;

// "postgresql://user:secret@host/db" -> "postgresql://user:***@host/db": for messages and logs.
std::string RedactUrl(std::string_view url);

}  // namespace amtsweg::storage::pg
