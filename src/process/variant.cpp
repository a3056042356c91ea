// Applies a variant to a copy of its standard process (see variant.h).

#include "process/variant.h"

#include <algorithm>
#include <map>

#include "process/loader_yaml.h"
#include "process/references.h"

namespace amtsweg::process {
namespace {

class Applier final {
 public:
  Applier(const Definition& standard, const Variant& variant) : effective_(standard), variant_(variant) {}

  tl::expected<Definition, Diagnostics> Apply() {
    if (!TargetsStandard()) return tl::unexpected(std::move(diagnostics_));
    ApplyTexts();
    if (variant_.fee) effective_.fee = *variant_.fee;
    if (variant_.office) effective_.office_override = variant_.office;
    effective_.variant_id = variant_.id;
    ApplyExtensions();
    CheckReferencesOfVariant();
    if (!diagnostics_.empty()) return tl::unexpected(std::move(diagnostics_));
    return std::move(effective_);
  }

 private:
  bool TargetsStandard() {
    if (variant_.standard != effective_.id) {
      Error(
          variant_.standard_line, "standard",
          "variant adapts '" + variant_.standard + "', but the standard process is '" + effective_.id + "'");
      return false;
    }
    if (variant_.standard_version != effective_.version) {
      Error(variant_.version_line, "standard_version",
            "variant was written for version " + std::to_string(variant_.standard_version) + " of '" +
                effective_.id + "', but the standard is at version " + std::to_string(effective_.version));
      return false;
    }
    return true;
  }

  void ApplyTexts() {
    if (variant_.title) effective_.title = *variant_.title;
    if (variant_.summary) effective_.summary = *variant_.summary;
    if (variant_.description) effective_.description = *variant_.description;
    if (variant_.duration) effective_.duration = *variant_.duration;
    for (const PageTexts& texts : variant_.page_texts) {
      auto page = std::find_if(effective_.pages.begin(), effective_.pages.end(),
                               [&](const Page& p) { return p.id == texts.page_id; });
      if (page == effective_.pages.end()) {
        Error(texts.line, "texts.pages." + texts.page_id,
              "unknown page '" + texts.page_id + "'" + PageHint(texts.page_id));
        continue;
      }
      if (texts.title) page->title = *texts.title;
      if (texts.intro) page->intro = *texts.intro;
    }
    for (const FieldTexts& texts : variant_.field_texts) {
      Field* field = FindFieldByPath(effective_.pages, texts.path);
      if (field == nullptr) {
        Error(texts.line, "texts.fields." + texts.path, "unknown field '" + texts.path + "'");
        continue;
      }
      if (texts.label) field->label = *texts.label;
      if (texts.hint) field->hint = *texts.hint;
      if (texts.help) field->help = *texts.help;
    }
  }

  std::string PageHint(const std::string& id) const {
    std::vector<std::string_view> ids;
    for (const Page& page : effective_.pages) ids.push_back(page.id);
    std::string suggestion = detail::Suggest(id, ids);
    return suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)";
  }

  // Validates every extension, then appends the fields page by page in the order the page
  // declares its extension points (so the result does not depend on the variant's key order).
  void ApplyExtensions() {
    std::map<std::string, std::string, std::less<>> owner;  // top-level field id -> page id
    std::map<std::string, std::size_t, std::less<>> point_page;
    for (std::size_t p = 0; p < effective_.pages.size(); ++p) {
      for (const Field& field : effective_.pages[p].fields) owner.emplace(field.id, effective_.pages[p].id);
      for (const std::string& point : effective_.pages[p].extension_points) point_page.emplace(point, p);
    }
    std::map<std::string, std::vector<Field>, std::less<>> accepted;  // point -> fields
    for (const Extension& extension : variant_.extensions) {
      std::string path = "extensions." + extension.point;
      auto page = point_page.find(extension.point);
      if (page == point_page.end()) {
        Error(extension.line, path,
              "unknown extension point '" + extension.point + "'" + PointHint(point_page));
        continue;
      }
      for (std::size_t i = 0; i < extension.fields.size(); ++i) {
        const Field& field = extension.fields[i];
        auto [it, inserted] = owner.emplace(field.id, effective_.pages[page->second].id);
        if (!inserted) {
          Error(field.line, path + "[" + std::to_string(i) + "].id",
                "field id '" + field.id + "' is already used on page '" + it->second + "'");
          continue;
        }
        accepted[extension.point].push_back(field);
      }
    }
    for (Page& page : effective_.pages) {
      for (const std::string& point : page.extension_points) {
        auto fields = accepted.find(point);
        if (fields == accepted.end()) continue;
        for (Field& field : fields->second) {
          added_.push_back(field);
          page.fields.push_back(std::move(field));
        }
      }
    }
  }

  static std::string PointHint(const std::map<std::string, std::size_t, std::less<>>& points) {
    if (points.empty()) return " (the standard declares none)";
    std::string known;
    for (const auto& [point, unused] : points) known += (known.empty() ? "" : ", ") + point;
    return " (the standard declares: " + known + ")";
  }

  void CheckReferencesOfVariant() {
    for (Diagnostic& d : CheckFieldReferences(effective_, added_, variant_.origin)) diagnostics_.push_back(d);
    if (variant_.fee && variant_.fee->rule) {
      for (Diagnostic& d : CheckRuleReferences(effective_, *variant_.fee->rule, variant_.origin,
                                               variant_.fee_line, "fee.rule")) {
        diagnostics_.push_back(d);
      }
    }
  }

  void Error(int line, std::string field, std::string message) {
    diagnostics_.push_back(Diagnostic{variant_.origin, line, std::move(field), std::move(message)});
  }

  Definition effective_;
  const Variant& variant_;
  std::vector<Field> added_;  // extension fields as inserted, for the reference check
  Diagnostics diagnostics_;
};

Field* FindIn(std::vector<Field>& fields, std::string_view path) {
  std::size_t dot = path.find('.');
  std::string_view head = path.substr(0, dot);
  for (Field& field : fields) {
    if (field.id != head) continue;
    if (dot == std::string_view::npos) return &field;
    return FindIn(field.fields, path.substr(dot + 1));
  }
  return nullptr;
}

}  // namespace

Field* FindFieldByPath(std::vector<Page>& pages, std::string_view path) {
  for (Page& page : pages) {
    if (Field* field = FindIn(page.fields, path)) return field;
  }
  return nullptr;
}

tl::expected<Definition, Diagnostics> ApplyVariant(const Definition& standard, const Variant& variant) {
  return Applier(standard, variant).Apply();
}

}  // namespace amtsweg::process
