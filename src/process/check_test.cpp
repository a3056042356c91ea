// CheckFile / CheckFiles tests (kind detection, syntax errors, unreadable and oversized files,
// variants checked against their standard) and the JSON Schema consistency test.

#include "process/check.h"

#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

#include <gtest/gtest.h>

#include "process/test_markers.h"

namespace amtsweg::process {
namespace {

using testing::TestDataPath;

// A file in a fresh temporary directory, removed with the fixture.
class CheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("amtsweg-check-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(CheckTest, ValidFilesHaveNoDiagnostics) {
  EXPECT_TRUE(CheckFile(TestDataPath("valid/full.yaml")).empty());
  EXPECT_TRUE(CheckFile(TestDataPath("variants/valid.yaml")).empty());
  EXPECT_TRUE(CheckFiles({TestDataPath("valid/full.yaml"), TestDataPath("variants/valid.yaml")}).empty());
}

TEST_F(CheckTest, InvalidFileReportsWithItsPath) {
  std::string path = TestDataPath("invalid/leika_not_14_digits.yaml");
  Diagnostics diagnostics = CheckFile(path);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(FormatDiagnostic(diagnostics[0]),
            path + ":3: leika: LeiKa key must be 14 digits (write it in quotes), not '9910800800100'");
}

TEST_F(CheckTest, TextThatIsNotUtf8IsOneDiagnosticWithTheLine) {
  // Found by fuzz/process_load: yaml-cpp takes such bytes, and serving the definition later
  // failed on them.
  std::string path = Write("latin1.yaml", "process: p\nversion: 1\ntitle: Gr\xFC\xDFe\npages: []\n");
  Diagnostics diagnostics = CheckFile(path);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].line, 3);
  EXPECT_EQ(diagnostics[0].message, "the file is not valid UTF-8 (byte 32); save it as UTF-8");
  EXPECT_FALSE(LoadVariant("variant: v\nstandard: \xC3", "v.yaml"));
}

TEST_F(CheckTest, SyntaxErrorIsOneDiagnosticWithTheLine) {
  std::string path = Write("broken.yaml", "process: p\nversion: 1\npages: [\n  - a\n");
  Diagnostics diagnostics = CheckFile(path);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].file, path);
  EXPECT_GT(diagnostics[0].line, 0);
  EXPECT_NE(diagnostics[0].message.find("YAML syntax error"), std::string::npos);

  path = Write("tabs.yaml", "process: p\n\tversion: 1\n");
  ASSERT_EQ(CheckFile(path).size(), 1u);
  EXPECT_EQ(CheckFile(path)[0].line, 2);
}

TEST_F(CheckTest, UnknownKindAndUnreadableFiles) {
  Diagnostics unknown = CheckFile(Write("other.yaml", "name: x\nprocess: p\n"));
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].message, "expected the first key to be 'process:' or 'variant:'");

  Diagnostics missing = CheckFile((dir_ / "nope.yaml").string());
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].line, 0);
  EXPECT_EQ(FormatDiagnostic(missing[0]), (dir_ / "nope.yaml").string() + ": cannot read the file");

  Diagnostics big =
      CheckFile(Write("big.yaml", "process: p\n# " + std::string(kMaxDefinitionBytes, 'x') + "\n"));
  ASSERT_EQ(big.size(), 1u);
  EXPECT_NE(big[0].message.find("larger than"), std::string::npos);
}

TEST_F(CheckTest, DetectKind) {
  EXPECT_EQ(DetectKind("# comment\nprocess: p\n"), DocumentKind::kStandard);
  EXPECT_EQ(DetectKind("---\nvariant: v\nstandard: p\n"), DocumentKind::kVariant);
  EXPECT_EQ(DetectKind("standard: p\nvariant: v\n"), DocumentKind::kUnknown);
  EXPECT_EQ(DetectKind("[process]"), DocumentKind::kUnknown);
  EXPECT_EQ(DetectKind("process: [\n"), DocumentKind::kUnknown);
  EXPECT_EQ(DetectKind(""), DocumentKind::kUnknown);
}

TEST_F(CheckTest, VariantIsAppliedWhenItsStandardIsGiven) {
  std::string variant = TestDataPath("variants/invalid_texts.yaml");
  std::string standard = TestDataPath("valid/full.yaml");
  // Alone, the variant loads (its errors are about the standard it adapts).
  EXPECT_TRUE(CheckFile(variant).empty());
  Diagnostics both = CheckFiles({variant, standard});
  ASSERT_EQ(both.size(), 2u);
  for (const Diagnostic& d : both) EXPECT_EQ(d.file, variant);

  // Another version of the standard is reported as a mismatch.
  std::string text = testing::ReadText(standard);
  text.replace(text.find("version: 2"), 10, "version: 3");
  Diagnostics other = CheckFiles({Write("v3.yaml", text), TestDataPath("variants/valid.yaml")});
  ASSERT_EQ(other.size(), 1u);
  EXPECT_NE(other[0].message.find("version 2"), std::string::npos);
}

TEST_F(CheckTest, CollectsDiagnosticsOfAllFiles) {
  Diagnostics all = CheckFiles({TestDataPath("invalid/leika_not_14_digits.yaml"),
                                TestDataPath("invalid/reserved_item.yaml"), TestDataPath("valid/full.yaml")});
  EXPECT_EQ(all.size(), 2u);
}

TEST(FormatDiagnosticTest, Format) {
  EXPECT_EQ(FormatDiagnostic({"a.yaml", 12, "pages[0].title", "expected text"}),
            "a.yaml:12: pages[0].title: expected text");
  EXPECT_EQ(FormatDiagnostic({"a.yaml", 3, "", "YAML syntax error: x"}), "a.yaml:3: YAML syntax error: x");
  EXPECT_EQ(FormatDiagnostic({"a.yaml", 0, "", "cannot read the file"}), "a.yaml: cannot read the file");
}

// docs/process.schema.json must offer exactly the keys the loader accepts.
TEST(SchemaTest, ListsEveryKeyTheLoaderAccepts) {
  std::string text = testing::ReadText(std::string(AMTSWEG_SOURCE_DIR) + "/docs/process.schema.json");
  Json schema = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(schema.is_discarded()) << "docs/process.schema.json is not valid JSON";
  EXPECT_EQ(schema.value("$schema", ""), "https://json-schema.org/draft/2020-12/schema");
  const std::vector<std::pair<KeySet, std::string>> sets = {{KeySet::kStandard, "standard"},
                                                            {KeySet::kVariant, "variant"},
                                                            {KeySet::kPage, "page"},
                                                            {KeySet::kField, "field"},
                                                            {KeySet::kValidation, "validation"},
                                                            {KeySet::kVariantTexts, "texts"},
                                                            {KeySet::kFee, "fee"}};
  for (const auto& [set, name] : sets) {
    const Json& properties = schema["$defs"][name]["properties"];
    ASSERT_TRUE(properties.is_object()) << "$defs/" << name << "/properties";
    std::set<std::string> in_schema;
    for (const auto& [key, unused] : properties.items()) in_schema.insert(key);
    auto accepted = AcceptedKeys(set);
    EXPECT_EQ(in_schema, std::set<std::string>(accepted.begin(), accepted.end())) << name;
    EXPECT_EQ(schema["$defs"][name].value("additionalProperties", true), false) << name;
  }
}

}  // namespace
}  // namespace amtsweg::process
