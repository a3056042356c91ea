// The back-office document: every part present, preview (no reference) and broken data handled.

#include "applications/document.h"

#include <gtest/gtest.h>

namespace amtsweg::applications {
namespace {

storage::NewApplication Application() {
  storage::NewApplication a;
  a.reference = "7K3M-Q9X2-T";
  a.process_id = "hund-anmelden";
  a.process_version = 2;
  a.variant_id = "stuttgart";
  a.municipality_ags = "08111000";
  a.office_id = "stuttgart-hundesteuer";
  a.data_json = R"({"vorname":"Erika","hunde":[{"name":"Bello"}]})";
  a.fee_cents = 14400;
  a.sandbox = true;
  a.submitted_at = "2026-11-30T08:00:00Z";
  a.access_token_hash = "secret-hash";
  a.sealed_access_token = "sealed";
  return a;
}

const DocumentNames kNames{"99102013104000", "Hund anmelden", "Stuttgart", "Steueramt", "steuer@example.org"};

TEST(DocumentTest, HoldsServiceRecipientFeeAndAnswers) {
  const auto doc = BackOfficeDocument(Application(), kNames);
  EXPECT_EQ(doc["format"], "amtsweg.antrag/1");
  EXPECT_EQ(doc["reference"], "7K3M-Q9X2-T");
  EXPECT_EQ(doc["submitted_at"], "2026-11-30T08:00:00Z");
  EXPECT_EQ(doc["test_data"], true);
  EXPECT_EQ(doc["service"], (nlohmann::json{{"process", "hund-anmelden"},
                                            {"version", 2},
                                            {"variant", "stuttgart"},
                                            {"leika", "99102013104000"},
                                            {"title", "Hund anmelden"}}));
  EXPECT_EQ(doc["municipality"], (nlohmann::json{{"ags", "08111000"}, {"name", "Stuttgart"}}));
  EXPECT_EQ(doc["office"]["id"], "stuttgart-hundesteuer");
  EXPECT_EQ(doc["office"]["email"], "steuer@example.org");
  EXPECT_EQ(doc["fee"], (nlohmann::json{{"cents", 14400}, {"currency", "EUR"}}));
  EXPECT_EQ(doc["data"]["hunde"][0]["name"], "Bello");
}

TEST(DocumentTest, SecretsNeverLeaveTheDatabase) {
  const std::string text = BackOfficeDocument(Application(), kNames).dump();
  EXPECT_EQ(text.find("secret-hash"), std::string::npos);
  EXPECT_EQ(text.find("sealed"), std::string::npos);
}

TEST(DocumentTest, APreviewHasNoReferenceAndBrokenDataIsNull) {
  auto a = Application();
  a.reference.clear();
  a.submitted_at.clear();
  a.variant_id.reset();
  a.data_json = "{not json";
  const auto doc = BackOfficeDocument(a, kNames);
  EXPECT_TRUE(doc["reference"].is_null());
  EXPECT_TRUE(doc["submitted_at"].is_null());
  EXPECT_TRUE(doc["service"]["variant"].is_null());
  EXPECT_TRUE(doc["data"].is_null());
}

}  // namespace
}  // namespace amtsweg::applications
