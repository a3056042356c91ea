#pragma once
// Vorgangsnummern (references) and bearer access tokens for submitted applications.
//
// A reference is 8 random symbols from Crockford's base32 alphabet (no I, L, O, U, so it
// reads aloud and types without ambiguity) plus one check symbol, shown in groups:
//
//   "7K3M-Q9X2-T"   (40 random bits; the check symbol is the base-32 value mod 37 and catches every
//                    single-symbol typo and every swap of two neighbours)
//
// Parsing is forgiving the way people type: case-insensitive, hyphens and spaces optional,
// O read as 0 and I/L as 1.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace amtsweg::applications {

// Fills the span with random bytes; production uses OpenSSL's CSPRNG, tests inject their own.
using RandomSource = std::function<void(std::span<std::uint8_t>)>;
[[nodiscard]] RandomSource SystemRandom();

[[nodiscard]] std::string NewReference(const RandomSource& random);

// The canonical form ("7K3M-Q9X2-T") of a typed reference, or nullopt when it is malformed or
// its check symbol does not match.
[[nodiscard]] std::optional<std::string> NormalizeReference(std::string_view typed);

// Check symbol for a string of base32 symbols (exposed for tests and docs).
[[nodiscard]] char CheckSymbol(std::string_view symbols);

// 256-bit secret, base64url without padding (43 characters).
[[nodiscard]] std::string NewAccessToken(const RandomSource& random);

// Lower-case hex SHA-256; only the hash of a token is stored.
[[nodiscard]] std::string HashToken(std::string_view token);

// Constant-time comparison of two equal-length hex hashes.
[[nodiscard]] bool SameHash(std::string_view a, std::string_view b);

}  // namespace amtsweg::applications
