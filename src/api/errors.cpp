#include "api/errors.h"

#include "http/form.h"

namespace amtsweg::api {
namespace {

constexpr int kMaxJsonDepth = 64;

// Nesting depth of a JSON text, counted without parsing, so that a hostile body of a million
// brackets is rejected before any recursive structure is built.
int JsonDepth(std::string_view text) {
  int depth = 0;
  int max_depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[')
      max_depth = std::max(max_depth, ++depth);
    else if (c == '}' || c == ']')
      --depth;
  }
  return max_depth;
}

}  // namespace

http::Response ErrorResponse(int status, const std::vector<ApiError>& errors) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : errors) list.push_back({{"field", e.field}, {"code", e.code}, {"message", e.message}});
  return JsonOk(status, nlohmann::json{{"errors", std::move(list)}});
}

http::Response ErrorResponse(int status, std::string field, std::string code, std::string message) {
  return ErrorResponse(status, {ApiError{std::move(field), std::move(code), std::move(message)}});
}

http::Response NotFound(std::string field) {
  return ErrorResponse(404, std::move(field), "not_found", "Nicht gefunden.");
}

http::Response JsonOk(int status, const nlohmann::json& body) {
  return http::JsonResponse(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

tl::expected<nlohmann::json, http::Response> ParseJsonBody(const http::Request& request) {
  std::string_view type = request.GetHeader("Content-Type");
  if (type.substr(0, type.find(';')) != "application/json") {
    return tl::unexpected(
        ErrorResponse(415, "", "unsupported_media_type",
                      "Die Anfrage muss als JSON (Content-Type: application/json) gesendet werden."));
  }
  if (JsonDepth(request.body) > kMaxJsonDepth) {
    return tl::unexpected(ErrorResponse(400, "", "malformed_json", "Die Anfrage ist zu tief verschachtelt."));
  }
  auto parsed = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return tl::unexpected(
        ErrorResponse(400, "", "malformed_json",
                      "Die Anfrage ist kein gültiges JSON (UTF-8) und wurde nicht verarbeitet."));
  }
  return parsed;
}

std::optional<std::string> QueryParam(const http::Request& request, std::string_view name) {
  auto params = http::ParseQuery(request.query);
  if (!params) return std::nullopt;
  for (auto& [key, value] : *params)
    if (key == name) return value;
  return std::nullopt;
}

}  // namespace amtsweg::api
