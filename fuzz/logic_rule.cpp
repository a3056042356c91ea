// Fuzzes JSON Logic (src/logic/logic.h): Rule::Compile, Evaluate and ToJsJson.
//
// Input layout: the first line is the rule, the rest the data, both JSON:
//
//   {"if":[{">":[{"var":"n"},2]},"big","small"]}
//   {"n":3}
//
// Limits are small so hostile rules hit kTooDeep / kTooMuchWork quickly instead of slowing the
// fuzzer down. Beyond "never crashes or hangs": a copied rule evaluates to the same result,
// evaluation is deterministic, and ToJsJson always prints JSON that parses again.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "logic/logic.h"

namespace {

using amtsweg::logic::Json;

constexpr amtsweg::logic::Limits kLimits{.max_depth = 24, .max_steps = 20'000};

bool SameOutcome(const tl::expected<Json, amtsweg::logic::Error>& a,
                 const tl::expected<Json, amtsweg::logic::Error>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return a.error().code == b.error().code;
  return amtsweg::logic::ToJsJson(*a) == amtsweg::logic::ToJsJson(*b);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view rule_text = input.substr(0, newline);
  const std::string_view data_text = newline == std::string_view::npos ? "null" : input.substr(newline + 1);

  const Json rule_json = Json::parse(rule_text, nullptr, /*allow_exceptions=*/false);
  Json data_json = Json::parse(data_text, nullptr, /*allow_exceptions=*/false);
  if (rule_json.is_discarded()) return 0;
  if (data_json.is_discarded()) data_json = nullptr;

  auto rule = amtsweg::logic::Rule::Compile(rule_json, kLimits);
  if (!rule) return 0;

  amtsweg::logic::Context context;
  context.today = "2026-03-15";
  context.limits = kLimits;
  const auto result = rule->Evaluate(data_json, context);
  if (result) {
    const std::string printed = amtsweg::logic::ToJsJson(*result);
    const Json reparsed = Json::parse(printed, nullptr, /*allow_exceptions=*/false);
    FUZZ_CHECK(!reparsed.is_discarded(), "ToJsJson printed text that is not JSON");
    (void)amtsweg::logic::Truthy(*result);
  }

  const amtsweg::logic::Rule copy = *rule;
  FUZZ_CHECK(copy.ReferencedVars() == rule->ReferencedVars(), "copied rule reads other variables");
  FUZZ_CHECK(SameOutcome(copy.Evaluate(data_json, context), result), "copied rule evaluates differently");
  return 0;
}
