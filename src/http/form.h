#pragma once
// Parsers for untrusted request data: query strings, urlencoded and multipart/form-data bodies,
// request paths, UTF-8. Every malformed input gives a FormError value; nothing here throws on
// input or reads past its argument. Pure functions, no I/O.
//
//   auto fields = ParseQuery("a=1&b=x%20y&c&c=2");
//   // *fields == {{"a","1"}, {"b","x y"}, {"c",""}, {"c","2"}}
//   auto parts = ParseMultipart(request.GetHeader("Content-Type"), request.body);
//   if (!parts) return TextResponse(400, parts.error().message);

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "http/message.h"

namespace amtsweg::http {

enum class FormErrorCode {
  kBadPercentEncoding,    // '%' not followed by two hex digits
  kInvalidUtf8,           // decoded text is not well-formed UTF-8
  kNulByte,               // %00 (or a raw NUL) in a path
  kPathTraversal,         // a "." or ".." segment, before or after decoding
  kNotOriginForm,         // a path that does not start with '/'
  kNotMultipart,          // Content-Type is not multipart/form-data
  kMissingBoundary,       // no boundary parameter
  kBadBoundary,           // boundary empty, longer than 70 or with forbidden characters
  kMissingFirstBoundary,  // the body does not contain the first delimiter
  kTruncated,             // the body ends inside a delimiter line or part headers
  kMissingFinalBoundary,  // no closing "--boundary--"
  kMalformedPartHeader,   // a header line without ':' or with a bad name, or a folded line
  kHeaderTooLarge,        // a part's header block exceeds the limit
  kTooManyParts,          // more parts than the limit
  kMissingDisposition,    // no Content-Disposition: form-data; name="..."
};

struct FormError {
  FormErrorCode code;
  std::string message;  // English, for logs and developer-facing 400 bodies
};

using FormFields = std::vector<std::pair<std::string, std::string>>;

// Percent-decodes `text`; with `plus_as_space` a '+' becomes ' ' (form encoding).
[[nodiscard]] tl::expected<std::string, FormError> PercentDecode(std::string_view text, bool plus_as_space);

// "a=1&b=x%20y&c&c=2": pairs in order, repeated keys kept, "+" is a space, empty pieces skipped,
// a key without '=' has an empty value. Keys and values must decode to valid UTF-8.
[[nodiscard]] tl::expected<FormFields, FormError> ParseQuery(std::string_view query);
// application/x-www-form-urlencoded bodies: the same grammar as query strings.
[[nodiscard]] tl::expected<FormFields, FormError> ParseUrlEncoded(std::string_view body);

struct MultipartPart {
  std::string name;
  std::string filename;  // empty when the part is a plain field
  bool has_filename = false;
  std::string content_type = "text/plain";  // RFC 7578 default when the part has none
  std::vector<Header> headers;              // all part headers as received
  std::string data;                         // raw bytes, binary-safe
};

struct MultipartLimits {
  std::size_t max_parts = 64;
  std::size_t max_part_header_bytes = 4 * 1024;
};

// The boundary parameter of a multipart/form-data Content-Type.
[[nodiscard]] tl::expected<std::string, FormError> MultipartBoundary(std::string_view content_type);
// RFC 7578 multipart/form-data. Field values (parts without a filename) and names must be UTF-8;
// file contents may be any bytes.
[[nodiscard]] tl::expected<std::vector<MultipartPart>, FormError> ParseMultipart(
    std::string_view content_type, std::string_view body, MultipartLimits limits = {});

// Decodes a request path ("/a/b%20c"): '+' stays '+', %2F becomes '/', and the result must be
// valid UTF-8 without NUL bytes and without "." or ".." segments — checked after decoding, so
// "%2e%2e" or "a%2F..%2Fb" cannot climb out of a directory.
[[nodiscard]] tl::expected<std::string, FormError> DecodePath(std::string_view raw_path);

}  // namespace amtsweg::http
