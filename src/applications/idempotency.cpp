// Idempotency keys (see idempotency.h).

#include "applications/idempotency.h"

#include <openssl/evp.h>

#include <array>
#include <cstdint>

#include "applications/reference.h"

namespace amtsweg::applications {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::string_view kKeyDomain{"amtsweg idempotency key\0", 24};
constexpr std::string_view kSealDomain{"amtsweg token seal\0", 19};

using Digest = std::array<std::uint8_t, 32>;

Digest Sha256(std::string_view a, std::string_view b, std::string_view c, std::uint32_t block) {
  Digest digest{};
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  EVP_DigestInit_ex(context, EVP_sha256(), nullptr);
  for (std::string_view part : {a, b, std::string_view("\0", 1), c})
    EVP_DigestUpdate(context, part.data(), part.size());
  std::uint8_t counter[4] = {static_cast<std::uint8_t>(block >> 24), static_cast<std::uint8_t>(block >> 16),
                             static_cast<std::uint8_t>(block >> 8), static_cast<std::uint8_t>(block)};
  EVP_DigestUpdate(context, counter, sizeof counter);
  unsigned int length = 0;
  EVP_DigestFinal_ex(context, digest.data(), &length);
  EVP_MD_CTX_free(context);
  return digest;
}

// Byte i of the keystream: SHA-256(domain ‖ key ‖ 0 ‖ request_hash ‖ block) in counter mode.
std::string Keystream(std::size_t length, std::string_view key, std::string_view request_hash) {
  std::string stream;
  stream.reserve(length);
  for (std::uint32_t block = 0; stream.size() < length; ++block) {
    Digest digest = Sha256(kSealDomain, key, request_hash, block);
    for (std::uint8_t byte : digest) {
      if (stream.size() == length) break;
      stream.push_back(static_cast<char>(byte));
    }
  }
  return stream;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

tl::expected<std::string, std::string> ParseIdempotencyKey(std::string_view header) {
  if (header.empty()) return std::string();
  std::string_view key = header;
  if (key.size() >= 2 && key.front() == '"' && key.back() == '"') key = key.substr(1, key.size() - 2);
  if (key.empty()) return tl::unexpected(std::string("the Idempotency-Key is empty"));
  if (key.size() > kMaxIdempotencyKeyLength) {
    return tl::unexpected("the Idempotency-Key is longer than " + std::to_string(kMaxIdempotencyKeyLength) +
                          " characters");
  }
  for (char c : key) {
    if (c < 0x21 || c > 0x7E || c == '"') {
      return tl::unexpected(std::string("the Idempotency-Key may contain only visible ASCII characters"));
    }
  }
  return std::string(key);
}

std::string HashKey(std::string_view key) {
  std::string input(kKeyDomain);
  input.append(key);
  return HashToken(input);
}

std::string HashRequest(std::string_view body) { return HashToken(body); }

std::string SealToken(std::string_view token, std::string_view key, std::string_view request_hash) {
  std::string stream = Keystream(token.size(), key, request_hash);
  std::string sealed;
  sealed.reserve(token.size() * 2);
  for (std::size_t i = 0; i < token.size(); ++i) {
    auto byte = static_cast<std::uint8_t>(token[i] ^ stream[i]);
    sealed.push_back(kHex[byte >> 4]);
    sealed.push_back(kHex[byte & 0xF]);
  }
  return sealed;
}

std::optional<std::string> UnsealToken(std::string_view sealed, std::string_view key,
                                       std::string_view request_hash) {
  if (sealed.size() % 2 != 0) return std::nullopt;
  std::string stream = Keystream(sealed.size() / 2, key, request_hash);
  std::string token;
  token.reserve(sealed.size() / 2);
  for (std::size_t i = 0; i < sealed.size(); i += 2) {
    int high = HexValue(sealed[i]);
    int low = HexValue(sealed[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    token.push_back(static_cast<char>((high << 4 | low) ^ static_cast<std::uint8_t>(stream[i / 2])));
  }
  return token;
}

}  // namespace amtsweg::applications
