// A small S3 object client over libcurl with SigV4 header signing: PUT, GET, HEAD, presign.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "thumbkit_aws/credentials.h"
#include "thumbkit_aws/sigv4.h"

namespace thumbkit::aws {

struct S3Config {
  std::string endpoint;  // "http://127.0.0.1:4568"; empty = https://s3.{region}.amazonaws.com
  std::string region = "us-east-1";
  Credentials credentials;
  bool path_style = false;  // https://host/bucket/key instead of https://bucket.host/key
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};  // whole transfer
  // PEM bundle of trusted CAs for HTTPS; empty = libcurl's built-in path (Debian's). A runtime
  // bundled from Debian onto Amazon Linux needs /etc/pki/tls/certs/ca-bundle.crt here.
  std::string ca_file;

  // AWS_ENDPOINT_URL_S3 (sets path_style), AWS_REGION (else AWS_DEFAULT_REGION, else us-east-1),
  // AWS_CA_BUNDLE and the credential variables. Missing credentials leave `credentials` empty.
  static S3Config FromEnvironment();
};

// Error codes in S3Result/S3Object/S3Head::error (empty when ok): the S3 error code from the
// response body when there is one (NoSuchKey, NoSuchBucket, AccessDenied, SignatureDoesNotMatch,
// ...), "NotFound" for a 404 without a body (HEAD), "TooLarge" for a body over max_bytes,
// "Timeout", "Network" (connection refused, DNS, TLS), "InvalidArgument" (bad bucket/key),
// or "HttpError" for any other non-2xx status.
struct S3Result {
  bool ok = false;
  int http_status = 0;  // 0 when no response arrived
  std::string etag;
  std::string error;
  std::string message;
};

struct S3Object {
  bool ok = false;
  int http_status = 0;
  std::string body;
  std::string content_type;
  std::string etag;
  std::string error;
  std::string message;
};

struct S3Head {
  bool ok = false;
  int http_status = 0;
  std::uint64_t size = 0;
  std::string content_type;
  std::string etag;
  std::string error;
  std::string message;
};

class S3Client {
 public:
  explicit S3Client(S3Config config);

  S3Result Put(std::string_view bucket, std::string_view key, std::string_view body,
               std::string_view content_type, std::string_view cache_control = {}) const;
  // Refuses (error "TooLarge") as soon as Content-Length or the received bytes exceed
  // max_bytes, without buffering more than max_bytes.
  S3Object Get(std::string_view bucket, std::string_view key, std::uint64_t max_bytes) const;
  S3Head Head(std::string_view bucket, std::string_view key) const;
  // For tests and local setups (s3rver): PUT /bucket.
  S3Result CreateBucket(std::string_view bucket) const;

  // Presigned URLs for a browser/client. content_type (if not empty) and content_length (if set)
  // become signed headers the uploader must send exactly.
  std::string PresignPut(std::string_view bucket, std::string_view key,
                         std::chrono::seconds expires, std::string_view content_type,
                         std::optional<std::uint64_t> content_length = std::nullopt,
                         Clock::time_point now = Clock::now()) const;
  std::string PresignGet(std::string_view bucket, std::string_view key,
                         std::chrono::seconds expires, Clock::time_point now = Clock::now()) const;

  // The URL an object is at (no signature), e.g. for logs or public buckets.
  std::string ObjectUrl(std::string_view bucket, std::string_view key) const;

  const S3Config& config() const { return config_; }

 private:
  S3Config config_;
};

}  // namespace thumbkit::aws
