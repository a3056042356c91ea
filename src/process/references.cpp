// Checks the names rules read against the fields of a definition (see references.h).

#include "process/references.h"

#include <algorithm>
#include <span>
#include <string>

namespace amtsweg::process {
namespace {

std::vector<std::string_view> SplitPath(std::string_view name) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = name.find('.', start);
    segments.push_back(
        name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return segments;
    start = dot + 1;
  }
}

bool IsIndex(std::string_view segment) {
  return !segment.empty() && segment.size() <= 9 &&
         std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool StartsWithPath(std::string_view name, std::string_view path) {
  return name == path || (name.size() > path.size() && name.starts_with(path) && name[path.size()] == '.');
}

const Field* FindField(std::span<const Field* const> fields, std::string_view id) {
  for (const Field* field : fields) {
    if (field->id == id) return field;
  }
  return nullptr;
}

// Whether `segments` name a field (or a path into one) among `fields`.
bool Resolves(std::span<const Field* const> fields, std::span<const std::string_view> segments) {
  if (segments.empty()) return true;
  const Field* field = FindField(fields, segments[0]);
  if (field == nullptr) return false;
  auto rest = segments.subspan(1);
  if (rest.empty()) return true;
  std::vector<const Field*> children;
  for (const Field& child : field->fields) children.push_back(&child);
  switch (field->type) {
    case FieldType::kGroup:
    case FieldType::kAddress:
      return Resolves(children, rest);
    case FieldType::kRepeat:
      return IsIndex(rest[0]) && Resolves(children, rest.subspan(1));
    default:
      return false;
  }
}

class Checker final {
 public:
  Checker(const Definition& definition, std::string_view origin) : origin_(origin) {
    for (const Page& page : definition.pages) {
      for (const Field& field : page.fields) top_level_.push_back(&field);
    }
  }

  // Checks one rule; `repeat` is the enclosing repeat field, if any (enables "item").
  void CheckRule(const RuleSource& rule, const Field* repeat, int line, const std::string& where) {
    for (const std::string& name : rule.rule.ReferencedVars()) {
      if (!Known(name, repeat)) Error(line, where, "rule reads unknown field '" + name + "'");
    }
  }

  void CheckField(const Field& field, const std::string& parent_path, const Field* repeat,
                  const std::string& item_parent) {
    std::string path = parent_path.empty() ? field.id : parent_path + "." + field.id;
    std::string item_path = repeat == nullptr ? "" : item_parent + "." + field.id;
    if (field.required_if) CheckRule(*field.required_if, repeat, field.line, path + ".required_if");
    if (field.visible_if) {
      CheckRule(*field.visible_if, repeat, field.line, path + ".visible_if");
      for (const std::string& name : field.visible_if->rule.ReferencedVars()) {
        if (StartsWithPath(name, path) || (repeat != nullptr && StartsWithPath(name, item_path))) {
          Error(field.line, path + ".visible_if", "visible_if reads the field itself ('" + name + "')");
        }
      }
    }
    for (std::size_t i = 0; i < field.validation.rules.size(); ++i) {
      CheckRule(field.validation.rules[i].check, repeat, field.line,
                path + ".validation.rules[" + std::to_string(i) + "]");
    }
    bool is_repeat = field.type == FieldType::kRepeat;
    for (const Field& child : field.fields) {
      CheckField(child, path, is_repeat ? &field : repeat, is_repeat ? "item" : item_path);
    }
  }

  void CheckPage(const Page& page) {
    if (!page.visible_if) return;
    std::string where = "pages." + page.id + ".visible_if";
    CheckRule(*page.visible_if, nullptr, page.line, where);
    for (const std::string& name : page.visible_if->rule.ReferencedVars()) {
      std::string_view first = SplitPath(name)[0];
      bool own =
          std::any_of(page.fields.begin(), page.fields.end(), [&](const Field& f) { return f.id == first; });
      if (own)
        Error(page.line, where, "a page's visible_if cannot read fields of the same page ('" + name + "')");
    }
  }

  Diagnostics Take() { return std::move(diagnostics_); }

 private:
  bool Known(const std::string& name, const Field* repeat) const {
    std::vector<std::string_view> segments = SplitPath(name);
    if (repeat != nullptr && segments[0] == "item") {
      std::vector<const Field*> children;
      for (const Field& child : repeat->fields) children.push_back(&child);
      return Resolves(children, std::span(segments).subspan(1));
    }
    return Resolves(top_level_, segments);
  }

  void Error(int line, std::string where, std::string message) {
    diagnostics_.push_back(Diagnostic{std::string(origin_), line, std::move(where), std::move(message)});
  }

  std::string_view origin_;
  std::vector<const Field*> top_level_;
  Diagnostics diagnostics_;
};

}  // namespace

Diagnostics CheckReferences(const Definition& definition, std::string_view origin, int fee_line) {
  Checker checker(definition, origin);
  for (const Page& page : definition.pages) {
    checker.CheckPage(page);
    for (const Field& field : page.fields) checker.CheckField(field, "", nullptr, "");
  }
  if (definition.fee.rule) checker.CheckRule(*definition.fee.rule, nullptr, fee_line, "fee.rule");
  return checker.Take();
}

Diagnostics CheckFieldReferences(const Definition& definition, const std::vector<Field>& fields,
                                 std::string_view origin) {
  Checker checker(definition, origin);
  for (const Field& field : fields) checker.CheckField(field, "", nullptr, "");
  return checker.Take();
}

Diagnostics CheckRuleReferences(const Definition& definition, const RuleSource& rule, std::string_view origin,
                                int line, std::string_view where) {
  Checker checker(definition, origin);
  checker.CheckRule(rule, nullptr, line, std::string(where));
  return checker.Take();
}

}  // namespace amtsweg::process
