// Idempotency-Key parsing, hashing and token sealing.

#include "applications/idempotency.h"

#include <gtest/gtest.h>

#include <string>

namespace amtsweg::applications {
namespace {

TEST(IdempotencyTest, ParsesKeysAndRejectsMalformedOnes) {
  EXPECT_EQ(ParseIdempotencyKey("").value(), "");  // no header: no key
  EXPECT_EQ(ParseIdempotencyKey("8e03978e-40d5-43e8-bc93-6894a57f9324").value(),
            "8e03978e-40d5-43e8-bc93-6894a57f9324");
  EXPECT_EQ(ParseIdempotencyKey("\"8e03978e\"").value(), "8e03978e");  // structured-field string
  EXPECT_EQ(ParseIdempotencyKey(std::string(255, 'k')).value(), std::string(255, 'k'));
  for (std::string bad :
       {std::string("\"\""), std::string(256, 'k'), std::string("with space"), std::string("tab\there"),
        std::string("umlaut-\xC3\xA4"), std::string("nul\0x", 5), std::string("a\"b")}) {
    EXPECT_FALSE(ParseIdempotencyKey(bad)) << bad;
  }
}

TEST(IdempotencyTest, HashesAreStableHexAndDomainSeparated) {
  EXPECT_EQ(HashKey("k1"), HashKey("k1"));
  EXPECT_NE(HashKey("k1"), HashKey("k2"));
  EXPECT_EQ(HashKey("k1").size(), 64u);
  // A key's hash is not the plain SHA-256 a request or token hash would be.
  EXPECT_NE(HashKey("k1"), HashRequest("k1"));
  EXPECT_EQ(HashRequest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(IdempotencyTest, SealedTokenOpensOnlyWithTheSameKeyAndRequest) {
  const std::string token = "bb_Toitr0zfsQnkTZ0r5GwavxCALJxZBpuFV6fhi6L4";
  const std::string request = HashRequest(R"({"process":"x"})");
  std::string sealed = SealToken(token, "key-1", request);
  EXPECT_EQ(sealed.size(), token.size() * 2);
  EXPECT_EQ(sealed.find(token), std::string::npos);
  EXPECT_EQ(UnsealToken(sealed, "key-1", request).value(), token);
  EXPECT_NE(UnsealToken(sealed, "key-2", request).value(), token);
  EXPECT_NE(UnsealToken(sealed, "key-1", HashRequest("other")).value(), token);
  // Longer than one SHA-256 block of keystream.
  std::string long_token(100, 'T');
  EXPECT_EQ(UnsealToken(SealToken(long_token, "k", request), "k", request).value(), long_token);
  EXPECT_FALSE(UnsealToken("abc", "k", request));  // odd length
  EXPECT_FALSE(UnsealToken("zz", "k", request));   // not hex
}

}  // namespace
}  // namespace amtsweg::applications
