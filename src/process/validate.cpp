// Validation of submitted answers (see validate.h). One Validator walks the definition (never the
// data), so the work is bounded by the definition's size once the data passed the size and depth
// limits; each field is looked up in the data by id, checked, and copied in normalised form into
// the cleaned data.

#include "process/validate.h"

#include <string_view>
#include <utility>

#include "process/fee.h"
#include "process/fields.h"
#include "process/validate_messages.h"

namespace amtsweg::process {
bool IsEmptyValue(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return true;
    case Json::value_t::string:
      return TrimWhitespace(value.get_ref<const std::string&>()).empty();
    case Json::value_t::array:
    case Json::value_t::object:
      return value.empty();
    default:
      return false;
  }
}

namespace {

// Upload limit when the definition gives none (the loader normally sets one).
constexpr std::int64_t kDefaultMaxFileBytes = 10 * 1024 * 1024;
constexpr std::size_t kMaxFilenameLength = 255;

struct Problem {
  const char* code;
  std::string message;
};

using Checked = tl::expected<Json, Problem>;

tl::unexpected<Problem> Fail(const char* code, std::string message) {
  return tl::unexpected(Problem{code, std::move(message)});
}

const Json* FindMember(const Json& object, const std::string& key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// Iterative walk: false when the data nests deeper than kMaxDataDepth or holds more than
// kMaxDataValues values. Stops early, so a million-element array costs nothing.
bool WithinLimits(const Json& data) {
  std::vector<std::pair<const Json*, int>> stack{{&data, 1}};
  std::int64_t visited = 1;
  while (!stack.empty()) {
    const auto [value, depth] = stack.back();
    stack.pop_back();
    if (!value->is_structured() || value->empty()) continue;
    if (depth >= kMaxDataDepth) return false;
    visited += static_cast<std::int64_t>(value->size());
    if (visited > kMaxDataValues) return false;
    for (const auto& child : *value) stack.emplace_back(&child, depth + 1);
  }
  return true;
}

// The fixed children of an address field (used when the loader did not spell them out).
const std::vector<Field>& AddressFields() {
  static const std::vector<Field> kFields = [] {
    auto make = [](const char* id, FieldType type, const char* label, bool required,
                   std::int64_t max_length) {
      Field field;
      field.id = id;
      field.type = type;
      field.label = label;
      field.required = required;
      if (max_length > 0) field.validation.max_length = max_length;
      return field;
    };
    return std::vector<Field>{
        make("strasse", FieldType::kText, "Straße", true, 100),
        make("hausnummer", FieldType::kText, "Hausnummer", true, 20),
        make("plz", FieldType::kPostalCode, "Postleitzahl", true, 0),
        make("ort", FieldType::kText, "Ort", true, 100),
        make("zusatz", FieldType::kText, "Adresszusatz", false, 100),
    };
  }();
  return kFields;
}

bool HasField(const std::vector<Field>& fields, const std::string& id) {
  for (const auto& field : fields) {
    if (field.id == id) return true;
  }
  return false;
}

// --- Checks of one non-empty answer; they return the normalised value. -------------------------

Checked CheckDateBounds(const Field& field, const Date& date, const std::string& today) {
  const auto& v = field.validation;
  if (v.min_date) {
    if (const auto bound = ResolveDateBound(*v.min_date, today); bound && date < *bound) {
      return Fail("date_too_early", messages::DateTooEarly(field, *bound, *v.min_date == "today"));
    }
  }
  if (v.max_date) {
    if (const auto bound = ResolveDateBound(*v.max_date, today); bound && date > *bound) {
      return Fail("date_too_late", messages::DateTooLate(field, *bound, *v.max_date == "today"));
    }
  }
  return Json();
}

// Format check and normalisation by type; the returned string is what length and pattern see.
tl::expected<std::string, Problem> NormaliseString(const Field& field, std::string_view text) {
  switch (field.type) {
    case FieldType::kEmail:
      if (!IsValidEmail(text)) return Fail("invalid_email", messages::InvalidEmail(field));
      break;
    case FieldType::kPhone:
      if (!IsValidPhone(text)) return Fail("invalid_phone", messages::InvalidPhone(field));
      break;
    case FieldType::kIban:
      if (auto iban = NormalizeIban(text)) return std::move(*iban);
      return Fail("invalid_iban", messages::InvalidIban(field));
    case FieldType::kPostalCode:
      if (!IsValidGermanPostalCode(text))
        return Fail("invalid_postal_code", messages::InvalidPostalCode(field));
      break;
    case FieldType::kDate:
      if (!ParseIsoDate(text)) return Fail("invalid_date", messages::InvalidDate(field));
      break;
    default:
      break;
  }
  return std::string(text);
}

Checked CheckString(const Field& field, const Json& value, const std::string& today) {
  if (!value.is_string()) return Fail("type", messages::Type(field));
  auto normalised = NormaliseString(field, TrimWhitespace(value.get_ref<const std::string&>()));
  if (!normalised) return tl::unexpected(std::move(normalised.error()));
  const std::string& text = *normalised;
  const auto& v = field.validation;
  const std::int64_t length = Utf8Length(text);
  if (v.min_length && length < *v.min_length)
    return Fail("too_short", messages::TooShort(field, *v.min_length));
  if (v.max_length && length > *v.max_length)
    return Fail("too_long", messages::TooLong(field, *v.max_length));
  if (field.type == FieldType::kDate) {
    if (auto bounds = CheckDateBounds(field, *ParseIsoDate(text), today); !bounds) return bounds;
  }
  if (v.pattern) {
    if (length > kMaxPatternInputLength)
      return Fail("too_long", messages::TooLong(field, kMaxPatternInputLength));
    if (MatchPattern(*v.pattern, text) != PatternResult::kMatch)
      return Fail("pattern", messages::Pattern(field));
  }
  return Json(std::move(*normalised));
}

Checked CheckRange(const Field& field, double number, Json cleaned) {
  const auto& v = field.validation;
  if (v.min && number < *v.min) return Fail("too_small", messages::TooSmall(field, *v.min));
  if (v.max && number > *v.max) return Fail("too_large", messages::TooLarge(field, *v.max));
  return cleaned;
}

Checked CheckNumber(const Field& field, const Json& value) {
  if (!value.is_number()) return Fail("type", messages::Type(field));
  return CheckRange(field, value.get<double>(), value);
}

Checked CheckMoney(const Field& field, const Json& value) {
  if (!value.is_number()) return Fail("type", messages::Type(field));
  const auto cents = MoneyToCents(value.get<double>());
  if (!cents) return Fail("invalid_money", messages::InvalidMoney(field));
  Json cleaned = *cents % 100 == 0 ? Json(*cents / 100) : Json(static_cast<double>(*cents) / 100.0);
  return CheckRange(field, static_cast<double>(*cents) / 100.0, std::move(cleaned));
}

bool IsOption(const Field& field, const std::string& value) {
  for (const auto& option : field.options) {
    if (option.value == value) return true;
  }
  return false;
}

Checked CheckOption(const Field& field, const Json& value) {
  if (!value.is_string()) return Fail("type", messages::Type(field));
  if (!IsOption(field, value.get_ref<const std::string&>())) {
    return Fail("invalid_option", messages::InvalidOption(field));
  }
  return value;
}

Checked CheckCheckbox(const Field& field, const Json& value) {
  if (!value.is_array()) return Fail("type", messages::Type(field));
  if (value.size() > field.options.size()) return Fail("invalid_option", messages::InvalidOption(field));
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string()) return Fail("type", messages::Type(field));
    if (!IsOption(field, value[i].get_ref<const std::string&>())) {
      return Fail("invalid_option", messages::InvalidOption(field));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (value[j] == value[i]) return Fail("invalid_option", messages::InvalidOption(field));
    }
  }
  return value;
}

bool IsPlausibleFilename(const std::string& name) {
  if (TrimWhitespace(name).empty() || name.size() > kMaxFilenameLength) return false;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7F || c == '/' || c == '\\') return false;
  }
  return true;
}

Checked CheckFile(const Field& field, const Json& value) {
  if (!value.is_object()) return Fail("type", messages::Type(field));
  const Json* filename = FindMember(value, "filename");
  const Json* content = FindMember(value, "content_base64");
  if (!filename || !filename->is_string() || !IsPlausibleFilename(filename->get_ref<const std::string&>()) ||
      !content || !content->is_string()) {
    return Fail("invalid_file", messages::InvalidFile(field));
  }
  const std::int64_t max_bytes = field.max_bytes > 0 ? field.max_bytes : kDefaultMaxFileBytes;
  const auto bytes =
      DecodeBase64(content->get_ref<const std::string&>(), static_cast<std::size_t>(max_bytes));
  if (!bytes) {
    if (bytes.error() == Base64Error::kTooLarge)
      return Fail("file_too_large", messages::FileTooLarge(field, max_bytes));
    return Fail("invalid_file", messages::InvalidFile(field));
  }
  if (bytes->empty()) return Fail("invalid_file", messages::InvalidFile(field));
  const auto content_type = SniffContentType(*bytes);
  if (!content_type || !AcceptsContentType(field.accept, *content_type)) {
    return Fail("file_type", messages::FileType(field));
  }
  return Json{{"filename", *filename}, {"content_type", *content_type}, {"content_base64", *content}};
}

Checked CheckValue(const Field& field, const Json& value, const std::string& today) {
  switch (field.type) {
    case FieldType::kNumber:
      return CheckNumber(field, value);
    case FieldType::kMoney:
      return CheckMoney(field, value);
    case FieldType::kSelect:
    case FieldType::kRadio:
      return CheckOption(field, value);
    case FieldType::kCheckbox:
      return CheckCheckbox(field, value);
    case FieldType::kYesNo:
      if (!value.is_boolean()) return Fail("type", messages::Type(field));
      return value;
    case FieldType::kFile:
      return CheckFile(field, value);
    default:
      return CheckString(field, value, today);
  }
}

// Walks fields of a definition against the data, collecting errors and the cleaned answers.
class Validator final {
 public:
  Validator(const Json& data, const logic::Context& context) : data_(data), context_(context) {}

  bool Visible(const std::optional<RuleSource>& visible_if) {
    // A visibility rule that fails at runtime shows the field: better asked than lost.
    return !visible_if || Test(*visible_if, true);
  }

  // Validates `fields` against `object` (an object, or null for "nothing answered") and adds the
  // answers to `cleaned`. Returns how many keys of `object` belong to one of the fields.
  std::size_t ValidateFields(const std::vector<Field>& fields, const Json& object, Json& cleaned) {
    std::size_t known = 0;
    for (const auto& field : fields) {
      const Json* value = FindMember(object, field.id);
      known += value != nullptr;
      const std::size_t path_size = EnterMember(field.id);
      ValidateField(field, value, cleaned);
      path_.resize(path_size);
    }
    return known;
  }

  // Reports keys of `object` that none of `field_lists` declares.
  void ReportUnknownKeys(const Json& object, const std::vector<const std::vector<Field>*>& field_lists) {
    for (const auto& [key, value] : object.items()) {
      bool found = false;
      for (const auto* fields : field_lists) found = found || HasField(*fields, key);
      if (found) continue;
      const std::size_t path_size = EnterMember(key);
      AddError("unknown_field", messages::UnknownField());
      path_.resize(path_size);
    }
  }

  std::vector<FieldError> TakeErrors() { return std::move(errors_); }

 private:
  std::size_t EnterMember(const std::string& id) {
    const std::size_t size = path_.size();
    if (!path_.empty()) path_ += '.';
    path_ += id;
    return size;
  }

  void AddError(const char* code, std::string message) {
    errors_.push_back({path_, code, std::move(message)});
  }

  void ValidateField(const Field& field, const Json* value, Json& cleaned) {
    if (!Visible(field.visible_if)) return;
    const bool required = field.required || (field.required_if && Test(*field.required_if, true));
    const std::size_t errors_before = errors_.size();
    Json answer;
    switch (field.type) {
      case FieldType::kGroup:
        answer = ValidateGroup(field, field.fields, value, required);
        break;
      case FieldType::kAddress:
        answer = ValidateGroup(field, field.fields.empty() ? AddressFields() : field.fields, value, required);
        break;
      case FieldType::kRepeat:
        answer = ValidateRepeat(field, value, required);
        break;
      default:
        answer = ValidateScalar(field, value, required);
        break;
    }
    if (errors_.size() != errors_before || answer.is_null()) return;
    if (CheckRules(field)) cleaned[field.id] = std::move(answer);
  }

  // Returns the cleaned answer, or null when there is none (empty or invalid).
  Json ValidateScalar(const Field& field, const Json* value, bool required) {
    if (value == nullptr || IsEmptyValue(*value)) {
      if (required) AddError("required", messages::Required(field));
      return nullptr;
    }
    auto checked = CheckValue(field, *value, Today());
    if (!checked) {
      AddError(checked.error().code, std::move(checked.error().message));
      return nullptr;
    }
    return std::move(*checked);
  }

  // A group or address nobody started is one `required` error (or nothing when optional); once
  // started, its children are checked, so required children are "required if the group is used".
  Json ValidateGroup(const Field& field, const std::vector<Field>& children, const Json* value,
                     bool required) {
    if (value == nullptr || IsEmptyValue(*value)) {
      if (required) AddError("required", messages::Required(field));
      return nullptr;
    }
    if (!value->is_object()) {
      AddError("type", messages::Type(field));
      return nullptr;
    }
    Json cleaned = Json::object();
    const std::size_t known = ValidateFields(children, *value, cleaned);
    if (known != value->size()) ReportUnknownKeys(*value, {&children});
    if (cleaned.empty()) return nullptr;
    return cleaned;
  }

  Json ValidateRepeat(const Field& field, const Json* value, bool required) {
    const bool empty = value == nullptr || IsEmptyValue(*value);
    if (!empty && !value->is_array()) {
      AddError("type", messages::Type(field));
      return nullptr;
    }
    const std::size_t count = empty ? 0 : value->size();
    if (field.max_items > 0 && count > static_cast<std::size_t>(field.max_items)) {
      AddError("too_many_items", messages::TooManyItems(field, field.max_items));
      return nullptr;
    }
    if (count == 0 && required) {
      AddError("required", messages::Required(field));
      return nullptr;
    }
    if (count < static_cast<std::size_t>(std::max<std::int64_t>(field.min_items, 0))) {
      AddError("too_few_items", messages::TooFewItems(field, field.min_items));
      return nullptr;
    }
    if (count == 0) return nullptr;
    Json entries = Json::array();
    for (std::size_t i = 0; i < count; ++i) entries.push_back(ValidateEntry(field, (*value)[i], i));
    return entries;
  }

  Json ValidateEntry(const Field& repeat, const Json& entry, std::size_t index) {
    const std::size_t path_size = path_.size();
    path_ += '[' + std::to_string(index) + ']';
    Json cleaned = Json::object();
    if (!entry.is_object()) {
      AddError("type", messages::EntryType(repeat));
    } else {
      items_.push_back(&entry);
      const std::size_t known = ValidateFields(repeat.fields, entry, cleaned);
      items_.pop_back();
      if (known != entry.size()) ReportUnknownKeys(entry, {&repeat.fields});
    }
    path_.resize(path_size);
    return cleaned;
  }

  // Custom rules of a field whose own answer passed; false (and an error) at the first failure.
  bool CheckRules(const Field& field) {
    for (const auto& rule : field.validation.rules) {
      if (!Test(rule.check, false)) {
        AddError("rule", rule.message);
        return false;
      }
    }
    return true;
  }

  // Truthiness of a rule in the current scope; `on_error` when evaluation fails.
  bool Test(const RuleSource& rule, bool on_error) {
    try {
      const auto result = rule.rule.Evaluate(Scope(), context_);
      return result ? logic::Truthy(*result) : on_error;
    } catch (const std::exception&) {  // the engine promises not to throw; a defect must not crash us
      return on_error;
    }
  }

  // The data rules see: the submitted data, plus "item" inside a repeatable group. The copy of
  // the data is made once per validation, and only when a rule inside a repeat is evaluated.
  const Json& Scope() {
    if (items_.empty()) return data_;
    if (!scope_ready_) {
      scope_ = data_;
      scope_ready_ = true;
    }
    if (scope_item_ != items_.back()) {
      scope_["item"] = *items_.back();
      scope_item_ = items_.back();
    }
    return scope_;
  }

  const std::string& Today() {
    if (today_.empty()) today_ = context_.today.empty() ? SystemTodayUtc() : context_.today;
    return today_;
  }

  const Json& data_;
  const logic::Context& context_;
  std::string path_;
  std::vector<FieldError> errors_;
  std::vector<const Json*> items_;  // entries of the repeats we are inside, innermost last
  Json scope_;
  bool scope_ready_ = false;
  const Json* scope_item_ = nullptr;
  std::string today_;
};

std::vector<FieldError> SingleError(const char* code, std::string message) {
  return {FieldError{"", code, std::move(message)}};
}

}  // namespace

tl::expected<ValidatedApplication, std::vector<FieldError>> ValidateSubmission(
    const Definition& definition, const Json& data, const logic::Context& context) {
  if (!data.is_object()) return tl::unexpected(SingleError("type", messages::NotAnObject()));
  if (!WithinLimits(data)) return tl::unexpected(SingleError("too_large", messages::DataTooLarge()));
  Validator validator(data, context);
  ValidatedApplication application;
  application.data = Json::object();
  std::size_t known = 0;
  std::vector<const std::vector<Field>*> all_fields;
  for (const auto& page : definition.pages) {
    all_fields.push_back(&page.fields);
    if (validator.Visible(page.visible_if)) {
      known += validator.ValidateFields(page.fields, data, application.data);
    } else {
      for (const auto& field : page.fields) known += data.contains(field.id);
    }
  }
  if (known != data.size()) validator.ReportUnknownKeys(data, all_fields);
  auto errors = validator.TakeErrors();
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  auto fee = ComputeFeeCents(definition, application.data, context);
  if (fee) {
    application.fee_cents = *fee;
  } else {
    application.fee_cents = -1;
    application.fee_error = std::move(fee.error());
  }
  return application;
}

std::vector<FieldError> ValidatePage(const Definition& definition, const Page& page, const Json& data,
                                     const logic::Context& context) {
  if (!data.is_object()) return SingleError("type", messages::NotAnObject());
  if (!WithinLimits(data)) return SingleError("too_large", messages::DataTooLarge());
  Validator validator(data, context);
  if (!validator.Visible(page.visible_if)) return {};
  Json cleaned = Json::object();
  validator.ValidateFields(page.fields, data, cleaned);
  return validator.TakeErrors();
}

}  // namespace amtsweg::process
