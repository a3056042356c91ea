#pragma once
// Serves files below one directory (CSS, JS, fonts, icons) for a catch-all route:
//
//   router.Get("/static/{path...}", StaticFiles(AMTSWEG_SOURCE_DIR "/web/static"));
//
// GET and HEAD only (HEAD through the router's GET fallback). A strong ETag (hash of the
// content) answers If-None-Match with 304. Cache-Control is `public, max-age=3600`, or
// `public, max-age=31536000, immutable` when the request carries a `?v=` cache buster. No
// directory listings; anything outside the root — "..", encoded dots, absolute paths, symlinks
// pointing out — is a 404. Files are read once and kept in memory (meant for small asset sets;
// restart to pick up changes).

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace amtsweg::http {

struct StaticFilesOptions {
  std::string param = "path";  // the router's catch-all parameter holding the relative path
  std::chrono::seconds max_age{3600};
  std::chrono::seconds immutable_max_age{365 * 24 * 3600};
  std::size_t max_file_bytes = 4 * 1024 * 1024;  // larger files are a 404, never loaded
};

[[nodiscard]] Handler StaticFiles(std::string root_dir);
[[nodiscard]] Handler StaticFiles(std::string root_dir, StaticFilesOptions options);

// Pure parts, exposed for tests:

// The file below `canonical_root` that `relative` names, canonicalised (symlinks resolved), or
// nullopt when it is outside the root, not a regular file, or does not exist.
[[nodiscard]] std::optional<std::string> ResolveStaticPath(const std::string& canonical_root,
                                                           std::string_view relative);
// "text/css; charset=utf-8" for "site.css"; "application/octet-stream" when unknown.
[[nodiscard]] std::string_view ContentTypeFor(std::string_view filename);
// Strong ETag, quoted: "\"<16 hex digits>\"".
[[nodiscard]] std::string StrongETag(std::string_view content);
// RFC 9110 If-None-Match: true when `header` lists `etag` (weak comparison) or is "*".
[[nodiscard]] bool IfNoneMatchHits(std::string_view header, std::string_view etag);

}  // namespace amtsweg::http
