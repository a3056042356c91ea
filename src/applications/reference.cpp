#include "applications/reference.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace amtsweg::applications {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr int kRandomSymbols = 8;

// Crockford decoding of one typed character; -1 when it is not a symbol.
int SymbolValue(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') c = '0';
  if (c == 'I' || c == 'L') c = '1';
  auto pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

std::string Group(std::string_view symbols) {
  std::string out;
  out.reserve(symbols.size() + 2);
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    if (i == 4 || i == 8) out.push_back('-');
    out.push_back(symbols[i]);
  }
  return out;
}

}  // namespace

RandomSource SystemRandom() {
  return [](std::span<std::uint8_t> out) {
    if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
      // Without a working CSPRNG no secret may be issued; this is an operator-level fault.
      throw std::runtime_error("OpenSSL RAND_bytes failed");
    }
  };
}

// Value of the symbols as a base-32 number, modulo 37 (Crockford's check). 37 is prime and
// larger than the alphabet, so any single changed symbol and any swap of two neighbours
// changes the remainder. Remainders 32..36 have no symbol in our alphabet: NewReference draws
// again in that case, so every issued reference has a check symbol people can type.
int CheckValue(std::string_view symbols) {
  int remainder = 0;
  for (char c : symbols) remainder = (remainder * 32 + SymbolValue(c)) % 37;
  return remainder;
}

char CheckSymbol(std::string_view symbols) {
  int value = CheckValue(symbols);
  return value < 32 ? kAlphabet[static_cast<std::size_t>(value)] : '*';
}

std::string NewReference(const RandomSource& random) {
  std::array<std::uint8_t, kRandomSymbols> bytes{};
  std::string symbols;
  do {
    random(bytes);
    symbols.clear();
    for (auto b : bytes) symbols.push_back(kAlphabet[b % kAlphabet.size()]);  // 256 % 32 == 0: unbiased
  } while (CheckValue(symbols) >= 32);
  symbols.push_back(CheckSymbol(symbols));
  return Group(symbols);
}

std::optional<std::string> NormalizeReference(std::string_view typed) {
  if (typed.size() > 32) return std::nullopt;
  std::string symbols;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    int v = SymbolValue(c);
    if (v < 0) return std::nullopt;
    symbols.push_back(kAlphabet[static_cast<std::size_t>(v)]);
  }
  if (symbols.size() != kRandomSymbols + 1) return std::nullopt;
  std::string_view body(symbols.data(), kRandomSymbols);
  if (CheckSymbol(body) != symbols.back()) return std::nullopt;
  return Group(symbols);
}

std::string NewAccessToken(const RandomSource& random) {
  std::array<std::uint8_t, 32> bytes{};
  random(bytes);
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (auto b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kB64[(acc >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kB64[(acc << (6 - bits)) & 0x3F]);
  return out;
}

std::string HashToken(std::string_view token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(token.data(), token.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xF]);
  }
  return hex;
}

bool SameHash(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace amtsweg::applications
