// Reading a posted form page (see form_input.h). A Reader walks the page's fields (never the
// posted names, so the work is bounded by the definition and the repeat limits) and looks each
// input name up in an index of the posted fields.

#include "web/form_input.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <tuple>

#include "process/fee.h"
#include "process/fields.h"
#include "process/validate_messages.h"
#include "web/form_view.h"

namespace amtsweg::web {
namespace {

using Json = nlohmann::json;
using process::Field;
using process::FieldType;

constexpr std::size_t kMaxNumberLength = 40;
constexpr std::size_t kMaxEntries = 100;  // repeat entries read when the definition gives no limit
constexpr std::int64_t kDefaultMaxFileBytes = 10 * 1024 * 1024;
constexpr std::size_t kMaxFilenameBytes = 255;
constexpr int kMaxPrunePasses = 8;

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "1.234.567" with groups of three after a first group of 1..3 digits not starting with 0.
bool IsThousandsGrouped(std::string_view text) {
  const std::size_t first = text.find('.');
  if (first == std::string_view::npos || first == 0 || first > 3 || text[0] == '0') return false;
  if (!AllDigits(text.substr(0, first))) return false;
  for (std::size_t pos = first; pos < text.size(); pos += 4) {
    if (text[pos] != '.' || pos + 4 > text.size() || !AllDigits(text.substr(pos + 1, 3))) return false;
  }
  return true;
}

std::string WithoutDots(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c != '.') out += c;
  }
  return out;
}

// Splits a number into its integer and fraction digits (no sign); false when malformed.
bool SplitNumber(std::string_view text, std::string& integer, std::string& fraction) {
  const std::size_t comma = text.find(',');
  if (comma != std::string_view::npos) {
    std::string_view left = text.substr(0, comma);
    fraction = std::string(text.substr(comma + 1));
    if (!AllDigits(fraction)) return false;
    if (left.find('.') != std::string_view::npos) {
      if (!IsThousandsGrouped(left)) return false;
      integer = WithoutDots(left);
    } else {
      integer = std::string(left);
    }
    return integer.empty() || AllDigits(integer);
  }
  if (std::count(text.begin(), text.end(), '.') == 0) {
    integer = std::string(text);
    fraction.clear();
    return AllDigits(integer);
  }
  if (IsThousandsGrouped(text)) {
    integer = WithoutDots(text);
    fraction.clear();
    return true;
  }
  const std::size_t dot = text.find('.');
  if (text.find('.', dot + 1) != std::string_view::npos) return false;
  integer = std::string(text.substr(0, dot));
  fraction = std::string(text.substr(dot + 1));
  return (integer.empty() || AllDigits(integer)) && AllDigits(fraction);
}

struct ParsedNumber {
  double value = 0;
  std::size_t decimals = 0;  // significant fraction digits (trailing zeros removed)
};

std::optional<ParsedNumber> ParseNumber(std::string_view text) {
  text = process::TrimWhitespace(text);
  if (text.empty() || text.size() > kMaxNumberLength) return std::nullopt;
  bool negative = false;
  if (text.front() == '-' || text.front() == '+') {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  std::string integer, fraction;
  if (text.empty() || !SplitNumber(text, integer, fraction)) return std::nullopt;
  if (integer.empty() && fraction.empty()) return std::nullopt;
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  const std::string canonical = (integer.empty() ? "0" : integer) + (fraction.empty() ? "" : "." + fraction);
  double value = 0;
  const auto [end, error] = std::from_chars(canonical.data(), canonical.data() + canonical.size(), value);
  if (error != std::errc() || end != canonical.data() + canonical.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return ParsedNumber{negative ? -value : value, fraction.size()};
}

// An integer JSON number when the value is whole (as the API's examples store them).
Json NumberJson(double value) {
  if (std::trunc(value) == value && std::fabs(value) < 9e15) return Json(static_cast<std::int64_t>(value));
  return Json(value);
}

std::string Quoted(const Field& field) { return "„" + (field.label.empty() ? field.id : field.label) + "“"; }

std::string MegabytesText(std::int64_t bytes) {
  const double megabytes = std::round(static_cast<double>(bytes) / (1024.0 * 1024.0) * 10) / 10;
  return process::FormatGermanNumber(megabytes) + " MB";
}

// A browser's filename reduced to its last path element, without control characters, at most
// kMaxFilenameBytes (cut at a UTF-8 boundary).
std::string CleanFilename(std::string_view raw) {
  if (const std::size_t slash = raw.find_last_of("/\\"); slash != std::string_view::npos) {
    raw = raw.substr(slash + 1);
  }
  std::string name;
  for (const char c : raw) {
    const auto byte = static_cast<unsigned char>(c);
    name += byte < 0x20 || byte == 0x7F ? '_' : c;
  }
  if (name.size() > kMaxFilenameBytes) {
    std::size_t cut = kMaxFilenameBytes;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    name.resize(cut);
  }
  if (process::TrimWhitespace(name).empty()) name = "datei";
  return name;
}

const Json* Member(const Json* object, const std::string& key) {
  if (object == nullptr || !object->is_object()) return nullptr;
  const auto it = object->find(key);
  return it == object->end() ? nullptr : &*it;
}

struct PathSegment {
  std::string id;
  std::optional<std::size_t> index;
};

// "a[0].b" -> {a, 0}, {b}; nullopt when malformed.
std::optional<std::vector<PathSegment>> ParsePath(std::string_view path) {
  std::vector<PathSegment> segments;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    const std::size_t end = path.find_first_of(".[", pos);
    PathSegment segment{std::string(path.substr(pos, end - pos)), std::nullopt};
    if (segment.id.empty()) return std::nullopt;
    pos = end;
    if (pos != std::string_view::npos && path[pos] == '[') {
      const std::size_t close = path.find(']', pos);
      if (close == std::string_view::npos || close - pos - 1 > 4) return std::nullopt;
      const std::string_view digits = path.substr(pos + 1, close - pos - 1);
      if (!AllDigits(digits)) return std::nullopt;
      segment.index = static_cast<std::size_t>(std::stoul(std::string(digits)));
      pos = close + 1;
    }
    segments.push_back(std::move(segment));
    if (pos == std::string_view::npos || pos == path.size()) return segments;
    if (path[pos] != '.') return std::nullopt;
    ++pos;
  }
  return std::nullopt;
}

class Reader final {
 public:
  Reader(const http::FormFields& fields, const std::vector<http::MultipartPart>* files) {
    for (const auto& [name, value] : fields) values_[name].push_back(value);
    if (files != nullptr) {
      for (const auto& part : *files) {
        if (part.has_filename && !part.filename.empty() && !part.data.empty() && !uploads_.count(part.name)) {
          uploads_.emplace(part.name, &part);
        }
      }
    }
  }

  const std::string* First(const std::string& name) const {
    const auto it = values_.find(name);
    return it == values_.end() || it->second.empty() ? nullptr : &it->second.front();
  }

  // Reads the fields under `prefix` into `object` (set or erased), the old answers in `old`.
  void ReadFields(const std::vector<Field>& fields, const Json* old, const std::string& prefix,
                  Json& object) {
    for (const auto& field : fields) {
      const std::string name = prefix.empty() ? field.id : prefix + "." + field.id;
      std::optional<Json> value = ReadField(field, Member(old, field.id), name);
      if (value) {
        object[field.id] = std::move(*value);
      } else if (object.is_object()) {
        object.erase(field.id);
      }
    }
  }

  std::vector<process::FieldError> TakeErrors() { return std::move(errors_); }

 private:
  std::optional<Json> ReadField(const Field& field, const Json* old, const std::string& name) {
    switch (field.type) {
      case FieldType::kNumber:
      case FieldType::kMoney:
        return ReadNumber(field, name);
      case FieldType::kDate:
        return ReadDate(field, name);
      case FieldType::kSelect:
      case FieldType::kRadio:
        if (const std::string* value = First(name); value && !value->empty()) return Json(*value);
        return std::nullopt;
      case FieldType::kCheckbox:
        return ReadCheckbox(name);
      case FieldType::kYesNo:
        if (const std::string* value = First(name); value && (*value == "ja" || *value == "nein")) {
          return Json(*value == "ja");
        }
        return std::nullopt;
      case FieldType::kFile:
        return ReadFile(field, old, name);
      case FieldType::kGroup:
      case FieldType::kAddress: {
        Json object = Json::object();
        ReadFields(field.fields, old, name, object);
        if (object.empty()) return std::nullopt;
        return object;
      }
      case FieldType::kRepeat:
        return ReadRepeat(field, old, name);
      default:
        return ReadText(field, name);
    }
  }

  std::optional<Json> ReadText(const Field& field, const std::string& name) const {
    const std::string* value = First(name);
    if (value == nullptr || process::TrimWhitespace(*value).empty()) return std::nullopt;
    if (field.type != FieldType::kMultiline) return Json(*value);
    std::string text;
    for (std::size_t i = 0; i < value->size(); ++i) {
      if ((*value)[i] == '\r' && i + 1 < value->size() && (*value)[i + 1] == '\n') continue;
      text += (*value)[i];
    }
    return Json(std::move(text));
  }

  std::optional<Json> ReadNumber(const Field& field, const std::string& name) {
    const std::string* value = First(name);
    if (value == nullptr || process::TrimWhitespace(*value).empty()) return std::nullopt;
    const auto parsed = ParseNumber(*value);
    if (field.type == FieldType::kMoney) {
      if (parsed && parsed->decimals <= 2) return NumberJson(parsed->value);
      AddError(name, "invalid_money",
               "Geben Sie bei " + Quoted(field) +
                   " einen Betrag in Euro mit höchstens zwei Nachkommastellen ein, zum Beispiel 12,50.");
    } else {
      if (parsed) return NumberJson(parsed->value);
      AddError(name, "invalid_number",
               "Geben Sie bei " + Quoted(field) + " eine Zahl ein, zum Beispiel 3 oder 2,5.");
    }
    return Json(*value);
  }

  std::optional<Json> ReadDate(const Field& field, const std::string& name) {
    const char* keys[] = {"tag", "monat", "jahr"};
    std::string parts[3];
    bool any = false, all = true;
    for (int i = 0; i < 3; ++i) {
      if (const std::string* value = First(name + "." + keys[i])) parts[i] = process::TrimWhitespace(*value);
      any = any || !parts[i].empty();
      all = all && !parts[i].empty();
    }
    if (!any) return std::nullopt;
    if (auto iso = DateFromParts(parts[0], parts[1], parts[2])) return Json(std::move(*iso));
    std::string message;
    if (!all) {
      message = "Geben Sie bei " + Quoted(field) + " Tag, Monat und Jahr an, zum Beispiel 27 3 2007.";
    } else if (AllDigits(parts[2]) && parts[2].size() != 4) {
      message = "Geben Sie bei " + Quoted(field) + " das Jahr mit vier Ziffern an, zum Beispiel 2007.";
    } else {
      message = "Geben Sie bei " + Quoted(field) + " ein gültiges Datum ein, zum Beispiel 27 3 2007.";
    }
    AddError(name, "invalid_date", std::move(message));
    return Json{{"tag", parts[0]}, {"monat", parts[1]}, {"jahr", parts[2]}};
  }

  std::optional<Json> ReadCheckbox(const std::string& name) const {
    const auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    Json values = Json::array();
    for (const auto& value : it->second) {
      if (!value.empty() && std::find(values.begin(), values.end(), value) == values.end())
        values.push_back(value);
    }
    if (values.empty()) return std::nullopt;
    return values;
  }

  std::optional<Json> ReadFile(const Field& field, const Json* old, const std::string& name) {
    if (const auto upload = uploads_.find(name); upload != uploads_.end()) {
      const http::MultipartPart& part = *upload->second;
      const std::int64_t max_bytes = field.max_bytes > 0 ? field.max_bytes : kDefaultMaxFileBytes;
      const auto sniffed = process::SniffContentType(part.data);
      if (static_cast<std::int64_t>(part.data.size()) > max_bytes) {
        AddError(name, "file_too_large",
                 "Die Datei „" + CleanFilename(part.filename) + "“ ist zu groß. Laden Sie bei " +
                     Quoted(field) + " eine Datei mit höchstens " + MegabytesText(max_bytes) + " hoch.");
      } else if (!sniffed || !process::AcceptsContentType(field.accept, *sniffed)) {
        // Judged by the content, not the name: a text file named .pdf is refused here and never
        // stored, so the page does not show it as uploaded; a file kept before stays.
        AddError(name, "file_type",
                 "Die Datei „" + CleanFilename(part.filename) + "“ hat nicht das richtige Format. " +
                     process::messages::FileType(field));
      } else {
        return Json{{"filename", CleanFilename(part.filename)},
                    {"content_type", *sniffed},
                    {"content_base64", process::EncodeBase64(part.data)}};
      }
    }
    if (First(name + ".entfernen") != nullptr) return std::nullopt;
    const std::string* keep = First(name + ".behalten");
    if (keep != nullptr && *keep == "1" && old != nullptr && old->is_object()) return *old;
    return std::nullopt;
  }

  std::optional<Json> ReadRepeat(const Field& field, const Json* old, const std::string& name) {
    const std::size_t limit = field.max_items > 0 ? static_cast<std::size_t>(field.max_items) : kMaxEntries;
    std::size_t count = 0;
    if (const std::string* posted = First(name + ".anzahl");
        posted && AllDigits(*posted) && posted->size() <= 4) {
      count = std::stoul(*posted);
    }
    count = std::min(std::max(count, HighestIndex(name)), limit);
    if (count == 0) return std::nullopt;
    Json entries = Json::array();
    for (std::size_t i = 0; i < count; ++i) {
      const Json* old_entry = old != nullptr && old->is_array() && i < old->size() ? &(*old)[i] : nullptr;
      Json entry = Json::object();
      ReadFields(field.fields, old_entry, name + "[" + std::to_string(i) + "]", entry);
      entries.push_back(std::move(entry));
    }
    return entries;
  }

  // One more than the largest index posted under "<name>[i]" (fields or uploads), at most
  // kMaxEntries; 0 when none.
  std::size_t HighestIndex(const std::string& name) const {
    const std::string prefix = name + "[";
    std::size_t highest = 0;
    auto scan = [&](const auto& index) {
      for (auto it = index.lower_bound(prefix); it != index.end() && it->first.starts_with(prefix); ++it) {
        const std::size_t close = it->first.find(']', prefix.size());
        if (close == std::string::npos || close - prefix.size() > 3) continue;
        const std::string digits = it->first.substr(prefix.size(), close - prefix.size());
        if (AllDigits(digits))
          highest = std::max(highest, std::min<std::size_t>(std::stoul(digits) + 1, kMaxEntries));
      }
    };
    scan(values_);
    scan(uploads_);
    return highest;
  }

  void AddError(const std::string& path, const char* code, std::string message) {
    errors_.push_back({path, code, std::move(message)});
  }

  std::map<std::string, std::vector<std::string>, std::less<>> values_;
  std::map<std::string, const http::MultipartPart*, std::less<>> uploads_;
  std::vector<process::FieldError> errors_;
};

// Removes answers of fields hidden under `data`; returns the paths removed.
void PruneHidden(const std::vector<Field>& fields, Json& object, const std::string& prefix, RuleScope& scope,
                 std::vector<std::string>& removed) {
  if (!object.is_object()) return;
  for (const auto& field : fields) {
    const auto it = object.find(field.id);
    if (it == object.end()) continue;
    const std::string name = prefix.empty() ? field.id : prefix + "." + field.id;
    if (!scope.Visible(field.visible_if)) {
      object.erase(it);
      removed.push_back(name);
      continue;
    }
    if (field.type == FieldType::kGroup || field.type == FieldType::kAddress) {
      PruneHidden(field.fields, *it, name, scope, removed);
    } else if (field.type == FieldType::kRepeat && it->is_array()) {
      for (std::size_t i = 0; i < it->size(); ++i) {
        Json& entry = (*it)[i];
        scope.Enter(entry);
        PruneHidden(field.fields, entry, name + "[" + std::to_string(i) + "]", scope, removed);
        scope.Leave();
      }
    }
  }
}

bool UnderAny(const std::string& path, const std::vector<std::string>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& prefix) {
    return path == prefix ||
           (path.starts_with(prefix) && (path[prefix.size()] == '.' || path[prefix.size()] == '['));
  });
}

// The repeat field and its array in `data` named by `path` (segments of groups and entries).
struct RepeatTarget {
  const Field* field = nullptr;
  Json* array = nullptr;
  std::optional<std::size_t> index;  // the entry, for removal
};

std::optional<RepeatTarget> FindRepeat(const std::vector<Field>& page_fields, Json& data,
                                       std::string_view path) {
  const auto segments = ParsePath(path);
  if (!segments) return std::nullopt;
  const std::vector<Field>* fields = &page_fields;
  Json* object = &data;
  for (std::size_t i = 0; i < segments->size(); ++i) {
    const PathSegment& segment = (*segments)[i];
    const auto field =
        std::find_if(fields->begin(), fields->end(), [&](const Field& f) { return f.id == segment.id; });
    if (field == fields->end() || !object->is_object()) return std::nullopt;
    const bool last = i + 1 == segments->size();
    if (field->type == FieldType::kRepeat) {
      Json& array = (*object)[segment.id];
      if (array.is_null()) array = Json::array();
      if (!array.is_array()) return std::nullopt;
      if (last) return RepeatTarget{&*field, &array, segment.index};
      if (!segment.index || *segment.index >= array.size()) return std::nullopt;
      object = &array[*segment.index];
    } else if (!segment.index && !last &&
               (field->type == FieldType::kGroup || field->type == FieldType::kAddress)) {
      object = &(*object)[segment.id];
      if (object->is_null()) *object = Json::object();
    } else {
      return std::nullopt;
    }
    fields = &field->fields;
  }
  return std::nullopt;
}

// Applies "hinzufuegen:<path>" / "entfernen:<path>[i]"; false when the target is not valid.
bool ApplyRepeatAction(const process::Page& page, FormAction action, const std::string& target, Json& data) {
  Json candidate = data;  // untouched on failure: FindRepeat may create empty containers
  const auto repeat = FindRepeat(page.fields, candidate, target);
  if (!repeat) return false;
  if (action == FormAction::kHinzufuegen) {
    if (repeat->index) return false;
    const auto max_items = repeat->field->max_items;
    const std::size_t limit = max_items > 0 ? static_cast<std::size_t>(max_items) : kMaxEntries;
    if (repeat->array->size() < limit) repeat->array->push_back(Json::object());
  } else {
    if (!repeat->index) return false;
    if (*repeat->index < repeat->array->size()) {
      repeat->array->erase(repeat->array->begin() + static_cast<std::ptrdiff_t>(*repeat->index));
    }
  }
  data = std::move(candidate);
  return true;
}

std::pair<FormAction, std::string> ParseAction(const Reader& reader) {
  const std::string* value = reader.First("aktion");
  if (value == nullptr) return {FormAction::kWeiter, ""};
  if (*value == "zurueck") return {FormAction::kZurueck, ""};
  if (*value == "speichern") return {FormAction::kSpeichern, ""};
  constexpr std::string_view kAdd = "hinzufuegen:", kRemove = "entfernen:";
  if (value->starts_with(kAdd)) return {FormAction::kHinzufuegen, value->substr(kAdd.size())};
  if (value->starts_with(kRemove)) return {FormAction::kEntfernen, value->substr(kRemove.size())};
  return {FormAction::kWeiter, ""};
}

}  // namespace

PageInput ReadPage(const process::Definition& definition, const process::Page& page, const Json& data,
                   const http::FormFields& fields, const std::vector<http::MultipartPart>* files,
                   const logic::Context& context) {
  (void)definition;  // the page carries everything; kept for symmetry with FormPageView
  PageInput input;
  input.data = data.is_object() ? data : Json::object();
  Reader reader(fields, files);
  std::tie(input.action, input.target) = ParseAction(reader);
  reader.ReadFields(page.fields, &input.data, "", input.data);
  input.input_errors = reader.TakeErrors();

  if (input.action == FormAction::kHinzufuegen || input.action == FormAction::kEntfernen) {
    if (!ApplyRepeatAction(page, input.action, input.target, input.data)) {
      input.action = FormAction::kWeiter;
      input.target.clear();
    } else if (input.action == FormAction::kEntfernen) {
      input.input_errors.clear();  // their paths no longer name the same entries
    }
  }

  std::vector<std::string> removed;
  if (!PageVisible(page, input.data, context)) {
    for (const auto& field : page.fields) {
      if (input.data.erase(field.id) != 0) removed.push_back(field.id);
    }
  } else {
    for (int pass = 0; pass < kMaxPrunePasses; ++pass) {
      const std::size_t before = removed.size();
      RuleScope scope(input.data, context);
      PruneHidden(page.fields, input.data, "", scope, removed);
      if (removed.size() == before) break;
    }
  }
  std::erase_if(input.input_errors, [&](const process::FieldError& e) { return UnderAny(e.field, removed); });
  return input;
}

http::FormFields PlainFields(const std::vector<http::MultipartPart>& parts) {
  http::FormFields fields;
  for (const auto& part : parts) {
    if (!part.has_filename) fields.emplace_back(part.name, part.data);
  }
  return fields;
}

std::string_view ActionName(FormAction action) {
  switch (action) {
    case FormAction::kZurueck:
      return "zurueck";
    case FormAction::kSpeichern:
      return "speichern";
    case FormAction::kHinzufuegen:
      return "hinzufuegen";
    case FormAction::kEntfernen:
      return "entfernen";
    case FormAction::kWeiter:
      break;
  }
  return "weiter";
}

std::optional<double> ParseGermanNumber(std::string_view text) {
  const auto parsed = ParseNumber(text);
  if (!parsed) return std::nullopt;
  return parsed->value;
}

std::optional<double> ParseGermanMoney(std::string_view text) {
  const auto parsed = ParseNumber(text);
  if (!parsed || parsed->decimals > 2) return std::nullopt;
  return parsed->value;
}

std::optional<std::string> DateFromParts(std::string_view day, std::string_view month,
                                         std::string_view year) {
  day = process::TrimWhitespace(day);
  month = process::TrimWhitespace(month);
  year = process::TrimWhitespace(year);
  if (!AllDigits(day) || !AllDigits(month) || !AllDigits(year)) return std::nullopt;
  if (day.size() > 2 || month.size() > 2 || year.size() != 4) return std::nullopt;
  const process::Date date{std::stoi(std::string(year)), std::stoi(std::string(month)),
                           std::stoi(std::string(day))};
  const std::string iso = process::FormatIsoDate(date);
  if (!process::ParseIsoDate(iso)) return std::nullopt;
  return iso;
}

}  // namespace amtsweg::web
