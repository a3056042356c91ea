// Loader tests: the full example loads into the expected model; every fixture under
// testdata/invalid/ is rejected with exactly the diagnostics its "# error:" markers name; YAML
// oddities and hostile input are handled without crashing.

#include "process/loader.h"

#include <functional>
#include <set>
#include <tuple>

#include <gtest/gtest.h>

#include "process/test_markers.h"

namespace amtsweg::process {
namespace {

using testing::ReadText;
using testing::TestDataPath;

constexpr const char* kMinimal = R"(process: p
version: 1
leika: "99108008001000"
title: T
pages:
  - id: a
    title: A
    fields:
)";

Definition LoadOk(const std::string& yaml) {
  auto loaded = LoadStandard(yaml, "test.yaml");
  EXPECT_TRUE(loaded.has_value()) << (loaded ? "" : testing::Describe(loaded.error()));
  return loaded ? std::move(*loaded) : Definition{};
}

const Field& FieldAt(const Definition& definition, std::size_t page, std::size_t field) {
  return definition.pages.at(page).fields.at(field);
}

TEST(LoaderTest, FullExampleLoadsEveryFieldType) {
  Definition d = LoadOk(ReadText(TestDataPath("valid/full.yaml")));
  EXPECT_EQ(d.id, "hund-anmelden");
  EXPECT_EQ(d.version, 2);
  EXPECT_EQ(d.leika, "99108008001000");
  EXPECT_EQ(d.audience, Audience::kCitizen);
  EXPECT_EQ(d.trust_level, TrustLevel::kLow);
  EXPECT_EQ(d.office_role, "hundesteuer");
  EXPECT_EQ(d.retention_days, 730);
  EXPECT_EQ(d.legal_basis, std::vector<std::string>{"Hundesteuersatzung der Gemeinde"});
  EXPECT_EQ(d.description.substr(0, 10), "Wer einen ");
  ASSERT_TRUE(d.fee.rule.has_value());
  EXPECT_EQ(d.fee.rule->source, Json::parse(R"({"*": [108, {"var": "anzahl"}]})"));
  ASSERT_EQ(d.pages.size(), 3u);
  EXPECT_EQ(d.pages[0].extension_points, std::vector<std::string>{"zusatz"});
  EXPECT_TRUE(d.pages[1].visible_if.has_value());

  std::set<FieldType> seen;
  std::function<void(const std::vector<Field>&)> collect = [&](const std::vector<Field>& fields) {
    for (const Field& f : fields) {
      seen.insert(f.type);
      collect(f.fields);
    }
  };
  for (const Page& page : d.pages) collect(page.fields);
  EXPECT_EQ(seen.size(), 17u);

  const Field& vorname = FieldAt(d, 0, 0);
  EXPECT_EQ(vorname.hint, "Wie im Personalausweis");
  EXPECT_TRUE(vorname.required);
  EXPECT_EQ(vorname.validation.max_length, 100);
  EXPECT_EQ(vorname.line, 36);
  const Field& geburtsdatum = FieldAt(d, 0, 2);
  EXPECT_EQ(geburtsdatum.validation.max_date, "today");
  ASSERT_EQ(geburtsdatum.validation.rules.size(), 1u);
  EXPECT_EQ(geburtsdatum.validation.rules[0].message, "Sie müssen mindestens 18 Jahre alt sein.");
  EXPECT_TRUE(FieldAt(d, 0, 4).required_if.has_value());

  const Field& hunde = FieldAt(d, 1, 1);
  EXPECT_EQ(hunde.type, FieldType::kRepeat);
  EXPECT_EQ(hunde.min_items, 1);
  EXPECT_EQ(hunde.max_items, 20);
  EXPECT_EQ(hunde.item_label, "Hund");
  const Field& rasse = hunde.fields.at(1);
  ASSERT_EQ(rasse.options.size(), 3u);  // resolved from code_lists.rassen
  EXPECT_EQ(rasse.options[2].value, "08");
  const Field& gutachten = hunde.fields.at(3);
  EXPECT_EQ(gutachten.accept, (std::vector<std::string>{"application/pdf", "image/jpeg"}));
  EXPECT_EQ(gutachten.max_bytes, 5000000);
  EXPECT_EQ(hunde.fields.at(4).validation.pattern, "^[0-9]{15}$");
  EXPECT_EQ(FieldAt(d, 1, 3).validation.max, 1000.5);
}

TEST(LoaderTest, AddressGetsItsFixedChildren) {
  Definition d = LoadOk(ReadText(TestDataPath("valid/full.yaml")));
  const Field& anschrift = FieldAt(d, 0, 7);
  ASSERT_EQ(anschrift.type, FieldType::kAddress);
  std::vector<std::tuple<std::string, FieldType, std::string, bool>> children;
  for (const Field& child : anschrift.fields)
    children.emplace_back(child.id, child.type, child.label, child.required);
  EXPECT_EQ(children, (std::vector<std::tuple<std::string, FieldType, std::string, bool>>{
                          {"strasse", FieldType::kText, "Straße", true},
                          {"hausnummer", FieldType::kText, "Hausnummer", true},
                          {"plz", FieldType::kPostalCode, "Postleitzahl", true},
                          {"ort", FieldType::kText, "Ort", true},
                          {"zusatz", FieldType::kText, "Adresszusatz", false},
                      }));
}

TEST(LoaderTest, DefaultsAreApplied) {
  Definition d = LoadOk(std::string(kMinimal) + R"(
      - {id: t, type: text, label: T, validation: {pattern: "^a$"}}
      - {id: r, type: repeat, label: R, fields: [{id: x, type: text, label: X}]}
      - {id: f, type: file, label: F, accept: [application/pdf]}
)");
  EXPECT_EQ(d.audience, Audience::kCitizen);
  EXPECT_EQ(d.trust_level, TrustLevel::kNone);
  EXPECT_EQ(d.retention_days, 365);
  EXPECT_FALSE(d.fee.rule.has_value());
  EXPECT_EQ(d.office_role, "");
  EXPECT_FALSE(FieldAt(d, 0, 0).required);
  EXPECT_EQ(FieldAt(d, 0, 0).validation.pattern_message, "Die Eingabe hat nicht das erwartete Format.");
  EXPECT_EQ(FieldAt(d, 0, 1).min_items, 0);
  EXPECT_EQ(FieldAt(d, 0, 1).max_items, 100);
  EXPECT_EQ(FieldAt(d, 0, 2).max_bytes, 10 * 1024 * 1024);
}

TEST(LoaderTest, YamlScalarsBecomeJsonOfTheRightType) {
  Definition d = LoadOk(std::string(kMinimal) + R"(
      - id: t
        type: text
        label: T
        visible_if: {"and": [{"==": [{"var": "u"}, "true"]}, {"==": [{"var": "u"}, 'null']}, {"==": [1.5, -2]},
                             {"==": [true, null]}, {"==": ["08", 08]}, {"==": [yes, ~]}]}
      - {id: u, type: text, label: U}
)");
  Json expected = Json::parse(R"({"and": [{"==": [{"var": "u"}, "true"]}, {"==": [{"var": "u"}, "null"]},
      {"==": [1.5, -2]}, {"==": [true, null]}, {"==": ["08", 8]}, {"==": ["yes", null]}]})");
  EXPECT_EQ(FieldAt(d, 0, 0).visible_if->source, expected);
}

TEST(LoaderTest, DigitsWrittenWithoutQuotesKeepTheirText) {
  std::string yaml = kMinimal;
  yaml.replace(yaml.find("\"99108008001000\""), 16, "09108008001000");
  Definition d = LoadOk(yaml + "      - {id: x, type: text, label: X}\n");
  EXPECT_EQ(d.leika, "09108008001000");
}

class InvalidFixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(InvalidFixtureTest, ReportsExactlyTheMarkedErrors) {
  std::string path = TestDataPath("invalid/" + GetParam());
  std::string yaml = ReadText(path);
  auto markers = testing::ReadMarkers(yaml);
  ASSERT_FALSE(markers.empty()) << "fixture without # error: markers";
  auto loaded = LoadStandard(yaml, path);
  ASSERT_FALSE(loaded.has_value()) << "fixture was accepted";
  for (const Diagnostic& d : loaded.error()) EXPECT_EQ(d.file, path);
  testing::ExpectMatchesMarkers(loaded.error(), markers);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, InvalidFixtureTest, ::testing::ValuesIn(testing::ListFixtures("invalid")),
                         [](const auto& info) {
                           return info.param.substr(0, info.param.size() - 5);  // without .yaml
                         });

TEST(LoaderTest, EmptyAndNonsenseDocumentsAreRejected) {
  for (std::string yaml : {"", "~", "42", "[1, 2]", "\"text\"", "process:", "{process: [a]}"}) {
    auto loaded = LoadStandard(yaml, "x.yaml");
    EXPECT_FALSE(loaded.has_value()) << yaml;
  }
}

// Hostile input: must return diagnostics (or load), never crash or hang.
TEST(LoaderTest, DeepNestingIsRejectedWithoutCrashing) {
  std::string deep(500'000, '[');
  EXPECT_FALSE(LoadStandard(deep, "deep.yaml").has_value());
  std::string deep_map;
  for (int i = 0; i < 100'000; ++i) deep_map += "{a: ";
  EXPECT_FALSE(LoadStandard(deep_map, "deep.yaml").has_value());
  std::string deep_rule = std::string(kMinimal) + "      - {id: x, type: text, label: X, visible_if: ";
  for (int i = 0; i < 100; ++i) deep_rule += "{\"!\": [";
  deep_rule += "true";
  for (int i = 0; i < 100; ++i) deep_rule += "]}";
  auto loaded = LoadStandard(deep_rule + "}\n", "deep.yaml");
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error()[0].message.find("nested too deeply"), std::string::npos)
      << loaded.error()[0].message;
}

TEST(LoaderTest, MegabyteDocumentsAreHandled) {
  std::string yaml = kMinimal;
  for (int i = 0; yaml.size() < 1'000'000; ++i) {
    yaml += "      - {id: f" + std::to_string(i) + ", type: text, label: Feld " + std::to_string(i) + "}\n";
  }
  auto loaded = LoadStandard(yaml, "big.yaml");
  ASSERT_FALSE(loaded.has_value());  // more fields than a document may have
  EXPECT_EQ(loaded.error().size(), 1u);
  EXPECT_NE(loaded.error()[0].message.find("too many fields"), std::string::npos);

  std::string long_title = std::string(kMinimal) + "      - {id: x, type: text, label: X}\n";
  long_title.replace(long_title.find("title: T"), 8, "title: " + std::string(1'000'000, 'x'));
  EXPECT_EQ(LoadOk(long_title).title.size(), 1'000'000u);
}

TEST(LoaderTest, AliasBombsAreBounded) {
  // Each anchor doubles the previous one; expanded, the rule would have 2^31 elements.
  std::string rule = "{\"cat\": [&a0 [\"x\", \"x\"]";
  for (int i = 1; i <= 30; ++i) {
    rule +=
        ", &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + "]";
  }
  rule += "]}";
  auto loaded = LoadStandard(
      std::string(kMinimal) + "      - {id: x, type: text, label: X, visible_if: " + rule + "}\n",
      "bomb.yaml");
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error()[0].message.find("rule is too large"), std::string::npos)
      << loaded.error()[0].message;

  // Fields that include themselves through aliases, doubling at every level.
  std::string fields = std::string(kMinimal) + "      - &f0 {id: x, type: text, label: X}\n";
  for (int i = 1; i <= 30; ++i) {
    fields += "      - &f" + std::to_string(i) + " {id: g" + std::to_string(i) +
              ", type: group, label: G, fields: [*f" + std::to_string(i - 1) + ", *f" +
              std::to_string(i - 1) + "]}\n";
  }
  EXPECT_FALSE(LoadStandard(fields, "bomb.yaml").has_value());
}

}  // namespace
}  // namespace amtsweg::process
