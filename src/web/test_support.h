#pragma once
// Shared by the web component's unit tests (never by the library): the logic context they pin,
// the process definitions they run over (every seed process plus the full test definition), and
// the embedded templates.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "logic/logic.h"
#include "process/definition.h"
#include "process/loader.h"
#include "web/templates.h"

namespace amtsweg::web::test_support {

// "today" pinned, so that age and date rules give the same results on every day.
inline logic::Context TestContext() {
  logic::Context context;
  context.today = "2026-03-27";
  return context;
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A standard process definition from a file; a failure to load fails the test (and gives an
// empty definition).
inline process::Definition LoadFile(const std::filesystem::path& file) {
  auto definition = process::LoadStandard(ReadFile(file), file.string());
  EXPECT_TRUE(definition.has_value()) << file;
  return definition ? std::move(*definition) : process::Definition{};
}

// seed/processes/<id>.yaml
inline process::Definition Load(const std::string& id) {
  return LoadFile(std::filesystem::path(AMTSWEG_SOURCE_DIR) / "seed/processes" / (id + ".yaml"));
}

// src/process/testdata/valid/full.yaml (every field type) and every seed process.
inline std::vector<process::Definition> TestDefinitions() {
  const std::filesystem::path root(AMTSWEG_SOURCE_DIR);
  std::vector<process::Definition> definitions{LoadFile(root / "src/process/testdata/valid/full.yaml")};
  for (const auto& entry : std::filesystem::directory_iterator(root / "seed/processes")) {
    definitions.push_back(LoadFile(entry.path()));
  }
  return definitions;
}

inline const process::Page& PageOf(const process::Definition& definition, const std::string& id) {
  for (const auto& page : definition.pages) {
    if (page.id == id) return page;
  }
  ADD_FAILURE() << "no page " << id;
  return definition.pages.front();
}

// The templates compiled into the binary, loaded once.
inline std::shared_ptr<const Templates> EmbeddedTemplates() {
  static auto templates = Templates::Embedded();
  EXPECT_TRUE(templates.has_value()) << (templates ? "" : templates.error().front());
  return templates ? *templates : nullptr;
}

}  // namespace amtsweg::web::test_support
