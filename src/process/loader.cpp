// Loads standard processes and variants from YAML (see loader.h, docs/process-format.md).
//
// The document is parsed by yaml-cpp, then read key by key through detail::Reader, which records
// a diagnostic for every problem and carries on; the result is a Definition only when nothing
// was reported. Rule references are checked last, against the complete list of fields.

#include "process/loader.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "process/loader_fields.h"
#include "process/loader_yaml.h"
#include "process/references.h"
#include "process/serialize.h"
#include "text/utf8.h"

namespace amtsweg::process {
namespace {

using detail::Entry;
using detail::JoinPath;
using detail::MapView;
using detail::Reader;

constexpr std::array<std::string_view, 17> kStandardKeys = {
    "process", "version",        "leika",       "title",      "summary",     "description",
    "topic",   "audience",       "trust_level", "duration",   "legal_basis", "required_documents",
    "routing", "retention_days", "fee",         "code_lists", "pages"};
constexpr std::array<std::string_view, 5> kStandardRequired = {"process", "version", "leika", "title",
                                                               "pages"};
constexpr std::array<std::string_view, 6> kPageKeys = {
    "id", "title", "intro", "visible_if", "extension_points", "fields"};
constexpr std::array<std::string_view, 3> kPageRequired = {"id", "title", "fields"};
constexpr std::array<std::string_view, 1> kRoutingKeys = {"office_role"};
constexpr std::array<std::string_view, 2> kFeeKeys = {"description", "rule"};
constexpr std::array<std::string_view, 1> kFeeRequired = {"description"};
constexpr std::array<std::string_view, 8> kVariantKeys = {
    "variant", "standard", "standard_version", "municipality", "office", "texts", "fee", "extensions"};
constexpr std::array<std::string_view, 4> kVariantRequired = {"variant", "standard", "standard_version",
                                                              "municipality"};
constexpr std::array<std::string_view, 6> kTextsKeys = {"title",    "summary", "description",
                                                        "duration", "pages",   "fields"};
constexpr std::array<std::string_view, 2> kPageTextKeys = {"title", "intro"};
constexpr std::array<std::string_view, 3> kFieldTextKeys = {"label", "hint", "help"};

constexpr std::int64_t kDefaultRetentionDays = 365;
constexpr std::int64_t kMaxRetentionDays = 36'500;
constexpr std::int64_t kMaxVersion = 1'000'000;

bool IsDigits(std::string_view text, std::size_t count) {
  return text.size() == count &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Parses the YAML text; a syntax error (or text that is not UTF-8, which yaml-cpp would take
// and every later JSON step reject) becomes the only diagnostic.
tl::expected<YAML::Node, Diagnostics> Parse(std::string_view yaml, std::string_view origin) {
  if (const std::size_t valid = text::ValidUtf8Prefix(yaml); valid != yaml.size()) {
    const int line = 1 + static_cast<int>(std::count(yaml.begin(), yaml.begin() + valid, '\n'));
    return tl::unexpected(Diagnostics{
        {std::string(origin), line, "",
         "the file is not valid UTF-8 (byte " + std::to_string(valid + 1) + "); save it as UTF-8"}});
  }
  try {
    return YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& error) {
    int line = error.mark.line >= 0 ? error.mark.line + 1 : 0;
    return tl::unexpected(Diagnostics{{std::string(origin), line, "", "YAML syntax error: " + error.msg}});
  } catch (const std::exception& error) {
    return tl::unexpected(
        Diagnostics{{std::string(origin), 0, "", std::string("cannot read YAML: ") + error.what()}});
  }
}

void RequireDigits(Reader& reader, const MapView& map, std::string_view key, std::size_t count,
                   std::string_view what, std::string& out) {
  auto value = reader.String(map, key);
  if (!value) return;
  if (!IsDigits(*value, count)) {
    reader.Error(map.Find(key)->line, JoinPath(map.path, key),
                 std::string(what) + " must be " + std::to_string(count) +
                     " digits (write it in quotes), not '" + *value + "'");
    return;
  }
  out = *value;
}

struct LoadedFee {
  Fee fee;
  int rule_line = 0;  // where rule reference errors are reported
};

LoadedFee LoadFee(Reader& reader, const Entry& entry) {
  LoadedFee loaded{Fee{}, entry.line};
  auto map = reader.Map(entry.value, entry.line, "fee", kFeeKeys);
  if (!map) return loaded;
  reader.Require(*map, kFeeRequired);
  loaded.fee.description = reader.String(*map, "description").value_or("");
  loaded.fee.rule = reader.Rule(*map, "rule");
  if (const Entry* rule = map->Find("rule")) loaded.rule_line = rule->line;
  return loaded;
}

detail::CodeLists LoadCodeLists(Reader& reader, const Entry& entry) {
  detail::CodeLists lists;
  auto map = reader.OpenMap(entry.value, entry.line, "code_lists");
  if (!map) return lists;
  for (const Entry& list : map->entries) {
    std::string path = JoinPath("code_lists", list.key);
    if (!detail::IsValidId(list.key)) {
      reader.Error(list.line, path, "invalid code list name '" + list.key + "'");
      continue;
    }
    auto options = detail::LoadOptions(reader, list, path);
    if (options.empty() && list.value.IsSequence())
      reader.Error(list.line, path, "code list must not be empty");
    lists.emplace(list.key, std::move(options));
  }
  return lists;
}

void LoadMetadata(Reader& reader, const MapView& root, Definition& definition) {
  definition.id = reader.Id(root, "process").value_or("");
  definition.version = static_cast<int>(reader.Integer(root, "version", 1, kMaxVersion).value_or(1));
  RequireDigits(reader, root, "leika", 14, "LeiKa key", definition.leika);
  definition.title = reader.String(root, "title").value_or("");
  definition.summary = reader.String(root, "summary").value_or("");
  definition.description = reader.String(root, "description").value_or("");
  definition.topic = reader.String(root, "topic").value_or("");
  definition.duration = reader.String(root, "duration").value_or("");
  definition.legal_basis = reader.StringList(root, "legal_basis");
  definition.required_documents = reader.StringList(root, "required_documents");
  if (auto audience = reader.String(root, "audience")) {
    if (auto parsed = ParseAudience(*audience)) {
      definition.audience = *parsed;
    } else {
      reader.Error(root.Find("audience")->line, "audience",
                   "unknown audience '" + *audience + "' (citizen, organisation or any)");
    }
  }
  if (auto level = reader.String(root, "trust_level")) {
    if (auto parsed = ParseTrustLevel(*level)) {
      definition.trust_level = *parsed;
    } else {
      reader.Error(root.Find("trust_level")->line, "trust_level",
                   "unknown trust_level '" + *level + "' (none, low, substantial or high)");
    }
  }
  if (const Entry* routing = root.Find("routing")) {
    if (auto map = reader.Map(routing->value, routing->line, "routing", kRoutingKeys)) {
      reader.Require(*map, kRoutingKeys);
      definition.office_role = reader.Id(*map, "office_role").value_or("");
    }
  }
  definition.retention_days =
      reader.Integer(root, "retention_days", 1, kMaxRetentionDays).value_or(kDefaultRetentionDays);
}

std::optional<Page> LoadPage(Reader& reader, const YAML::Node& node, int line, const std::string& path,
                             const detail::CodeLists& code_lists) {
  auto map = reader.Map(node, line, path, kPageKeys);
  if (!map) return std::nullopt;
  reader.Require(*map, kPageRequired);
  Page page;
  page.line = map->line;
  page.id = reader.Id(*map, "id").value_or("");
  page.title = reader.String(*map, "title").value_or("");
  page.intro = reader.String(*map, "intro").value_or("");
  page.visible_if = reader.Rule(*map, "visible_if");
  page.extension_points = reader.StringList(*map, "extension_points");
  for (const std::string& point : page.extension_points) {
    if (!detail::IsValidId(point)) {
      reader.Error(map->Find("extension_points")->line, JoinPath(path, "extension_points"),
                   "invalid extension point id '" + point + "'");
    }
  }
  if (const Entry* fields = map->Find("fields")) {
    page.fields =
        detail::LoadFields(reader, *fields, JoinPath(path, "fields"), detail::FieldScope{&code_lists});
    if (page.fields.empty() && page.extension_points.empty() && fields->value.IsSequence()) {
      reader.Error(fields->line, JoinPath(path, "fields"),
                   "a page needs at least one field or an extension point");
    }
  }
  return page;
}

// Page ids, top-level field ids and extension points must each be unique in the process.
void CheckUniqueAcrossPages(Reader& reader, const std::vector<Page>& pages) {
  std::map<std::string, std::string, std::less<>> field_page;
  std::set<std::string, std::less<>> page_ids, points;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const Page& page = pages[p];
    std::string path = "pages[" + std::to_string(p) + "]";
    if (!page.id.empty() && !page_ids.insert(page.id).second) {
      reader.Error(page.line, JoinPath(path, "id"), "duplicate page id '" + page.id + "'");
    }
    for (const std::string& point : page.extension_points) {
      if (!points.insert(point).second) {
        reader.Error(page.line, JoinPath(path, "extension_points"),
                     "duplicate extension point '" + point + "'");
      }
    }
    for (std::size_t f = 0; f < page.fields.size(); ++f) {
      const Field& field = page.fields[f];
      auto [it, inserted] = field_page.emplace(field.id, page.id);
      if (!inserted && it->second != page.id) {
        reader.Error(field.line, path + ".fields[" + std::to_string(f) + "].id",
                     "field id '" + field.id + "' is already used on page '" + it->second + "'");
      }
    }
  }
}

Definition LoadDefinition(Reader& reader, const YAML::Node& document) {
  Definition definition;
  auto root = reader.Map(document, 1, "", kStandardKeys);
  if (!root) return definition;
  reader.Require(*root, kStandardRequired);
  LoadMetadata(reader, *root, definition);
  detail::CodeLists code_lists;
  if (const Entry* lists = root->Find("code_lists")) code_lists = LoadCodeLists(reader, *lists);
  int fee_rule_line = 0;
  if (const Entry* fee = root->Find("fee")) {
    LoadedFee loaded = LoadFee(reader, *fee);
    definition.fee = std::move(loaded.fee);
    fee_rule_line = loaded.rule_line;
  }
  if (const Entry* pages = root->Find("pages"); pages && reader.ExpectSequence(*pages, "pages")) {
    std::size_t index = 0;
    for (const auto& node : pages->value) {
      auto page = LoadPage(reader, node, pages->line, "pages[" + std::to_string(index++) + "]", code_lists);
      if (page) definition.pages.push_back(std::move(*page));
    }
    if (definition.pages.empty()) reader.Error(pages->line, "pages", "a process needs at least one page");
    CheckUniqueAcrossPages(reader, definition.pages);
  }
  for (Diagnostic& diagnostic : CheckReferences(definition, reader.origin(), fee_rule_line)) {
    reader.Error(diagnostic.line, std::move(diagnostic.field), std::move(diagnostic.message));
  }
  return definition;
}

std::optional<std::string> OptionalText(Reader& reader, const MapView& map, std::string_view key) {
  return reader.String(map, key);
}

void LoadTexts(Reader& reader, const Entry& entry, Variant& variant) {
  auto map = reader.Map(entry.value, entry.line, "texts", kTextsKeys);
  if (!map) return;
  variant.title = OptionalText(reader, *map, "title");
  variant.summary = OptionalText(reader, *map, "summary");
  variant.description = OptionalText(reader, *map, "description");
  variant.duration = OptionalText(reader, *map, "duration");
  if (const Entry* pages = map->Find("pages")) {
    auto by_id = reader.OpenMap(pages->value, pages->line, "texts.pages");
    for (const Entry& page : by_id ? by_id->entries : std::vector<Entry>{}) {
      auto texts = reader.Map(page.value, page.line, JoinPath("texts.pages", page.key), kPageTextKeys);
      if (!texts) continue;
      variant.page_texts.push_back(PageTexts{page.key, OptionalText(reader, *texts, "title"),
                                             OptionalText(reader, *texts, "intro"), page.line});
    }
  }
  if (const Entry* fields = map->Find("fields")) {
    auto by_path = reader.OpenMap(fields->value, fields->line, "texts.fields");
    for (const Entry& field : by_path ? by_path->entries : std::vector<Entry>{}) {
      auto texts = reader.Map(field.value, field.line, JoinPath("texts.fields", field.key), kFieldTextKeys);
      if (!texts) continue;
      variant.field_texts.push_back(FieldTexts{field.key, OptionalText(reader, *texts, "label"),
                                               OptionalText(reader, *texts, "hint"),
                                               OptionalText(reader, *texts, "help"), field.line});
    }
  }
}

void LoadExtensions(Reader& reader, const Entry& entry, Variant& variant) {
  auto map = reader.OpenMap(entry.value, entry.line, "extensions");
  if (!map) return;
  for (const Entry& point : map->entries) {
    std::string path = JoinPath("extensions", point.key);
    if (!detail::IsValidId(point.key)) {
      reader.Error(point.line, path, "invalid extension point id '" + point.key + "'");
      continue;
    }
    // Variants have no code lists; extension fields list their options.
    auto fields = detail::LoadFields(reader, point, path, detail::FieldScope{nullptr});
    if (fields.empty() && point.value.IsSequence())
      reader.Error(point.line, path, "extension without fields");
    variant.extensions.push_back(Extension{point.key, std::move(fields), point.line});
  }
}

Variant LoadVariantDocument(Reader& reader, const YAML::Node& document) {
  Variant variant;
  variant.origin = reader.origin();
  auto root = reader.Map(document, 1, "", kVariantKeys);
  if (!root) return variant;
  reader.Require(*root, kVariantRequired);
  auto line_of = [&](std::string_view key) { return root->Has(key) ? root->Find(key)->line : root->line; };
  variant.line = line_of("variant");
  variant.standard_line = line_of("standard");
  variant.version_line = line_of("standard_version");
  variant.id = reader.Id(*root, "variant").value_or("");
  variant.standard = reader.Id(*root, "standard").value_or("");
  variant.standard_version =
      static_cast<int>(reader.Integer(*root, "standard_version", 1, kMaxVersion).value_or(0));
  RequireDigits(reader, *root, "municipality", 8, "municipality (AGS)", variant.municipality);
  variant.office = reader.Id(*root, "office");
  if (const Entry* texts = root->Find("texts")) LoadTexts(reader, *texts, variant);
  if (const Entry* fee = root->Find("fee")) {
    LoadedFee loaded = LoadFee(reader, *fee);
    variant.fee = std::move(loaded.fee);
    variant.fee_line = loaded.rule_line;
  }
  if (const Entry* extensions = root->Find("extensions")) LoadExtensions(reader, *extensions, variant);
  return variant;
}

// Runs `load` over the parsed document, turning anything thrown into a diagnostic.
template <typename T, typename Load>
tl::expected<T, Diagnostics> Run(std::string_view yaml, std::string_view origin, Load load) {
  auto document = Parse(yaml, origin);
  if (!document) return tl::unexpected(std::move(document.error()));
  Reader reader{std::string(origin)};
  try {
    T result = load(reader, *document);
    if (!reader.HasErrors()) return result;
  } catch (const std::exception& error) {
    reader.Error(0, "", std::string("cannot load this document: ") + error.what());
  }
  return tl::unexpected(reader.TakeDiagnostics());
}

}  // namespace

std::vector<std::string_view> AcceptedKeys(KeySet set) {
  auto list = [](const auto& keys) { return std::vector<std::string_view>(keys.begin(), keys.end()); };
  switch (set) {
    case KeySet::kStandard:
      return list(kStandardKeys);
    case KeySet::kVariant:
      return list(kVariantKeys);
    case KeySet::kPage:
      return list(kPageKeys);
    case KeySet::kField:
      return list(detail::kFieldKeys);
    case KeySet::kValidation:
      return list(detail::kValidationKeys);
    case KeySet::kVariantTexts:
      return list(kTextsKeys);
    case KeySet::kFee:
      return list(kFeeKeys);
  }
  return {};
}

tl::expected<Definition, Diagnostics> LoadStandard(std::string_view yaml, std::string_view origin) {
  return Run<Definition>(yaml, origin, LoadDefinition);
}

tl::expected<Variant, Diagnostics> LoadVariant(std::string_view yaml, std::string_view origin) {
  return Run<Variant>(yaml, origin, LoadVariantDocument);
}

}  // namespace amtsweg::process
