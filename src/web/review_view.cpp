// The "Angaben prüfen" view (see review_view.h). Walks the definition like form_view.cpp, so
// hidden fields and pages are skipped by the same rules, and turns each answer into display
// lines. Values of an unexpected type (a draft saved without validation) are shown as far as
// they can be, never trusted.

#include "web/review_view.h"

#include <cmath>

#include "process/fee.h"
#include "process/fields.h"
#include "web/form_view.h"

namespace amtsweg::web {
namespace {

using Json = nlohmann::json;
using process::Field;
using process::FieldType;

constexpr std::size_t kMaxShownEntries = 100;

const Json* Member(const Json* object, const std::string& key) {
  if (object == nullptr || !object->is_object()) return nullptr;
  const auto it = object->find(key);
  return it == object->end() ? nullptr : &*it;
}

std::string StringOf(const Json* value) {
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

std::string OptionLabel(const Field& field, const std::string& value) {
  for (const auto& option : field.options) {
    if (option.value == value) return option.label;
  }
  return value;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

std::string IbanInGroups(const std::string& iban) {
  const auto compact = process::NormalizeIban(iban);
  if (!compact) return iban;
  std::string grouped;
  for (std::size_t i = 0; i < compact->size(); ++i) {
    if (i > 0 && i % 4 == 0) grouped += ' ';
    grouped += (*compact)[i];
  }
  return grouped;
}

std::vector<std::string> AddressLines(const Json& value) {
  auto join = [](std::string a, const std::string& b) { return a.empty() ? b : b.empty() ? a : a + " " + b; };
  std::vector<std::string> lines;
  for (const std::string& line :
       {join(StringOf(Member(&value, "strasse")), StringOf(Member(&value, "hausnummer"))),
        StringOf(Member(&value, "zusatz")),
        join(StringOf(Member(&value, "plz")), StringOf(Member(&value, "ort")))}) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::string DateText(const Json& value) {
  if (value.is_string()) {
    if (const auto date = process::ParseIsoDate(value.get<std::string>()))
      return process::FormatGermanDate(*date);
    return value.get<std::string>();
  }
  if (value.is_object()) {  // raw parts kept from an invalid input
    return StringOf(Member(&value, "tag")) + "." + StringOf(Member(&value, "monat")) + "." +
           StringOf(Member(&value, "jahr"));
  }
  return "";
}

std::string ScalarText(const Field& field, const Json& value) {
  switch (field.type) {
    case FieldType::kDate:
      return DateText(value);
    case FieldType::kMoney:
      if (value.is_number()) {
        if (const auto cents = process::RoundEurosToCents(value.get<double>()))
          return process::FormatEuro(*cents);
      }
      break;
    case FieldType::kNumber:
      if (value.is_number()) return process::FormatGermanNumber(value.get<double>());
      break;
    case FieldType::kYesNo:
      if (value.is_boolean()) return value.get<bool>() ? "Ja" : "Nein";
      break;
    case FieldType::kSelect:
    case FieldType::kRadio:
      if (value.is_string()) return OptionLabel(field, value.get<std::string>());
      break;
    case FieldType::kIban:
      if (value.is_string()) return IbanInGroups(value.get<std::string>());
      break;
    case FieldType::kFile:
      return StringOf(Member(&value, "filename"));
    default:
      break;
  }
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number() || value.is_boolean()) return value.dump();
  return "";
}

class ReviewBuilder final {
 public:
  ReviewBuilder(const Json& data, const logic::Context& context, std::string page_url)
      : scope_(data, context), page_url_(std::move(page_url)) {}

  Json Rows(const std::vector<Field>& fields, const Json* object, const std::string& prefix) {
    Json rows = Json::array();
    for (const auto& field : fields) {
      if (!scope_.Visible(field.visible_if)) continue;
      const std::string name = prefix.empty() ? field.id : prefix + "." + field.id;
      rows.push_back(Row(field, Member(object, field.id), name));
    }
    return rows;
  }

 private:
  Json Row(const Field& field, const Json* value, const std::string& name) {
    const std::string label = field.label.empty() ? field.id : field.label;
    Json row = {{"label", label},
                {"lines", Json::array()},
                {"has_entries", false},
                {"entries", Json::array()},
                {"change_url", page_url_ + "#" + FocusId(field, name)},
                {"change_label", "Ändern"}};
    if (field.type == FieldType::kGroup) {
      row["entries"].push_back({{"entry_title", nullptr}, {"rows", Rows(field.fields, value, name)}});
    } else if (field.type == FieldType::kRepeat) {
      AddEntries(field, value, name, row);
    } else if (value != nullptr) {
      for (auto& line : DisplayLines(field, *value)) row["lines"].push_back({{"text", std::move(line)}});
    }
    row["has_entries"] = !row["entries"].empty();
    if (row["lines"].empty() && !row["has_entries"].get<bool>())
      row["lines"].push_back({{"text", "Keine Angabe"}});
    return row;
  }

  void AddEntries(const Field& field, const Json* value, const std::string& name, Json& row) {
    if (value == nullptr || !value->is_array()) return;
    const std::string item_label = field.item_label.empty() ? field.label : field.item_label;
    for (std::size_t i = 0; i < value->size() && i < kMaxShownEntries; ++i) {
      const Json& entry = (*value)[i];
      const std::string path = name + "[" + std::to_string(i) + "]";
      scope_.Enter(entry);
      Json rows = Rows(field.fields, &entry, path);
      scope_.Leave();
      row["entries"].push_back(
          {{"entry_title", item_label + " " + std::to_string(i + 1)}, {"rows", std::move(rows)}});
    }
  }

  RuleScope scope_;
  std::string page_url_;
};

}  // namespace

std::vector<std::string> DisplayLines(const Field& field, const Json& value) {
  switch (field.type) {
    case FieldType::kAddress:
      return value.is_object() ? AddressLines(value) : std::vector<std::string>{};
    case FieldType::kMultiline:
      return value.is_string() && !value.get<std::string>().empty() ? SplitLines(value.get<std::string>())
                                                                    : std::vector<std::string>{};
    case FieldType::kCheckbox: {
      std::vector<std::string> lines;
      if (!value.is_array()) return lines;
      for (const auto& item : value) {
        if (item.is_string()) lines.push_back(OptionLabel(field, item.get<std::string>()));
      }
      return lines;
    }
    default: {
      std::string text = ScalarText(field, value);
      if (text.empty()) return {};
      return {std::move(text)};
    }
  }
}

Json ReviewView(const process::Definition& definition, const Json& data, const logic::Context& context,
                std::string_view draft_base_url) {
  static const Json kNoAnswers = Json::object();
  const Json& answers = data.is_object() ? data : kNoAnswers;
  Json sections = Json::array();
  for (const process::Page* page : VisiblePages(definition, answers, context)) {
    const std::string page_url = std::string(draft_base_url) + "/seiten/" + page->id;
    ReviewBuilder builder(answers, context, page_url);
    sections.push_back({{"page_id", page->id},
                        {"title", page->title},
                        {"page_url", page_url},
                        {"number", sections.size() + 1},
                        {"rows", builder.Rows(page->fields, &answers, "")}});
  }
  Json view = {{"title", definition.title}, {"sections", std::move(sections)}};
  view["fee_description"] = definition.fee.description.empty() ? Json() : Json(definition.fee.description);
  return view;
}

}  // namespace amtsweg::web
