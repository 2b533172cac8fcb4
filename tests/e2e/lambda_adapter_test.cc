// Unit tests of the Lambda adapter's parsing and routing pieces; the e2e tests drive the whole
// runtime process.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "authorizer_handler.h"
#include "http_event.h"
#include "lambda_config.h"
#include "multipart.h"
#include "runtime_api_client.h"
#include "s3_errors.h"
#include "s3_event.h"
#include "s3_thumbnail_handler.h"

namespace thumbkit_lambda {
namespace {

using nlohmann::json;

// ---- multipart ----

TEST(LambdaMultipart, BoundaryFromContentType) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data; charset=utf-8; boundary=\"a;b c\""), "a;b c");
  EXPECT_EQ(MultipartBoundary("multipart/mixed; boundary=abc"), std::nullopt);
  EXPECT_EQ(MultipartBoundary("multipart/form-data"), std::nullopt);
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'x')),
            std::nullopt);
}

TEST(LambdaMultipart, FieldsAndFileWithPreamble) {
  std::string body =
      "preamble\r\n--XX\r\nContent-Disposition: form-data; name=\"width\"\r\n\r\n320\r\n"
      "--XX\r\ncontent-disposition: form-data; name=\"image\"; filename=\"a;b.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n\xff\xd8\r\n--X\r\n--XX--\r\n";
  std::string error;
  auto parts = ParseMultipart(body, "XX", &error);
  ASSERT_TRUE(parts) << error;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "width");
  EXPECT_EQ((*parts)[0].data, "320");
  EXPECT_EQ((*parts)[1].name, "image");
  EXPECT_EQ((*parts)[1].filename, "a;b.jpg");
  EXPECT_EQ((*parts)[1].content_type, "image/jpeg");
  EXPECT_EQ((*parts)[1].data, "\xff\xd8\r\n--X");  // a near-boundary inside the data is data
}

TEST(LambdaMultipart, MalformedBodiesAreRefused) {
  std::string error;
  EXPECT_FALSE(ParseMultipart("no boundary here", "XX", &error));
  EXPECT_FALSE(ParseMultipart("--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", "XX",
                              &error));  // never closed
  EXPECT_FALSE(ParseMultipart("--XX\r\nContent-Type: text/plain\r\n\r\n1\r\n--XX--", "XX",
                              &error));  // no name
  EXPECT_FALSE(
      ParseMultipart("--XX\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n"
                     "--XX--",
                     "XX", &error));
  EXPECT_FALSE(ParseMultipart("--XXjunk", "XX", &error));
  std::string many;
  for (int i = 0; i < 65; ++i)
    many += "--XX\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";
  many += "--XX--\r\n";
  EXPECT_FALSE(ParseMultipart(many, "XX", &error));
  EXPECT_NE(error.find("64"), std::string::npos);
}

// ---- S3 events ----

json Record(const std::string& key) {
  return {{"eventSource", "aws:s3"},
          {"eventName", "ObjectCreated:Put"},
          {"s3", {{"bucket", {{"name", "photos"}}}, {"object", {{"key", key}, {"size", 5}}}}}};
}

TEST(LambdaS3Event, KeysAreFormDecoded) {
  auto records = ParseS3Event({{"Records", {Record("uploads/u/my+photo%2B1.jpg")}}});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].key, "uploads/u/my photo+1.jpg");
  EXPECT_EQ(records[0].bucket, "photos");
  EXPECT_EQ(records[0].size, 5u);
  EXPECT_TRUE(records[0].IsObjectCreated());
}

void ExpectMalformed(const json& event) {
  try {
    ParseS3Event(event);
    ADD_FAILURE() << "accepted " << event.dump();
  } catch (const HandlerError& e) {
    EXPECT_EQ(e.type(), "MalformedEvent");
  }
}

TEST(LambdaS3Event, MalformedEventsThrowMalformedEvent) {
  ExpectMalformed(json::object());
  ExpectMalformed({{"Records", json::array()}});
  ExpectMalformed({{"Records", {Record("bad%zzescape")}}});
  json wrong_source = Record("a");
  wrong_source["eventSource"] = "aws:sqs";
  ExpectMalformed({{"Records", {wrong_source}}});
  json no_bucket = Record("a");
  no_bucket["s3"].erase("bucket");
  ExpectMalformed({{"Records", {no_bucket}}});
  ExpectMalformed({{"Records", {42}}});
}

TEST(LambdaS3Event, TestEventIsRecognised) {
  EXPECT_TRUE(IsS3TestEvent({{"Event", "s3:TestEvent"}}));
  EXPECT_FALSE(IsS3TestEvent({{"Records", json::array()}}));
}

// ---- s3-thumbnail routing ----

S3ThumbnailHandler MakeS3Handler(const std::string& dest_bucket) {
  S3ThumbnailConfig config;
  config.dest_bucket = dest_bucket;
  return S3ThumbnailHandler(config, thumbkit::aws::S3Config{});
}

TEST(LambdaS3Thumbnail, OutputIdIsTheSubOrTheStem) {
  auto handler = MakeS3Handler("");
  EXPECT_EQ(handler.OutputId("uploads/user-1/photo.jpg"), "user-1");
  EXPECT_EQ(handler.OutputId("uploads/user-1/deeper/photo.jpg"), "user-1");
  EXPECT_EQ(handler.OutputId("uploads/avatar.png"), "avatar");
  EXPECT_EQ(handler.OutputId("uploads/user-1/"), std::nullopt);
  EXPECT_EQ(handler.OutputId("uploads/a b/c.jpg"), std::nullopt);
  EXPECT_EQ(handler.OutputId("uploads/../c.jpg"), std::nullopt);
}

TEST(LambdaS3Thumbnail, LoopGuardAndPrefixFilter) {
  auto same_bucket = MakeS3Handler("");
  EXPECT_EQ(same_bucket.SkipReason("b", "uploads/u/a.jpg", "ObjectCreated:Put"), "");
  EXPECT_EQ(same_bucket.SkipReason("b", "avatars/processed/u.jpg", "ObjectCreated:Put"),
            "in the destination prefix");
  EXPECT_EQ(same_bucket.SkipReason("b", "other/u.jpg", "ObjectCreated:Copy"),
            "outside the source prefix");
  EXPECT_EQ(same_bucket.SkipReason("b", "uploads/u/a.jpg", "ObjectRemoved:Delete"),
            "not an ObjectCreated event");
  auto other_bucket = MakeS3Handler("assets");
  EXPECT_EQ(other_bucket.SkipReason("assets", "avatars/processed/u.jpg", "ObjectCreated:Put"),
            "in the destination prefix");
}

TEST(LambdaS3Errors, Mapping) {
  EXPECT_EQ(S3ErrorType("NoSuchKey"), "ObjectNotFound");
  EXPECT_EQ(S3ErrorType("NotFound"), "ObjectNotFound");
  EXPECT_EQ(S3ErrorType("TooLarge"), "ObjectTooLarge");
  EXPECT_EQ(S3ErrorType("SignatureDoesNotMatch"), "S3Error");
  EXPECT_EQ(S3ErrorHttpStatus("NoSuchKey"), 404);
  EXPECT_EQ(S3ErrorHttpStatus("Timeout"), 504);
  EXPECT_EQ(ThumbnailErrorType("TK_ERR_TRUNCATED"), "CorruptImage");
  EXPECT_EQ(ThumbnailErrorType("TK_ERR_LIMIT_PIXELS"), "ImageLimitExceeded");
  EXPECT_EQ(ThumbnailErrorType("TK_ERR_UNKNOWN_FORMAT"), "UnsupportedImage");
}

// ---- HTTP API events ----

json HttpEvent() {
  return {{"version", "2.0"},
          {"rawPath", "/prod/image"},
          {"rawQueryString", "w=1"},
          {"headers", {{"Content-Type", "image/png"}}},
          {"requestContext",
           {{"stage", "prod"},
            {"http", {{"method", "POST"}}},
            {"authorizer", {{"lambda", {{"sub", "alice"}}}}}}},
          {"isBase64Encoded", true},
          {"body", "aGVsbG8="}};
}

TEST(LambdaHttpEvent, StageIsStrippedAndBodyDecoded) {
  HttpRequest request = ParseHttpEvent(HttpEvent());
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/image");
  EXPECT_EQ(request.body, "hello");
  EXPECT_EQ(Header(request, "content-type"), "image/png");
  EXPECT_EQ(request.authorizer_sub, "alice");
}

TEST(LambdaHttpEvent, BadEventsThrow) {
  json bad_base64 = HttpEvent();
  bad_base64["body"] = "!!!";
  EXPECT_THROW(ParseHttpEvent(bad_base64), HandlerError);
  json v1 = HttpEvent();
  v1["version"] = "1.0";
  EXPECT_THROW(ParseHttpEvent(v1), HandlerError);
  EXPECT_THROW(ParseHttpEvent(json::array()), HandlerError);
}

TEST(LambdaHttpEvent, BinaryResponseIsBase64) {
  json response = BinaryResponse(200, "hello", "image/png", "no-store");
  EXPECT_EQ(response["body"], "aGVsbG8=");
  EXPECT_EQ(response["isBase64Encoded"], true);
  EXPECT_EQ(response["headers"]["content-type"], "image/png");
}

// ---- authorizer ----

TEST(LambdaAuthorizer, BearerTokenFromHeaderOrIdentitySource) {
  EXPECT_EQ(BearerToken({{"headers", {{"Authorization", "Bearer abc"}}}}), "abc");
  EXPECT_EQ(BearerToken({{"headers", {{"authorization", "bearer  abc"}}}}), "abc");
  EXPECT_EQ(BearerToken({{"headers", json::object()}, {"identitySource", {"abc"}}}), "abc");
  EXPECT_EQ(BearerToken({{"identitySource", json::array()}}), "");
  EXPECT_EQ(BearerToken(json::array()), "");
}

// ---- configuration ----

class LambdaConfigTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const char* name : {"THUMBKIT_SOURCE_PREFIX", "THUMBKIT_DEST_PREFIX", "THUMBKIT_VARIANTS",
                             "THUMBKIT_MAX_INPUT_BYTES", "THUMBKIT_DEST_BUCKET"})
      unsetenv(name);
  }
};

TEST_F(LambdaConfigTest, DefaultsAreTheDocumentedOnes) {
  std::string error;
  auto config = LoadS3ThumbnailConfig(&error);
  ASSERT_TRUE(config) << error;
  EXPECT_EQ(config->source_prefix, "uploads/");
  EXPECT_EQ(config->dest_prefix, "avatars/processed/");
  EXPECT_EQ(config->dest_bucket, "");
  ASSERT_EQ(config->variants.size(), 2u);
  EXPECT_EQ(config->variants[0].format, "jpeg");
  EXPECT_EQ(config->variants[1].format, "webp");
  EXPECT_EQ(config->variants[1].width, 512);
}

TEST_F(LambdaConfigTest, BadValuesNameTheVariable) {
  std::string error;
  setenv("THUMBKIT_DEST_PREFIX", "avatars", 1);
  EXPECT_FALSE(LoadS3ThumbnailConfig(&error));
  EXPECT_NE(error.find("THUMBKIT_DEST_PREFIX"), std::string::npos) << error;
  unsetenv("THUMBKIT_DEST_PREFIX");
  setenv("THUMBKIT_MAX_INPUT_BYTES", "12abc", 1);
  EXPECT_FALSE(LoadS3ThumbnailConfig(&error));
  EXPECT_NE(error.find("THUMBKIT_MAX_INPUT_BYTES"), std::string::npos) << error;
  unsetenv("THUMBKIT_MAX_INPUT_BYTES");
  setenv("THUMBKIT_VARIANTS", "512x512:cover:gif:80", 1);
  EXPECT_FALSE(LoadS3ThumbnailConfig(&error));
  EXPECT_NE(error.find("THUMBKIT_VARIANTS"), std::string::npos) << error;
}

// ---- Runtime API error document ----

TEST(LambdaRuntimeApi, ErrorDocumentShape) {
  json document = json::parse(ErrorDocument({"Function.CorruptImage", "bad \xff bytes"}));
  EXPECT_EQ(document["errorType"], "Function.CorruptImage");
  EXPECT_TRUE(document["errorMessage"].is_string());
  EXPECT_EQ(document["stackTrace"], json::array());
}

}  // namespace
}  // namespace thumbkit_lambda
