// S3Client against a real S3 API server (s3rver), cross-checked with boto3. s3rver 3.7.1 does not
// check signatures, so the signing itself is pinned by the fixed vectors in sigv4_vectors_test.
#include "thumbkit_aws/s3_client.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/child_process.h"
#include "support/s3rver.h"
#include "thumbkit_aws/crypto.h"

namespace thumbkit::aws {
namespace {

constexpr const char* kBucket = "thumbkit-test";

class S3ClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string error;
    server_ = testing::S3rver::Start(error).release();
    ASSERT_NE(server_, nullptr) << error;
    const S3Result created = Client().CreateBucket(kBucket);
    ASSERT_TRUE(created.ok) << created.error << ": " << created.message;
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(server_, nullptr); }

  static S3Config Config() {
    S3Config config;
    config.endpoint = server_->endpoint();
    config.path_style = true;
    config.credentials = {testing::S3rver::kAccessKey, testing::S3rver::kSecretKey, ""};
    config.connect_timeout = std::chrono::seconds(5);
    config.request_timeout = std::chrono::seconds(20);
    return config;
  }
  static S3Client Client() { return S3Client(Config()); }

  static nlohmann::json Boto3Get(const std::string& key) {
    const testing::ChildResult result =
        testing::RunChild({testing::PythonPath(), testing::ScriptPath("boto3_object.py"), "get",
                           "--endpoint", server_->endpoint(), "--bucket", kBucket, "--key", key},
                          {}, testing::IsolatedAwsEnv());
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out, nullptr, false);
  }

  static testing::S3rver* server_;
};

testing::S3rver* S3ClientTest::server_ = nullptr;

std::string BinaryBody(std::size_t size) {
  std::string body(size, '\0');
  for (std::size_t i = 0; i < size; ++i) body[i] = static_cast<char>((i * 131 + 7) % 256);
  return body;
}

TEST_F(S3ClientTest, PutGetHeadRoundTrip) {
  const S3Client client = Client();
  const std::string key = "avatars/processed/user 1+x.jpg";
  const std::string body = BinaryBody(70000);
  const S3Result put = client.Put(kBucket, key, body, "image/jpeg", "public, max-age=60");
  ASSERT_TRUE(put.ok) << put.error << ": " << put.message;
  EXPECT_EQ(put.http_status, 200);
  EXPECT_FALSE(put.etag.empty());

  const S3Object object = client.Get(kBucket, key, body.size());
  ASSERT_TRUE(object.ok) << object.error << ": " << object.message;
  EXPECT_EQ(object.body, body);
  EXPECT_EQ(object.content_type, "image/jpeg");
  EXPECT_EQ(object.etag, put.etag);

  const S3Head head = client.Head(kBucket, key);
  ASSERT_TRUE(head.ok) << head.error << ": " << head.message;
  EXPECT_EQ(head.size, body.size());
  EXPECT_EQ(head.content_type, "image/jpeg");
  EXPECT_EQ(head.etag, put.etag);
}

TEST_F(S3ClientTest, Boto3ReadsBackWhatWePut) {
  const std::string key = "uploads/sub-1/é ~+.webp";
  const std::string body = BinaryBody(1234);
  ASSERT_TRUE(Client().Put(kBucket, key, body, "image/webp", "max-age=31536000").ok);
  const nlohmann::json read = Boto3Get(key);
  ASSERT_TRUE(read.is_object());
  EXPECT_EQ(Base64Decode(read["body_b64"].get<std::string>()).value(), body);
  EXPECT_EQ(read["content_type"], "image/webp");
  EXPECT_EQ(read["cache_control"], "max-age=31536000");
}

TEST_F(S3ClientTest, WeReadWhatBoto3Put) {
  const std::string body = BinaryBody(999);
  const testing::ChildResult result =
      testing::RunChild({testing::PythonPath(), testing::ScriptPath("boto3_object.py"), "put",
                         "--endpoint", server_->endpoint(), "--bucket", kBucket, "--key",
                         "from-boto3.png", "--content-type", "image/png"},
                        body, testing::IsolatedAwsEnv());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const S3Object object = Client().Get(kBucket, "from-boto3.png", 1000);
  ASSERT_TRUE(object.ok) << object.message;
  EXPECT_EQ(object.body, body);
  EXPECT_EQ(object.content_type, "image/png");
}

TEST_F(S3ClientTest, GetOverTheLimitIsRefused) {
  const std::string body = BinaryBody(50000);
  ASSERT_TRUE(Client().Put(kBucket, "big.bin", body, "application/octet-stream").ok);
  const S3Object object = Client().Get(kBucket, "big.bin", body.size() - 1);
  EXPECT_FALSE(object.ok);
  EXPECT_EQ(object.error, "TooLarge");
  EXPECT_TRUE(object.body.empty());
  EXPECT_NE(object.message.find("49999"), std::string::npos) << object.message;
  EXPECT_TRUE(Client().Get(kBucket, "big.bin", body.size()).ok);
}

TEST_F(S3ClientTest, MissingObjectAndBucketAreClearErrors) {
  const S3Object missing = Client().Get(kBucket, "no/such/key.jpg", 1000);
  EXPECT_FALSE(missing.ok);
  EXPECT_EQ(missing.http_status, 404);
  EXPECT_EQ(missing.error, "NoSuchKey");
  EXPECT_NE(missing.message.find("no/such/key.jpg"), std::string::npos) << missing.message;

  const S3Head head = Client().Head(kBucket, "no/such/key.jpg");
  EXPECT_FALSE(head.ok);
  EXPECT_EQ(head.http_status, 404);
  EXPECT_EQ(head.error, "NotFound");

  const S3Object no_bucket = Client().Get("no-such-bucket", "k", 1000);
  EXPECT_EQ(no_bucket.http_status, 404);
  EXPECT_EQ(no_bucket.error, "NoSuchBucket");
}

TEST_F(S3ClientTest, BadNamesRefusedBeforeAnyRequest) {
  EXPECT_EQ(Client().Put(kBucket, "", "x", "text/plain").error, "InvalidArgument");
  EXPECT_EQ(Client().Put("bad/bucket", "k", "x", "text/plain").error, "InvalidArgument");
  EXPECT_EQ(Client().Get(kBucket, std::string(1025, 'k'), 10).error, "InvalidArgument");
}

TEST(S3ClientNetwork, ConnectionRefusedIsANetworkError) {
  S3Config config;
  config.endpoint = "http://127.0.0.1:1";  // nothing listens on port 1
  config.path_style = true;
  config.credentials = {"AK", "SK", ""};
  const S3Object object = S3Client(config).Get("bucket", "key", 10);
  EXPECT_FALSE(object.ok);
  EXPECT_EQ(object.http_status, 0);
  EXPECT_EQ(object.error, "Network");
  EXPECT_FALSE(object.message.empty());
}

TEST(S3ClientConfig, FromEnvironmentAndAddressing) {
  setenv("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:4568/", 1);
  setenv("AWS_REGION", "eu-west-3", 1);
  setenv("AWS_ACCESS_KEY_ID", "AKENV", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "SKENV", 1);
  setenv("AWS_SESSION_TOKEN", "TOKENV", 1);
  const S3Config config = S3Config::FromEnvironment();
  EXPECT_EQ(config.endpoint, "http://127.0.0.1:4568/");
  EXPECT_TRUE(config.path_style);
  EXPECT_EQ(config.region, "eu-west-3");
  EXPECT_EQ(config.credentials.session_token, "TOKENV");
  EXPECT_EQ(S3Client(config).ObjectUrl("b", "a b.jpg"), "http://127.0.0.1:4568/b/a%20b.jpg");
  for (const char* name : {"AWS_ENDPOINT_URL_S3", "AWS_REGION", "AWS_ACCESS_KEY_ID",
                           "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}) {
    unsetenv(name);
  }
  const S3Config aws = S3Config::FromEnvironment();
  EXPECT_FALSE(aws.path_style);
  EXPECT_TRUE(aws.credentials.empty());
  S3Config virtual_hosted = aws;
  virtual_hosted.region = "us-west-2";
  EXPECT_EQ(S3Client(virtual_hosted).ObjectUrl("my-bucket", "k/x.jpg"),
            "https://my-bucket.s3.us-west-2.amazonaws.com/k/x.jpg");
}

}  // namespace
}  // namespace thumbkit::aws
