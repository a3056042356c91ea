// Monitor access keys and scopes (see access.h).

#include "monitor/access.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <cstdlib>
#include <vector>

#include "text/time.h"

namespace amtsweg::monitor {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::string_view kHashDomain{"amtsweg monitor key\0", 20};
constexpr std::string_view kCsrfMessage = "monitor csrf";
constexpr std::size_t kMaxLandBytes = 80;

std::string Hex(const unsigned char* bytes, unsigned int length) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[bytes[i] >> 4]);
    hex.push_back(kHex[bytes[i] & 0xF]);
  }
  return hex;
}

bool IsAgs(std::string_view text) {
  if (text.size() != 8) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

// Crockford's decoding of one typed symbol, or 0 when it is not one.
char Canonical(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') return '0';
  if (c == 'I' || c == 'L') return '1';
  return kAlphabet.find(c) == std::string_view::npos ? '\0' : c;
}

}  // namespace

bool Scope::Allows(const storage::Municipality& municipality) const {
  switch (kind) {
    case Kind::kAll:
      return true;
    case Kind::kState:
      return municipality.state == value;
    case Kind::kMunicipality:
      return municipality.ags == value;
  }
  return false;
}

std::string Scope::ToString() const {
  switch (kind) {
    case Kind::kAll:
      return "all";
    case Kind::kState:
      return "state:" + value;
    case Kind::kMunicipality:
      return "ags:" + value;
  }
  return "all";
}

std::string Scope::Describe() const {
  switch (kind) {
    case Kind::kAll:
      return "alle Gemeinden";
    case Kind::kState:
      return "Land " + value;
    case Kind::kMunicipality:
      return "Gemeinde " + value;
  }
  return "alle Gemeinden";
}

std::optional<Scope> ParseScope(std::string_view text) {
  if (text == "all") return Scope{Scope::Kind::kAll, ""};
  if (text.starts_with("ags:")) {
    std::string_view ags = text.substr(4);
    if (!IsAgs(ags)) return std::nullopt;
    return Scope{Scope::Kind::kMunicipality, std::string(ags)};
  }
  if (text.starts_with("state:")) {
    std::string_view land = text.substr(6);
    if (land.empty() || land.size() > kMaxLandBytes) return std::nullopt;
    for (unsigned char c : land)
      if (c < 0x20 || c == 0x7F) return std::nullopt;
    return Scope{Scope::Kind::kState, std::string(land)};
  }
  return std::nullopt;
}

RandomBytes SystemRandom() {
  return [](std::span<std::uint8_t> bytes) {
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) std::abort();
  };
}

std::string NewAccessKey(const RandomBytes& random) {
  std::array<std::uint8_t, kAccessKeySymbols> bytes{};
  random(bytes);
  std::string key;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0 && i % 4 == 0) key += '-';
    key += kAlphabet[bytes[i] % kAlphabet.size()];  // 256 % 32 == 0: unbiased
  }
  return key;
}

std::optional<std::string> NormalizeAccessKey(std::string_view typed) {
  if (typed.size() > 4 * kAccessKeySymbols) return std::nullopt;
  std::string key;
  for (char c : typed) {
    if (c == '-' || c == ' ' || c == '\t') continue;
    const char symbol = Canonical(c);
    if (symbol == '\0') return std::nullopt;
    key += symbol;
  }
  if (key.size() != kAccessKeySymbols) return std::nullopt;
  return key;
}

std::string HashAccessKey(std::string_view canonical_key) {
  std::string input(kHashDomain);
  input.append(canonical_key);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha256(), nullptr);
  return Hex(digest, length);
}

std::string AccessCsrfToken(std::string_view canonical_key) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  static const unsigned char kEmpty = 0;
  const void* key = canonical_key.empty() ? &kEmpty : static_cast<const void*>(canonical_key.data());
  HMAC(EVP_sha256(), key, static_cast<int>(canonical_key.size()),
       reinterpret_cast<const unsigned char*>(kCsrfMessage.data()), kCsrfMessage.size(), mac, &length);
  return Hex(mac, length);
}

bool SameSecret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

storage::Result<std::optional<Access>> Authenticate(storage::Storage& storage, std::string_view typed_key) {
  auto key = NormalizeAccessKey(typed_key);
  // A malformed key costs a hash and a lookup too, so that it answers in the same time class.
  const std::string hash = HashAccessKey(key ? *key : std::string(kAccessKeySymbols, '0'));
  auto found = storage.FindMonitorAccess(hash);
  if (!found) return tl::unexpected(found.error());
  if (!key || !*found || !SameSecret((*found)->key_hash, hash)) return std::optional<Access>();
  auto scope = ParseScope((*found)->scope);
  if (!scope) {
    return tl::unexpected(
        storage::Error{storage::ErrorCode::kInvalid, "a monitor access key has an unreadable scope"});
  }
  return std::optional<Access>(Access{std::move(*key), std::move(*scope), (*found)->label});
}

storage::Result<std::string> CreateAccessKey(storage::Storage& storage, std::string_view scope,
                                             std::string_view label,
                                             std::chrono::system_clock::time_point now,
                                             const RandomBytes& random) {
  auto parsed = ParseScope(scope);
  if (!parsed) {
    return tl::unexpected(storage::Error{storage::ErrorCode::kInvalid,
                                         "the scope must be ags:<8 digits>, state:<Land> or all"});
  }
  std::string key = NewAccessKey(random);
  auto saved =
      storage.SaveMonitorAccess(storage::MonitorAccess{.key_hash = HashAccessKey(*NormalizeAccessKey(key)),
                                                       .scope = parsed->ToString(),
                                                       .label = std::string(label),
                                                       .created_at = text::Rfc3339(now)});
  if (!saved) return tl::unexpected(saved.error());
  return key;
}

}  // namespace amtsweg::monitor
