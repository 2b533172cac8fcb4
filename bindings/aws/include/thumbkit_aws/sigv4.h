// AWS Signature Version 4: header signing, presigned URLs, and verifying presigned URLs the way
// S3 does (same checks, same error codes).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "thumbkit_aws/credentials.h"
#include "thumbkit_aws/uri.h"

namespace thumbkit::aws {

using Clock = std::chrono::system_clock;
using Headers = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::chrono::seconds kMaxPresignExpiry{7 * 24 * 3600};  // S3's limit

struct SigningScope {
  std::string region;   // e.g. "us-east-1"
  std::string service;  // e.g. "s3"
};

// A request to sign with the Authorization header.
struct HttpRequest {
  std::string method;  // "GET", "PUT", ...
  std::string host;    // Host header value, with ":port" when not the scheme's default
  std::string path;    // already URI-encoded path (S3 style: used verbatim), e.g. "/bucket/a%20b"
  QueryParams query;   // decoded names and values; encoded and sorted when signing
  Headers headers;     // any case; signed all (lower-cased, trimmed)
  std::string payload_sha256;  // lower-case hex, or kUnsignedPayload; empty = hash of ""
};

// Adds host (if absent), x-amz-date, x-amz-content-sha256 (service "s3" only, as S3 requires and
// other services do not), x-amz-security-token (if the credentials have one) and Authorization.
void SignRequest(HttpRequest& request, const Credentials& credentials, const SigningScope& scope,
                 Clock::time_point now);

struct PresignRequest {
  std::string method = "GET";
  std::string scheme = "https";
  std::string host;                    // with ":port" when not the scheme's default
  std::string path;                    // already URI-encoded path, e.g. "/bucket/uploads/abc.jpg"
  std::chrono::seconds expires{3600};  // 1 s .. 7 days
  Headers signed_headers;  // extra headers the client must send as is, e.g. content-type
  QueryParams query;       // extra query parameters (decoded), signed too
};

// Returns "scheme://host/path?X-Amz-Algorithm=...&X-Amz-Signature=..." (S3 style: payload
// UNSIGNED-PAYLOAD for service "s3"). Throws std::invalid_argument on an expiry outside 1 s..7 days
// or empty credentials.
std::string Presign(const PresignRequest& request, const Credentials& credentials,
                    const SigningScope& scope, Clock::time_point now);

struct PresignCheck {
  bool ok = false;
  int http_status = 403;      // 200 when ok; 400 for malformed parameters, else 403
  std::string code;           // S3 error code: SignatureDoesNotMatch, AccessDenied,
                              // AuthorizationQueryParametersError, InvalidAccessKeyId, InvalidURI
  std::string message;        // human-readable reason (never contains the secret)
  std::string access_key_id;  // from X-Amz-Credential, when it could be parsed
  Clock::time_point expires_at{};           // X-Amz-Date + X-Amz-Expires, when parsed
  std::vector<std::string> signed_headers;  // lower-case names from X-Amz-SignedHeaders
};

// Secret access key for an access key id, or nullopt when the key is unknown.
using SecretLookup = std::function<std::optional<std::string>(std::string_view access_key_id)>;

// Verifies a presigned request exactly as S3 does: X-Amz-Algorithm, X-Amz-Credential scope
// (date matches X-Amz-Date, region and service match `expected`, terminator aws4_request),
// X-Amz-Date <= now <= X-Amz-Date + X-Amz-Expires (<= max_expiry), host in X-Amz-SignedHeaders,
// every signed header present (`headers`: lower-case names as received; `host` is the Host header),
// no unsigned x-amz-* header, and the signature. raw_path and raw_query are as on the wire.
PresignCheck VerifyPresigned(std::string_view method, std::string_view host,
                             std::string_view raw_path, std::string_view raw_query,
                             const Headers& headers, const SecretLookup& secret_for,
                             const SigningScope& expected, Clock::time_point now,
                             std::chrono::seconds max_expiry = kMaxPresignExpiry);

// Building blocks, public for tests and for callers that sign other things.
std::string FormatAmzDate(Clock::time_point t);  // "20130524T000000Z"
std::optional<Clock::time_point> ParseAmzDate(std::string_view text);
std::string DeriveSigningKey(std::string_view secret, std::string_view yyyymmdd,
                             const SigningScope& scope);  // raw 32 bytes

}  // namespace thumbkit::aws
