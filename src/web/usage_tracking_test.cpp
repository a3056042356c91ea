// What the web records for the process monitor: field paths reduced to the definition's ids,
// crawlers left out.

#include "web/usage_tracking.h"

#include <gtest/gtest.h>

#include "web/test_support.h"

namespace amtsweg::web {
namespace {

TEST(UsageFieldPath, RepeatIndexesAreDroppedAndOnlyKnownFieldsCount) {
  const process::Definition dog = test_support::Load("hund-anmelden");
  struct Case {
    const char* path;
    std::optional<std::string> expected;
  };
  const Case cases[] = {
      {"vorname", "vorname"},
      {"hunde", "hunde"},
      {"hunde[0].rasse", "hunde[].rasse"},
      {"hunde[12].name", "hunde[].name"},
      {"anschrift.plz", "anschrift.plz"},  // an address has its parts as fields
      {"anschrift.Erika", std::nullopt},
      {"geburtsdatum.tag", "geburtsdatum"},  // a part of a field without parts counts as the field
      {"iban", "iban"},
      {"", std::nullopt},
      {"Erika Mustermann", std::nullopt},  // whatever a form posts, no free text gets through
      {"hunde[0].Bello", std::nullopt},
      {"hunde[x].name", std::nullopt},
      {"hunde[1", std::nullopt},
      {"vorname[0]", std::nullopt},  // an index on a field that is not a repeat
      {"unbekannt.feld", std::nullopt},
      {".vorname", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(UsageFieldPath(dog, c.path), c.expected) << c.path;
  }
}

TEST(IsCrawler, BotsAreNotUsageBrowsersAre) {
  EXPECT_TRUE(IsCrawler("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
  EXPECT_TRUE(IsCrawler("Mozilla/5.0 (compatible; bingbot/2.0)"));
  EXPECT_TRUE(IsCrawler("Baiduspider"));
  EXPECT_FALSE(
      IsCrawler("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"));
  EXPECT_FALSE(
      IsCrawler("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0 Safari/537.36"));
  EXPECT_FALSE(IsCrawler(""));
}

}  // namespace
}  // namespace amtsweg::web
