#pragma once
// Identifiers and secrets of drafts (the citizen journey, issue 4; docs: journey design).
//
// A draft has a public id, which appears in URLs (/antrag/{id}/…), and a secret, which opens it
// and lives only in the browser (cookie aw_<id>, resume link). The database keeps the secret's
// hash, never the secret. Every POST under /antrag/{id} carries a CSRF token derived from the
// secret, which the server recomputes and compares in constant time:
//
//   std::string id = NewDraftId(random);             // "7K3MQ9X2T4V6W8Y0"
//   std::string secret = NewDraftSecret(random);     // 43 characters, base64url
//   draft.secret_hash = HashDraftSecret(secret);     // stored
//   std::string csrf = CsrfToken(secret);            // hidden field "csrf"
//   bool ok = SameToken(HashDraftSecret(cookie), draft.secret_hash) &&
//             SameToken(CsrfToken(cookie), form_csrf);

#include <cstddef>
#include <string>
#include <string_view>

#include "applications/reference.h"

namespace amtsweg::applications {

inline constexpr std::size_t kDraftIdLength = 16;

// 16 random symbols of Crockford's base32 alphabet (80 bits), upper case, no separators.
[[nodiscard]] std::string NewDraftId(const RandomSource& random);
// True for exactly what NewDraftId issues: 16 symbols of the upper-case alphabet. Ids from URLs
// are checked with this before any lookup; there is no lenient parsing (ids are not typed).
[[nodiscard]] bool IsDraftId(std::string_view text);

// 256 random bits, base64url without padding (43 characters), as NewAccessToken.
[[nodiscard]] std::string NewDraftSecret(const RandomSource& random);
// Lower-case hex SHA-256 of the secret, domain-separated from access-token and key hashes.
[[nodiscard]] std::string HashDraftSecret(std::string_view secret);
// Lower-case hex HMAC-SHA256 with the secret as key over "csrf" (64 characters).
[[nodiscard]] std::string CsrfToken(std::string_view secret);
// Constant-time comparison (for equal lengths; a length difference is not secret). For tokens
// and hashes from untrusted input.
[[nodiscard]] bool SameToken(std::string_view a, std::string_view b);

}  // namespace amtsweg::applications
