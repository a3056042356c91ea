// Runner for the differential test (tests/logic/differential.js): reads JSON Lines
// {"rule": ..., "data": ...} from the file named by argv[1] and writes, per line and in order,
// {"result": <value>} or {"error": "<code>", "message": "..."} to stdout.

#include <fstream>
#include <iostream>
#include <string>

#include "logic/logic.h"

namespace {

const char* CodeName(amtsweg::logic::ErrorCode code) {
  using amtsweg::logic::ErrorCode;
  switch (code) {
    case ErrorCode::kMalformedRule:
      return "malformed_rule";
    case ErrorCode::kUnknownOperator:
      return "unknown_operator";
    case ErrorCode::kTooDeep:
      return "too_deep";
    case ErrorCode::kTooMuchWork:
      return "too_much_work";
    case ErrorCode::kRuntime:
      return "runtime";
  }
  return "unknown";
}

amtsweg::logic::Json RunCase(const std::string& line) {
  using amtsweg::logic::Json;
  const Json input = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (input.is_discarded() || !input.is_object()) return Json{{"error", "bad_input"}};
  amtsweg::logic::Context context;
  context.today = "2025-01-15";
  auto result = amtsweg::logic::Apply(input.value("rule", Json()), input.value("data", Json()), context);
  if (!result) return Json{{"error", CodeName(result.error().code)}, {"message", result.error().message}};
  return Json{{"result", *result}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: logic_diff_runner CASES.jsonl\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "cannot open " << argv[1] << "\n";
    return 2;
  }
  std::string line;
  while (std::getline(in, line)) {
    std::cout << RunCase(line).dump(-1, ' ', false, amtsweg::logic::Json::error_handler_t::replace) << '\n';
  }
  return 0;
}
