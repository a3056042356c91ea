// ToJson tests: the served shape of the full example (keys, types as YAML spelling, rules as
// their JSON source, paths of nested fields) and the enum name helpers.

#include "process/serialize.h"

#include <gtest/gtest.h>

#include "process/test_markers.h"
#include "process/variant.h"

namespace amtsweg::process {
namespace {

Json ServedFull() {
  auto d = LoadStandard(testing::ReadText(testing::TestDataPath("valid/full.yaml")), "full.yaml");
  EXPECT_TRUE(d.has_value());
  return d ? ToJson(*d) : Json();
}

std::set<std::string> Keys(const Json& object) {
  std::set<std::string> keys;
  for (const auto& [key, unused] : object.items()) keys.insert(key);
  return keys;
}

TEST(SerializeTest, TopLevelShape) {
  Json j = ServedFull();
  EXPECT_EQ(Keys(j), (std::set<std::string>{"id", "version", "variant", "leika", "title", "summary",
                                            "description", "topic", "audience", "trust_level", "duration",
                                            "legal_basis", "required_documents", "office_role", "office",
                                            "retention_days", "fee", "pages"}));
  EXPECT_EQ(j["id"], "hund-anmelden");
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["variant"], nullptr);
  EXPECT_EQ(j["office"], nullptr);
  EXPECT_EQ(j["audience"], "citizen");
  EXPECT_EQ(j["trust_level"], "low");
  EXPECT_EQ(j["retention_days"], 730);
  EXPECT_EQ(j["fee"], Json::parse(R"j({"description": "Hundesteuer pro Jahr (108 € je Hund)",
                                      "rule": {"*": [108, {"var": "anzahl"}]}})j"));
  ASSERT_EQ(j["pages"].size(), 3u);
  EXPECT_EQ(Keys(j["pages"][1]),
            (std::set<std::string>{"id", "title", "intro", "visible_if", "extension_points", "fields"}));
  EXPECT_EQ(j["pages"][0]["extension_points"], Json::array({"zusatz"}));
  EXPECT_FALSE(j["pages"][0].contains("visible_if"));
}

TEST(SerializeTest, FieldShapes) {
  Json j = ServedFull();
  const Json& vorname = j["pages"][0]["fields"][0];
  EXPECT_EQ(vorname, Json::parse(R"({"id": "vorname", "path": "vorname", "type": "text", "label": "Vorname",
      "hint": "Wie im Personalausweis", "help": "Geben Sie alle Vornamen an.", "required": true,
      "validation": {"min_length": 1, "max_length": 100}})"));
  const Json& telefon = j["pages"][0]["fields"][4];
  EXPECT_EQ(telefon["required_if"], Json::parse(R"({"!": [{"var": "email"}]})"));
  const Json& anschrift = j["pages"][0]["fields"][7];
  EXPECT_EQ(anschrift["type"], "address");
  EXPECT_EQ(anschrift["fields"][2]["path"], "anschrift.plz");
  EXPECT_EQ(anschrift["fields"][2]["type"], "postal_code");
  EXPECT_EQ(j["pages"][0]["fields"][8]["fields"][1]["fields"][3]["path"], "betrieb.sitz.ort");

  const Json& hunde = j["pages"][1]["fields"][1];
  EXPECT_EQ(hunde["type"], "repeat");
  EXPECT_EQ(hunde["min_items"], 1);
  EXPECT_EQ(hunde["max_items"], 20);
  EXPECT_EQ(hunde["item_label"], "Hund");
  EXPECT_EQ(hunde["fields"][1]["path"], "hunde.rasse");
  EXPECT_EQ(hunde["fields"][1]["options"][0], Json::parse(R"({"value": "mischling", "label": "Mischling"})"));
  EXPECT_EQ(hunde["fields"][2]["type"], "yesno");
  const Json& gutachten = hunde["fields"][3];
  EXPECT_EQ(gutachten["accept"], Json::parse(R"(["application/pdf", "image/jpeg"])"));
  EXPECT_EQ(gutachten["max_bytes"], 5000000);
  EXPECT_EQ(gutachten["visible_if"], Json::parse(R"({"==": [{"var": "item.kampfhund"}, true]})"));
  EXPECT_EQ(
      hunde["fields"][4]["validation"],
      Json::parse(
          R"({"pattern": "^[0-9]{15}$", "pattern_message": "Geben Sie die 15-stellige Chipnummer ein."})"));
  EXPECT_FALSE(vorname.contains("options"));
  EXPECT_FALSE(vorname.contains("fields"));

  const Json& geburtsdatum = j["pages"][0]["fields"][2];
  EXPECT_EQ(geburtsdatum["validation"]["rules"][0]["message"], "Sie müssen mindestens 18 Jahre alt sein.");
  EXPECT_EQ(geburtsdatum["validation"]["rules"][0]["rule"],
            Json::parse(R"({">=": [{"age_years": [{"var": "geburtsdatum"}]}, 18]})"));
  EXPECT_EQ(geburtsdatum["validation"]["max_date"], "today");
}

TEST(SerializeTest, VariantFieldsAreServed) {
  auto standard = LoadStandard(testing::ReadText(testing::TestDataPath("valid/full.yaml")), "full.yaml");
  auto variant = LoadVariant(testing::ReadText(testing::TestDataPath("variants/valid.yaml")), "valid.yaml");
  ASSERT_TRUE(standard && variant);
  auto effective = ApplyVariant(*standard, *variant);
  ASSERT_TRUE(effective.has_value());
  Json j = ToJson(*effective);
  EXPECT_EQ(j["variant"], "hund-anmelden-stuttgart");
  EXPECT_EQ(j["office"], "stuttgart-steueramt");
  EXPECT_EQ(j["pages"][0]["fields"].back()["id"], "chipnummer");
}

TEST(SerializeTest, NamesRoundTrip) {
  for (FieldType type : kAllFieldTypes) {
    ASSERT_FALSE(FieldTypeName(type).empty());
    EXPECT_EQ(ParseFieldType(FieldTypeName(type)), type);
  }
  EXPECT_EQ(FieldTypeName(FieldType::kPostalCode), "postal_code");
  EXPECT_EQ(ParseFieldType("Text"), std::nullopt);
  EXPECT_EQ(ParseAudience("organisation"), Audience::kOrganisation);
  EXPECT_EQ(ParseAudience("organization"), std::nullopt);
  EXPECT_EQ(AudienceName(Audience::kAny), "any");
  EXPECT_EQ(ParseTrustLevel("substantial"), TrustLevel::kSubstantial);
  EXPECT_EQ(TrustLevelName(TrustLevel::kHigh), "high");
  EXPECT_EQ(ParseTrustLevel("mittel"), std::nullopt);
}

}  // namespace
}  // namespace amtsweg::process
