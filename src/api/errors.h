#pragma once
// The API's error shape: {"errors":[{"field","code","message"}]} — stable codes for programs,
// German messages for people. Every 4xx/5xx answer of /api/v1 uses it.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "http/message.h"

namespace amtsweg::api {

struct ApiError {
  std::string field;  // data path or request part ("process", "data.hunde[0].name"); "" for the whole
  std::string code;
  std::string message;  // German
};

[[nodiscard]] http::Response ErrorResponse(int status, const std::vector<ApiError>& errors);
[[nodiscard]] http::Response ErrorResponse(int status, std::string field, std::string code,
                                           std::string message);

// The 404 every lookup answers with, so that "unknown" and "not yours" look the same.
[[nodiscard]] http::Response NotFound(std::string field = "");

[[nodiscard]] http::Response JsonOk(int status, const nlohmann::json& body);

// Parses a JSON request body: checks Content-Type, nesting depth and syntax (including UTF-8).
// On failure, the ready 4xx response.
[[nodiscard]] tl::expected<nlohmann::json, http::Response> ParseJsonBody(const http::Request& request);

// The value of a query parameter (first occurrence), or nullopt. Malformed queries yield nullopt.
[[nodiscard]] std::optional<std::string> QueryParam(const http::Request& request, std::string_view name);

}  // namespace amtsweg::api
