// Signing: the Authorization header, and presigned URLs.
#include "thumbkit_aws/sigv4.h"

#include <algorithm>
#include <stdexcept>

#include "canonical.h"
#include "thumbkit_aws/crypto.h"

namespace thumbkit::aws {
namespace {

bool HasHeader(const Headers& headers, std::string_view lower_name) {
  return std::any_of(headers.begin(), headers.end(), [&](const auto& header) {
    return detail::ToLower(header.first) == lower_name;
  });
}

std::string PayloadHash(const HttpRequest& request) {
  return request.payload_sha256.empty() ? Sha256Hex("") : request.payload_sha256;
}

std::string EncodeQueryInOrder(const QueryParams& params) {
  std::string query;
  for (const auto& [name, value] : params) {
    if (!query.empty()) query.push_back('&');
    query += UriEncode(name, true) + "=" + UriEncode(value, true);
  }
  return query;
}

}  // namespace

void SignRequest(HttpRequest& request, const Credentials& credentials, const SigningScope& scope,
                 Clock::time_point now) {
  const std::string amz_date = FormatAmzDate(now);
  const std::string payload_hash = PayloadHash(request);
  if (!HasHeader(request.headers, "host")) request.headers.emplace_back("host", request.host);
  request.headers.emplace_back("x-amz-date", amz_date);
  if (scope.service == "s3") request.headers.emplace_back("x-amz-content-sha256", payload_hash);
  if (!credentials.session_token.empty()) {
    request.headers.emplace_back("x-amz-security-token", credentials.session_token);
  }
  const detail::CanonicalHeaders headers = detail::Canonicalize(request.headers);
  const std::string canonical_request = detail::CanonicalRequest(
      request.method, request.path, detail::CanonicalQuery(request.query), headers, payload_hash);
  const std::string signature = detail::SignCanonicalRequest(
      canonical_request, credentials.secret_access_key, amz_date, scope);
  request.headers.emplace_back(
      "authorization",
      std::string(detail::kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
          detail::CredentialScope(amz_date.substr(0, 8), scope) +
          ", SignedHeaders=" + headers.signed_headers + ", Signature=" + signature);
}

std::string Presign(const PresignRequest& request, const Credentials& credentials,
                    const SigningScope& scope, Clock::time_point now) {
  if (request.expires.count() < 1 || request.expires > kMaxPresignExpiry) {
    throw std::invalid_argument("presign expiry must be between 1 second and 7 days");
  }
  if (credentials.empty()) throw std::invalid_argument("presign needs credentials");
  const std::string amz_date = FormatAmzDate(now);
  Headers headers = request.signed_headers;
  if (!HasHeader(headers, "host")) headers.emplace_back("host", request.host);
  const detail::CanonicalHeaders canonical_headers = detail::Canonicalize(headers);

  // botocore's order: caller's parameters, then the X-Amz-* ones, the signature last.
  QueryParams query = request.query;
  query.emplace_back("X-Amz-Algorithm", std::string(detail::kAlgorithm));
  query.emplace_back("X-Amz-Credential", credentials.access_key_id + "/" +
                                             detail::CredentialScope(amz_date.substr(0, 8), scope));
  query.emplace_back("X-Amz-Date", amz_date);
  query.emplace_back("X-Amz-Expires", std::to_string(request.expires.count()));
  query.emplace_back("X-Amz-SignedHeaders", canonical_headers.signed_headers);
  if (!credentials.session_token.empty()) {
    query.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  const std::string payload_hash =
      scope.service == "s3" ? std::string(kUnsignedPayload) : Sha256Hex("");
  const std::string canonical_request = detail::CanonicalRequest(
      request.method, request.path, detail::CanonicalQuery(query), canonical_headers, payload_hash);
  const std::string signature = detail::SignCanonicalRequest(
      canonical_request, credentials.secret_access_key, amz_date, scope);
  const std::string path = request.path.empty() ? "/" : request.path;
  return request.scheme + "://" + request.host + path + "?" + EncodeQueryInOrder(query) +
         "&X-Amz-Signature=" + signature;
}

}  // namespace thumbkit::aws
