// Variant tests: Stuttgart's variant of the full example applied (texts, fee, office,
// extension fields), the standard left untouched, and every fixture under
// testdata/variants/invalid_*.yaml rejected with exactly its "# error:" markers.

#include "process/variant.h"

#include <gtest/gtest.h>

#include "process/serialize.h"
#include "process/test_markers.h"

namespace amtsweg::process {
namespace {

using testing::ReadText;
using testing::TestDataPath;

Definition Standard() {
  auto standard = LoadStandard(ReadText(TestDataPath("valid/full.yaml")), "full.yaml");
  EXPECT_TRUE(standard.has_value());
  return standard ? std::move(*standard) : Definition{};
}

Variant LoadValidVariant() {
  auto variant = LoadVariant(ReadText(TestDataPath("variants/valid.yaml")), "valid.yaml");
  EXPECT_TRUE(variant.has_value()) << (variant ? "" : testing::Describe(variant.error()));
  return variant ? std::move(*variant) : Variant{};
}

TEST(VariantTest, LoadsTheVariantModel) {
  Variant v = LoadValidVariant();
  EXPECT_EQ(v.id, "hund-anmelden-stuttgart");
  EXPECT_EQ(v.standard, "hund-anmelden");
  EXPECT_EQ(v.standard_version, 2);
  EXPECT_EQ(v.municipality, "08111000");
  EXPECT_EQ(v.office, "stuttgart-steueramt");
  ASSERT_EQ(v.page_texts.size(), 1u);
  EXPECT_EQ(v.page_texts[0].page_id, "hunde");
  EXPECT_FALSE(v.page_texts[0].line == 0);
  ASSERT_EQ(v.field_texts.size(), 2u);
  EXPECT_EQ(v.field_texts[0].path, "hunde.rasse");
  EXPECT_EQ(v.field_texts[1].label, "PLZ");
  EXPECT_FALSE(v.field_texts[1].hint.has_value());
  ASSERT_EQ(v.extensions.size(), 1u);
  EXPECT_EQ(v.extensions[0].fields.size(), 2u);
}

TEST(VariantTest, AppliesTextsFeeOfficeAndExtensions) {
  const Definition standard = Standard();
  auto effective = ApplyVariant(standard, LoadValidVariant());
  ASSERT_TRUE(effective.has_value()) << testing::Describe(effective.error());
  const Definition& d = *effective;
  EXPECT_EQ(d.variant_id, "hund-anmelden-stuttgart");
  EXPECT_EQ(d.office_override, "stuttgart-steueramt");
  EXPECT_EQ(d.office_role, "hundesteuer");
  EXPECT_EQ(d.title, "Hund anmelden in Stuttgart");
  EXPECT_EQ(d.summary, "Melden Sie Ihren Hund in Stuttgart an.");
  EXPECT_EQ(d.description, "Die Landeshauptstadt erhebt Hundesteuer.");
  EXPECT_EQ(d.duration, "etwa 3 Wochen");
  EXPECT_EQ(d.pages[1].title, "Ihre Hunde in Stuttgart");
  EXPECT_EQ(d.pages[1].intro, "Bitte geben Sie alle Hunde an.");
  const Field& rasse = d.pages[1].fields[1].fields[1];
  EXPECT_EQ(rasse.label, "Rasse laut Stuttgarter Liste");
  EXPECT_EQ(rasse.hint, "Mischlinge bitte als Mischling");
  EXPECT_EQ(rasse.help, "Siehe Satzung");
  EXPECT_EQ(d.pages[0].fields[7].fields[2].label, "PLZ");
  EXPECT_EQ(d.fee.description, "Hundesteuer Stuttgart (108 € je Hund, 612 € für gefährliche Hunde)");
  ASSERT_TRUE(d.fee.rule.has_value());
  EXPECT_EQ(d.fee.rule->rule.Evaluate(Json{{"gefaehrlich", true}, {"anzahl", 1}}), Json(612));
  EXPECT_EQ(d.fee.rule->rule.Evaluate(Json{{"gefaehrlich", false}, {"anzahl", 2}}), Json(216));

  // Extension fields are appended to the page that declares the extension point, in order.
  const std::vector<Field>& halter = d.pages[0].fields;
  ASSERT_EQ(halter.size(), standard.pages[0].fields.size() + 2);
  EXPECT_EQ(halter[halter.size() - 2].id, "gefaehrlich");
  EXPECT_EQ(halter.back().id, "chipnummer");
  EXPECT_EQ(halter.back().validation.pattern, "^[0-9]{15}$");
}

TEST(VariantTest, StandardIsNotChanged) {
  const Definition standard = Standard();
  const Json before = ToJson(standard);
  auto effective = ApplyVariant(standard, LoadValidVariant());
  ASSERT_TRUE(effective.has_value());
  EXPECT_EQ(ToJson(standard), before);
  EXPECT_NE(ToJson(*effective), before);
  EXPECT_EQ(standard.pages[1].fields[1].fields[1].label, "Rasse");
}

TEST(VariantTest, MinimalVariantOnlySetsTheVariantId) {
  const Definition standard = Standard();
  auto variant = LoadVariant(
      "variant: v\nstandard: hund-anmelden\nstandard_version: 2\nmunicipality: \"08111000\"\n", "v.yaml");
  ASSERT_TRUE(variant.has_value());
  auto effective = ApplyVariant(standard, *variant);
  ASSERT_TRUE(effective.has_value());
  EXPECT_EQ(effective->variant_id, "v");
  EXPECT_FALSE(effective->office_override.has_value());
  EXPECT_EQ(effective->title, standard.title);
  EXPECT_EQ(effective->fee.description, standard.fee.description);
}

class InvalidVariantTest : public ::testing::TestWithParam<std::string> {};

TEST_P(InvalidVariantTest, ReportsExactlyTheMarkedErrors) {
  std::string path = TestDataPath("variants/" + GetParam());
  std::string yaml = ReadText(path);
  auto markers = testing::ReadMarkers(yaml);
  ASSERT_FALSE(markers.empty()) << "fixture without # error: markers";
  Diagnostics diagnostics;
  auto variant = LoadVariant(yaml, path);
  if (!variant) {
    diagnostics = variant.error();
  } else {
    auto effective = ApplyVariant(Standard(), *variant);
    ASSERT_FALSE(effective.has_value()) << "fixture was accepted";
    diagnostics = effective.error();
  }
  for (const Diagnostic& d : diagnostics) EXPECT_EQ(d.file, path);
  testing::ExpectMatchesMarkers(diagnostics, markers);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, InvalidVariantTest,
                         ::testing::ValuesIn(testing::ListFixtures("variants", "invalid_")),
                         [](const auto& info) { return info.param.substr(0, info.param.size() - 5); });

TEST(VariantTest, FindFieldByPath) {
  Definition d = Standard();
  ASSERT_NE(FindFieldByPath(d.pages, "hunde.gutachten"), nullptr);
  EXPECT_EQ(FindFieldByPath(d.pages, "hunde.gutachten")->type, FieldType::kFile);
  EXPECT_EQ(FindFieldByPath(d.pages, "betrieb.sitz.ort")->label, "Ort");
  EXPECT_EQ(FindFieldByPath(d.pages, "hunde.0.name"), nullptr);
  EXPECT_EQ(FindFieldByPath(d.pages, "vorname.x"), nullptr);
  EXPECT_EQ(FindFieldByPath(d.pages, ""), nullptr);
}

}  // namespace
}  // namespace amtsweg::process
