// Percent-decoding, query strings, urlencoded bodies, request paths and UTF-8 validation.
// Multipart lives in multipart.cpp. See form.h for the contract.

#include "http/form.h"

#include "text/utf8.h"

namespace amtsweg::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

tl::unexpected<FormError> Fail(FormErrorCode code, std::string message) {
  return tl::unexpected(FormError{code, std::move(message)});
}

tl::expected<std::string, FormError> DecodeFormText(std::string_view text) {
  auto decoded = PercentDecode(text, true);
  if (decoded && !text::IsValidUtf8(*decoded))
    return Fail(FormErrorCode::kInvalidUtf8, "field is not valid UTF-8");
  return decoded;
}

}  // namespace

tl::expected<std::string, FormError> PercentDecode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      const int high = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return Fail(FormErrorCode::kBadPercentEncoding, "bad percent escape at offset " + std::to_string(i));
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

tl::expected<FormFields, FormError> ParseQuery(std::string_view query) {
  FormFields fields;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (piece.empty()) continue;
    const std::size_t eq = piece.find('=');
    auto key = DecodeFormText(piece.substr(0, eq));
    if (!key) return tl::unexpected(key.error());
    auto value = DecodeFormText(eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1));
    if (!value) return tl::unexpected(value.error());
    fields.emplace_back(std::move(*key), std::move(*value));
  }
  return fields;
}

tl::expected<FormFields, FormError> ParseUrlEncoded(std::string_view body) { return ParseQuery(body); }

tl::expected<std::string, FormError> DecodePath(std::string_view raw_path) {
  if (raw_path.empty() || raw_path.front() != '/') {
    return Fail(FormErrorCode::kNotOriginForm, "path must start with '/'");
  }
  auto decoded = PercentDecode(raw_path, false);
  if (!decoded) return decoded;
  if (decoded->find('\0') != std::string::npos) return Fail(FormErrorCode::kNulByte, "NUL byte in path");
  if (!text::IsValidUtf8(*decoded)) return Fail(FormErrorCode::kInvalidUtf8, "path is not valid UTF-8");
  std::string_view rest(*decoded);
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the '/'
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment == "." || segment == "..") return Fail(FormErrorCode::kPathTraversal, "dot segment in path");
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  }
  return decoded;
}

}  // namespace amtsweg::http
