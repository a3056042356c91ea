// Reading posted pages: German number and date notation as tables, the round trip (example
// answers rendered into a page view and posted back as a browser would give the same answers),
// repeats add/remove, hidden fields dropped, files kept/replaced/removed/too large, actions.

#include "web/form_input.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "process/example.h"
#include "process/fields.h"
#include "process/loader.h"
#include "web/form_view.h"
#include "web/test_support.h"

namespace amtsweg::web {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace): test helpers

using Json = nlohmann::json;

// The answer at a form path ("hunde[0].gutachten"), or nullptr.
const Json* At(const Json& data, const std::string& path) {
  const Json* current = &data;
  std::string key;
  auto descend = [&]() {
    if (key.empty()) return;
    current = current && current->is_object() && current->contains(key) ? &(*current)[key] : nullptr;
    key.clear();
  };
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '.') {
      descend();
    } else if (path[i] == '[') {
      descend();
      const std::size_t close = path.find(']', i);
      const std::size_t index = std::stoul(path.substr(i + 1, close - i - 1));
      current = current && current->is_array() && index < current->size() ? &(*current)[index] : nullptr;
      i = close;
    } else {
      key += path[i];
    }
  }
  descend();
  return current;
}

// What a browser posts for a rendered page view: every input (hidden ones too), checked options,
// the selected option. Stored files are either kept ("behalten") or uploaded again from `data`.
struct Post {
  http::FormFields fields;
  std::vector<http::MultipartPart> parts;
};

void PostFields(const Json& fields, const Json& data, bool upload_files, Post& post) {
  for (const auto& field : fields) {
    const std::string name = field["name"];
    if (field["tpl_input"] == true || field["tpl_textarea"] == true) {
      post.fields.emplace_back(name, field["value"].get<std::string>());
    } else if (field["tpl_select"] == true) {
      std::string selected;
      for (const auto& option : field["options"]) {
        if (option["selected"] == true) selected = option["option_value"];
      }
      post.fields.emplace_back(name, selected);
    } else if (field["tpl_choice"] == true) {
      for (const auto& option : field["options"]) {
        if (option["checked"] == true) post.fields.emplace_back(name, option["option_value"]);
      }
    } else if (field["tpl_date"] == true) {
      for (const auto& part : field["date_parts"])
        post.fields.emplace_back(part["part_name"], part["part_value"]);
    } else if (field["tpl_file"] == true && field["has_stored_file"] == true) {
      if (!upload_files) {
        post.fields.emplace_back(field["keep_name"], "1");
        continue;
      }
      const Json* stored = At(data, name);
      ASSERT_NE(stored, nullptr) << name;
      http::MultipartPart part;
      part.name = name;
      part.filename = (*stored)["filename"];
      part.has_filename = true;
      part.data = process::DecodeBase64((*stored)["content_base64"].get<std::string>(), 1 << 24).value();
      post.parts.push_back(std::move(part));
    } else if (field["tpl_group"] == true) {
      PostFields(field["children"], data, upload_files, post);
    } else if (field["tpl_repeat"] == true) {
      post.fields.emplace_back(field["count_name"], std::to_string(field["count"].get<int>()));
      for (const auto& entry : field["entries"]) PostFields(entry["children"], data, upload_files, post);
    }
  }
}

Post Simulate(const Json& view, const Json& data, bool upload_files) {
  Post post;
  PostFields(view["fields"], data, upload_files, post);
  post.fields.emplace_back("aktion", "weiter");
  return post;
}

std::string Pdf() { return "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"; }

Json PdfAnswer(const std::string& filename) {
  return {{"filename", filename},
          {"content_type", "application/pdf"},
          {"content_base64", process::EncodeBase64(Pdf())}};
}

// Example answers, with the hund-anmelden example widened to an assistance dog with a proof so
// that a file inside a repeat takes part.
Json ExampleFor(const process::Definition& definition) {
  Json example = process::ExampleData(definition, TestContext());
  const auto has_proof = [&] {
    for (const auto& page : definition.pages) {
      for (const auto& field : page.fields) {
        for (const auto& child : field.fields) {
          if (child.id == "assistenzhund_nachweis") return true;
        }
      }
    }
    return false;
  };
  if (has_proof()) {
    example["hunde"][0]["assistenzhund"] = true;
    example["hunde"][0]["assistenzhund_nachweis"] = PdfAnswer("nachweis.pdf");
  }
  return example;
}

TEST(FormInputTest, ExampleAnswersSurviveRenderingAndPostingBack) {
  const auto context = TestContext();
  for (const auto& definition : TestDefinitions()) {
    const Json example = ExampleFor(definition);
    for (const auto& page : definition.pages) {
      const std::string where = definition.id + "/" + page.id;
      const Json view = FormPageView(definition, page, example, {}, context);
      // Coming back to a filled page: stored files are kept.
      Post kept = Simulate(view, example, false);
      PageInput input = ReadPage(definition, page, example, kept.fields, nullptr, context);
      EXPECT_EQ(input.data, example) << where << "\n" << input.data.dump() << "\n" << example.dump();
      EXPECT_TRUE(input.input_errors.empty()) << where << ": " << input.input_errors.front().message;
      EXPECT_EQ(input.action, FormAction::kWeiter);
      // The first visit: nothing of this page stored yet, files uploaded.
      Json draft = example;
      for (const auto& field : page.fields) draft.erase(field.id);
      Post uploaded = Simulate(view, example, true);
      input = ReadPage(definition, page, draft, uploaded.fields, &uploaded.parts, context);
      EXPECT_EQ(input.data, example) << where << "\n" << input.data.dump() << "\n" << example.dump();
      EXPECT_TRUE(process::ValidatePage(definition, page, input.data, context).empty()) << where;
    }
  }
}

TEST(FormInputTest, GermanNumbers) {
  const std::vector<std::pair<std::string, double>> accepted{
      {"1.234,5", 1234.5},
      {"1234,5", 1234.5},
      {"1234.5", 1234.5},
      {"1.234", 1234},
      {"12.50", 12.5},
      {"0.123", 0.123},
      {"-3", -3},
      {"+2", 2},
      {" 7 ", 7},
      {",5", 0.5},
      {"1.234.567", 1234567},
      {"1.234.567,89", 1234567.89},
      {"0", 0},
      {"007", 7},
      {"-0,25", -0.25},
      {"10", 10},
      {"1.2345", 1.2345},
  };
  for (const auto& [text, value] : accepted) {
    const auto parsed = ParseGermanNumber(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_DOUBLE_EQ(*parsed, value) << text;
  }
  for (const std::string& text : std::vector<std::string>{"",
                                                          " ",
                                                          "abc",
                                                          "1,2,3",
                                                          "1.23,4",
                                                          "12.34.56",
                                                          "1e5",
                                                          "--1",
                                                          "1 234",
                                                          "0x10",
                                                          "inf",
                                                          "nan",
                                                          "1.",
                                                          "5,",
                                                          ",",
                                                          "-",
                                                          "1,5 €",
                                                          "١٢",
                                                          std::string(41, '1'),
                                                          "0.123.456"}) {
    EXPECT_FALSE(ParseGermanNumber(text).has_value()) << text;
  }
}

TEST(FormInputTest, GermanMoneyHasAtMostTwoDecimals) {
  EXPECT_DOUBLE_EQ(ParseGermanMoney("12,50").value(), 12.5);
  EXPECT_DOUBLE_EQ(ParseGermanMoney("12,500").value(), 12.5);
  EXPECT_DOUBLE_EQ(ParseGermanMoney("1.234,56").value(), 1234.56);
  EXPECT_DOUBLE_EQ(ParseGermanMoney("99").value(), 99);
  EXPECT_FALSE(ParseGermanMoney("12,505"));
  EXPECT_FALSE(ParseGermanMoney("0.001"));
  EXPECT_FALSE(ParseGermanMoney("zwölf"));
}

TEST(FormInputTest, DatesFromThreeParts) {
  struct Case {
    const char *day, *month, *year, *iso;
  };
  const Case cases[] = {
      {"7", "3", "2007", "2007-03-07"},  {"07", "03", "2007", "2007-03-07"},
      {"29", "2", "2024", "2024-02-29"}, {" 5 ", "6", " 2020 ", "2020-06-05"},
      {"29", "2", "2023", nullptr},      {"31", "4", "2026", nullptr},
      {"31", "2", "2026", nullptr},      {"0", "1", "2000", nullptr},
      {"1", "13", "2000", nullptr},      {"1", "1", "07", nullptr},
      {"a", "1", "2000", nullptr},       {"1", "1", "20000", nullptr},
      {"", "1", "2000", nullptr},        {"001", "1", "2000", nullptr},
      {"1", "1", "0000", nullptr},       {"-1", "1", "2000", nullptr},
  };
  for (const auto& c : cases) {
    const auto iso = DateFromParts(c.day, c.month, c.year);
    if (c.iso == nullptr) {
      EXPECT_FALSE(iso.has_value()) << c.day << "." << c.month << "." << c.year << " -> " << iso.value_or("");
    } else {
      EXPECT_EQ(iso.value_or("none"), c.iso) << c.day << "." << c.month << "." << c.year;
    }
  }
}

http::FormFields HalterPost(const std::string& day, const std::string& month, const std::string& year) {
  return {{"vorname", "Erika"},          {"nachname", "Mustermann"},  {"geburtsdatum.tag", day},
          {"geburtsdatum.monat", month}, {"geburtsdatum.jahr", year}, {"aktion", "weiter"}};
}

TEST(FormInputTest, ImpossibleDatesAreKeptAsTypedWithAGermanMessage) {
  const auto definition = Load("hund-anmelden");
  const auto context = TestContext();
  const auto& page = PageOf(definition, "halter");
  PageInput input =
      ReadPage(definition, page, Json::object(), HalterPost("31", "02", "1980"), nullptr, context);
  ASSERT_EQ(input.input_errors.size(), 1u);
  EXPECT_EQ(input.input_errors[0].field, "geburtsdatum");
  EXPECT_EQ(input.input_errors[0].code, "invalid_date");
  EXPECT_NE(input.input_errors[0].message.find("gültiges Datum"), std::string::npos);
  EXPECT_EQ(input.data["geburtsdatum"], (Json{{"tag", "31"}, {"monat", "02"}, {"jahr", "1980"}}));
  const Json view = FormPageView(definition, page, input.data, input.input_errors, context);
  EXPECT_EQ(view["fields"][2]["date_parts"][0]["part_value"], "31");
  EXPECT_EQ(view["error_summary"][0]["href"], "#f-geburtsdatum-tag");

  input = ReadPage(definition, page, Json::object(), HalterPost("", "2", "1980"), nullptr, context);
  EXPECT_NE(input.input_errors.at(0).message.find("Tag, Monat und Jahr"), std::string::npos);
  input = ReadPage(definition, page, Json::object(), HalterPost("1", "2", "80"), nullptr, context);
  EXPECT_NE(input.input_errors.at(0).message.find("vier Ziffern"), std::string::npos);
  input = ReadPage(definition, page, Json::object(), HalterPost("", "", ""), nullptr, context);
  EXPECT_TRUE(input.input_errors.empty());
  EXPECT_FALSE(input.data.contains("geburtsdatum"));
  input = ReadPage(definition, page, Json::object(), HalterPost("1", "2", "1980"), nullptr, context);
  EXPECT_EQ(input.data["geburtsdatum"], "1980-02-01");
  EXPECT_EQ(input.data["vorname"], "Erika");
}

TEST(FormInputTest, NumbersAndMoneyInGermanNotation) {
  const auto definition =
      LoadFile(std::filesystem::path(AMTSWEG_SOURCE_DIR) / "src/process/testdata/valid/full.yaml");
  const auto context = TestContext();
  const auto& page = PageOf(definition, "hunde");
  const Json draft = {{"halterart", "privat"}};
  const http::FormFields fields{
      {"anzahl", "1.000"},          {"hunde.anzahl", "1"},   {"hunde[0].name", "Rex"},
      {"hunde[0].kampfhund", "ja"}, {"merkmale", "blind"},   {"merkmale", "rettung"},
      {"merkmale", "blind"},        {"kaution", "1.000,50"}, {"hunde[0].rasse", ""}};
  PageInput input = ReadPage(definition, page, draft, fields, nullptr, context);
  EXPECT_TRUE(input.input_errors.empty());
  EXPECT_EQ(input.data["anzahl"], 1000);
  EXPECT_TRUE(input.data["anzahl"].is_number_integer());
  EXPECT_EQ(input.data["kaution"], 1000.5);
  EXPECT_EQ(input.data["merkmale"], (Json{"blind", "rettung"}));
  EXPECT_EQ(input.data["hunde"], (Json{{{"name", "Rex"}, {"kampfhund", true}}}));

  const http::FormFields bad{
      {"anzahl", "zwei"}, {"hunde.anzahl", "1"}, {"hunde[0].kampfhund", "ja"}, {"kaution", "10,505"}};
  input = ReadPage(definition, page, draft, bad, nullptr, context);
  ASSERT_EQ(input.input_errors.size(), 2u);
  EXPECT_EQ(input.input_errors[0].code, "invalid_number");
  EXPECT_EQ(input.input_errors[0].field, "anzahl");
  EXPECT_EQ(input.input_errors[1].code, "invalid_money");
  EXPECT_EQ(input.data["anzahl"], "zwei");  // shown again for correction
  const Json view = FormPageView(definition, page, input.data, input.input_errors, context);
  EXPECT_EQ(view["fields"][0]["value"], "zwei");
  EXPECT_EQ(view["fields"][0]["error"], input.input_errors[0].message);
}

http::FormFields DogsPost(const std::string& action, int dogs) {
  http::FormFields fields{{"hunde.anzahl", std::to_string(dogs)}, {"aktion", action}};
  for (int i = 0; i < dogs; ++i)
    fields.emplace_back("hunde[" + std::to_string(i) + "].name", "Hund" + std::to_string(i));
  return fields;
}

TEST(FormInputTest, RepeatsAddAndRemoveEntriesWithoutValidating) {
  const auto definition = Load("hund-anmelden");
  const auto context = TestContext();
  const auto& page = PageOf(definition, "hunde");
  PageInput input =
      ReadPage(definition, page, Json::object(), DogsPost("hinzufuegen:hunde", 2), nullptr, context);
  EXPECT_EQ(input.action, FormAction::kHinzufuegen);
  EXPECT_EQ(input.target, "hunde");
  ASSERT_EQ(input.data["hunde"].size(), 3u);
  EXPECT_EQ(input.data["hunde"][2], Json::object());

  input = ReadPage(definition, page, Json::object(), DogsPost("entfernen:hunde[0]", 3), nullptr, context);
  EXPECT_EQ(input.action, FormAction::kEntfernen);
  EXPECT_EQ(input.target, "hunde[0]");
  EXPECT_EQ(input.data["hunde"], (Json{{{"name", "Hund1"}}, {{"name", "Hund2"}}}));

  // At max_items (5) adding does nothing; out of range removal does nothing.
  input = ReadPage(definition, page, Json::object(), DogsPost("hinzufuegen:hunde", 5), nullptr, context);
  EXPECT_EQ(input.data["hunde"].size(), 5u);
  input = ReadPage(definition, page, Json::object(), DogsPost("entfernen:hunde[7]", 2), nullptr, context);
  EXPECT_EQ(input.action, FormAction::kEntfernen);
  EXPECT_EQ(input.data["hunde"].size(), 2u);
  // More entries posted than allowed are cut at max_items.
  input = ReadPage(definition, page, Json::object(), DogsPost("weiter", 9), nullptr, context);
  EXPECT_EQ(input.data["hunde"].size(), 5u);
  // Entries are found from their names even without the count.
  input = ReadPage(definition, page, Json::object(), {{"hunde[1].name", "B"}}, nullptr, context);
  EXPECT_EQ(input.data["hunde"], (Json{Json::object(), {{"name", "B"}}}));

  // Targets that are not repeats of this page are unknown actions: "weiter".
  for (const std::string action :
       {"entfernen:hunde", "hinzufuegen:hunde[0]", "hinzufuegen:vorname", "entfernen:x[0]",
        "hinzufuegen:", "entfernen:hunde[0].name[1]", "entfernen:hunde[99999]", "frobnicate"}) {
    input = ReadPage(definition, page, Json::object(), DogsPost(action, 2), nullptr, context);
    EXPECT_EQ(input.action, FormAction::kWeiter) << action;
    EXPECT_EQ(input.data["hunde"].size(), 2u) << action;
  }
}

TEST(FormInputTest, ActionsAreRecognised) {
  const auto definition = Load("hund-anmelden");
  const auto context = TestContext();
  const auto& page = PageOf(definition, "zahlung");
  for (const auto& [posted, action] :
       std::vector<std::pair<std::string, FormAction>>{{"weiter", FormAction::kWeiter},
                                                       {"zurueck", FormAction::kZurueck},
                                                       {"speichern", FormAction::kSpeichern}}) {
    const auto input = ReadPage(definition, page, Json::object(), {{"aktion", posted}}, nullptr, context);
    EXPECT_EQ(input.action, action);
    EXPECT_EQ(ActionName(input.action), posted);
  }
  EXPECT_EQ(ReadPage(definition, page, Json::object(), {}, nullptr, context).action, FormAction::kWeiter);
}

TEST(FormInputTest, HiddenFieldsAreDroppedOtherPagesUntouched) {
  const auto definition = Load("hund-anmelden");
  const auto context = TestContext();
  const Json draft = {{"vorname", "Erika"}, {"kontoinhaber", "Alt"}, {"iban", "DE89370400440532013000"}};
  const http::FormFields post{
      {"lastschrift", "nein"}, {"kontoinhaber", "Erika"}, {"iban", "DE89370400440532013000"}};
  PageInput input = ReadPage(definition, PageOf(definition, "zahlung"), draft, post, nullptr, context);
  EXPECT_EQ(input.data, (Json{{"vorname", "Erika"}, {"lastschrift", false}}));

  const http::FormFields yes{{"lastschrift", "ja"}, {"kontoinhaber", "Erika"}, {"iban", "DE89 3704"}};
  input = ReadPage(definition, PageOf(definition, "zahlung"), draft, yes, nullptr, context);
  EXPECT_EQ(input.data["kontoinhaber"], "Erika");
  EXPECT_EQ(input.data["iban"], "DE89 3704");

  // Inside a repeat, rules read the entry: the free text only for "andere".
  const http::FormFields dogs{{"hunde.anzahl", "2"},
                              {"hunde[0].rasse", "andere"},
                              {"hunde[0].rasse_freitext", "Eurasier"},
                              {"hunde[1].rasse", "mops"},
                              {"hunde[1].rasse_freitext", "Eurasier"},
                              {"hunde[1].assistenzhund", "nein"}};
  input = ReadPage(definition, PageOf(definition, "hunde"), Json::object(), dogs, nullptr, context);
  EXPECT_EQ(input.data["hunde"][0]["rasse_freitext"], "Eurasier");
  EXPECT_FALSE(input.data["hunde"][1].contains("rasse_freitext"));

  // A page hidden by its rule keeps nothing.
  const auto urkunde = Load("geburtsurkunde");
  input = ReadPage(urkunde, PageOf(urkunde, "nachweise"), {{"beziehung", "selbst"}},
                   {{"begruendung", "für das Erbscheinverfahren"}}, nullptr, context);
  EXPECT_EQ(input.data, (Json{{"beziehung", "selbst"}}));
}

TEST(FormInputTest, InputErrorsOfHiddenFieldsAreDropped) {
  const auto definition =
      LoadFile(std::filesystem::path(AMTSWEG_SOURCE_DIR) / "src/process/testdata/valid/full.yaml");
  const auto context = TestContext();
  // kaution is only asked when the first dog is dangerous.
  const http::FormFields post{{"hunde.anzahl", "1"}, {"hunde[0].kampfhund", "nein"}, {"kaution", "viel"}};
  const auto input =
      ReadPage(definition, PageOf(definition, "hunde"), {{"halterart", "privat"}}, post, nullptr, context);
  EXPECT_TRUE(input.input_errors.empty());
  EXPECT_FALSE(input.data.contains("kaution"));
}

http::MultipartPart Upload(const std::string& name, const std::string& filename, const std::string& bytes) {
  http::MultipartPart part;
  part.name = name;
  part.filename = filename;
  part.has_filename = true;
  part.content_type = "application/octet-stream";
  part.data = bytes;
  return part;
}

TEST(FormInputTest, FilesAreUploadedKeptReplacedAndRemoved) {
  auto definition = Load("geburtsurkunde");
  const auto context = TestContext();
  const auto& page = PageOf(definition, "nachweise");
  const Json draft = {{"beziehung", "vollmacht"}, {"vollmacht", PdfAnswer("alt.pdf")}};

  std::vector<http::MultipartPart> parts{Upload("vollmacht", "C:\\Users\\erika\\scan\x01.pdf", Pdf())};
  PageInput input = ReadPage(definition, page, draft, {}, &parts, context);
  EXPECT_EQ(input.data["vollmacht"]["filename"], "scan_.pdf");
  EXPECT_EQ(input.data["vollmacht"]["content_type"], "application/pdf");
  EXPECT_EQ(input.data["vollmacht"]["content_base64"], process::EncodeBase64(Pdf()));

  input = ReadPage(definition, page, draft, {{"vollmacht.behalten", "1"}}, nullptr, context);
  EXPECT_EQ(input.data["vollmacht"]["filename"], "alt.pdf");
  input = ReadPage(definition, page, draft, {{"vollmacht.behalten", "1"}, {"vollmacht.entfernen", "1"}},
                   nullptr, context);
  EXPECT_FALSE(input.data.contains("vollmacht"));
  input = ReadPage(definition, page, draft, {}, nullptr, context);
  EXPECT_FALSE(input.data.contains("vollmacht"));

  // No file chosen: browsers send an empty part with an empty filename; the stored file stays.
  parts = {Upload("vollmacht", "", "")};
  input = ReadPage(definition, page, draft, {{"vollmacht.behalten", "1"}}, &parts, context);
  EXPECT_EQ(input.data["vollmacht"]["filename"], "alt.pdf");

  // A file whose content is not of an accepted type — the name does not count — is reported
  // here and never stored; the file kept before stays, and without one there is no answer.
  parts = {Upload("vollmacht", "notiz.pdf", "nur Text")};
  input = ReadPage(definition, page, draft, {{"vollmacht.behalten", "1"}}, &parts, context);
  ASSERT_EQ(input.input_errors.size(), 1u);
  EXPECT_EQ(input.input_errors[0].code, "file_type");
  EXPECT_NE(input.input_errors[0].message.find("„notiz.pdf“ hat nicht das richtige Format"),
            std::string::npos);
  EXPECT_NE(input.input_errors[0].message.find("PDF"), std::string::npos);
  EXPECT_EQ(input.data["vollmacht"]["filename"], "alt.pdf");
  input = ReadPage(definition, page, {{"beziehung", "vollmacht"}}, {}, &parts, context);
  EXPECT_EQ(input.input_errors.size(), 1u);
  EXPECT_FALSE(input.data.contains("vollmacht"));
  const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(13, '\x01');
  parts = {Upload("vollmacht", "bild.pdf", png)};  // a PNG under a .pdf name: accepted here
  input = ReadPage(definition, page, draft, {}, &parts, context);
  EXPECT_TRUE(input.input_errors.empty());
  EXPECT_EQ(input.data["vollmacht"]["content_type"], "image/png");

  // Too large: reported here (the upload is never stored), the stored file is kept.
  definition.pages[2].fields[0].max_bytes = 10;
  parts = {Upload("vollmacht", "gross.pdf", Pdf())};
  input = ReadPage(definition, definition.pages[2], draft, {{"vollmacht.behalten", "1"}}, &parts, context);
  ASSERT_EQ(input.input_errors.size(), 1u);
  EXPECT_EQ(input.input_errors[0].code, "file_too_large");
  EXPECT_NE(input.input_errors[0].message.find("„gross.pdf“ ist zu groß"), std::string::npos);
  EXPECT_EQ(input.data["vollmacht"]["filename"], "alt.pdf");
}

TEST(FormInputTest, PlainFieldsOfAMultipartBodyAndLineEnds) {
  std::vector<http::MultipartPart> parts{Upload("datei", "a.pdf", Pdf())};
  http::MultipartPart text;
  text.name = "begruendung";
  text.data = "Zeile 1\r\nZeile 2";
  parts.push_back(text);
  const auto fields = PlainFields(parts);
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0], (std::pair<std::string, std::string>{"begruendung", "Zeile 1\r\nZeile 2"}));
  const auto definition = Load("geburtsurkunde");
  const auto input = ReadPage(definition, PageOf(definition, "nachweise"), {{"beziehung", "geschwister"}},
                              fields, &parts, TestContext());
  EXPECT_EQ(input.data["begruendung"], "Zeile 1\nZeile 2");
}

TEST(FormInputTest, HostileInputNeverCrashes) {
  const auto context = TestContext();
  const http::FormFields junk{{"hunde.anzahl", "99999999999999999999"},
                              {"hunde[18446744073709551616].name", "x"},
                              {"hunde[-1].name", "y"},
                              {"hunde[", "z"},
                              {"geburtsdatum.tag", std::string(5000, '9')},
                              {"anzahl", std::string(100000, '1')},
                              {"aktion", "entfernen:hunde[0"}};
  for (const auto& definition : TestDefinitions()) {
    for (const auto& page : definition.pages) {
      for (const Json& draft : {Json(nullptr), Json(3), Json{{"hunde", "x"}, {"anschrift", {1, 2}}}}) {
        const auto input = ReadPage(definition, page, draft, junk, nullptr, context);
        EXPECT_TRUE(input.data.is_object());
        (void)process::ValidatePage(definition, page, input.data, context);
        (void)FormPageView(definition, page, input.data, input.input_errors, context);
      }
    }
  }
}

TEST(FormInputTest, QuestionsTheAnswersBringUpOnTheSamePageAreFound) {
  const auto definition = Load("meldebescheinigung");
  const auto context = TestContext();
  const auto& page = PageOf(definition, "bescheinigung");
  auto paths = [&](const Json& before, const Json& after) {
    std::vector<std::string> out;
    for (const auto& revealed : RevealedUnanswered(page, before, after, context)) {
      EXPECT_NE(revealed.field, nullptr);
      out.push_back(revealed.path);
    }
    return out;
  };
  // "sonstiges" as the purpose asks for the purpose in words, on the same page.
  EXPECT_EQ(paths({}, {{"zweck", "sonstiges"}}), std::vector<std::string>{"zweck_sonstiges"});
  // Answered already (JavaScript showed it at once): nothing to bring up.
  EXPECT_TRUE(paths({}, {{"zweck", "sonstiges"}, {"zweck_sonstiges", "Kita-Platz"}}).empty());
  // Shown when the page was rendered: left empty, it is an ordinary missing answer.
  EXPECT_TRUE(paths({{"zweck", "sonstiges"}}, {{"zweck", "sonstiges"}}).empty());
  // Hidden again, or never shown: nothing.
  EXPECT_TRUE(paths({{"zweck", "sonstiges"}}, {{"zweck", "bank"}}).empty());
  EXPECT_TRUE(paths({}, {{"zweck", "bank"}}).empty());
  // Inside a repeat, each entry against the same entry before: "andere" asks for the breed.
  const auto hund = Load("hund-anmelden");
  const auto& dogs = PageOf(hund, "hunde");
  auto dog_paths = [&](const Json& before, const Json& after) {
    std::vector<std::string> out;
    for (const auto& revealed : RevealedUnanswered(dogs, before, after, context))
      out.push_back(revealed.path);
    return out;
  };
  const Json bello = {{"name", "Bello"}, {"rasse", "mischling"}};
  const Json rex = {{"name", "Rex"}, {"rasse", "andere"}};
  EXPECT_EQ(dog_paths({{"hunde", {bello}}}, {{"hunde", {bello, rex}}}),
            std::vector<std::string>{"hunde[1].rasse_freitext"});
  EXPECT_EQ(dog_paths({{"hunde", {bello, bello}}}, {{"hunde", {bello, rex}}}),
            std::vector<std::string>{"hunde[1].rasse_freitext"});
  EXPECT_TRUE(dog_paths({{"hunde", {rex}}}, {{"hunde", {rex}}}).empty());
  // Odd drafts never crash (a broken draft counts as no answers).
  EXPECT_EQ(paths(Json(3), {{"zweck", "sonstiges"}}), std::vector<std::string>{"zweck_sonstiges"});
  EXPECT_TRUE(paths({{"zweck", "sonstiges"}}, Json("x")).empty());
}

}  // namespace
}  // namespace amtsweg::web
