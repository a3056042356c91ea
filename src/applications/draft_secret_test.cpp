// Draft ids, secrets, secret hashes and CSRF tokens: formats, injected randomness, known HMAC
// HMAC values (computed independently with `openssl dgst -hmac` and Python's hmac), domain separation,
// and every id shape a URL may carry that must be refused.

#include "applications/draft_secret.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

namespace amtsweg::applications {
namespace {

// Yields the bytes 0, 1, 2, … across calls.
RandomSource Counting() {
  auto next = std::make_shared<std::uint8_t>(0);
  return [next](std::span<std::uint8_t> out) {
    for (auto& b : out) b = (*next)++;
  };
}

TEST(DraftSecretTest, IdIsSixteenCrockfordSymbolsFromTheRandomSource) {
  EXPECT_EQ(NewDraftId(Counting()), "0123456789ABCDEF");
  RandomSource high = [](std::span<std::uint8_t> out) {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(16 + i + 224);
  };
  EXPECT_EQ(NewDraftId(high), "GHJKMNPQRSTVWXYZ");  // 240..255 % 32 = 16..31
  std::set<std::string> ids;
  RandomSource system = SystemRandom();
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewDraftId(system);
    EXPECT_TRUE(IsDraftId(id)) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

TEST(DraftSecretTest, IsDraftIdRefusesEverythingElse) {
  EXPECT_TRUE(IsDraftId("0123456789ABCDEF"));
  EXPECT_TRUE(IsDraftId("ZZZZZZZZZZZZZZZZ"));
  for (std::string bad :
       {std::string(""), std::string("0123456789ABCDE"), std::string("0123456789ABCDEF0"),
        std::string("0123456789abcdef"), std::string("0123456789ABCDEI"), std::string("0123456789ABCDEL"),
        std::string("0123456789ABCDEO"), std::string("0123456789ABCDEU"), std::string("0123-56789ABCDEF"),
        std::string("0123456789ABCDE\0", 16), std::string("../../etc/passwd"),
        std::string("0123456789ABCDE\xC3")}) {
    EXPECT_FALSE(IsDraftId(bad)) << bad;
  }
}

TEST(DraftSecretTest, SecretIs256BitBase64Url) {
  std::string secret = NewDraftSecret(Counting());
  EXPECT_EQ(secret.size(), 43u);
  EXPECT_EQ(secret, NewAccessToken(Counting()));
  EXPECT_EQ(secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_NE(NewDraftSecret(SystemRandom()), NewDraftSecret(SystemRandom()));
}

TEST(DraftSecretTest, SecretHashIsStableHexAndDomainSeparated) {
  std::string hash = HashDraftSecret("s3cret");
  EXPECT_EQ(hash, HashDraftSecret("s3cret"));
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(hash, HashDraftSecret("s3cres"));
  // Not the plain SHA-256 an access token's hash is: a secret never matches a token hash.
  EXPECT_NE(hash, HashToken("s3cret"));
}

TEST(DraftSecretTest, CsrfTokenIsHmacSha256OfCsrfUnderTheSecret) {
  // printf csrf | openssl dgst -sha256 -hmac key; python3 hmac.new(b"", b"csrf", sha256) for the empty key
  EXPECT_EQ(CsrfToken("key"), "b16b91124d187af339b515f5f6046a55a985f32065b63e3ea9e3f0b32f05e336");
  EXPECT_EQ(CsrfToken(""), "fd830a6a108d4ab6ad423f7360cc3e72e451da5341d6f576b063c9f36f4f65ec");
  EXPECT_NE(CsrfToken("key"), CsrfToken("kez"));
  EXPECT_NE(CsrfToken("key"), HashDraftSecret("key"));
}

TEST(DraftSecretTest, SameTokenComparesWholeValues) {
  std::string token = CsrfToken("key");
  EXPECT_TRUE(SameToken(token, CsrfToken("key")));
  EXPECT_FALSE(SameToken(token, CsrfToken("kez")));
  EXPECT_FALSE(SameToken(token, token.substr(0, 63)));
  EXPECT_FALSE(SameToken(token, token + "0"));
  EXPECT_FALSE(SameToken(token, ""));
  EXPECT_TRUE(SameToken("", ""));
}

}  // namespace
}  // namespace amtsweg::applications
