// VerifyPresigned refuses what S3 refuses, with S3's status and error code.
#include <gtest/gtest.h>

#include "thumbkit_aws/sigv4.h"

namespace thumbkit::aws {
namespace {

using std::chrono::seconds;

const Credentials kCredentials{"AKIDTHUMBKIT", "secret/with+chars", ""};
const SigningScope kScope{"eu-west-1", "s3"};
const std::string kHost = "127.0.0.1:8080";
const std::string kPath = "/uploads/user%201/a%2Bb.jpg";

Clock::time_point At(std::string_view amz_date) {
  return ParseAmzDate(amz_date).value();
}

std::optional<std::string> SecretFor(std::string_view key) {
  if (key == kCredentials.access_key_id) return kCredentials.secret_access_key;
  return std::nullopt;
}

// A PUT presigned at 2024-01-02 03:04:05 for 600 s with content-type and content-length signed.
class PresignedPut : public ::testing::Test {
 protected:
  void SetUp() override {
    PresignRequest request;
    request.method = "PUT";
    request.scheme = "http";
    request.host = kHost;
    request.path = kPath;
    request.expires = seconds(600);
    request.signed_headers = {{"content-type", "image/jpeg"}, {"content-length", "1234"}};
    const std::string url = Presign(request, kCredentials, kScope, signed_at_);
    query_ = url.substr(url.find('?') + 1);
    ASSERT_EQ(url.substr(0, url.find('?')), "http://" + kHost + kPath);
  }

  PresignCheck Verify(std::string_view method, std::string_view path, std::string_view query,
                      const Headers& headers, Clock::time_point now,
                      const SigningScope& scope = kScope) const {
    return VerifyPresigned(method, kHost, path, query, headers, SecretFor, scope, now);
  }
  PresignCheck VerifyQuery(std::string_view query) const {
    return Verify("PUT", kPath, query, headers_, inside_);
  }
  std::string Replace(std::string_view from, std::string_view to) const {
    std::string changed = query_;
    const std::size_t at = changed.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) changed.replace(at, from.size(), to);
    return changed;
  }

  const Clock::time_point signed_at_ = At("20240102T030405Z");
  const Clock::time_point inside_ = signed_at_ + seconds(300);
  const Headers headers_ = {{"content-type", "image/jpeg"}, {"content-length", "1234"}};
  std::string query_;
};

void ExpectRefused(const PresignCheck& check, int status, std::string_view code) {
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.http_status, status) << check.message;
  EXPECT_EQ(check.code, code) << check.message;
  EXPECT_FALSE(check.message.empty());
}

TEST_F(PresignedPut, AcceptedInsideTheWindow) {
  const PresignCheck check = VerifyQuery(query_);
  EXPECT_TRUE(check.ok) << check.code << ": " << check.message;
  EXPECT_EQ(check.access_key_id, "AKIDTHUMBKIT");
  EXPECT_EQ(check.expires_at, signed_at_ + seconds(600));
  EXPECT_EQ(check.signed_headers,
            (std::vector<std::string>{"content-length", "content-type", "host"}));
  // Both ends of the window are inside it.
  EXPECT_TRUE(Verify("PUT", kPath, query_, headers_, signed_at_).ok);
  EXPECT_TRUE(Verify("PUT", kPath, query_, headers_, signed_at_ + seconds(600)).ok);
  // Header names arrive in any case and values with extra spaces, as HTTP allows.
  EXPECT_TRUE(Verify("PUT", kPath, query_,
                     {{"Content-Type", " image/jpeg "}, {"Content-Length", "1234"}}, inside_)
                  .ok);
  // Unsigned ordinary headers do not matter.
  Headers more = headers_;
  more.emplace_back("user-agent", "test");
  EXPECT_TRUE(Verify("PUT", kPath, query_, more, inside_).ok);
}

TEST_F(PresignedPut, TamperedPathQueryMethodOrSignatureRefused) {
  ExpectRefused(Verify("PUT", "/uploads/user%201/other.jpg", query_, headers_, inside_), 403,
                "SignatureDoesNotMatch");
  ExpectRefused(Verify("GET", kPath, query_, headers_, inside_), 403, "SignatureDoesNotMatch");
  ExpectRefused(VerifyQuery(query_ + "&extra=1"), 403, "SignatureDoesNotMatch");
  ExpectRefused(VerifyQuery(Replace("X-Amz-Expires=600", "X-Amz-Expires=601")), 403,
                "SignatureDoesNotMatch");
  std::string signature_flipped = query_;
  char& last = signature_flipped.back();
  last = last == '0' ? '1' : '0';
  ExpectRefused(VerifyQuery(signature_flipped), 403, "SignatureDoesNotMatch");
  // A different host (e.g. a copied URL sent to another server) is a different signature.
  EXPECT_EQ(
      VerifyPresigned("PUT", "example.com", kPath, query_, headers_, SecretFor, kScope, inside_)
          .code,
      "SignatureDoesNotMatch");
}

TEST_F(PresignedPut, ExpiredAndNotYetValidRefused) {
  ExpectRefused(Verify("PUT", kPath, query_, headers_, signed_at_ + seconds(601)), 403,
                "AccessDenied");
  EXPECT_EQ(Verify("PUT", kPath, query_, headers_, signed_at_ + seconds(601)).message,
            "Request has expired");
  ExpectRefused(Verify("PUT", kPath, query_, headers_, signed_at_ - seconds(1)), 403,
                "AccessDenied");
}

TEST_F(PresignedPut, WrongRegionOrServiceRefused) {
  ExpectRefused(Verify("PUT", kPath, query_, headers_, inside_, {"us-east-1", "s3"}), 400,
                "AuthorizationQueryParametersError");
  ExpectRefused(Verify("PUT", kPath, query_, headers_, inside_, {"eu-west-1", "execute-api"}), 400,
                "AuthorizationQueryParametersError");
}

TEST_F(PresignedPut, MissingOrChangedSignedHeaderRefused) {
  ExpectRefused(Verify("PUT", kPath, query_, {{"content-length", "1234"}}, inside_), 403,
                "SignatureDoesNotMatch");
  ExpectRefused(Verify("PUT", kPath, query_,
                       {{"content-type", "image/png"}, {"content-length", "1234"}}, inside_),
                403, "SignatureDoesNotMatch");
  // The body is longer than the size the URL was signed for.
  ExpectRefused(Verify("PUT", kPath, query_,
                       {{"content-type", "image/jpeg"}, {"content-length", "1235"}}, inside_),
                403, "SignatureDoesNotMatch");
  // x-amz-* headers must be signed when present.
  Headers with_amz = headers_;
  with_amz.emplace_back("x-amz-acl", "public-read");
  ExpectRefused(Verify("PUT", kPath, query_, with_amz, inside_), 403, "AccessDenied");
}

TEST_F(PresignedPut, MalformedParametersRefused) {
  ExpectRefused(VerifyQuery(""), 403, "AccessDenied");
  ExpectRefused(VerifyQuery(Replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1")), 400,
                "AuthorizationQueryParametersError");
  ExpectRefused(VerifyQuery(Replace("&X-Amz-Date=20240102T030405Z", "")), 400,
                "AuthorizationQueryParametersError");
  ExpectRefused(VerifyQuery(query_ + "&X-Amz-Date=20240102T030405Z"), 400,
                "AuthorizationQueryParametersError");
  ExpectRefused(VerifyQuery(Replace("X-Amz-Date=20240102T030405Z", "X-Amz-Date=2024-01-02")), 400,
                "AuthorizationQueryParametersError");
  ExpectRefused(VerifyQuery(Replace("X-Amz-Expires=600", "X-Amz-Expires=604801")), 400,
                "AuthorizationQueryParametersError");
  ExpectRefused(VerifyQuery(Replace("X-Amz-Expires=600", "X-Amz-Expires=-5")), 400,
                "AuthorizationQueryParametersError");
  ExpectRefused(VerifyQuery(Replace("%2F20240102%2F", "%2F20240103%2F")), 400,
                "AuthorizationQueryParametersError");
  ExpectRefused(VerifyQuery(Replace("aws4_request", "aws5_request")), 400,
                "AuthorizationQueryParametersError");
  ExpectRefused(VerifyQuery(Replace("X-Amz-Credential=AKIDTHUMBKIT%2F", "X-Amz-Credential=")), 400,
                "AuthorizationQueryParametersError");
  ExpectRefused(VerifyQuery(Replace("content-length%3Bcontent-type%3Bhost", "content-type")), 400,
                "AuthorizationQueryParametersError");
  ExpectRefused(VerifyQuery(Replace("AKIDTHUMBKIT", "AKIDUNKNOWN")), 403, "InvalidAccessKeyId");
  ExpectRefused(Verify("PUT", "/uploads/%zz", query_, headers_, inside_), 400, "InvalidURI");
}

TEST_F(PresignedPut, MaxExpiryIsTheCallersPolicy) {
  const PresignCheck check = VerifyPresigned("PUT", kHost, kPath, query_, headers_, SecretFor,
                                             kScope, inside_, seconds(300));
  ExpectRefused(check, 400, "AuthorizationQueryParametersError");
}

TEST(PresignedGet, PathEncodingIsNormalisedAsS3Does) {
  PresignRequest request;
  request.scheme = "http";
  request.host = kHost;
  request.path = "/bucket/" + UriEncode("a b+c~d/é.jpg", false);
  const Clock::time_point now = At("20240102T030405Z");
  const std::string url = Presign(request, kCredentials, kScope, now);
  const std::string query = url.substr(url.find('?') + 1);
  EXPECT_TRUE(VerifyPresigned("GET", kHost, request.path, query, {}, SecretFor, kScope, now).ok);
  // Lower-case hex escapes and an escaped '~' name the same object.
  EXPECT_TRUE(VerifyPresigned("GET", kHost, "/bucket/a%20b%2bc%7Ed/%c3%a9.jpg", query, {},
                              SecretFor, kScope, now)
                  .ok);
}

}  // namespace
}  // namespace thumbkit::aws
