// multipart/form-data (RFC 7578 on RFC 2046 framing). The body is scanned once for
// "\r\n--boundary" with a Boyer-Moore-Horspool searcher; parts are copied out, so the result
// does not borrow from the request. Limits bound the number of parts and each header block.

#include <algorithm>
#include <functional>

#include "http/form.h"
#include "text/utf8.h"

namespace amtsweg::http {
namespace {

tl::unexpected<FormError> Fail(FormErrorCode code, std::string message) {
  return tl::unexpected(FormError{code, std::move(message)});
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return Lower(x) == Lower(y); });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsTokenChar); }

struct HeaderValue {
  std::string_view type;                                    // "multipart/form-data", "form-data"
  std::vector<std::pair<std::string, std::string>> params;  // names lower-cased
};

// `type; a=b; c="quoted \"x\""` — the shape of Content-Type and Content-Disposition.
tl::expected<HeaderValue, FormError> ParseHeaderValue(std::string_view text) {
  HeaderValue result;
  const std::size_t semicolon = text.find(';');
  result.type = Trim(text.substr(0, semicolon));
  std::size_t pos = semicolon == std::string_view::npos ? text.size() : semicolon + 1;
  while (pos < text.size()) {
    const std::size_t eq = text.find('=', pos);
    const std::size_t next_semicolon = text.find(';', pos);
    if (eq == std::string_view::npos || (next_semicolon != std::string_view::npos && next_semicolon < eq)) {
      if (!Trim(text.substr(pos, next_semicolon - pos)).empty()) {
        return Fail(FormErrorCode::kMalformedPartHeader, "parameter without value");
      }
      pos = next_semicolon == std::string_view::npos ? text.size() : next_semicolon + 1;
      continue;
    }
    std::string name(Trim(text.substr(pos, eq - pos)));
    if (!IsToken(name)) return Fail(FormErrorCode::kMalformedPartHeader, "bad parameter name");
    std::transform(name.begin(), name.end(), name.begin(), Lower);
    pos = eq + 1;
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    std::string value;
    if (pos < text.size() && text[pos] == '"') {
      ++pos;
      bool closed = false;
      for (; pos < text.size(); ++pos) {
        if (text[pos] == '\\' && pos + 1 < text.size()) {
          value += text[++pos];
        } else if (text[pos] == '"') {
          closed = true;
          ++pos;
          break;
        } else {
          value += text[pos];
        }
      }
      if (!closed) return Fail(FormErrorCode::kMalformedPartHeader, "unterminated quoted string");
      const std::size_t after = text.find(';', pos);
      if (!Trim(text.substr(pos, after - pos)).empty()) {
        return Fail(FormErrorCode::kMalformedPartHeader, "text after quoted string");
      }
      pos = after == std::string_view::npos ? text.size() : after + 1;
    } else {
      const std::size_t end = text.find(';', pos);
      value = std::string(Trim(text.substr(pos, end - pos)));
      pos = end == std::string_view::npos ? text.size() : end + 1;
    }
    result.params.emplace_back(std::move(name), std::move(value));
  }
  return result;
}

const std::string* FindParam(const HeaderValue& value, std::string_view name) {
  for (const auto& [key, v] : value.params) {
    if (key == name) return &v;
  }
  return nullptr;
}

bool IsBoundaryChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

tl::expected<std::vector<Header>, FormError> ParsePartHeaders(std::string_view block) {
  std::vector<Header> headers;
  while (!block.empty()) {
    const std::size_t crlf = block.find("\r\n");
    const std::string_view line = block.substr(0, crlf);
    block = crlf == std::string_view::npos ? std::string_view{} : block.substr(crlf + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
      return Fail(FormErrorCode::kMalformedPartHeader, "bad part header line");
    }
    const std::string_view value = Trim(line.substr(colon + 1));
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
      return Fail(FormErrorCode::kMalformedPartHeader, "control character in part header");
    }
    headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }
  return headers;
}

tl::expected<MultipartPart, FormError> MakePart(std::vector<Header> headers, std::string_view data) {
  MultipartPart part;
  const Header* disposition = nullptr;
  for (const auto& header : headers) {
    if (EqualsIgnoreCase(header.name, "Content-Disposition")) disposition = &header;
    if (EqualsIgnoreCase(header.name, "Content-Type")) part.content_type = header.value;
  }
  if (disposition == nullptr)
    return Fail(FormErrorCode::kMissingDisposition, "part without Content-Disposition");
  auto parsed = ParseHeaderValue(disposition->value);
  if (!parsed) return tl::unexpected(parsed.error());
  const std::string* name = FindParam(*parsed, "name");
  if (!EqualsIgnoreCase(parsed->type, "form-data") || name == nullptr) {
    return Fail(FormErrorCode::kMissingDisposition, "Content-Disposition is not form-data with a name");
  }
  part.name = *name;
  if (const std::string* filename = FindParam(*parsed, "filename")) {
    part.filename = *filename;
    part.has_filename = true;
  }
  if (!text::IsValidUtf8(part.name) || !text::IsValidUtf8(part.filename) ||
      !text::IsValidUtf8(part.content_type) || (!part.has_filename && !text::IsValidUtf8(data))) {
    return Fail(FormErrorCode::kInvalidUtf8, "part name, filename or field value is not valid UTF-8");
  }
  part.headers = std::move(headers);
  part.data = std::string(data);
  return part;
}

}  // namespace

tl::expected<std::string, FormError> MultipartBoundary(std::string_view content_type) {
  auto parsed = ParseHeaderValue(content_type);
  if (!parsed) return tl::unexpected(parsed.error());
  if (!EqualsIgnoreCase(parsed->type, "multipart/form-data")) {
    return Fail(FormErrorCode::kNotMultipart, "Content-Type is not multipart/form-data");
  }
  const std::string* boundary = FindParam(*parsed, "boundary");
  if (boundary == nullptr) return Fail(FormErrorCode::kMissingBoundary, "no boundary parameter");
  if (boundary->empty() || boundary->size() > 70 || boundary->back() == ' ' ||
      !std::all_of(boundary->begin(), boundary->end(), IsBoundaryChar)) {
    return Fail(FormErrorCode::kBadBoundary, "invalid boundary");
  }
  return *boundary;
}

tl::expected<std::vector<MultipartPart>, FormError> ParseMultipart(std::string_view content_type,
                                                                   std::string_view body,
                                                                   MultipartLimits limits) {
  auto boundary = MultipartBoundary(content_type);
  if (!boundary) return tl::unexpected(boundary.error());
  const std::string delimiter = "\r\n--" + *boundary;  // as it appears between parts
  const std::boyer_moore_horspool_searcher searcher(delimiter.begin(), delimiter.end());
  auto find_delimiter = [&](std::size_t from) -> std::size_t {
    const auto it = std::search(body.begin() + from, body.end(), searcher);
    return it == body.end() ? std::string_view::npos : static_cast<std::size_t>(it - body.begin());
  };

  // The first delimiter may open the body (no CRLF before it) or follow a preamble.
  std::size_t pos = 0;
  if (body.substr(0, delimiter.size() - 2) == std::string_view(delimiter).substr(2)) {
    pos = delimiter.size() - 2;
  } else {
    const std::size_t first = find_delimiter(0);
    if (first == std::string_view::npos)
      return Fail(FormErrorCode::kMissingFirstBoundary, "no first boundary");
    pos = first + delimiter.size();
  }

  std::vector<MultipartPart> parts;
  while (true) {
    // After a delimiter: "--" closes the body (the epilogue is ignored); otherwise optional
    // transport padding and CRLF start the next part.
    if (body.substr(pos, 2) == "--") return parts;
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (pos + 2 > body.size()) return Fail(FormErrorCode::kTruncated, "body ends after a boundary");
    if (body.substr(pos, 2) != "\r\n")
      return Fail(FormErrorCode::kMalformedPartHeader, "garbage after boundary");
    pos += 2;
    if (parts.size() >= limits.max_parts) return Fail(FormErrorCode::kTooManyParts, "too many parts");

    std::string_view header_block;
    if (body.substr(pos, 2) == "\r\n") {
      pos += 2;  // a part without headers (rejected below: it has no Content-Disposition)
    } else {
      const std::string_view window = body.substr(pos, limits.max_part_header_bytes + 4);
      const std::size_t end = window.find("\r\n\r\n");
      if (end == std::string_view::npos) {
        if (window.size() < limits.max_part_header_bytes + 4) {
          return Fail(FormErrorCode::kTruncated, "body ends inside part headers");
        }
        return Fail(FormErrorCode::kHeaderTooLarge, "part headers too large");
      }
      header_block = window.substr(0, end);
      pos += end + 4;
    }
    auto headers = ParsePartHeaders(header_block);
    if (!headers) return tl::unexpected(headers.error());

    const std::size_t data_end = find_delimiter(pos);
    if (data_end == std::string_view::npos)
      return Fail(FormErrorCode::kMissingFinalBoundary, "no closing boundary");
    auto part = MakePart(std::move(*headers), body.substr(pos, data_end - pos));
    if (!part) return tl::unexpected(part.error());
    parts.push_back(std::move(*part));
    pos = data_end + delimiter.size();
  }
}

}  // namespace amtsweg::http
