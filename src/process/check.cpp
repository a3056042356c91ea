// Checks process definition files for `amtsweg check` (see check.h).

#include "process/check.h"

#include <fstream>
#include <map>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "process/variant.h"

namespace amtsweg::process {
namespace {

struct FileText {
  std::string text;
  std::optional<Diagnostic> error;
};

FileText ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {"", Diagnostic{path, 0, "", "cannot read the file"}};
  std::string text;
  text.resize(kMaxDefinitionBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxDefinitionBytes) {
    return {"",
            Diagnostic{path, 0, "", "file is larger than " + std::to_string(kMaxDefinitionBytes) + " bytes"}};
  }
  return {std::move(text), std::nullopt};
}

// A loaded document of either kind, or its diagnostics.
struct Loaded {
  std::optional<Definition> standard;
  std::optional<Variant> variant;
  Diagnostics diagnostics;
};

Loaded Load(const std::string& path) {
  FileText file = ReadFile(path);
  if (file.error) return {std::nullopt, std::nullopt, {*file.error}};
  Loaded loaded;
  switch (DetectKind(file.text)) {
    case DocumentKind::kStandard: {
      auto standard = LoadStandard(file.text, path);
      if (standard)
        loaded.standard = std::move(*standard);
      else
        loaded.diagnostics = std::move(standard.error());
      break;
    }
    case DocumentKind::kVariant: {
      auto variant = LoadVariant(file.text, path);
      if (variant)
        loaded.variant = std::move(*variant);
      else
        loaded.diagnostics = std::move(variant.error());
      break;
    }
    case DocumentKind::kUnknown: {
      // Let the standard loader explain (syntax error, not a mapping); otherwise say what we expect.
      auto standard = LoadStandard(file.text, path);
      bool syntax =
          !standard && standard.error().size() == 1 && standard.error()[0].message.starts_with("YAML");
      loaded.diagnostics =
          syntax ? std::move(standard.error())
                 : Diagnostics{{path, 1, "", "expected the first key to be 'process:' or 'variant:'"}};
      break;
    }
  }
  return loaded;
}

}  // namespace

DocumentKind DetectKind(std::string_view yaml) {
  try {
    YAML::Node root = YAML::Load(std::string(yaml));
    if (!root.IsMap() || root.size() == 0) return DocumentKind::kUnknown;
    const YAML::Node first = root.begin()->first;
    if (!first.IsScalar()) return DocumentKind::kUnknown;
    if (first.Scalar() == "process") return DocumentKind::kStandard;
    if (first.Scalar() == "variant") return DocumentKind::kVariant;
  } catch (const YAML::Exception&) {
  }
  return DocumentKind::kUnknown;
}

Diagnostics CheckFile(const std::string& path) { return Load(path).diagnostics; }

Diagnostics CheckFiles(const std::vector<std::string>& paths) {
  Diagnostics all;
  std::multimap<std::string, Definition> standards;
  std::vector<Variant> variants;
  for (const std::string& path : paths) {
    Loaded loaded = Load(path);
    all.insert(all.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
    if (loaded.standard) standards.emplace(loaded.standard->id, std::move(*loaded.standard));
    if (loaded.variant) variants.push_back(std::move(*loaded.variant));
  }
  for (const Variant& variant : variants) {
    auto [begin, end] = standards.equal_range(variant.standard);
    if (begin == end) continue;  // its standard was not given; nothing more to check
    const Definition* standard = &begin->second;
    for (auto it = begin; it != end; ++it) {
      if (it->second.version == variant.standard_version) standard = &it->second;
    }
    auto effective = ApplyVariant(*standard, variant);
    if (!effective) all.insert(all.end(), effective.error().begin(), effective.error().end());
  }
  return all;
}

std::string FormatDiagnostic(const Diagnostic& diagnostic) {
  std::ostringstream out;
  out << diagnostic.file;
  if (diagnostic.line > 0) out << ':' << diagnostic.line;
  out << ": ";
  if (!diagnostic.field.empty()) out << diagnostic.field << ": ";
  out << diagnostic.message;
  return out.str();
}

}  // namespace amtsweg::process
