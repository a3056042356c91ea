// The OZG catalogue: the embedded file loads and holds what the finder needs; malformed entries
// are refused with the entry's number.

#include "catalog/ozg.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace amtsweg::catalog {
namespace {

const OzgService* Find(const std::string& leika) {
  const auto& all = OzgCatalogue();
  auto it = std::find_if(all.begin(), all.end(), [&](const OzgService& s) { return s.leika == leika; });
  return it == all.end() ? nullptr : &*it;
}

TEST(OzgCatalogueTest, TheEmbeddedCatalogueLoadsWithOverAHundredServices) {
  const auto& all = OzgCatalogue();
  EXPECT_GE(all.size(), 100u);
  for (const auto& service : all) {
    EXPECT_FALSE(service.name.empty()) << service.leika;
    EXPECT_FALSE(service.themenfeld.empty()) << service.leika;
    EXPECT_GE(service.synonyms.size(), 2u) << service.leika;
  }
  // The keys of the demo's standard processes are in it (docs/seed-data.md).
  for (const char* key :
       {"99102013104000", "99108001001000", "99115003012000", "99050012104000", "99027002012000"}) {
    EXPECT_NE(Find(key), nullptr) << key;
  }
}

TEST(OzgCatalogueTest, MalformedEntriesAreRefusedWithTheirNumber) {
  auto loaded = LoadOzgCatalogue(R"(
- {leika: "99115003012000", name: A, ozg_leistung: B, themenfeld: C, lebenslage: D, audience: citizen, synonyms: [x, y]}
- {leika: "9911500", name: A, ozg_leistung: B, themenfeld: C, lebenslage: D, audience: citizen}
- {leika: "99115003012000", name: A, ozg_leistung: B, themenfeld: C, lebenslage: D, audience: citizen}
- {leika: "99115003012001", ozg_leistung: B, themenfeld: C, lebenslage: D, audience: alle}
)",
                                 "test.yaml");
  ASSERT_FALSE(loaded.has_value());
  const auto& errors = loaded.error();
  auto has = [&](const std::string& text) {
    return std::any_of(errors.begin(), errors.end(),
                       [&](const std::string& e) { return e.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(has("test.yaml: entry 2: leika \"9911500\" is not 14 digits"));
  EXPECT_TRUE(has("entry 3: leika 99115003012000 appears twice"));
  EXPECT_TRUE(has("entry 4: `name` is missing"));
  EXPECT_TRUE(has("entry 4: audience must be"));
  EXPECT_FALSE(LoadOzgCatalogue("{not: a list}", "x").has_value());
  EXPECT_FALSE(LoadOzgCatalogue("[unclosed", "x").has_value());
}

}  // namespace
}  // namespace amtsweg::catalog
