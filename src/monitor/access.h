#pragma once
// Access to the process monitor before accounts exist: a secret access key, handed to a person
// by the operator (`amtsweg monitor access add --scope ags:08111000 --label "Digitallotsin"`),
// opens the dashboards of its scope. Only the key's hash is stored (storage::MonitorAccess).
//
//   auto key = CreateAccessKey(storage, "ags:08111000", "Digitallotsin", now);  // shown once
//   // "7K3M-Q9X2-T4V6-W8Y0-…" (28 symbols of Crockford's base32, 140 bits, in groups of four)
//   auto access = Authenticate(storage, typed_key);   // nullopt: no such key
//   if (access && *access && (*access)->scope.Allows(municipality)) …
//
// Scopes: "ags:<8 digits>" one municipality, "state:<Land>" every municipality of that state,
// "all" everything. A typed key is forgiving (lower case, spaces, dashes, O for 0, I/L for 1);
// its canonical form (28 upper-case symbols) is what is hashed.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "storage/storage.h"

namespace amtsweg::monitor {

inline constexpr std::size_t kAccessKeySymbols = 28;

struct Scope {
  enum class Kind { kMunicipality, kState, kAll };
  Kind kind = Kind::kAll;
  std::string value;  // the AGS or the Land; "" for kAll

  // Whether the scope covers this municipality.
  [[nodiscard]] bool Allows(const storage::Municipality& municipality) const;
  // The stored form: "ags:08111000", "state:Bayern", "all".
  [[nodiscard]] std::string ToString() const;
  // German, for the page: "Gemeinde 08111000", "Land Bayern", "alle Gemeinden".
  [[nodiscard]] std::string Describe() const;
};

// nullopt unless exactly one of the forms above (AGS: 8 digits; Land: 1..80 bytes, no control
// characters).
[[nodiscard]] std::optional<Scope> ParseScope(std::string_view text);

// Fills its argument with random bytes (tests inject a fixed source).
using RandomBytes = std::function<void(std::span<std::uint8_t>)>;
// The operating system's CSPRNG (OpenSSL RAND_bytes; aborts if it fails, which it does not on
// a working system).
[[nodiscard]] RandomBytes SystemRandom();

// A new key: 28 random symbols of Crockford's base32 (140 bits), grouped by four with dashes.
[[nodiscard]] std::string NewAccessKey(const RandomBytes& random);
// The canonical form of a typed key, or nullopt when it cannot be one.
[[nodiscard]] std::optional<std::string> NormalizeAccessKey(std::string_view typed);
// Lower-case hex SHA-256 of the canonical key (domain-separated); what storage keeps.
[[nodiscard]] std::string HashAccessKey(std::string_view canonical_key);
// The CSRF token of pages opened with this key: hex HMAC-SHA256 with the key over "monitor csrf".
[[nodiscard]] std::string AccessCsrfToken(std::string_view canonical_key);
// Constant-time comparison for equal lengths.
[[nodiscard]] bool SameSecret(std::string_view a, std::string_view b);

struct Access {
  std::string key;  // canonical
  Scope scope;
  std::string label;
};

// The access a typed key opens: nullopt when the key is malformed or unknown (the same answer
// for both), an error when storage fails or the stored scope is unreadable.
[[nodiscard]] storage::Result<std::optional<Access>> Authenticate(storage::Storage& storage,
                                                                  std::string_view typed_key);

// Creates and stores a key for `scope` (validated) with a label for the operator; returns the
// key in its grouped form, to be shown once.
[[nodiscard]] storage::Result<std::string> CreateAccessKey(storage::Storage& storage, std::string_view scope,
                                                           std::string_view label,
                                                           std::chrono::system_clock::time_point now,
                                                           const RandomBytes& random = SystemRandom());

}  // namespace amtsweg::monitor
