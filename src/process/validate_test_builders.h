#pragma once
// Test-only helpers to build Definitions by hand (the tests of validate, example and fee do not
// depend on the YAML loader).
//
//   Field vorname = FieldBuilder("vorname", FieldType::kText, "Vorname").Required().MaxLength(50);
//   Definition definition = MakeDefinition({MakePage("halter", {vorname})});

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "process/definition.h"

namespace amtsweg::process::testing {

// {"var": name}, the most common rule fragment in tests.
inline Json Var(const std::string& name) { return Json{{"var", name}}; }

inline RuleSource MakeRule(const Json& source) {
  auto rule = logic::Rule::Compile(source);
  if (!rule) throw std::invalid_argument("bad test rule " + source.dump() + ": " + rule.error().message);
  return RuleSource{source, std::move(*rule)};
}

class FieldBuilder {
 public:
  FieldBuilder(std::string id, FieldType type, std::string label = "") {
    field_.id = std::move(id);
    field_.type = type;
    field_.label = label.empty() ? field_.id : std::move(label);
  }
  FieldBuilder& Required(bool required = true) {
    field_.required = required;
    return *this;
  }
  FieldBuilder& RequiredIf(const Json& rule) {
    field_.required_if = MakeRule(rule);
    return *this;
  }
  FieldBuilder& VisibleIf(const Json& rule) {
    field_.visible_if = MakeRule(rule);
    return *this;
  }
  FieldBuilder& Options(const std::vector<std::string>& values) {
    for (const auto& value : values) field_.options.push_back({value, "Option " + value});
    return *this;
  }
  FieldBuilder& Children(std::vector<Field> children) {
    field_.fields = std::move(children);
    return *this;
  }
  FieldBuilder& Items(std::int64_t min_items, std::int64_t max_items) {
    field_.min_items = min_items;
    field_.max_items = max_items;
    return *this;
  }
  FieldBuilder& MinLength(std::int64_t n) {
    field_.validation.min_length = n;
    return *this;
  }
  FieldBuilder& MaxLength(std::int64_t n) {
    field_.validation.max_length = n;
    return *this;
  }
  FieldBuilder& Min(double min) {
    field_.validation.min = min;
    return *this;
  }
  FieldBuilder& Max(double max) {
    field_.validation.max = max;
    return *this;
  }
  FieldBuilder& MinDate(std::string date) {
    field_.validation.min_date = std::move(date);
    return *this;
  }
  FieldBuilder& MaxDate(std::string date) {
    field_.validation.max_date = std::move(date);
    return *this;
  }
  FieldBuilder& Pattern(std::string pattern, std::string message = "") {
    field_.validation.pattern = std::move(pattern);
    field_.validation.pattern_message = std::move(message);
    return *this;
  }
  FieldBuilder& Rule(const Json& check, std::string message) {
    field_.validation.rules.push_back({MakeRule(check), std::move(message)});
    return *this;
  }
  FieldBuilder& Accept(std::vector<std::string> types, std::int64_t max_bytes) {
    field_.accept = std::move(types);
    field_.max_bytes = max_bytes;
    return *this;
  }
  operator Field() const { return field_; }  // NOLINT: builder converts implicitly by design

 private:
  Field field_;
};

inline Page MakePage(std::string id, std::vector<Field> fields, const Json& visible_if = nullptr) {
  Page page;
  page.id = std::move(id);
  page.title = page.id;
  page.fields = std::move(fields);
  if (!visible_if.is_null()) page.visible_if = MakeRule(visible_if);
  return page;
}

inline Definition MakeDefinition(std::vector<Page> pages, const Json& fee_rule = nullptr) {
  Definition definition;
  definition.id = "test-prozess";
  definition.title = "Testprozess";
  definition.pages = std::move(pages);
  if (!fee_rule.is_null()) definition.fee.rule = MakeRule(fee_rule);
  return definition;
}

// Bytes of tiny but well-formed files for upload tests.
inline std::string TinyPdf() { return "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"; }
inline std::string TinyPng() {
  return std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(13, '\x01');
}

}  // namespace amtsweg::process::testing
