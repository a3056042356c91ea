// Fuzzes request-body handling of the API (src/api/errors.h): api::ParseJsonBody on a request
// with the input as body and Content-Type: application/json, the first step of every POST and
// PATCH under /api/v1. Checked: the answer is either a JSON value or a 4xx response whose body
// is itself valid JSON in the API's error shape.

#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "api/errors.h"
#include "fuzz_check.h"
#include "http/message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  amtsweg::http::Request request;
  request.method = amtsweg::http::Method::kPost;
  request.target = request.path = "/api/v1/applications";
  request.headers.push_back({"Content-Type", "application/json; charset=utf-8"});
  request.body.assign(reinterpret_cast<const char*>(data), size);

  const auto parsed = amtsweg::api::ParseJsonBody(request);
  if (parsed) {
    (void)parsed->dump();  // what handlers do when they echo or store the body
    return 0;
  }
  const amtsweg::http::Response& response = parsed.error();
  FUZZ_CHECK(response.status >= 400 && response.status < 500, "rejection is not a 4xx");
  const auto body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(!body.is_discarded() && body.contains("errors"), "error body is not the API error shape");
  return 0;
}
