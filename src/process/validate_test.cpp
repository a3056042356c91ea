// Tests of ValidateSubmission / ValidatePage: a dog-registration definition built by hand, a valid
// answer set, and a table of mutations, each expecting exactly one error (path and code).

#include "process/validate.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "process/fields.h"
#include "process/validate_test_builders.h"

namespace amtsweg::process {
namespace {

using testing::FieldBuilder;
using testing::MakeDefinition;
using testing::MakePage;

using testing::Var;
Json Equals(const Json& a, const Json& b) { return Json{{"==", Json::array({a, b})}}; }

Definition DogDefinition() {
  const std::vector<Field> hund{
      FieldBuilder("name", FieldType::kText, "Name des Hundes").Required().MaxLength(40),
      FieldBuilder("rasse", FieldType::kSelect, "Rasse").Required().Options({"mischling", "pudel"}),
      FieldBuilder("kampfhund", FieldType::kYesNo, "Kampfhund").Required(),
      FieldBuilder("chip", FieldType::kText, "Chipnummer")
          .Required()
          .VisibleIf(Equals(Var("item.kampfhund"), true))
          .Pattern("^[0-9]{15}$", "Geben Sie die 15-stellige Chipnummer ein."),
  };
  const std::vector<Field> halter{
      FieldBuilder("vorname", FieldType::kText, "Vorname")
          .Required()
          .MaxLength(50)
          .Rule(Json{{"!=", Json::array({Var("vorname"), "Test"})}}, "Der Vorname darf nicht „Test“ sein."),
      FieldBuilder("nachname", FieldType::kText, "Nachname").Required().MinLength(2),
      FieldBuilder("geburtsdatum", FieldType::kDate, "Geburtsdatum")
          .Required()
          .MinDate("1900-01-01")
          .MaxDate("today"),
      FieldBuilder("email", FieldType::kEmail, "E-Mail-Adresse"),
      FieldBuilder("telefon", FieldType::kPhone, "Telefonnummer"),
      FieldBuilder("anschrift", FieldType::kAddress, "Anschrift").Required(),
      FieldBuilder("iban", FieldType::kIban, "IBAN"),
  };
  const std::vector<Field> hunde_page{
      FieldBuilder("hunde", FieldType::kRepeat, "Hunde").Items(1, 3).Children(hund),
      FieldBuilder("anzahl", FieldType::kNumber, "Anzahl der Hunde").Required().Min(1).Max(10),
      FieldBuilder("betrag", FieldType::kMoney, "Betrag").Min(0).Max(1000),
      FieldBuilder("interessen", FieldType::kCheckbox, "Interessen").Options({"a", "b", "c"}),
      FieldBuilder("versicherung", FieldType::kText, "Versicherung").RequiredIf(Equals(Var("anzahl"), 2)),
      FieldBuilder("nachweis", FieldType::kFile, "Nachweis").Accept({"application/pdf"}, 1000),
      FieldBuilder("zucht", FieldType::kGroup, "Zucht")
          .Children({
              FieldBuilder("verein", FieldType::kText, "Verein"),
              FieldBuilder("seit", FieldType::kDate, "Mitglied seit"),
          }),
  };
  return MakeDefinition(
      {
          MakePage("halter", halter),
          MakePage("hunde", hunde_page),
          MakePage("zusatz", {FieldBuilder("bemerkung", FieldType::kText, "Bemerkung").Required()},
                   Equals(Var("anzahl"), 5)),
      },
      Json{{"*", Json::array({108, Var("anzahl")})}});
}

Json ValidDogData() {
  return Json{
      {"vorname", "  Erika "},
      {"nachname", "Mustermann"},
      {"geburtsdatum", "1980-05-17"},
      {"email", "erika.mustermann@example.org"},
      {"telefon", "+49 711 123456"},
      {"anschrift",
       {{"strasse", "Musterstraße"}, {"hausnummer", "1"}, {"plz", "70173"}, {"ort", "Stuttgart"}}},
      {"iban", "de89 3704 0044 0532 0130 00"},
      {"hunde", Json::array({{{"name", "Bello"}, {"rasse", "pudel"}, {"kampfhund", false}}})},
      {"anzahl", 1},
      {"betrag", 12.5},
      {"interessen", Json::array({"a", "c"})},
      {"nachweis",
       {{"filename", "nachweis.pdf"},
        {"content_type", "application/pdf"},
        {"content_base64", EncodeBase64(testing::TinyPdf())}}},
      {"zucht", {{"verein", "VDH"}}},
  };
}

logic::Context TestContext() {
  logic::Context context;
  context.today = "2026-03-27";
  return context;
}

TEST(ValidateSubmissionTest, ValidDataIsCleanedAndPriced) {
  const auto result = ValidateSubmission(DogDefinition(), ValidDogData(), TestContext());
  ASSERT_TRUE(result.has_value()) << result.error().front().field << ": " << result.error().front().message;
  EXPECT_EQ(result->fee_error, "");
  const Json& data = result->data;
  EXPECT_EQ(data["vorname"], "Erika");
  EXPECT_EQ(data["iban"], "DE89370400440532013000");
  EXPECT_EQ(data["nachweis"]["content_type"], "application/pdf");
  EXPECT_EQ(data["hunde"][0], (Json{{"name", "Bello"}, {"rasse", "pudel"}, {"kampfhund", false}}));
  EXPECT_EQ(data["anschrift"]["plz"], "70173");
  EXPECT_EQ(data["zucht"], (Json{{"verein", "VDH"}}));
  EXPECT_EQ(result->fee_cents, 10800);
}

struct MutationCase {
  const char* name;
  Json patch;  // RFC 7386 merge patch applied to ValidDogData()
  const char* field;
  const char* code;
};

std::string Repeat(char c, int n) { return std::string(static_cast<std::size_t>(n), c); }

Json Dog(const Json& extra = Json::object()) {
  Json dog{{"name", "Bello"}, {"rasse", "pudel"}, {"kampfhund", false}};
  dog.merge_patch(extra);
  return dog;
}

Json File(const std::string& bytes) {
  return Json{
      {"filename", "x.pdf"}, {"content_type", "application/pdf"}, {"content_base64", EncodeBase64(bytes)}};
}

TEST(ValidateSubmissionTest, EachMutationYieldsOneError) {
  const MutationCase cases[] = {
      {"missing", {{"vorname", nullptr}}, "vorname", "required"},
      {"blank", {{"vorname", "   "}}, "vorname", "required"},
      {"number for text", {{"vorname", 5}}, "vorname", "type"},
      {"too long", {{"vorname", Repeat('x', 51)}}, "vorname", "too_long"},
      {"too short", {{"nachname", "M"}}, "nachname", "too_short"},
      {"too small", {{"anzahl", 0}}, "anzahl", "too_small"},
      {"too large", {{"anzahl", 11}}, "anzahl", "too_large"},
      {"string for number", {{"anzahl", "1"}}, "anzahl", "type"},
      {"before min_date", {{"geburtsdatum", "1899-12-31"}}, "geburtsdatum", "date_too_early"},
      {"after today", {{"geburtsdatum", "2026-03-28"}}, "geburtsdatum", "date_too_late"},
      {"not a leap year", {{"geburtsdatum", "2023-02-29"}}, "geburtsdatum", "invalid_date"},
      {"german date", {{"geburtsdatum", "1.2.2024"}}, "geburtsdatum", "invalid_date"},
      {"pattern", {{"hunde", {Dog({{"kampfhund", true}, {"chip", "123"}})}}}, "hunde[0].chip", "pattern"},
      {"visible required in repeat", {{"hunde", {Dog({{"kampfhund", true}})}}}, "hunde[0].chip", "required"},
      {"bad option", {{"hunde", {Dog(), Dog({{"rasse", "dackel"}})}}}, "hunde[1].rasse", "invalid_option"},
      {"bad checkbox", {{"interessen", {"a", "z"}}}, "interessen", "invalid_option"},
      {"duplicate checkbox", {{"interessen", {"a", "a"}}}, "interessen", "invalid_option"},
      {"checkbox not array", {{"interessen", "a"}}, "interessen", "type"},
      {"yesno as string", {{"hunde", {Dog({{"kampfhund", "nein"}})}}}, "hunde[0].kampfhund", "type"},
      {"email", {{"email", "erika@"}}, "email", "invalid_email"},
      {"phone", {{"telefon", "12"}}, "telefon", "invalid_phone"},
      {"iban checksum", {{"iban", "DE88370400440532013000"}}, "iban", "invalid_iban"},
      {"plz", {{"anschrift", {{"plz", "0100"}}}}, "anschrift.plz", "invalid_postal_code"},
      {"address part missing", {{"anschrift", {{"ort", nullptr}}}}, "anschrift.ort", "required"},
      {"address missing", {{"anschrift", nullptr}}, "anschrift", "required"},
      {"money decimals", {{"betrag", 1.005}}, "betrag", "invalid_money"},
      {"money max", {{"betrag", 1000.01}}, "betrag", "too_large"},
      {"file base64", {{"nachweis", {{"content_base64", "!!!!"}}}}, "nachweis", "invalid_file"},
      {"file name", {{"nachweis", {{"filename", "../x.pdf"}}}}, "nachweis", "invalid_file"},
      {"file type", {{"nachweis", File(testing::TinyPng())}}, "nachweis", "file_type"},
      {"file unknown", {{"nachweis", File("hello world")}}, "nachweis", "file_type"},
      {"file size", {{"nachweis", File("%PDF-" + Repeat('x', 1000))}}, "nachweis", "file_too_large"},
      {"too few items", {{"hunde", Json::array()}}, "hunde", "too_few_items"},
      {"too many items", {{"hunde", {Dog(), Dog(), Dog(), Dog()}}}, "hunde", "too_many_items"},
      {"entry not object", {{"hunde", {5}}}, "hunde[0]", "type"},
      {"repeat not array", {{"hunde", {{"name", "x"}}}}, "hunde", "type"},
      {"group not object", {{"zucht", "VDH"}}, "zucht", "type"},
      {"unknown top", {{"farbe", "braun"}}, "farbe", "unknown_field"},
      {"unknown in address", {{"anschrift", {{"land", "DE"}}}}, "anschrift.land", "unknown_field"},
      {"unknown in group", {{"zucht", {{"x", 1}}}}, "zucht.x", "unknown_field"},
      {"unknown in entry", {{"hunde", {Dog({{"farbe", "braun"}})}}}, "hunde[0].farbe", "unknown_field"},
      {"required_if", {{"anzahl", 2}}, "versicherung", "required"},
      {"custom rule", {{"vorname", "Test"}}, "vorname", "rule"},
      {"group child", {{"zucht", {{"seit", "2026-02-30"}}}}, "zucht.seit", "invalid_date"},
      {"page shown", {{"anzahl", 5}}, "bemerkung", "required"},
  };
  const Definition definition = DogDefinition();
  for (const auto& c : cases) {
    Json data = ValidDogData();
    data.merge_patch(c.patch);
    const auto result = ValidateSubmission(definition, data, TestContext());
    ASSERT_FALSE(result.has_value()) << c.name;
    ASSERT_EQ(result.error().size(), 1u)
        << c.name << ": first " << result.error()[0].field << " " << result.error()[0].code;
    EXPECT_EQ(result.error()[0].field, c.field) << c.name;
    EXPECT_EQ(result.error()[0].code, c.code) << c.name;
    EXPECT_FALSE(result.error()[0].message.empty()) << c.name;
  }
}

TEST(ValidateSubmissionTest, CollectsErrorsOfAllFields) {
  Json data = ValidDogData();
  data.merge_patch({{"vorname", nullptr}, {"email", "x"}, {"farbe", 1}, {"anschrift", {{"plz", "1"}}}});
  const auto result = ValidateSubmission(DogDefinition(), data, TestContext());
  ASSERT_FALSE(result.has_value());
  std::vector<std::string> fields;
  for (const auto& error : result.error()) fields.push_back(error.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"vorname", "email", "anschrift.plz", "farbe"}));
}

TEST(ValidateSubmissionTest, HiddenFieldsAreIgnoredAndRemoved) {
  Json data = ValidDogData();
  data["hunde"][0]["chip"] = "not a chip";  // hidden: kampfhund is false
  data["bemerkung"] = 42;                   // its page is hidden: anzahl is not 5
  const auto result = ValidateSubmission(DogDefinition(), data, TestContext());
  ASSERT_TRUE(result.has_value()) << result.error().front().field;
  EXPECT_FALSE(result->data["hunde"][0].contains("chip"));
  EXPECT_FALSE(result->data.contains("bemerkung"));
}

TEST(ValidateSubmissionTest, VisibleFieldInRepeatUsesItsOwnEntry) {
  Json data = ValidDogData();
  data["hunde"] = {Dog(), Dog({{"kampfhund", true}, {"chip", " 276098106543210 "}})};
  const auto result = ValidateSubmission(DogDefinition(), data, TestContext());
  ASSERT_TRUE(result.has_value()) << result.error().front().field;
  EXPECT_FALSE(result->data["hunde"][0].contains("chip"));
  EXPECT_EQ(result->data["hunde"][1]["chip"], "276098106543210");
}

TEST(ValidateSubmissionTest, OptionalEmptyAnswersAreDropped) {
  Json data = ValidDogData();
  data.merge_patch({{"email", ""}, {"interessen", Json::array()}, {"betrag", nullptr}});
  data["zucht"] = Json::object();
  const auto result = ValidateSubmission(DogDefinition(), data, TestContext());
  ASSERT_TRUE(result.has_value()) << result.error().front().field;
  for (const char* key : {"email", "interessen", "zucht", "betrag"})
    EXPECT_FALSE(result->data.contains(key)) << key;
}

TEST(ValidateSubmissionTest, MessagesNameTheFieldInGerman) {
  Json data = ValidDogData();
  data.merge_patch({{"vorname", Repeat('x', 51)},
                    {"nachweis", nullptr},
                    {"betrag", -1},
                    {"geburtsdatum", "2030-01-01"},
                    {"hunde", {Dog({{"rasse", nullptr}})}}});
  Definition definition = DogDefinition();
  definition.pages[1].fields[5].required = true;  // nachweis
  const auto result = ValidateSubmission(definition, data, TestContext());
  ASSERT_FALSE(result.has_value());
  std::map<std::string, std::string> messages;
  for (const auto& error : result.error()) messages[error.field] = error.message;
  EXPECT_EQ(messages["vorname"], "„Vorname“ darf höchstens 50 Zeichen lang sein.");
  EXPECT_EQ(messages["geburtsdatum"], "„Geburtsdatum“ darf nicht in der Zukunft liegen.");
  EXPECT_EQ(messages["hunde[0].rasse"], "Wählen Sie „Rasse“ aus.");
  EXPECT_EQ(messages["nachweis"], "Laden Sie „Nachweis“ hoch.");
  EXPECT_EQ(messages["betrag"], "„Betrag“ muss mindestens 0,00 € betragen.");
}

TEST(ValidateSubmissionTest, NotAnObject) {
  for (const Json& data : {Json::array(), Json("x"), Json(nullptr), Json(3)}) {
    const auto result = ValidateSubmission(DogDefinition(), data, TestContext());
    ASSERT_FALSE(result.has_value());
    ASSERT_EQ(result.error().size(), 1u);
    EXPECT_EQ(result.error()[0].field, "");
    EXPECT_EQ(result.error()[0].code, "type");
  }
}

TEST(ValidateSubmissionTest, RuleThatFailsAtRuntimeCountsAsFailed) {
  const Json heavy = {{"and", Json::array({Equals(1, 1), Equals(2, 2), Equals(3, 3), Equals(4, 4)})}};
  const Definition definition = MakeDefinition(
      {MakePage("p", {FieldBuilder("a", FieldType::kText, "A").Rule(heavy, "Regel verletzt.")})});
  logic::Context context = TestContext();
  ASSERT_TRUE(ValidateSubmission(definition, {{"a", "x"}}, context).has_value());
  context.limits.max_steps = 2;  // the engine gives up: too much work
  const auto result = ValidateSubmission(definition, {{"a", "x"}}, context);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error()[0].code, "rule");
  EXPECT_EQ(result.error()[0].message, "Regel verletzt.");
}

TEST(ValidateSubmissionTest, FeeRuleFailureIsADefinitionError) {
  const Definition definition = MakeDefinition({MakePage("p", {FieldBuilder("a", FieldType::kText)})},
                                               Json{{"cat", Json::array({"a", "b"})}});
  const auto result = ValidateSubmission(definition, {{"a", "x"}}, TestContext());
  ASSERT_TRUE(result.has_value());  // the answers are fine; the definition is not
  EXPECT_EQ(result->fee_cents, -1);
  EXPECT_NE(result->fee_error.find("test-prozess"), std::string::npos) << result->fee_error;
}

template <typename F>
double Milliseconds(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

TEST(ValidateSubmissionTest, HostileInputIsRejectedQuickly) {
  Json deep = Json::array();
  for (int i = 0; i < 10'000; ++i) deep = Json::array({std::move(deep)});
  Json data = ValidDogData();
  data["vorname"] = std::move(deep);
  Json huge = ValidDogData();
  huge["interessen"] = Json::array();
  for (int i = 0; i < 1'000'000; ++i) huge["interessen"].push_back(i);
  for (const Json* hostile : {&data, &huge}) {
    double elapsed = Milliseconds([&] {
      const auto result = ValidateSubmission(DogDefinition(), *hostile, TestContext());
      ASSERT_FALSE(result.has_value());
      EXPECT_EQ(result.error()[0].code, "too_large");
      EXPECT_EQ(result.error()[0].field, "");
    });
    EXPECT_LT(elapsed, 50.0);
  }
}

// A random JSON value of bounded size (seeded, so failures reproduce).
Json RandomValue(std::mt19937& random, int depth) {
  switch (random() % (depth > 3 ? 6 : 8)) {
    case 0:
      return nullptr;
    case 1:
      return random() % 2 == 0;
    case 2:
      return static_cast<int>(random() % 2000) - 1000;
    case 3:
      return std::ldexp(static_cast<double>(random()), static_cast<int>(random() % 80) - 40);
    case 4: {
      const char* strings[] = {"",           " ",      "pudel", "70173", "DE89370400440532013000",
                               "2024-02-29", "a@b.de", "Ä"};
      return strings[random() % 8];
    }
    case 5:
      return std::string(random() % 1200, static_cast<char>('0' + random() % 10));
    case 6: {
      Json array = Json::array();
      for (unsigned i = random() % 4; i > 0; --i) array.push_back(RandomValue(random, depth + 1));
      return array;
    }
    default: {
      Json object = Json::object();
      const char* keys[] = {"name", "rasse", "kampfhund",      "chip",    "plz",
                            "ort",  "x",     "content_base64", "filename"};
      for (unsigned i = random() % 4; i > 0; --i) object[keys[random() % 9]] = RandomValue(random, depth + 1);
      return object;
    }
  }
}

TEST(ValidateSubmissionTest, RandomAnswersYieldAtMostOneErrorPerField) {
  const Definition definition = DogDefinition();
  const Json valid = ValidDogData();
  std::mt19937 random(20260327);
  for (int round = 0; round < 3000; ++round) {
    Json data = valid;
    for (unsigned n = 1 + random() % 3; n > 0; --n) {
      auto it = std::next(data.begin(), static_cast<long>(random() % data.size()));
      *it = RandomValue(random, 0);
    }
    const auto result = ValidateSubmission(definition, data, TestContext());
    if (result) continue;
    std::set<std::string> fields;
    for (const auto& error : result.error()) {
      EXPECT_TRUE(fields.insert(error.field).second) << "twice: " << error.field << " in " << data.dump();
      EXPECT_FALSE(error.code.empty());
      EXPECT_FALSE(error.message.empty());
    }
  }
}

TEST(ValidatePageTest, OnlyThatPage) {
  const Definition definition = DogDefinition();
  Json data = ValidDogData();
  data.merge_patch({{"vorname", nullptr}, {"anzahl", 0}, {"unbekannt", 1}});
  const auto halter = ValidatePage(definition, definition.pages[0], data, TestContext());
  ASSERT_EQ(halter.size(), 1u);
  EXPECT_EQ(halter[0].field, "vorname");
  const auto hunde = ValidatePage(definition, definition.pages[1], data, TestContext());
  ASSERT_EQ(hunde.size(), 1u);
  EXPECT_EQ(hunde[0].field, "anzahl");
  EXPECT_TRUE(ValidatePage(definition, definition.pages[2], data, TestContext()).empty());  // hidden
  data["anzahl"] = 5;
  EXPECT_EQ(ValidatePage(definition, definition.pages[2], data, TestContext()).size(), 1u);
}

TEST(ValidateSubmissionTest, PerformanceOfATypicalForm) {
  const Definition definition = DogDefinition();
  Json data = ValidDogData();
  data.erase("nachweis");  // uploads are not typical of the hot path
  const logic::Context context = TestContext();
  constexpr int kRounds = 20'000;
  std::int64_t fees = 0;
  // Processor time, not wall time: the build machine is shared.
  const std::clock_t start = std::clock();
  for (int i = 0; i < kRounds; ++i) fees += ValidateSubmission(definition, data, context)->fee_cents;
  const double micros = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC * 1e6 / kRounds;
  EXPECT_EQ(fees, 10800LL * kRounds);
  std::printf("ValidateSubmission: %.2f us CPU per submission (%zu top-level answers)\n", micros,
              data.size());
}

}  // namespace
}  // namespace amtsweg::process
