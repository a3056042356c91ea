// Maturity levels: which criteria each level needs, what a process does not need, and the
// levels of the seed processes with today's platform.

#include "registry/maturity.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "process/loader.h"

namespace amtsweg::registry {
namespace {

Capabilities Everything() {
  Capabilities c;
  c.user_account = c.online_payment = c.digital_delivery = c.once_only = true;
  return c;
}

const Criterion* Find(const Maturity& m, const std::string& name) {
  for (const auto& c : m.criteria)
    if (c.name == name) return &c;
  ADD_FAILURE() << "no criterion " << name;
  return nullptr;
}

process::Definition LoadSeed(const std::string& id) {
  std::ifstream in(std::filesystem::path(AMTSWEG_SOURCE_DIR) / "seed/processes" / (id + ".yaml"));
  std::stringstream text;
  text << in.rdbuf();
  auto d = process::LoadStandard(text.str(), id);
  EXPECT_TRUE(d.has_value()) << id;
  return d ? *d : process::Definition{};
}

TEST(Maturity, TodayAFeeBlocksLevelThreeAndDeliveryBlocksItForEveryone) {
  Maturity m = Assess({.fee = true}, PlatformToday());
  EXPECT_EQ(m.level, 2);
  EXPECT_EQ(Find(m, "Online bezahlen")->status, CriterionStatus::kMissing);
  EXPECT_EQ(Find(m, "Bescheid digital zustellen")->status, CriterionStatus::kMissing);
  EXPECT_EQ(Find(m, "Antrag digital einreichen")->status, CriterionStatus::kMet);

  Maturity free = Assess({}, PlatformToday());
  EXPECT_EQ(free.level, 2);
  EXPECT_EQ(Find(free, "Online bezahlen")->status, CriterionStatus::kNotNeeded);
}

TEST(Maturity, RisesWhenTheFeaturesLand) {
  Capabilities with_delivery = PlatformToday();
  with_delivery.digital_delivery = true;
  EXPECT_EQ(Assess({}, with_delivery).level, 4)
      << "no fee, no proofs, no identification: nothing else missing";
  EXPECT_EQ(Assess({.fee = true}, with_delivery).level, 2);
  with_delivery.online_payment = true;
  EXPECT_EQ(Assess({.fee = true}, with_delivery).level, 4);
  EXPECT_EQ(Assess({.identification = true}, with_delivery).level, 2);
}

TEST(Maturity, ProofsNeedAnUploadForThreeAndOnceOnlyForFour) {
  const Capabilities all = Everything();
  EXPECT_EQ(Assess({.proofs = true, .proof_upload = false}, all).level, 2);
  EXPECT_EQ(Assess({.proofs = true, .proof_upload = true}, all).level, 4);
  Capabilities no_once_only = all;
  no_once_only.once_only = false;
  Maturity m = Assess({.proofs = true, .proof_upload = true}, no_once_only);
  EXPECT_EQ(m.level, 3);
  EXPECT_EQ(Find(m, "Once-Only: Nachweise aus Registern")->status, CriterionStatus::kMissing);
}

TEST(Maturity, LowerLevelsGateHigherOnes) {
  Capabilities none{};
  none.information = false;
  EXPECT_EQ(Assess({}, none).level, 0);
  Capabilities info_only = Everything();
  info_only.online_form = false;
  EXPECT_EQ(Assess({}, info_only).level, 1);
}

TEST(Maturity, EveryCriterionHasAReasonAndLevelsAreOrdered) {
  Maturity m = Assess({.fee = true, .identification = true, .proofs = true}, PlatformToday());
  int last = 0;
  for (const auto& c : m.criteria) {
    EXPECT_FALSE(c.reason.empty()) << c.name;
    EXPECT_GE(c.level, last);
    last = c.level;
  }
  EXPECT_EQ(StatusText(CriterionStatus::kNotNeeded), "nicht nötig");
  EXPECT_EQ(LevelText(2), "Reifegrad 2 – Online-Formular");
}

TEST(Maturity, NeedsComeFromTheDefinition) {
  process::Definition hund = LoadSeed("hund-anmelden");
  ProcessNeeds needs = NeedsOf(hund);
  EXPECT_TRUE(needs.fee);
  EXPECT_EQ(needs.proofs, !hund.required_documents.empty());

  process::Definition bare;
  EXPECT_FALSE(NeedsOf(bare).fee);
  EXPECT_FALSE(NeedsOf(bare).proof_upload);
  process::Field file;
  file.id = "nachweis";
  file.type = process::FieldType::kFile;
  process::Field group;
  group.id = "g";
  group.type = process::FieldType::kGroup;
  group.fields = {file};
  process::Page page;
  page.id = "p";
  page.fields = {group};
  bare.pages.push_back(page);
  bare.trust_level = process::TrustLevel::kSubstantial;
  EXPECT_TRUE(NeedsOf(bare).proof_upload) << "file fields inside groups count";
  EXPECT_TRUE(NeedsOf(bare).identification);
}

TEST(Maturity, EverySeedProcessIsLevelTwoToday) {
  for (const char* id :
       {"hund-anmelden", "bewohnerparkausweis", "geburtsurkunde", "gewerbe-anmelden", "meldebescheinigung"}) {
    EXPECT_EQ(Assess(NeedsOf(LoadSeed(id)), PlatformToday()).level, 2) << id;
  }
}

}  // namespace
}  // namespace amtsweg::registry
