// Fuzzes the request-data parsers of src/http/form.h: query strings, urlencoded bodies,
// multipart/form-data, request paths, percent-decoding and the UTF-8 check.
//
// Input layout: the first line is a multipart Content-Type, the rest its body; the whole input
// is also fed to every other parser. Beyond "never crashes", the results are checked: decoded
// text is valid UTF-8, a decoded path cannot climb out of its directory, multipart limits hold,
// and IsValidUtf8 agrees with an independent decoder written here.
//
//   multipart/form-data; boundary=XyZ
//   --XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ--\r\n

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "http/form.h"
#include "text/utf8.h"

namespace {

using namespace amtsweg::http;

// RFC 3629 decoding, written independently of form.cpp: the length of the code point at `i`
// or 0 when the sequence there is ill-formed.
std::size_t CodePointLength(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  std::uint32_t code = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, code = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, code = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, code = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  const std::uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < minimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

bool ReferenceIsValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = CodePointLength(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

void CheckFields(const tl::expected<FormFields, FormError>& fields) {
  if (!fields) return;
  for (const auto& [key, value] : *fields) {
    FUZZ_CHECK(ReferenceIsValidUtf8(key), "form key is not valid UTF-8");
    FUZZ_CHECK(ReferenceIsValidUtf8(value), "form value is not valid UTF-8");
  }
}

void CheckPath(std::string_view input) {
  const auto path = DecodePath(input);
  if (!path) return;
  FUZZ_CHECK(!path->empty() && path->front() == '/', "decoded path does not start with '/'");
  FUZZ_CHECK(path->find('\0') == std::string::npos, "decoded path contains NUL");
  FUZZ_CHECK(ReferenceIsValidUtf8(*path), "decoded path is not valid UTF-8");
  std::string_view rest(*path);
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the '/'
    const std::string_view segment = rest.substr(0, rest.find('/'));
    FUZZ_CHECK(segment != "." && segment != "..", "decoded path has a dot segment");
    rest.remove_prefix(segment.size());
  }
}

void CheckMultipart(std::string_view content_type, std::string_view body) {
  const MultipartLimits limits{8, 512};
  const auto parts = ParseMultipart(content_type, body, limits);
  if (!parts) return;
  FUZZ_CHECK(MultipartBoundary(content_type).has_value(), "multipart parsed without a boundary");
  FUZZ_CHECK(parts->size() <= limits.max_parts, "more parts than the limit");
  for (const auto& part : *parts) {
    FUZZ_CHECK(ReferenceIsValidUtf8(part.name), "part name is not valid UTF-8");
    if (!part.has_filename) FUZZ_CHECK(ReferenceIsValidUtf8(part.data), "field value is not valid UTF-8");
    FUZZ_CHECK(part.data.size() <= body.size(), "part larger than the body");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  FUZZ_CHECK(amtsweg::text::IsValidUtf8(input) == ReferenceIsValidUtf8(input),
             "IsValidUtf8 disagrees with RFC 3629");
  CheckFields(ParseQuery(input));
  CheckFields(ParseUrlEncoded(input));
  for (bool plus_as_space : {false, true}) {
    const auto decoded = PercentDecode(input, plus_as_space);
    if (decoded) FUZZ_CHECK(decoded->size() <= input.size(), "percent-decoding made text longer");
  }
  CheckPath(input);

  const std::size_t newline = input.find('\n');
  if (newline != std::string_view::npos) {
    CheckMultipart(input.substr(0, newline), input.substr(newline + 1));
  }
  CheckMultipart("multipart/form-data; boundary=b", input);
  return 0;
}
