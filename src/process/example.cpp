// Example answers (see example.h). Each field has a list of candidate values, best first; the
// first round uses candidate 0 everywhere, and each failing field moves on to its next candidate
// until ValidateSubmission accepts the whole.

#include "process/example.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string_view>

#include "process/fields.h"
#include "process/validate.h"

namespace amtsweg::process {
namespace {

constexpr int kMaxRounds = 64;

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// A minimal PDF with a correct cross-reference table.
std::string TinyPdf() {
  const char* objects[] = {
      "<</Type/Catalog/Pages 2 0 R>>",
      "<</Type/Pages/Kids[3 0 R]/Count 1>>",
      "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
  };
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (int i = 0; i < 3; ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 4\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    pdf += line;
  }
  pdf += "trailer\n<</Size 4/Root 1 0 R>>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// 1x1 images (base64).
constexpr const char* kPngBase64 =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
constexpr const char* kGifBase64 = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";

Json ExampleFile(const Field& field) {
  struct Candidate {
    const char* type;
    const char* filename;
    std::string base64;
  };
  const Candidate candidates[] = {
      {"application/pdf", "beispiel.pdf", EncodeBase64(TinyPdf())},
      {"image/png", "beispiel.png", kPngBase64},
      {"image/gif", "beispiel.gif", kGifBase64},
      {"image/jpeg", "beispiel.jpg",
       EncodeBase64(std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xFF\xD9", 22))},
  };
  for (const auto& c : candidates) {
    if (AcceptsContentType(field.accept, c.type)) {
      return Json{{"filename", c.filename}, {"content_type", c.type}, {"content_base64", c.base64}};
    }
  }
  return nullptr;
}

// --- Strings from simple patterns: literals, classes, \d \w \s, groups (first alternative),
// quantifiers. Lookarounds, back-references and negated classes are not generated. ------------

struct PatternWriter {
  int digit = 0;

  std::string NextDigit() { return std::string(1, static_cast<char>('1' + (digit++ % 9))); }

  // One character matching the class body (between '[' and ']').
  std::optional<std::string> ClassChar(std::string_view body) {
    if (body.empty() || body[0] == '^') return std::nullopt;
    if (body.size() >= 3 && body[1] == '-') {
      if (body[0] == '0' && body[2] == '9') return NextDigit();
      return std::string(1, body[0]);
    }
    if (body[0] == '\\' && body.size() >= 2) return body[1] == 'd' ? NextDigit() : std::string(1, body[1]);
    return std::string(1, body[0]);
  }

  // Index after the construct that starts at `i` ('[' or '('), or npos.
  static std::size_t SkipConstruct(std::string_view pattern, std::size_t i) {
    if (pattern[i] == '[') {
      const std::size_t close = pattern.find(']', i + 2);
      return close == std::string_view::npos ? close : close + 1;
    }
    int depth = 0;
    for (std::size_t k = i; k < pattern.size(); ++k) {
      if (pattern[k] == '\\') {
        ++k;
      } else if (pattern[k] == '[') {
        k = SkipConstruct(pattern, k);
        if (k == std::string_view::npos) return k;
        --k;
      } else if (pattern[k] == '(') {
        ++depth;
      } else if (pattern[k] == ')' && --depth == 0) {
        return k + 1;
      }
    }
    return std::string_view::npos;
  }

  // The first top-level alternative of `pattern`.
  static std::string_view FirstAlternative(std::string_view pattern) {
    for (std::size_t k = 0; k < pattern.size(); ++k) {
      if (pattern[k] == '\\') {
        ++k;
      } else if (pattern[k] == '[' || pattern[k] == '(') {
        k = SkipConstruct(pattern, k);
        if (k == std::string_view::npos) return pattern;
        --k;
      } else if (pattern[k] == '|') {
        return pattern.substr(0, k);
      }
    }
    return pattern;
  }

  std::optional<std::string> Atom(std::string_view pattern, std::size_t& i) {
    const char c = pattern[i];
    if (c == '[' || c == '(') {
      const std::size_t next = SkipConstruct(pattern, i);
      if (next == std::string_view::npos) return std::nullopt;
      std::string_view inner = pattern.substr(i + 1, next - i - 2);
      i = next;
      if (c == '[') return ClassChar(inner);
      if (inner.starts_with("?:")) {
        inner.remove_prefix(2);
      } else if (inner.starts_with("?")) {
        return std::nullopt;  // lookaround
      }
      return Generate(inner);
    }
    if (c == '\\' && i + 1 < pattern.size()) {
      const char e = pattern[i + 1];
      i += 2;
      if (e == 'd') return NextDigit();
      if (e >= '1' && e <= '9') return std::nullopt;  // back-reference
      return std::string(1, e == 'w' ? 'a' : e == 's' ? ' ' : e);
    }
    ++i;
    return std::string(1, c == '.' ? 'x' : c);
  }

  // How often to repeat the atom before `i`: the minimum of a quantifier, at least once.
  static std::optional<int> Count(std::string_view pattern, std::size_t& i) {
    if (i >= pattern.size()) return 1;
    if (pattern[i] == '+' || pattern[i] == '*' || pattern[i] == '?') {
      ++i;
      return 1;
    }
    if (pattern[i] != '{') return 1;
    const std::size_t close = pattern.find('}', i);
    if (close == std::string_view::npos) return std::nullopt;
    const int count = std::atoi(std::string(pattern.substr(i + 1, close - i - 1)).c_str());
    i = close + 1;
    if (count > 1000) return std::nullopt;
    return std::max(count, 1);
  }

  std::optional<std::string> Generate(std::string_view pattern) {
    pattern = FirstAlternative(pattern);
    if (pattern.starts_with('^')) pattern.remove_prefix(1);
    if (pattern.ends_with('$') && !pattern.ends_with("\\$")) pattern.remove_suffix(1);
    std::string out;
    std::size_t i = 0;
    while (i < pattern.size()) {
      const std::size_t atom_start = i;
      auto atom = Atom(pattern, i);
      if (!atom) return std::nullopt;
      const std::size_t atom_end = i;
      const auto count = Count(pattern, i);
      if (!count) return std::nullopt;
      out += *atom;
      for (int k = 1; k < *count; ++k) {
        std::size_t again = atom_start;  // regenerate, so "\d{5}" gives "12345", not "11111"
        auto repeated = Atom(pattern.substr(0, atom_end), again);
        if (!repeated) return std::nullopt;
        out += *repeated;
      }
      if (out.size() > 10'000) return std::nullopt;
    }
    return out;
  }
};

std::optional<std::string> StringForPattern(const std::string& pattern) {
  PatternWriter writer;
  auto text = writer.Generate(pattern);
  if (!text || MatchPattern(pattern, *text) != PatternResult::kMatch) return std::nullopt;
  return text;
}

// --- Candidates per field type. ----------------------------------------------------------------

std::string TextForId(const Field& field) {
  std::string id = field.id;
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
  if (Contains(id, "vorname")) return "Erika";
  if (Contains(id, "nachname") || Contains(id, "familienname") || Contains(id, "geburtsname"))
    return "Mustermann";
  if (Contains(id, "strasse") || Contains(id, "straße")) return "Musterstraße";
  if (Contains(id, "hausnummer")) return "1";
  if (Contains(id, "plz") || Contains(id, "postleitzahl")) return "70173";
  if (id == "ort" || Contains(id, "wohnort") || Contains(id, "geburtsort") || Contains(id, "stadt")) {
    return "Stuttgart";
  }
  if (id == "land" || Contains(id, "staatsangehoerigkeit")) return "Deutschland";
  if (Contains(id, "name")) return "Erika Mustermann";
  return field.type == FieldType::kMultiline ? "Dies ist ein Beispieltext." : "Beispiel";
}

// Pads or cuts a candidate to the field's length limits (code points).
std::string FitLength(const Field& field, std::string text) {
  const auto& v = field.validation;
  if (v.max_length && Utf8Length(text) > *v.max_length) {
    std::string cut;
    std::int64_t points = 0;
    for (char c : text) {
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && ++points > *v.max_length) break;
      cut.push_back(c);
    }
    text = std::move(cut);
  }
  if (v.min_length && *v.min_length <= 1000) {
    while (Utf8Length(text) < *v.min_length) text.push_back('x');
  }
  return text;
}

std::vector<Json> TextCandidates(const Field& field) {
  std::vector<Json> out;
  if (field.validation.pattern) {
    if (auto text = StringForPattern(*field.validation.pattern)) out.emplace_back(*text);
  }
  for (const char* text : {"", "Beispiel", "12345", "A", "Beispieltext mit mehreren Wörtern"}) {
    out.emplace_back(FitLength(field, *text ? std::string(text) : TextForId(field)));
  }
  return out;
}

std::vector<Json> NumberCandidates(const Field& field, double preferred) {
  const auto& v = field.validation;
  const double lo = v.min.value_or(-1e12);
  const double hi = v.max.value_or(1e12);
  std::vector<Json> out;
  for (double n : {preferred, std::ceil(lo), std::floor(hi), lo, hi, 0.0, 1.0, 2.0, 10.0, 100.0}) {
    if (n < lo || n > hi) continue;
    if (field.type == FieldType::kMoney) {
      const auto cents = RoundEurosToCents(n);
      if (!cents || static_cast<double>(*cents) / 100 < lo || static_cast<double>(*cents) / 100 > hi)
        continue;
      n = static_cast<double>(*cents) / 100;
    }
    out.emplace_back(n == std::floor(n) && std::fabs(n) < 1e15 ? Json(static_cast<std::int64_t>(n))
                                                               : Json(n));
  }
  return out;
}

std::vector<Json> DateCandidates(const Field& field, const std::string& today_text) {
  const Date today = ParseIsoDate(today_text).value_or(Date{2026, 1, 1});
  const auto min =
      field.validation.min_date ? ResolveDateBound(*field.validation.min_date, today_text) : std::nullopt;
  const auto max =
      field.validation.max_date ? ResolveDateBound(*field.validation.max_date, today_text) : std::nullopt;
  const std::string id_and_label = field.id + " " + field.label;
  const bool birth_like = Contains(id_and_label, "geburt") || Contains(id_and_label, "Geburt");
  std::vector<Date> dates{birth_like ? AddYears(today, -30) : today};
  if (min) dates.push_back(*min);
  if (max) dates.push_back(*max);
  for (int years : {-30, -1, 1, -80}) dates.push_back(AddYears(today, years));
  std::vector<Json> out;
  for (const auto& date : dates) {
    if ((min && date < *min) || (max && date > *max)) continue;
    out.emplace_back(FormatIsoDate(date));
  }
  return out;
}

std::vector<Json> OptionCandidates(const Field& field) {
  std::vector<Json> out;
  if (field.type == FieldType::kCheckbox) {
    for (const auto& option : field.options) out.push_back(Json::array({option.value}));
    if (!field.options.empty()) {
      Json all = Json::array();
      for (const auto& option : field.options) all.push_back(option.value);
      out.push_back(std::move(all));
    }
    return out;
  }
  for (const auto& option : field.options) out.emplace_back(option.value);
  return out;
}

Json ExampleValue(const Field& field, std::size_t attempt, const std::string& today);

Json ExampleObject(const std::vector<Field>& fields, const std::string& today) {
  Json object = Json::object();
  for (const auto& child : fields) {
    Json value = ExampleValue(child, 0, today);
    if (!value.is_null()) object[child.id] = std::move(value);
  }
  return object;
}

std::vector<Json> RepeatCandidates(const Field& field, const std::string& today) {
  const std::int64_t preferred = std::max<std::int64_t>(field.min_items, 1);
  std::vector<Json> out;
  for (std::int64_t count : {preferred, field.min_items, preferred + 1}) {
    if (count < 0 || (field.max_items > 0 && count > field.max_items) || count > 100) continue;
    Json entries = Json::array();
    for (std::int64_t i = 0; i < count; ++i) entries.push_back(ExampleObject(field.fields, today));
    out.push_back(std::move(entries));
  }
  return out;
}

std::vector<Json> Candidates(const Field& field, const std::string& today) {
  switch (field.type) {
    case FieldType::kText:
    case FieldType::kMultiline:
      return TextCandidates(field);
    case FieldType::kNumber:
      return NumberCandidates(field, 1);
    case FieldType::kMoney:
      return NumberCandidates(field, 12.5);
    case FieldType::kDate:
      return DateCandidates(field, today);
    case FieldType::kEmail:
      return {"erika.mustermann@example.org"};
    case FieldType::kPhone:
      return {"+49 711 123456"};
    case FieldType::kIban:
      return {"DE89370400440532013000"};
    case FieldType::kPostalCode:
      return {"70173"};
    case FieldType::kSelect:
    case FieldType::kRadio:
    case FieldType::kCheckbox:
      return OptionCandidates(field);
    case FieldType::kYesNo:
      return {false, true};
    case FieldType::kFile:
      return {ExampleFile(field)};
    case FieldType::kAddress:
      if (!field.fields.empty()) return {ExampleObject(field.fields, today)};
      return {Json{{"strasse", "Musterstraße"}, {"hausnummer", "1"}, {"plz", "70173"}, {"ort", "Stuttgart"}}};
    case FieldType::kGroup:
      return {ExampleObject(field.fields, today)};
    case FieldType::kRepeat:
      return RepeatCandidates(field, today);
  }
  return {};
}

// Candidate `attempt` of the field; null when the candidates are used up.
Json ExampleValue(const Field& field, std::size_t attempt, const std::string& today) {
  auto candidates = Candidates(field, today);
  return attempt < candidates.size() ? std::move(candidates[attempt]) : Json();
}

// --- Mapping an error path ("hunde[1].rasse") back to its field and its place in the data. ----

struct Location {
  const Field* field;
  Json* value;
};

const Field* FindField(const std::vector<const std::vector<Field>*>& lists, std::string_view id) {
  for (const auto* fields : lists) {
    for (const auto& field : *fields) {
      if (field.id == id) return &field;
    }
  }
  return nullptr;
}

std::optional<Location> Locate(const Definition& definition, Json& data, std::string_view path) {
  std::vector<const std::vector<Field>*> lists;
  for (const auto& page : definition.pages) lists.push_back(&page.fields);
  const Field* field = nullptr;
  Json* value = &data;
  while (!path.empty()) {
    const std::size_t end = std::min(path.find_first_of(".["), path.size());
    field = FindField(lists, path.substr(0, end));
    if (!field || !value->is_object()) return std::nullopt;
    value = &(*value)[std::string(path.substr(0, end))];
    path.remove_prefix(end);
    if (!path.empty() && path[0] == '[') {
      const std::size_t close = path.find(']');
      if (close == std::string_view::npos || !value->is_array()) return std::nullopt;
      const std::size_t index = std::strtoul(std::string(path.substr(1, close - 1)).c_str(), nullptr, 10);
      if (index >= value->size()) return std::nullopt;
      value = &(*value)[index];
      path.remove_prefix(close + 1);
      if (path.empty()) return std::nullopt;  // an entry itself: nothing to choose
    }
    if (!path.empty() && path[0] == '.') path.remove_prefix(1);
    lists = {&field->fields};
  }
  if (!field) return std::nullopt;
  return Location{field, value};
}

}  // namespace

Json ExampleData(const Definition& definition, const logic::Context& context) {
  const std::string today = context.today.empty() ? SystemTodayUtc() : context.today;
  Json data = Json::object();
  for (const auto& page : definition.pages) {
    for (const auto& field : page.fields) {
      Json value = ExampleValue(field, 0, today);
      if (!value.is_null()) data[field.id] = std::move(value);
    }
  }
  std::map<std::string, std::size_t> attempts;  // per error path: candidate in use
  for (int round = 0; round < kMaxRounds; ++round) {
    auto result = ValidateSubmission(definition, data, context);
    if (result) return std::move(result->data);
    bool changed = false;
    for (const auto& error : result.error()) {
      const auto location = Locate(definition, data, error.field);
      if (!location) continue;
      const std::size_t attempt = ++attempts[error.field];
      *location->value = ExampleValue(*location->field, attempt, today);
      changed = true;
    }
    if (!changed) break;
  }
  return data;
}

}  // namespace amtsweg::process
