// Monitor access keys and scopes (access.h).

#include "monitor/access.h"

#include <gtest/gtest.h>

#include <set>

namespace amtsweg::monitor {
namespace {

RandomBytes Counting() {
  return [](std::span<std::uint8_t> bytes) {
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 7 + 3);
  };
}

TEST(AccessKeyTest, GroupedCrockfordWith140Bits) {
  std::string key = NewAccessKey(Counting());
  EXPECT_EQ(key.size(), kAccessKeySymbols + kAccessKeySymbols / 4 - 1);
  EXPECT_EQ(key[4], '-');
  auto canonical = NormalizeAccessKey(key);
  ASSERT_TRUE(canonical);
  EXPECT_EQ(canonical->size(), kAccessKeySymbols);
  std::set<std::string> keys;
  for (int i = 0; i < 100; ++i) keys.insert(NewAccessKey(SystemRandom()));
  EXPECT_EQ(keys.size(), 100u);
}

TEST(AccessKeyTest, TypedKeysAreForgiving) {
  const std::string key = "7K3M-Q9X2-T4V6-W8Y0-ABCD-EFGH-JKMN";
  auto canonical = NormalizeAccessKey(key);
  ASSERT_TRUE(canonical);
  EXPECT_EQ(*canonical, "7K3MQ9X2T4V6W8Y0ABCDEFGHJKMN");
  EXPECT_EQ(NormalizeAccessKey("7k3m q9x2 t4v6 w8yo abcd efgh jkmn"), canonical);  // o -> 0
  EXPECT_EQ(NormalizeAccessKey("7K3MQ9X2T4V6W8Y0ABCDEFGHJKMN"), canonical);
  EXPECT_EQ(*NormalizeAccessKey("IIII-LLLL-0000-0000-0000-0000-0000"), "1111111100000000000000000000");
}

TEST(AccessKeyTest, RejectsWhatCannotBeAKey) {
  for (std::string_view bad : {"", "7K3M", "7K3M-Q9X2-T4V6-W8Y0-ABCD-EFGH-JKM",
                               "7K3M-Q9X2-T4V6-W8Y0-ABCD-EFGH-JKMNP", "7K3M-Q9X2-T4V6-W8Y0-ABCD-EFGH-JKMU",
                               "7K3M-Q9X2-T4V6-W8Y0-ABCD-EFGH-JKM!", "7K3M_Q9X2_T4V6_W8Y0_ABCD_EFGH_JKMN"}) {
    EXPECT_FALSE(NormalizeAccessKey(bad)) << bad;
  }
  EXPECT_FALSE(NormalizeAccessKey(std::string(10000, '-')));
}

TEST(AccessKeyTest, HashAndCsrfAreDistinctAndStable) {
  const std::string key = "7K3MQ9X2T4V6W8Y0ABCDEFGHJKMN";
  EXPECT_EQ(HashAccessKey(key).size(), 64u);
  EXPECT_EQ(HashAccessKey(key), HashAccessKey(key));
  EXPECT_NE(HashAccessKey(key), HashAccessKey("7K3MQ9X2T4V6W8Y0ABCDEFGHJKMP"));
  EXPECT_NE(HashAccessKey(key), AccessCsrfToken(key));
  EXPECT_EQ(AccessCsrfToken(key).size(), 64u);
  // The tests and the benchmark compute it themselves: sha256("amtsweg monitor key\0" + key).
  EXPECT_EQ(HashAccessKey(key), "1918407633ae05e04f380c21d1afb8378e383114e98ed9915053bd288b908736");
  EXPECT_TRUE(SameSecret("abc", "abc"));
  EXPECT_FALSE(SameSecret("abc", "abd"));
  EXPECT_FALSE(SameSecret("abc", "abcd"));
}

TEST(ScopeTest, ParsesTheThreeForms) {
  auto ags = ParseScope("ags:08111000");
  ASSERT_TRUE(ags);
  EXPECT_EQ(ags->kind, Scope::Kind::kMunicipality);
  EXPECT_EQ(ags->ToString(), "ags:08111000");
  auto state = ParseScope("state:Baden-Württemberg");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->value, "Baden-Württemberg");
  EXPECT_EQ(state->ToString(), "state:Baden-Württemberg");
  auto all = ParseScope("all");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->kind, Scope::Kind::kAll);
  for (std::string_view bad : {"", "ALL", "ags:", "ags:0811100", "ags:081110000", "ags:0811100x",
                               "state:", "state:Bayern\n", "land:Bayern", "ags:08111000 "}) {
    EXPECT_FALSE(ParseScope(bad)) << bad;
  }
  EXPECT_FALSE(ParseScope("state:" + std::string(81, 'x')));
}

TEST(ScopeTest, AllowsOnlyItsMunicipalities) {
  storage::Municipality stuttgart{"08111000", "081110000000", "Stuttgart", "Baden-Württemberg"};
  storage::Municipality muenchen{"09162000", "091620000000", "München", "Bayern"};
  EXPECT_TRUE(ParseScope("ags:08111000")->Allows(stuttgart));
  EXPECT_FALSE(ParseScope("ags:08111000")->Allows(muenchen));
  EXPECT_TRUE(ParseScope("state:Bayern")->Allows(muenchen));
  EXPECT_FALSE(ParseScope("state:Bayern")->Allows(stuttgart));
  EXPECT_TRUE(ParseScope("all")->Allows(stuttgart));
  EXPECT_TRUE(ParseScope("all")->Allows(muenchen));
}

}  // namespace
}  // namespace amtsweg::monitor
