// Draft ids, secrets, secret hashes and CSRF tokens (see draft_secret.h).

#include "applications/draft_secret.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstdint>

namespace amtsweg::applications {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::string_view kSecretDomain{"amtsweg draft secret\0", 21};
constexpr std::string_view kCsrfMessage = "csrf";

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

}  // namespace

std::string NewDraftId(const RandomSource& random) {
  std::array<std::uint8_t, kDraftIdLength> bytes{};
  random(bytes);
  std::string id;
  id.reserve(kDraftIdLength);
  for (auto b : bytes) id.push_back(kAlphabet[b % kAlphabet.size()]);  // 256 % 32 == 0: unbiased
  return id;
}

bool IsDraftId(std::string_view text) {
  if (text.size() != kDraftIdLength) return false;
  for (char c : text) {
    if (kAlphabet.find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::string NewDraftSecret(const RandomSource& random) { return NewAccessToken(random); }

std::string HashDraftSecret(std::string_view secret) {
  std::string input(kSecretDomain);
  input.append(secret);
  return HashToken(input);
}

std::string CsrfToken(std::string_view secret) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // An empty key is valid for HMAC; OpenSSL wants a non-null pointer for it.
  static const unsigned char kEmpty = 0;
  const void* key = secret.empty() ? &kEmpty : static_cast<const void*>(secret.data());
  HMAC(EVP_sha256(), key, static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(kCsrfMessage.data()), kCsrfMessage.size(), mac, &length);
  return Hex(mac, length);
}

bool SameToken(std::string_view a, std::string_view b) { return SameHash(a, b); }

}  // namespace amtsweg::applications
