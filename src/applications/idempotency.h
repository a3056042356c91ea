#pragma once
// Idempotency-Key for POST /api/v1/applications (IETF draft-ietf-httpapi-idempotency-key-header):
// a client that lost the answer to a submission repeats it with the same key and the same body
// and gets the same application back instead of a second one, from whichever instance answers.
//
// Nothing secret is stored in the clear. The database keeps:
//   - HashKey(key): finds the earlier application (unique across applications);
//   - HashRequest(body): tells a true retry from a key reused for different answers (422);
//   - SealToken(token, key, request hash): the access token XORed with a keystream derived from
//     the key and the request, so the original answer — token included — can be replayed to
//     whoever presents both again, and to nobody who only reads the database.
//
//   auto key = ParseIdempotencyKey(request.GetHeader("Idempotency-Key"));   // "" when absent
//   std::string sealed = SealToken(token, *key, HashRequest(body));
//   std::optional<std::string> token = UnsealToken(sealed, *key, HashRequest(body));

#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace amtsweg::applications {

inline constexpr std::size_t kMaxIdempotencyKeyLength = 255;

// The key of an Idempotency-Key header value: 1–255 visible ASCII characters, optionally in
// double quotes (the draft's structured-field string form). An empty header means no key ("");
// anything else malformed is an error with an English reason.
[[nodiscard]] tl::expected<std::string, std::string> ParseIdempotencyKey(std::string_view header);

// Lower-case hex SHA-256 of the key (domain-separated from token hashes).
[[nodiscard]] std::string HashKey(std::string_view key);
// Lower-case hex SHA-256 of the request body as received.
[[nodiscard]] std::string HashRequest(std::string_view body);

// Lower-case hex of token XOR keystream(key, request_hash); same length as the token.
[[nodiscard]] std::string SealToken(std::string_view token, std::string_view key,
                                    std::string_view request_hash);
// The token back, or nullopt when `sealed` is not hex.
[[nodiscard]] std::optional<std::string> UnsealToken(std::string_view sealed, std::string_view key,
                                                     std::string_view request_hash);

}  // namespace amtsweg::applications
