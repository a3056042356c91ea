#include "applications/reference.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace amtsweg::applications {
namespace {

RandomSource Seeded(unsigned seed) {
  auto engine = std::make_shared<std::mt19937>(seed);
  return [engine](std::span<std::uint8_t> out) {
    for (auto& b : out) b = static_cast<std::uint8_t>((*engine)() & 0xFF);
  };
}

TEST(Reference, HasGroupedShapeAndValidCheckSymbol) {
  auto random = Seeded(1);
  for (int i = 0; i < 1000; ++i) {
    std::string ref = NewReference(random);
    ASSERT_EQ(ref.size(), 11u) << ref;
    EXPECT_EQ(ref[4], '-');
    EXPECT_EQ(ref[9], '-');
    EXPECT_EQ(NormalizeReference(ref), ref);
  }
}

TEST(Reference, IsUniqueInPractice) {
  auto random = Seeded(2);
  std::set<std::string> seen;
  for (int i = 0; i < 20000; ++i) seen.insert(NewReference(random));
  EXPECT_EQ(seen.size(), 20000u);
}

TEST(Reference, NormalizesWhatPeopleType) {
  std::string ref = NewReference(Seeded(3));
  std::string lower;
  for (char c : ref)
    if (c != '-') lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  EXPECT_EQ(NormalizeReference(lower), ref);
  std::string spaced = ref.substr(0, 4) + " " + ref.substr(5, 4) + " " + ref.substr(10);
  EXPECT_EQ(NormalizeReference(spaced), ref);
}

TEST(Reference, ReadsAmbiguousLettersAsDigits) {
  // "0" and "1" typed as "O" and "L"/"I" must map to the same reference.
  std::string body = "10101010";
  std::string canonical = "1010-1010-" + std::string(1, CheckSymbol(body));
  EXPECT_EQ(NormalizeReference("LOIOloio" + std::string(1, CheckSymbol(body))), canonical);
}

TEST(Reference, DetectsEverySingleSymbolTypo) {
  std::string ref = NewReference(Seeded(4));
  const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  for (std::size_t pos : {0u, 1u, 2u, 3u, 5u, 6u, 7u, 8u, 10u}) {
    for (char c : alphabet) {
      if (c == ref[pos]) continue;
      std::string typo = ref;
      typo[pos] = c;
      EXPECT_EQ(NormalizeReference(typo), std::nullopt) << typo;
    }
  }
}

TEST(Reference, DetectsAdjacentTranspositions) {
  auto random = Seeded(5);
  for (int i = 0; i < 200; ++i) {
    std::string ref = NewReference(random);
    std::string compact;
    for (char c : ref)
      if (c != '-') compact.push_back(c);
    for (std::size_t p = 0; p + 1 < compact.size(); ++p) {
      if (compact[p] == compact[p + 1]) continue;
      std::string swapped = compact;
      std::swap(swapped[p], swapped[p + 1]);
      EXPECT_EQ(NormalizeReference(swapped), std::nullopt) << compact << " -> " << swapped;
    }
  }
}

TEST(Reference, CheckSymbolIsTheBase32ValueModulo37) {
  EXPECT_EQ(CheckSymbol("00000000"), '0');
  EXPECT_EQ(CheckSymbol("10101010"), 'M');  // 20th symbol
  EXPECT_EQ(CheckSymbol("01010101"), '*');  // remainder 33: never issued
}

TEST(Reference, RejectsMalformedInput) {
  for (const char* bad : {"", "ABC", "7K3M-Q9X2", "7K3M-Q9X2-TT", "7K3M-Q9U2-T", "7K3M_Q9X2_T", "ÄÖÜ-ÄÖÜ-Ä",
                          "0123456789012345678901234567890123456789"}) {
    EXPECT_EQ(NormalizeReference(bad), std::nullopt) << bad;
  }
}

TEST(AccessToken, Is43Base64UrlCharactersAndRandom) {
  auto random = Seeded(6);
  std::string a = NewAccessToken(random);
  std::string b = NewAccessToken(random);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  for (char c : a) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << c;
}

TEST(AccessToken, HashIsSha256Hex) {
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(SameHash(HashToken("x"), HashToken("x")));
  EXPECT_FALSE(SameHash(HashToken("x"), HashToken("y")));
  EXPECT_FALSE(SameHash("ab", "abc"));
}

TEST(AccessToken, SystemRandomProducesDistinctTokens) {
  auto random = SystemRandom();
  EXPECT_NE(NewAccessToken(random), NewAccessToken(random));
}

}  // namespace
}  // namespace amtsweg::applications
