// libpq wrapper (see pg_connection.h): results, text parameters, error mapping by SQLSTATE, and
// reconnecting a connection that broke.

#include "storage/pg_connection.h"

#include <charconv>
#include <cstring>

namespace amtsweg::storage::pg {
namespace {

std::string Trimmed(std::string message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

// Maps a failed result to our error kinds by SQLSTATE class: 23505 (unique violation) is
// kConflict, other integrity (23) and data (22) errors kInvalid, everything else kIo.
Error ErrorFromResult(const PGresult* result, PGconn* conn, std::string_view what) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = std::string(what) + ": ";
  const char* detail = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  message = Trimmed(message + (detail != nullptr ? detail : PQerrorMessage(conn)));
  std::string_view sqlstate = state != nullptr ? state : "";
  if (sqlstate == "23505") return Error{ErrorCode::kConflict, std::move(message)};
  if (sqlstate.starts_with("23") || sqlstate.starts_with("22"))
    return Error{ErrorCode::kInvalid, std::move(message)};
  if (!sqlstate.empty()) message += " (SQLSTATE " + std::string(sqlstate) + ")";
  return Error{ErrorCode::kIo, std::move(message)};
}

// A notice (e.g. "relation already exists, skipping") is not an error; keep stderr clean.
void IgnoreNotice(void*, const char*) {}

}  // namespace

std::string Rows::Text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::optional<std::string> Rows::OptionalText(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return Text(row, column);
}

std::int64_t Rows::Int64(int row, int column) const {
  const char* text = PQgetvalue(result_, row, column);
  std::int64_t value = 0;
  std::from_chars(text, text + std::strlen(text), value);
  return value;
}

std::int64_t Rows::Affected() const {
  const char* text = PQcmdTuples(result_);
  std::int64_t value = 0;
  std::from_chars(text, text + std::strlen(text), value);
  return value;
}

void Params::Text(std::string_view value) {
  if (value.find('\0') != std::string_view::npos) has_nul_ = true;
  pointers_.push_back(values_.emplace_back(value).c_str());
}

void Params::OptionalText(const std::optional<std::string>& value) {
  if (value) {
    Text(*value);
  } else {
    pointers_.push_back(nullptr);  // SQL NULL
  }
}

void Params::Int64(std::int64_t value) {
  pointers_.push_back(values_.emplace_back(std::to_string(value)).c_str());
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url, int connect_timeout_s) {
  std::string timeout = std::to_string(connect_timeout_s);
  // With expand_dbname, the URL fills in every setting it has; later keywords only fill gaps
  // when they come first, so the fallbacks go before the URL.
  const char* keywords[] = {"connect_timeout", "fallback_application_name", "client_encoding", "dbname",
                            nullptr};
  const char* values[] = {timeout.c_str(), "amtsweg", "UTF8", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return tl::unexpected(Error{ErrorCode::kIo, "out of memory connecting to PostgreSQL"});
  if (PQstatus(conn) != CONNECTION_OK) {
    Error error{ErrorCode::kIo, Trimmed(PQerrorMessage(conn))};
    PQfinish(conn);
    return tl::unexpected(std::move(error));
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  return std::unique_ptr<Connection>(new Connection(conn));
}

Connection::~Connection() { PQfinish(conn_); }

bool Connection::EnsureConnected(Error* error) {
  if (PQstatus(conn_) == CONNECTION_OK) return true;
  PQreset(conn_);
  if (PQstatus(conn_) == CONNECTION_OK) {
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
    return true;
  }
  *error = Error{ErrorCode::kIo, "PostgreSQL unreachable: " + Trimmed(PQerrorMessage(conn_))};
  return false;
}

Result<Rows> Connection::Check(PGresult* result, std::string_view what) {
  ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Rows(result);
  Error error = ErrorFromResult(result, conn_, what);
  PQclear(result);
  return tl::unexpected(std::move(error));
}

Result<Rows> Connection::Query(const char* sql, const Params& params, std::string_view what) {
  if (params.HasNul()) {
    return tl::unexpected(Error{ErrorCode::kInvalid, std::string(what) + ": a value contains a NUL byte"});
  }
  Error error;
  if (!EnsureConnected(&error)) return tl::unexpected(std::move(error));
  return Check(PQexecParams(conn_, sql, params.Count(), nullptr, params.Values(), nullptr, nullptr, 0), what);
}

Result<void> Connection::Exec(const char* sql, std::string_view what) {
  Error error;
  if (!EnsureConnected(&error)) return tl::unexpected(std::move(error));
  auto rows = Check(PQexec(conn_, sql), what);
  if (!rows) return tl::unexpected(rows.error());
  return {};
}

void Connection::RollbackIfOpen() {
  PGTransactionStatusType status = PQtransactionStatus(conn_);
  if (status == PQTRANS_INTRANS || status == PQTRANS_INERROR) PQclear(PQexec(conn_, "ROLLBACK"));
}

std::string RedactUrl(std::string_view input) {
  std::string url(input);
  // A password given as a query parameter: ...?password=secret&...
  for (std::size_t p = url.find("password="); p != std::string::npos; p = url.find("password=", p + 1)) {
    std::size_t value = p + std::strlen("password=");
    std::size_t end = url.find('&', value);
    url.replace(value, (end == std::string::npos ? url.size() : end) - value, "***");
  }
  std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  std::size_t start = scheme + 3;
  std::size_t at = url.find('@', start);
  std::size_t slash = url.find('/', start);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) return url;
  std::size_t colon = url.find(':', start);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace amtsweg::storage::pg
