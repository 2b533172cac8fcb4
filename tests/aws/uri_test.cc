// uri.h: SigV4 encoding rules, strict decoding, form rules for S3 event keys.
#include "thumbkit_aws/uri.h"

#include <gtest/gtest.h>

namespace thumbkit::aws {
namespace {

TEST(Uri, EncodesAllButUnreserved) {
  EXPECT_EQ(UriEncode("AZaz09-._~", true), "AZaz09-._~");
  EXPECT_EQ(UriEncode("a b+c/d=é", true), "a%20b%2Bc%2Fd%3D%C3%A9");
  EXPECT_EQ(UriEncode("uploads/a b.jpg", false), "uploads/a%20b.jpg");
  EXPECT_EQ(UriEncode("*", true), "%2A");
}

TEST(Uri, DecodesStrictly) {
  EXPECT_EQ(UriDecode("a%20b%2Bc+d").value(), "a b+c+d");
  EXPECT_EQ(UriDecode("%c3%A9").value(), "é");
  EXPECT_FALSE(UriDecode("%"));
  EXPECT_FALSE(UriDecode("%4"));
  EXPECT_FALSE(UriDecode("abc%zz"));
}

TEST(Uri, FormDecodeIsS3EventKeyRules) {
  EXPECT_EQ(FormDecode("uploads/my+photo%2B1.jpg").value(), "uploads/my photo+1.jpg");
  EXPECT_FALSE(FormDecode("bad%2"));
}

TEST(Uri, ParseQueryKeepsOrderAndDecodes) {
  const QueryParams params = ParseQuery("b=2&a=x%20y&flag&&c=1+1&d=%2B&bad=%zz");
  const QueryParams expected = {{"b", "2"},   {"a", "x y"}, {"flag", ""},
                                {"c", "1 1"}, {"d", "+"},   {"bad", "%zz"}};
  EXPECT_EQ(params, expected);
  EXPECT_TRUE(ParseQuery("").empty());
}

}  // namespace
}  // namespace thumbkit::aws
