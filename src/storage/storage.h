#pragma once
// The storage interface. Domain and handler code sees only this header; SQLite (sqlite.cpp)
// is the embedded default and PostgreSQL follows behind the same interface.
//
// Writes of applications go through SubmitAsync, which batches concurrent submissions into
// one transaction (group commit) and calls back only after the batch is durable (fsync), so
// an acknowledged submission survives power loss. Reads are synchronous and short.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace amtsweg::metrics {
class Registry;
}

namespace amtsweg::storage {

enum class ErrorCode { kIo, kConflict, kSchemaTooNew, kInvalid, kClosed };

struct Error {
  ErrorCode code;
  std::string message;  // English, for logs and operators; no personal data
};

template <typename T>
using Result = tl::expected<T, Error>;

struct Municipality {
  std::string ags;  // 8-digit Amtlicher Gemeindeschlüssel
  std::string ars;  // 12-digit Amtlicher Regionalschlüssel
  std::string name;
  std::string state;  // Land, e.g. "Bayern"
};

struct Office {
  std::string id;  // stable slug, e.g. "muenchen-kvr-hundesteuer"
  std::string municipality_ags;
  std::string name;
  std::string email;
  std::string address;
  // Roles this office fills, e.g. {"hundesteuer"}. A standard process routes to a role; each
  // municipality's office with that role receives the application.
  std::vector<std::string> roles;
};

enum class SourceKind { kStandard, kVariant };

// A process definition document as written (YAML), versioned.
struct ProcessSource {
  SourceKind kind = SourceKind::kStandard;
  std::string id;  // process id ("hund-anmelden") or variant id
  int version = 1;
  std::string yaml;
  std::string origin;  // file name it was loaded from, for error messages
};

// Municipality `ags` offers standard process `process_id`, optionally through a variant.
struct Offering {
  std::string ags;
  std::string process_id;
  std::optional<std::string> variant_id;
};

struct NewApplication {
  std::string reference;
  std::string process_id;
  int process_version = 1;
  std::optional<std::string> variant_id;
  std::string municipality_ags;
  std::string office_id;
  std::string data_json;  // validated answers
  std::int64_t fee_cents = 0;
  std::string access_token_hash;  // hex SHA-256 of the bearer token
  bool sandbox = false;
  std::string submitted_at;  // RFC 3339 UTC, e.g. "2026-11-30T08:00:00Z"
};

struct ApplicationRecord {
  NewApplication application;
  std::string status;  // "submitted", ...
};

// Called exactly once, on a storage thread, after the submission is durable or has failed.
// kConflict means the reference already exists; kIo that it was not stored. After Close() it is
// called at once, on the submitting thread, with kClosed.
using SubmitCallback = std::function<void(Result<void>)>;

class Storage {
 public:
  virtual ~Storage() = default;

  // Schema.
  [[nodiscard]] virtual Result<int> SchemaVersion() = 0;
  [[nodiscard]] virtual Result<int> Migrate() = 0;  // applies pending migrations, returns new version
  [[nodiscard]] virtual Result<void> Ping() = 0;    // readiness

  // Catalogue (read at start, written by seeding and later by the admin centre).
  [[nodiscard]] virtual Result<std::vector<Municipality>> ListMunicipalities() = 0;
  [[nodiscard]] virtual Result<std::vector<Office>> ListOffices() = 0;
  [[nodiscard]] virtual Result<std::vector<ProcessSource>> ListProcessSources() = 0;
  [[nodiscard]] virtual Result<std::vector<Offering>> ListOfferings() = 0;
  [[nodiscard]] virtual Result<void> SaveMunicipality(const Municipality& m) = 0;
  [[nodiscard]] virtual Result<void> SaveOffice(const Office& o) = 0;
  [[nodiscard]] virtual Result<void> SaveProcessSource(const ProcessSource& s) = 0;
  [[nodiscard]] virtual Result<void> SaveOffering(const Offering& o) = 0;

  // Applications.
  virtual void SubmitAsync(NewApplication application, SubmitCallback done) = 0;
  [[nodiscard]] virtual Result<std::optional<ApplicationRecord>> FindApplication(
      const std::string& reference) = 0;

  // Stops background work after flushing what was accepted; later submits fail with kClosed.
  virtual void Close() = 0;
};

struct SqliteOptions {
  std::string path;
  bool synchronous_full = true;  // fsync on every commit (durability)
  int max_batch = 256;           // submissions per group-commit transaction
  int reader_connections = 4;
  int busy_timeout_ms = 5000;  // how long a connection waits for a lock held by another process
  // Hard cap on the database size in pages (PRAGMA max_page_count); 0 = SQLite's default. A
  // commit that would exceed it fails like a full disk (kIo), which is also how tests reach that
  // path.
  std::int64_t max_page_count = 0;
};

[[nodiscard]] Result<std::unique_ptr<Storage>> OpenSqlite(const SqliteOptions& options,
                                                          metrics::Registry* registry);

}  // namespace amtsweg::storage
