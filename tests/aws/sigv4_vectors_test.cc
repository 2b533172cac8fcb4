// SigV4 against published fixed vectors: the S3 documentation's examples and the aws4 test
// suite's get-vanilla. Each presigned vector is also fed back through VerifyPresigned.
#include <gtest/gtest.h>

#include "thumbkit_aws/sigv4.h"

namespace thumbkit::aws {
namespace {

const Credentials kS3DocCredentials{"AKIAIOSFODNN7EXAMPLE",
                                    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const SigningScope kS3UsEast1{"us-east-1", "s3"};

Clock::time_point At(std::string_view amz_date) {
  return ParseAmzDate(amz_date).value();
}

std::string HeaderValue(const HttpRequest& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (header == name) return value;
  }
  return {};
}

TEST(AmzDate, FormatsAndParsesBasicIso8601) {
  EXPECT_EQ(FormatAmzDate(At("20130524T000000Z")), "20130524T000000Z");
  EXPECT_EQ(FormatAmzDate(At("20241231T235959Z")), "20241231T235959Z");
  EXPECT_FALSE(ParseAmzDate("20130524T000000"));
  EXPECT_FALSE(ParseAmzDate("20130230T000000Z"));  // no 30 February
  EXPECT_FALSE(ParseAmzDate("20130524T240000Z"));
  EXPECT_FALSE(ParseAmzDate("2013-05-24T00:00Z"));
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
TEST(SigV4Vectors, S3DocumentationPresignedUrl) {
  PresignRequest request;
  request.method = "GET";
  request.host = "examplebucket.s3.amazonaws.com";
  request.path = "/test.txt";
  request.expires = std::chrono::seconds(86400);
  const std::string url = Presign(request, kS3DocCredentials, kS3UsEast1, At("20130524T000000Z"));
  EXPECT_EQ(url,
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");

  const std::string query = url.substr(url.find('?') + 1);
  const auto secret_for = [](std::string_view key) -> std::optional<std::string> {
    if (key == kS3DocCredentials.access_key_id) return kS3DocCredentials.secret_access_key;
    return std::nullopt;
  };
  const PresignCheck check =
      VerifyPresigned("GET", "examplebucket.s3.amazonaws.com", "/test.txt", query, {}, secret_for,
                      kS3UsEast1, At("20130524T120000Z"));
  EXPECT_TRUE(check.ok) << check.code << ": " << check.message;
  EXPECT_EQ(check.http_status, 200);
  EXPECT_EQ(check.access_key_id, "AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(check.expires_at, At("20130525T000000Z"));
  EXPECT_EQ(check.signed_headers, std::vector<std::string>{"host"});
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html (GET Object)
TEST(SigV4Vectors, S3DocumentationHeaderSignedGetWithRange) {
  HttpRequest request;
  request.method = "GET";
  request.host = "examplebucket.s3.amazonaws.com";
  request.path = "/test.txt";
  request.headers = {{"Range", "bytes=0-9"}};
  SignRequest(request, kS3DocCredentials, kS3UsEast1, At("20130524T000000Z"));
  EXPECT_EQ(HeaderValue(request, "x-amz-content-sha256"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HeaderValue(request, "x-amz-date"), "20130524T000000Z");
  EXPECT_EQ(HeaderValue(request, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

// aws4_testsuite get-vanilla (aws-sig-v4-test-suite).
TEST(SigV4Vectors, Aws4TestSuiteGetVanilla) {
  HttpRequest request;
  request.method = "GET";
  request.host = "example.amazonaws.com";
  request.path = "/";
  SignRequest(request, {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""},
              {"us-east-1", "service"}, At("20150830T123600Z"));
  EXPECT_EQ(HeaderValue(request, "x-amz-content-sha256"), "");  // only S3 adds it
  EXPECT_EQ(HeaderValue(request, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4Vectors, SessionTokenIsSignedAndSent) {
  HttpRequest request;
  request.method = "GET";
  request.host = "examplebucket.s3.amazonaws.com";
  request.path = "/test.txt";
  Credentials with_token = kS3DocCredentials;
  with_token.session_token = "token/with+chars=";
  SignRequest(request, with_token, kS3UsEast1, At("20130524T000000Z"));
  EXPECT_EQ(HeaderValue(request, "x-amz-security-token"), "token/with+chars=");
  EXPECT_NE(HeaderValue(request, "authorization")
                .find("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"),
            std::string::npos);

  PresignRequest presign;
  presign.host = "examplebucket.s3.amazonaws.com";
  presign.path = "/test.txt";
  const std::string url = Presign(presign, with_token, kS3UsEast1, At("20130524T000000Z"));
  EXPECT_NE(url.find("&X-Amz-Security-Token=token%2Fwith%2Bchars%3D&X-Amz-Signature="),
            std::string::npos)
      << url;
}

TEST(SigV4Vectors, PresignRefusesOutOfRangeExpiry) {
  PresignRequest request;
  request.host = "h";
  request.path = "/k";
  request.expires = std::chrono::seconds(0);
  EXPECT_THROW(Presign(request, kS3DocCredentials, kS3UsEast1, Clock::now()),
               std::invalid_argument);
  request.expires = kMaxPresignExpiry + std::chrono::seconds(1);
  EXPECT_THROW(Presign(request, kS3DocCredentials, kS3UsEast1, Clock::now()),
               std::invalid_argument);
  request.expires = std::chrono::seconds(60);
  EXPECT_THROW(Presign(request, Credentials{}, kS3UsEast1, Clock::now()), std::invalid_argument);
}

}  // namespace
}  // namespace thumbkit::aws
