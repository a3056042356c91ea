// ExampleData must produce answers that ValidateSubmission accepts, for every field type, with
// plausible German values and only the fields visible under its own answers.

#include "process/example.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "process/fields.h"
#include "process/loader.h"
#include "process/validate.h"
#include "process/validate_test_builders.h"
#include "process/variant.h"

namespace amtsweg::process {
namespace {

using testing::FieldBuilder;
using testing::MakeDefinition;
using testing::MakePage;

using testing::Var;

Definition EveryFieldType() {
  const std::vector<Field> person{
      FieldBuilder("vorname", FieldType::kText, "Vorname").Required().MaxLength(50),
      FieldBuilder("nachname", FieldType::kText, "Nachname").Required().MinLength(12),
      FieldBuilder("geburtsdatum", FieldType::kDate, "Geburtsdatum")
          .Required()
          .MinDate("1900-01-01")
          .MaxDate("today"),
      FieldBuilder("termin", FieldType::kDate, "Termin").Required().MinDate("2030-01-01"),
      FieldBuilder("bemerkung", FieldType::kMultiline, "Bemerkung").MaxLength(10),
      FieldBuilder("email", FieldType::kEmail, "E-Mail").Required(),
      FieldBuilder("telefon", FieldType::kPhone, "Telefon").Required(),
      FieldBuilder("iban", FieldType::kIban, "IBAN").Required(),
      FieldBuilder("plz", FieldType::kPostalCode, "PLZ").Required(),
      FieldBuilder("anschrift", FieldType::kAddress, "Anschrift").Required(),
  };
  const std::vector<Field> details{
      FieldBuilder("chip", FieldType::kText, "Chipnummer").Required().Pattern("^[0-9]{15}$"),
      FieldBuilder("kennzeichen", FieldType::kText, "Kennzeichen")
          .Required()
          .Pattern("[A-Z]{1,3}-[A-Z]{2}\\d{3}"),
      FieldBuilder("nummernschild", FieldType::kText, "Nummernschild")
          .Required()
          .MaxLength(12)
          .Pattern("^(?:[A-Z]|Ä|Ö|Ü){1,3}[- ][A-Z]{1,2}[- ]?[1-9][0-9]{0,3}[EH]?$"),
      FieldBuilder("aktenzeichen", FieldType::kText, "Aktenzeichen")
          .Required()
          .Pattern("(AZ|GZ)-\\d{4}/(19|20)\\d{2}"),
      FieldBuilder("alter", FieldType::kNumber, "Alter")
          .Required()
          .Min(0)
          .Max(120)
          .Rule(Json{{">=", Json::array({Var("alter"), 18})}}, "Sie müssen volljährig sein."),
      FieldBuilder("anzahl", FieldType::kNumber, "Anzahl").Required().Min(3).Max(5),
      FieldBuilder("betrag", FieldType::kMoney, "Betrag").Required().Min(100).Max(200),
      FieldBuilder("art", FieldType::kSelect, "Art").Required().Options({"a", "b"}),
      FieldBuilder("weg", FieldType::kRadio, "Weg").Required().Options({"post", "online"}),
      FieldBuilder("themen", FieldType::kCheckbox, "Themen").Required().Options({"x", "y"}),
      FieldBuilder("zustimmung", FieldType::kYesNo, "Zustimmung")
          .Required()
          .Rule(Json{{"==", Json::array({Var("zustimmung"), true})}}, "Bitte stimmen Sie zu."),
      FieldBuilder("gewerblich", FieldType::kYesNo, "Gewerblich").Required(),
      FieldBuilder("firma", FieldType::kText, "Firma").Required().VisibleIf(Var("gewerblich")),
      FieldBuilder("nachweis", FieldType::kFile, "Nachweis").Required().Accept({"application/pdf"}, 10'000),
      FieldBuilder("foto", FieldType::kFile, "Foto").Required().Accept({"image/png", "image/jpeg"}, 10'000),
      FieldBuilder("bank", FieldType::kGroup, "Bank")
          .Required()
          .Children({
              FieldBuilder("inhaber", FieldType::kText, "Kontoinhaber").Required(),
              FieldBuilder("iban", FieldType::kIban, "IBAN").Required(),
          }),
      FieldBuilder("hunde", FieldType::kRepeat, "Hunde")
          .Items(2, 4)
          .Children({
              FieldBuilder("name", FieldType::kText, "Name").Required(),
              FieldBuilder("kampfhund", FieldType::kYesNo, "Kampfhund").Required(),
              FieldBuilder("gutachten", FieldType::kFile, "Gutachten")
                  .Required()
                  .VisibleIf(Var("item.kampfhund")),
          }),
  };
  return MakeDefinition(
      {MakePage("person", person), MakePage("details", details),
       MakePage("gewerbe", {FieldBuilder("register", FieldType::kText).Required()}, Var("gewerblich"))},
      Json{{"*", Json::array({108, Var("anzahl")})}});
}

logic::Context TestContext() {
  logic::Context context;
  context.today = "2026-03-27";
  return context;
}

TEST(ExampleDataTest, ValidatesForEveryFieldType) {
  const Definition definition = EveryFieldType();
  const Json example = ExampleData(definition, TestContext());
  const auto result = ValidateSubmission(definition, example, TestContext());
  ASSERT_TRUE(result.has_value()) << result.error().front().field << ": " << result.error().front().message
                                  << "\n"
                                  << example.dump(2);
  EXPECT_EQ(result->data, example);  // already clean
  EXPECT_EQ(result->fee_cents, 108 * 3 * 100);
}

TEST(ExampleDataTest, PlausibleValues) {
  const Json example = ExampleData(EveryFieldType(), TestContext());
  EXPECT_EQ(example["vorname"], "Erika");
  EXPECT_EQ(Utf8Length(example["nachname"].get<std::string>()), 12);
  EXPECT_EQ(example["geburtsdatum"], "1996-03-27");
  EXPECT_EQ(example["termin"], "2030-01-01");
  EXPECT_EQ(example["email"], "erika.mustermann@example.org");
  EXPECT_EQ(example["iban"], "DE89370400440532013000");
  EXPECT_EQ(example["plz"], "70173");
  EXPECT_EQ(example["chip"].get<std::string>().size(), 15u);
  EXPECT_EQ(example["nummernschild"], "A-A-11E");
  EXPECT_EQ(example["aktenzeichen"], "AZ-1234/1956");
  EXPECT_EQ(example["alter"], 120);
  EXPECT_EQ(example["anzahl"], 3);
  EXPECT_EQ(example["betrag"], 100);
  EXPECT_EQ(example["art"], "a");
  EXPECT_EQ(example["themen"], Json::array({"x"}));
  EXPECT_EQ(example["zustimmung"], true);
  EXPECT_EQ(example["gewerblich"], false);
  EXPECT_EQ(example["nachweis"]["content_type"], "application/pdf");
  EXPECT_EQ(example["foto"]["content_type"], "image/png");
  EXPECT_EQ(example["hunde"].size(), 2u);
}

TEST(ExampleDataTest, OnlyVisibleFields) {
  const Json example = ExampleData(EveryFieldType(), TestContext());
  EXPECT_FALSE(example.contains("firma"));
  EXPECT_FALSE(example.contains("register"));
  EXPECT_FALSE(example["hunde"][0].contains("gutachten"));
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void ExpectExampleValidates(const Definition& definition) {
  const Json example = ExampleData(definition, TestContext());
  const auto result = ValidateSubmission(definition, example, TestContext());
  EXPECT_TRUE(result.has_value()) << definition.id << " " << definition.variant_id.value_or("") << ": "
                                  << result.error().front().field << " " << result.error().front().code;
}

TEST(ExampleDataTest, ValidatesForEverySeedProcessAndVariant) {
  const std::filesystem::path seed = std::filesystem::path(AMTSWEG_SOURCE_DIR) / "seed";
  std::map<std::string, Definition> standards;
  for (const auto& entry : std::filesystem::directory_iterator(seed / "processes")) {
    auto definition = LoadStandard(ReadFile(entry.path()), entry.path().string());
    ASSERT_TRUE(definition.has_value()) << entry.path();
    ExpectExampleValidates(*definition);
    standards.emplace(definition->id, std::move(*definition));
  }
  EXPECT_FALSE(standards.empty());
  for (const auto& entry : std::filesystem::directory_iterator(seed / "variants")) {
    const auto variant = LoadVariant(ReadFile(entry.path()), entry.path().string());
    ASSERT_TRUE(variant.has_value()) << entry.path();
    const auto standard = standards.find(variant->standard);
    ASSERT_NE(standard, standards.end()) << entry.path();
    const auto effective = ApplyVariant(standard->second, *variant);
    ASSERT_TRUE(effective.has_value()) << entry.path();
    ExpectExampleValidates(*effective);
  }
}

TEST(ExampleDataTest, EmptyDefinition) {
  EXPECT_EQ(ExampleData(MakeDefinition({}), TestContext()), Json::object());
}

}  // namespace
}  // namespace amtsweg::process
