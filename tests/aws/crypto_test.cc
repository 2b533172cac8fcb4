// crypto.h over OpenSSL: known digests/MACs, strict base64 decoding, UUIDs.
#include "thumbkit_aws/crypto.h"

#include <gtest/gtest.h>

#include <set>

namespace thumbkit::aws {
namespace {

TEST(Crypto, Sha256KnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256("abc").size(), 32u);
}

// RFC 4231 test case 2.
TEST(Crypto, HmacSha256Rfc4231) {
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(HmacSha256("", "x").size(), 32u);
}

TEST(Crypto, ConstantTimeEqual) {
  EXPECT_TRUE(ConstantTimeEqual("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEqual("", ""));
  EXPECT_FALSE(ConstantTimeEqual("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEqual("abc", "abcd"));
}

TEST(Crypto, Base64RoundTripsAndRefusesGarbage) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Decode("Zm9vYg==").value(), "foob");
  EXPECT_EQ(Base64Decode("").value(), "");
  EXPECT_FALSE(Base64Decode("Zm9vYg="));    // bad length
  EXPECT_FALSE(Base64Decode("Zm9v Yg=="));  // whitespace is not base64
  EXPECT_FALSE(Base64Decode("Zm9-Yg=="));   // URL alphabet in standard base64
  const std::string binary("\xfb\xff\x00\x10", 4);
  EXPECT_EQ(Base64Decode(Base64Encode(binary)).value(), binary);
}

TEST(Crypto, Base64UrlWithoutPadding) {
  const std::string binary("\xfb\xff\xfe", 3);
  EXPECT_EQ(Base64UrlEncode(binary), "-__-");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlDecode("Zg").value(), "f");
  EXPECT_EQ(Base64UrlDecode("Zg==").value(), "f");
  EXPECT_EQ(Base64UrlDecode("-__-").value(), binary);
  EXPECT_FALSE(Base64UrlDecode("+//+"));
  EXPECT_FALSE(Base64UrlDecode("Z"));
  EXPECT_FALSE(Base64UrlDecode("Zg!"));
}

// 8-4-4-4-12 lower-case hex, version nibble 4, variant bits 10.
bool IsUuidV4(const std::string& id) {
  if (id.size() != 36) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (id[i] == '-')) return false;
    if (!dash && std::string_view("0123456789abcdef").find(id[i]) == std::string_view::npos) {
      return false;
    }
  }
  return id[14] == '4' && std::string_view("89ab").find(id[19]) != std::string_view::npos;
}

TEST(Crypto, RandomUuidV4IsWellFormedAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string id = RandomUuidV4();
    EXPECT_TRUE(IsUuidV4(id)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(RandomBytes(0), "");
  EXPECT_EQ(RandomBytes(33).size(), 33u);
}

}  // namespace
}  // namespace thumbkit::aws
