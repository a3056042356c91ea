// The view of one form page (see form_view.h). One Builder walks the page's fields (never the
// data, so the work is bounded by the definition) and produces a JSON object per field with every
// key the templates read set explicitly: mustache looks a missing key up in the enclosing
// sections, so a child without `error` would otherwise show its group's error.
//
// The same walk in three modes: the whole view; the static view (definition only: every key, no
// answers, errors or rules — built once per page and cached); and the overlay (only the keys that
// answers, errors and rules change). A key the overlay sets must be one the static view has, so
// that the layered lookup finds it in the field's own frame (mustache.h); the unit test
// StaticViewAndOverlayRenderExactlyAsTheWholeView holds the three modes together.

#include "web/form_view.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "process/fee.h"
#include "process/fields.h"
#include "web/mustache.h"

namespace amtsweg::web {
namespace {

using Json = nlohmann::json;
using process::Field;
using process::FieldType;

// Rendering more entries than this is refused whatever the data says (the loader caps max_items
// far lower; this only bounds hostile drafts).
constexpr std::size_t kMaxRenderedEntries = 100;

const Json* Member(const Json* object, const std::string& key) {
  if (object == nullptr || !object->is_object()) return nullptr;
  const auto it = object->find(key);
  return it == object->end() ? nullptr : &*it;
}

Json OrNull(const std::string& text) { return text.empty() ? Json() : Json(text); }

// Number shown in an input: German decimal comma, no thousands separators ("1234,5").
std::string NumberInputText(double value, bool money) {
  if (money) {
    if (const auto cents = process::RoundEurosToCents(value)) {
      const std::int64_t abs = *cents < 0 ? -*cents : *cents;
      std::string text = (*cents < 0 ? "-" : "") + std::to_string(abs / 100) + ",";
      const std::int64_t rest = abs % 100;
      return text + (rest < 10 ? "0" : "") + std::to_string(rest);
    }
  }
  std::string text = process::FormatGermanNumber(value);
  text.erase(std::remove(text.begin(), text.end(), '.'), text.end());
  return text;
}

// The text an input shows for a stored answer; raw strings (unparsable input kept for
// correction) are shown as they were typed.
std::string InputText(const Field& field, const Json* value) {
  if (value == nullptr) return "";
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number()) return NumberInputText(value->get<double>(), field.type == FieldType::kMoney);
  return "";
}

// Day, month and year of a date answer: "YYYY-MM-DD", or the raw parts {tag, monat, jahr} kept
// when the input was not a date.
std::array<std::string, 3> DateParts(const Json* value) {
  if (value == nullptr) return {};
  if (value->is_string()) {
    if (const auto date = process::ParseIsoDate(value->get<std::string>())) {
      return {std::to_string(date->day), std::to_string(date->month), std::to_string(date->year)};
    }
    return {};
  }
  std::array<std::string, 3> parts;
  const char* keys[] = {"tag", "monat", "jahr"};
  for (int i = 0; i < 3; ++i) {
    if (const Json* part = Member(value, keys[i]); part && part->is_string())
      parts[i] = part->get<std::string>();
  }
  return parts;
}

bool Contains(const Json* array, const std::string& value) {
  if (array == nullptr || !array->is_array()) return false;
  return std::any_of(array->begin(), array->end(), [&](const Json& v) { return v == value; });
}

// WCAG 1.3.5: autocomplete tokens for the applicant's own data, inferred from ids and types.
// Not inside repeats (entries describe other people or animals).
std::string Autocomplete(const Field& field, const Field* parent) {
  if (parent != nullptr && parent->type == FieldType::kAddress) {
    if (field.id == "strasse") return "address-line1";
    if (field.id == "zusatz") return "address-line2";
    if (field.id == "plz") return "postal-code";
    if (field.id == "ort") return "address-level2";
    return "";
  }
  if (field.id == "vorname") return "given-name";
  if (field.id == "nachname" || field.id == "familienname") return "family-name";
  switch (field.type) {
    case FieldType::kEmail:
      return "email";
    case FieldType::kPhone:
      return "tel";
    case FieldType::kPostalCode:
      return "postal-code";
    default:
      return "";
  }
}

struct TypeFlag {
  FieldType type;
  const char* key;
};
constexpr TypeFlag kTypeFlags[] = {
    {FieldType::kText, "is_text"},
    {FieldType::kMultiline, "is_multiline"},
    {FieldType::kNumber, "is_number"},
    {FieldType::kMoney, "is_money"},
    {FieldType::kDate, "is_date"},
    {FieldType::kEmail, "is_email"},
    {FieldType::kPhone, "is_phone"},
    {FieldType::kIban, "is_iban"},
    {FieldType::kPostalCode, "is_postal_code"},
    {FieldType::kSelect, "is_select"},
    {FieldType::kRadio, "is_radio"},
    {FieldType::kCheckbox, "is_checkbox"},
    {FieldType::kYesNo, "is_yesno"},
    {FieldType::kFile, "is_file"},
    {FieldType::kAddress, "is_address"},
    {FieldType::kGroup, "is_group"},
    {FieldType::kRepeat, "is_repeat"},
};

bool IsSingleLineInput(FieldType type) {
  switch (type) {
    case FieldType::kText:
    case FieldType::kNumber:
    case FieldType::kMoney:
    case FieldType::kEmail:
    case FieldType::kPhone:
    case FieldType::kIban:
    case FieldType::kPostalCode:
      return true;
    default:
      return false;
  }
}

bool IsChoice(FieldType type) {
  return type == FieldType::kRadio || type == FieldType::kCheckbox || type == FieldType::kYesNo;
}

// Every key any field template reads, with its empty value.
Json EmptyFieldView(const Field& field) {
  Json view = Json::object();
  for (const auto& flag : kTypeFlags) view[flag.key] = field.type == flag.type;
  view["tpl_input"] = IsSingleLineInput(field.type);
  view["tpl_textarea"] = field.type == FieldType::kMultiline;
  view["tpl_select"] = field.type == FieldType::kSelect;
  view["tpl_choice"] = IsChoice(field.type);
  view["tpl_date"] = field.type == FieldType::kDate;
  view["tpl_file"] = field.type == FieldType::kFile;
  view["tpl_group"] = field.type == FieldType::kGroup || field.type == FieldType::kAddress;
  view["tpl_repeat"] = field.type == FieldType::kRepeat;
  for (const char* key :
       {"hint",        "hint_id",     "help",           "help_id",     "error",        "error_id",
        "describedby", "value",       "input_type",     "inputmode",   "autocomplete", "input_class",
        "visible_if",  "required_if", "options",        "choice_type", "date_parts",   "children",
        "entries",     "add_action",  "add_label",      "count_name",  "count",        "file_name",
        "keep_name",   "format_hint", "format_hint_id", "remove_name", "remove_id",    "accept",
        "unit"}) {
    view[key] = nullptr;
  }
  for (const char* key :
       {"required", "optional", "hidden", "has_error", "can_add", "has_stored_file", "spellcheck_off"}) {
    view[key] = false;
  }
  return view;
}

// What a Builder produces for the fields outside repeats (inside repeats every view is whole:
// entry ids and names depend on the data).
enum class Mode {
  kWhole,    // every key: the view as the templates read it
  kStatic,   // what depends on the definition only: no answers, errors, rules (the cached base)
  kOverlay,  // what depends on answers, errors and rules: to be layered over kStatic's view
};

class Builder final {
 public:
  Builder(Mode mode, const Json& data, const std::vector<process::FieldError>& errors,
          const logic::Context& context)
      : mode_(mode), scope_(data, context) {
    for (const auto& error : errors) {
      if (!errors_.count(error.field)) {
        errors_.emplace(error.field, error.message);
        error_order_.push_back(error.field);
      }
    }
  }

  Json Fields(const std::vector<Field>& fields, const Json* object, const std::string& prefix,
              const Field* parent, bool hidden, int repeat_depth) {
    Json list = Json::array();
    for (const auto& field : fields) {
      const std::string name = prefix.empty() ? field.id : prefix + "." + field.id;
      const bool field_hidden = mode_ != Mode::kStatic && (hidden || !scope_.Visible(field.visible_if));
      // Hidden answers are not shown: they are dropped on the next post anyway.
      const Json* value = field_hidden ? nullptr : Member(object, field.id);
      if (mode_ == Mode::kOverlay && repeat_depth == 0) {
        list.push_back(FieldOverlay(field, value, name, field_hidden));
      } else {
        list.push_back(FieldView(field, value, name, parent, field_hidden, repeat_depth));
      }
    }
    return list;
  }

  Json Summary() {
    Json summary = Json::array();
    for (const auto& entry : summary_) summary.push_back(entry);
    for (const auto& path : error_order_) {
      if (claimed_.count(path)) continue;
      summary.push_back({{"text", errors_.at(path)}, {"href", nullptr}, {"has_href", false}});
    }
    return summary;
  }

  bool has_file() const { return has_file_; }

 private:
  Json FieldView(const Field& field, const Json* value, const std::string& name, const Field* parent,
                 bool hidden, int repeat_depth) {
    Json view = EmptyFieldView(field);
    const std::string id = FormInputId(name);
    view["id"] = id;
    view["name"] = name;
    view["focus_id"] = FocusId(field, name);
    view["label"] = field.label.empty() ? field.id : field.label;
    view["hidden"] = hidden;
    // Also when hidden: amtsweg.js may reveal it. The static view assumes no required_if holds.
    const bool required = mode_ == Mode::kStatic ? field.required : scope_.Required(field);
    view["required"] = required;
    view["optional"] = !required;
    if (field.visible_if) view["visible_if"] = field.visible_if->source.dump();
    if (field.required_if) view["required_if"] = field.required_if->source.dump();
    std::string describedby;
    if (!field.hint.empty()) {
      view["hint"] = field.hint;
      view["hint_id"] = id + "-hint";
      describedby = id + "-hint";
    }
    if (field.type == FieldType::kDate) {
      view["format_hint"] = "Zum Beispiel: 27 3 2007";
      view["format_hint_id"] = id + "-format";
      describedby += (describedby.empty() ? "" : " ") + id + "-format";
    }
    if (!field.help.empty()) {
      view["help"] = field.help;
      view["help_id"] = id + "-help";
    }
    if (!hidden) ClaimError(field, name, id, describedby, view);
    view["describedby"] = OrNull(describedby);
    if (repeat_depth == 0) view["autocomplete"] = OrNull(Autocomplete(field, parent));
    FillByType(field, value, name, hidden, repeat_depth, view);
    return view;
  }

  // The error at `name`, if any: into `view` and the summary, its id appended to `describedby`.
  void ClaimError(const Field& field, const std::string& name, const std::string& id,
                  std::string& describedby, Json& view) {
    const auto error = errors_.find(name);
    if (error == errors_.end()) return;
    view["error"] = error->second;
    view["error_id"] = id + "-error";
    view["has_error"] = true;
    describedby += (describedby.empty() ? "" : " ") + id + "-error";
    claimed_.insert(name);
    summary_.push_back({{"text", error->second}, {"href", "#" + FocusId(field, name)}, {"has_href", true}});
  }

  // Only the keys of a field outside repeats that differ from its static view (kStatic).
  Json FieldOverlay(const Field& field, const Json* value, const std::string& name, bool hidden) {
    Json view = Json::object();
    if (hidden) view["hidden"] = true;
    if (field.required_if) {
      const bool required = scope_.Required(field);
      view["required"] = required;
      view["optional"] = !required;
    }
    if (!hidden && errors_.count(name) != 0) {
      const std::string id = FormInputId(name);
      std::string describedby = StaticDescribedBy(field, id);
      ClaimError(field, name, id, describedby, view);
      view["describedby"] = describedby;
    }
    switch (field.type) {
      case FieldType::kSelect:
      case FieldType::kRadio:
      case FieldType::kCheckbox:
      case FieldType::kYesNo:
        if (value != nullptr) view["options"] = OptionFlags(field, value);
        break;
      case FieldType::kDate:
        if (value != nullptr) {
          Json parts = Json::array();
          for (auto& part : DateParts(value)) parts.push_back({{"part_value", std::move(part)}});
          view["date_parts"] = std::move(parts);
        }
        break;
      case FieldType::kFile:
        FillFile(field, value, name, view, false);
        break;
      case FieldType::kGroup:
      case FieldType::kAddress: {
        Json children = Fields(field.fields, value, name, &field, hidden, 0);
        if (std::any_of(children.begin(), children.end(), [](const Json& child) { return !child.empty(); }))
          view["children"] = std::move(children);
        break;
      }
      case FieldType::kRepeat:
        FillRepeat(field, value, name, hidden, 0, view);
        break;
      default:
        if (std::string text = InputText(field, value); !text.empty()) view["value"] = std::move(text);
        break;
    }
    return view;
  }

  static std::string StaticDescribedBy(const Field& field, const std::string& id) {
    std::string describedby = field.hint.empty() ? "" : id + "-hint";
    if (field.type == FieldType::kDate) describedby += (describedby.empty() ? "" : " ") + id + "-format";
    return describedby;
  }

  void FillByType(const Field& field, const Json* value, const std::string& name, bool hidden,
                  int repeat_depth, Json& view) {
    switch (field.type) {
      case FieldType::kMultiline:
        view["value"] = InputText(field, value);
        break;
      case FieldType::kSelect:
      case FieldType::kRadio:
      case FieldType::kCheckbox:
      case FieldType::kYesNo:
        FillOptions(field, value, name, view);
        break;
      case FieldType::kDate:
        FillDate(value, name, view, repeat_depth == 0 && field.id == "geburtsdatum");
        break;
      case FieldType::kFile:
        FillFile(field, value, name, view, true);
        break;
      case FieldType::kGroup:
      case FieldType::kAddress:
        view["children"] = Fields(field.fields, value, name, &field, hidden, repeat_depth);
        break;
      case FieldType::kRepeat:
        FillRepeat(field, value, name, hidden, repeat_depth, view);
        break;
      default:
        FillInput(field, value, view);
        break;
    }
  }

  static void FillInput(const Field& field, const Json* value, Json& view) {
    view["value"] = InputText(field, value);
    view["input_type"] = "text";
    switch (field.type) {
      case FieldType::kEmail:
        view["input_type"] = "email";
        view["spellcheck_off"] = true;
        break;
      case FieldType::kPhone:
        view["input_type"] = "tel";
        break;
      case FieldType::kNumber:
        view["inputmode"] = "decimal";
        view["input_class"] = "kern-form-input__input--width-4";
        break;
      case FieldType::kMoney:
        view["inputmode"] = "decimal";
        view["unit"] = "€";
        break;
      case FieldType::kPostalCode:
        view["inputmode"] = "numeric";
        view["input_class"] = "kern-form-input__input--width-4";
        break;
      case FieldType::kIban:
        view["spellcheck_off"] = true;
        break;
      default:
        break;
    }
  }

  // Whether each option is chosen, in the order of FillOptions: [{checked, selected}].
  static Json OptionFlags(const Field& field, const Json* value) {
    Json flags = Json::array();
    auto add = [&](bool on) { flags.push_back({{"checked", on}, {"selected", on}}); };
    if (field.type == FieldType::kYesNo) {
      add(value != nullptr && *value == true);
      add(value != nullptr && *value == false);
    } else {
      for (const auto& option : field.options) {
        add(field.type == FieldType::kCheckbox ? Contains(value, option.value)
                                               : value != nullptr && *value == option.value);
      }
    }
    return flags;
  }

  static void FillOptions(const Field& field, const Json* value, const std::string& name, Json& view) {
    Json options = Json::array();
    const std::string id = FormInputId(name);
    auto add = [&](const std::string& option_value, const std::string& label, bool on) {
      const std::size_t n = options.size();
      options.push_back({{"option_value", option_value},
                         {"option_label", label},
                         {"option_id", n == 0 ? id : id + "-" + std::to_string(n + 1)},
                         {"checked", on},
                         {"selected", on}});
    };
    if (field.type == FieldType::kYesNo) {
      add("ja", "Ja", value != nullptr && *value == true);
      add("nein", "Nein", value != nullptr && *value == false);
    } else {
      for (const auto& option : field.options) {
        const bool on = field.type == FieldType::kCheckbox ? Contains(value, option.value)
                                                           : value != nullptr && *value == option.value;
        add(option.value, option.label, on);
      }
    }
    view["options"] = std::move(options);
    view["choice_type"] = field.type == FieldType::kCheckbox ? "checkbox" : "radio";
  }

  static void FillDate(const Json* value, const std::string& name, Json& view, bool birthday) {
    const auto parts = DateParts(value);
    const char* keys[] = {"tag", "monat", "jahr"};
    const char* labels[] = {"Tag", "Monat", "Jahr"};
    const char* autocomplete[] = {"bday-day", "bday-month", "bday-year"};
    Json list = Json::array();
    for (int i = 0; i < 3; ++i) {
      const std::string part_name = name + "." + keys[i];
      list.push_back(
          {{"part_name", part_name},
           {"part_id", FormInputId(part_name)},
           {"part_label", labels[i]},
           {"part_value", parts[i]},
           {"part_class", i == 2 ? "kern-form-input__input--width-4" : "kern-form-input__input--width-2"},
           {"part_autocomplete", birthday ? Json(autocomplete[i]) : Json()}});
    }
    view["date_parts"] = std::move(list);
  }

  // `with_accept`: also the static key (not in an overlay).
  void FillFile(const Field& field, const Json* value, const std::string& name, Json& view,
                bool with_accept) {
    has_file_ = true;
    if (with_accept) {
      std::string accept;
      for (const auto& type : field.accept) accept += (accept.empty() ? "" : ",") + type;
      view["accept"] = accept.empty() ? "application/pdf,image/png,image/jpeg" : accept;
    }
    const Json* filename = Member(value, "filename");
    if (filename != nullptr && filename->is_string()) {
      view["has_stored_file"] = true;
      view["file_name"] = filename->get<std::string>();
      view["keep_name"] = name + ".behalten";
      view["remove_name"] = name + ".entfernen";
      view["remove_id"] = FormInputId(name + ".entfernen");
    }
  }

  void FillRepeat(const Field& field, const Json* value, const std::string& name, bool hidden,
                  int repeat_depth, Json& view) {
    const std::size_t stored = value != nullptr && value->is_array() ? value->size() : 0;
    const std::size_t min_items = static_cast<std::size_t>(std::max<std::int64_t>(field.min_items, 0));
    const std::size_t count = std::min(std::max(stored, min_items), kMaxRenderedEntries);
    const std::string item_label = field.item_label.empty() ? field.label : field.item_label;
    if (mode_ != Mode::kOverlay || repeat_depth > 0) {
      view["count_name"] = name + ".anzahl";
      view["add_action"] = "hinzufuegen:" + name;
      view["add_label"] = item_label + " hinzufügen";
    }
    if (mode_ == Mode::kStatic && repeat_depth == 0) return;  // entries depend on the answers
    static const Json kEmptyEntry = Json::object();
    Json entries = Json::array();
    for (std::size_t i = 0; i < count; ++i) {
      const Json& entry = i < stored && (*value)[i].is_object() ? (*value)[i] : kEmptyEntry;
      const std::string path = name + "[" + std::to_string(i) + "]";
      const std::string title = item_label + " " + std::to_string(i + 1);
      scope_.Enter(entry);
      Json children = Fields(field.fields, &entry, path, &field, hidden, repeat_depth + 1);
      scope_.Leave();
      entries.push_back({{"entry_index", i},
                         {"entry_title", title},
                         {"entry_path", path},
                         {"entry_id", FormInputId(path)},
                         {"children", std::move(children)},
                         {"can_remove", count > min_items},
                         {"remove_action", "entfernen:" + path},
                         {"remove_label", title + " entfernen"}});
    }
    view["entries"] = std::move(entries);
    view["count"] = count;
    view["can_add"] = field.max_items <= 0 || count < static_cast<std::size_t>(field.max_items);
  }

  Mode mode_;
  RuleScope scope_;
  std::map<std::string, std::string> errors_;  // path -> first message
  std::vector<std::string> error_order_;
  std::set<std::string> claimed_;
  std::vector<Json> summary_;
  bool has_file_ = false;
};

}  // namespace

std::string FormInputId(std::string_view name) {
  std::string id = "f-";
  for (const char c : name) {
    if (c == '.' || c == '[') {
      id += '-';
    } else if (c != ']') {
      id += c;
    }
  }
  return id;
}

std::string FocusId(const Field& field, std::string_view name) {
  switch (field.type) {
    case FieldType::kDate:
      return FormInputId(std::string(name) + ".tag");
    case FieldType::kGroup:
    case FieldType::kAddress:
      if (!field.fields.empty())
        return FocusId(field.fields.front(), std::string(name) + "." + field.fields.front().id);
      return FormInputId(name);
    default:
      return FormInputId(name);
  }
}

bool RuleScope::Holds(const process::RuleSource& rule, bool on_error) {
  try {
    const auto result = rule.rule.Evaluate(Current(), context_);
    return result ? logic::Truthy(*result) : on_error;
  } catch (const std::exception&) {  // the engine promises not to throw; a defect must not crash us
    return on_error;
  }
}

bool RuleScope::Visible(const std::optional<process::RuleSource>& visible_if) {
  return !visible_if || Holds(*visible_if, true);
}

bool RuleScope::Required(const Field& field) {
  return field.required || (field.required_if && Holds(*field.required_if, true));
}

const Json& RuleScope::Current() {
  if (items_.empty()) return data_;
  if (scope_item_ != items_.back()) {
    if (scope_item_ == nullptr) scope_ = data_.is_object() ? data_ : Json::object();
    scope_["item"] = *items_.back();
    scope_item_ = items_.back();
  }
  return scope_;
}

bool RuleHolds(const process::RuleSource& rule, const Json& data, const Json* item,
               const logic::Context& context, bool on_error) {
  RuleScope scope(data, context);
  if (item != nullptr) scope.Enter(*item);
  return scope.Holds(rule, on_error);
}

bool PageVisible(const process::Page& page, const Json& data, const logic::Context& context) {
  return !page.visible_if || RuleHolds(*page.visible_if, data, nullptr, context, true);
}

std::vector<const process::Page*> VisiblePages(const process::Definition& definition, const Json& data,
                                               const logic::Context& context) {
  std::vector<const process::Page*> pages;
  for (const auto& page : definition.pages) {
    if (PageVisible(page, data, context)) pages.push_back(&page);
  }
  return pages;
}

Json FormPageStaticView(const process::Definition& definition, const process::Page& page) {
  static const Json kNoAnswers = Json::object();
  static const logic::Context kNoRules;  // the static view evaluates none
  Builder builder(Mode::kStatic, kNoAnswers, {}, kNoRules);
  Json view = Json::object();
  view["page_id"] = page.id;
  view["title"] = page.title;
  view["intro"] = OrNull(page.intro);
  view["fields"] = builder.Fields(page.fields, &kNoAnswers, "", nullptr, false, 0);
  view["fee_rule"] = definition.fee.rule ? Json(definition.fee.rule->source.dump()) : Json();
  view["fee_description"] = OrNull(definition.fee.description);
  return view;
}

Json FormPageOverlay(const process::Page& page, const Json& data,
                     const std::vector<process::FieldError>& errors, const logic::Context& context) {
  static const Json kNoAnswers = Json::object();
  const Json& answers = data.is_object() ? data : kNoAnswers;
  Builder builder(Mode::kOverlay, answers, errors, context);
  Json view = Json::object();
  view["fields"] = builder.Fields(page.fields, &answers, "", nullptr, false, 0);
  view["error_summary"] = builder.Summary();
  view["has_errors"] = !view["error_summary"].empty();
  view["needs_multipart"] = builder.has_file();
  return view;
}

Json FormPageView(const process::Definition& definition, const process::Page& page, const Json& data,
                  const std::vector<process::FieldError>& errors, const logic::Context& context) {
  return mustache::Merged(FormPageStaticView(definition, page), FormPageOverlay(page, data, errors, context));
}

}  // namespace amtsweg::web
