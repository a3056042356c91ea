#pragma once
// The compiled form of a rule (internal to src/logic): a tree of nodes with the operator
// resolved to an enum and "var" paths split once, so evaluation never looks at rule JSON again.
//
//   {"if": [{"var": "a.b"}, 1, [2, 3]]}
//   -> kIf( kVar[path "a","b"], kLiteral 1, kArray(kLiteral 2, kLiteral 3) )

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "logic/logic.h"

namespace amtsweg::logic::internal {

enum class Op : std::uint8_t {
  kLiteral,    // scalar, or an object that is not logic (not exactly one key): returned as is
  kUndefined,  // JavaScript undefined (only from values the evaluator turns back into rules)
  kArray,      // array literal: evaluated element-wise into a fresh array
  kVar,
  kMissing,
  kMissingSome,
  kIf,  // also "?:"
  kEq,
  kStrictEq,
  kNe,
  kStrictNe,
  kNot,
  kNotNot,
  kOr,
  kAnd,
  kGt,
  kGe,
  kLt,
  kLe,
  kMax,
  kMin,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kMap,
  kFilter,
  kReduce,
  kAll,
  kNone,
  kSome,
  kMerge,
  kIn,
  kCat,
  kSubstr,
  kLog,
  kToday,
  kAgeYears,
  kDateDiffDays,
  kUnknown,  // evaluates its arguments, then fails like json-logic-js ("Unrecognized operation")
};

// The operator for a json-logic-js name or one of our date operations; kUnknown otherwise.
[[nodiscard]] Op OperatorFromName(std::string_view name);

struct PathSegment {
  std::string key;
  long long index = -1;  // canonical array index, or -1
};

// Splits String(name) at "." as json-logic-js does ("a..b" has an empty middle segment).
[[nodiscard]] std::vector<PathSegment> SplitPath(std::string_view name);

// Compiles rule JSON into a node tree; throws Abort. `strict` rejects operators json-logic-js
// would certainly reject when reaching them (unknown names, "*" without arguments...), even in
// branches that are not taken; the evaluator compiles data it must treat as logic leniently.
[[nodiscard]] Rule::Node CompileNode(const Json& rule, int max_depth, bool strict,
                                     std::vector<std::string>* vars);

}  // namespace amtsweg::logic::internal

namespace amtsweg::logic {

struct Rule::Node {
  internal::Op op = internal::Op::kLiteral;
  std::vector<Node> args;
  Json literal;              // kLiteral: the value; kArray: the elements when const_array
  bool const_array = false;  // kArray whose elements are all scalar literals
  bool static_path = false;  // kVar whose name is a literal: whole_data/path are precomputed
  bool whole_data = false;   // kVar named "", null or nothing: the data itself
  std::vector<internal::PathSegment> path;
  std::string name;  // operator name, for kUnknown's error message
};

}  // namespace amtsweg::logic
