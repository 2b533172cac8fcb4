// Our SigV4 against the real SDKs: botocore (boto3) and Ruby aws-sdk-s3 run as child processes.
// Byte-for-byte equal URLs at a pinned time, and live presigns each side accepts from the other.
#include <gtest/gtest.h>

#include "support/child_process.h"
#include "support/url_parts.h"
#include "thumbkit_aws/s3_client.h"
#include "thumbkit_aws/sigv4.h"

namespace thumbkit::aws {
namespace {

using testing::ChildResult;
using testing::SplitUrl;
using testing::UrlParts;

const Credentials kCredentials{"AKIDCROSSCHECK", "cross/check+secret=", ""};
const std::string kEndpoint = "http://127.0.0.1:9000";
const std::string kBucket = "avatars";
const std::string kKey = "uploads/user 1/a+b~c é.jpg";

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

std::string Boto3Presign(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {testing::PythonPath(), testing::ScriptPath("boto3_presign.py")};
  argv.insert(argv.end(), args.begin(), args.end());
  const ChildResult result = testing::RunChild(argv, {}, testing::IsolatedAwsEnv());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return Trimmed(result.out);
}

std::string RubyPresign(const std::string& method, const std::string& region,
                        const std::string& content_type) {
  const ChildResult result =
      testing::RunChild({testing::RubyPath(), testing::ScriptPath("ruby_presign.rb"), method,
                         kEndpoint, region, kBucket, kKey, kCredentials.access_key_id,
                         kCredentials.secret_access_key, "900", content_type},
                        {}, testing::IsolatedAwsEnv());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return Trimmed(result.out);
}

S3Client LocalClient(const std::string& region, Credentials credentials = kCredentials) {
  S3Config config;
  config.endpoint = kEndpoint;
  config.region = region;
  config.path_style = true;
  config.credentials = std::move(credentials);
  return S3Client(config);
}

PresignCheck VerifyUrl(const std::string& url, const std::string& method, const Headers& headers,
                       const std::string& region, Clock::time_point now = Clock::now()) {
  const UrlParts parts = SplitUrl(url);
  const auto secret_for = [](std::string_view key) -> std::optional<std::string> {
    if (key == kCredentials.access_key_id) return kCredentials.secret_access_key;
    return std::nullopt;
  };
  return VerifyPresigned(method, parts.host, parts.path, parts.query, headers, secret_for,
                         {region, "s3"}, now);
}

TEST(Boto3Vectors, S3DocumentationExampleIsWhatBotocoreProduces) {
  const std::string boto = Boto3Presign({"--method", "get", "--bucket", "examplebucket", "--key",
                                         "test.txt", "--access-key", "AKIAIOSFODNN7EXAMPLE",
                                         "--secret-key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                         "--expires", "86400", "--at", "20130524T000000Z"});
  PresignRequest request;
  request.host = "examplebucket.s3.amazonaws.com";
  request.path = "/test.txt";
  request.expires = std::chrono::seconds(86400);
  EXPECT_EQ(
      Presign(request, {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""},
              {"us-east-1", "s3"}, ParseAmzDate("20130524T000000Z").value()),
      boto);
}

TEST(Boto3Vectors, PathStylePutWithContentTypeMatchesByteForByte) {
  const Clock::time_point at = ParseAmzDate("20240102T030405Z").value();
  const std::string boto = Boto3Presign({"--method",       "put",
                                         "--endpoint",     kEndpoint,
                                         "--region",       "eu-west-1",
                                         "--bucket",       kBucket,
                                         "--key",          kKey,
                                         "--access-key",   kCredentials.access_key_id,
                                         "--secret-key",   kCredentials.secret_access_key,
                                         "--expires",      "600",
                                         "--content-type", "image/jpeg",
                                         "--at",           "20240102T030405Z"});
  const std::string ours =
      LocalClient("eu-west-1")
          .PresignPut(kBucket, kKey, std::chrono::seconds(600), "image/jpeg", std::nullopt, at);
  EXPECT_EQ(ours, boto);
  EXPECT_TRUE(VerifyUrl(boto, "PUT", {{"content-type", "image/jpeg"}}, "eu-west-1",
                        at + std::chrono::seconds(10))
                  .ok);
}

TEST(Boto3Vectors, SessionTokenGetMatchesByteForByte) {
  const Clock::time_point at = ParseAmzDate("20240102T030405Z").value();
  Credentials with_token = kCredentials;
  with_token.session_token = "FwoGZXIvYXdzE/token+value==";
  const std::string boto =
      Boto3Presign({"--method", "get", "--endpoint", kEndpoint, "--bucket", kBucket, "--key", kKey,
                    "--access-key", with_token.access_key_id, "--secret-key",
                    with_token.secret_access_key, "--session-token", with_token.session_token,
                    "--expires", "3600", "--at", "20240102T030405Z"});
  EXPECT_EQ(LocalClient("us-east-1", with_token)
                .PresignGet(kBucket, kKey, std::chrono::seconds(3600), at),
            boto);
}

TEST(LivePresign, Boto3PutAcceptedTamperedRefused) {
  const std::string url = Boto3Presign(
      {"--method", "put", "--endpoint", kEndpoint, "--bucket", kBucket, "--key", kKey,
       "--access-key", kCredentials.access_key_id, "--secret-key", kCredentials.secret_access_key,
       "--expires", "900", "--content-type", "image/png"});
  const PresignCheck check = VerifyUrl(url, "PUT", {{"content-type", "image/png"}}, "us-east-1");
  EXPECT_TRUE(check.ok) << check.code << ": " << check.message << "\n" << url;
  EXPECT_EQ(VerifyUrl(url, "PUT", {{"content-type", "image/gif"}}, "us-east-1").code,
            "SignatureDoesNotMatch");
  EXPECT_EQ(VerifyUrl(url, "GET", {{"content-type", "image/png"}}, "us-east-1").code,
            "SignatureDoesNotMatch");
  EXPECT_EQ(VerifyUrl(url, "PUT", {{"content-type", "image/png"}}, "us-east-1",
                      Clock::now() + std::chrono::seconds(1000))
                .code,
            "AccessDenied");
}

TEST(LivePresign, RubyAwsSdkPutAndGetAccepted) {
  const std::string put = RubyPresign("put", "us-east-1", "image/webp");
  PresignCheck check = VerifyUrl(put, "PUT", {{"content-type", "image/webp"}}, "us-east-1");
  EXPECT_TRUE(check.ok) << check.code << ": " << check.message << "\n" << put;
  EXPECT_EQ(VerifyUrl(put, "PUT", {}, "us-east-1").code, "SignatureDoesNotMatch");

  const std::string get = RubyPresign("get", "eu-central-1", "");
  check = VerifyUrl(get, "GET", {}, "eu-central-1");
  EXPECT_TRUE(check.ok) << check.code << ": " << check.message << "\n" << get;
  EXPECT_EQ(VerifyUrl(get, "GET", {}, "us-east-1").code, "AuthorizationQueryParametersError");
}

TEST(LivePresign, OurPresignFedBackIsAccepted) {
  const S3Client client = LocalClient("us-east-1");
  const std::string url =
      client.PresignPut(kBucket, kKey, std::chrono::seconds(300), "image/jpeg", 4096);
  EXPECT_TRUE(VerifyUrl(url, "PUT", {{"content-type", "image/jpeg"}, {"content-length", "4096"}},
                        "us-east-1")
                  .ok);
  EXPECT_EQ(VerifyUrl(url, "PUT", {{"content-type", "image/jpeg"}, {"content-length", "4097"}},
                      "us-east-1")
                .code,
            "SignatureDoesNotMatch");
}

}  // namespace
}  // namespace thumbkit::aws
