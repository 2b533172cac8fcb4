// Verifying a presigned (query-string authenticated) request with the checks and error codes S3
// uses, so the server's local-mode PUT behaves like the real bucket.
#include <algorithm>
#include <map>

#include "canonical.h"
#include "thumbkit_aws/crypto.h"
#include "thumbkit_aws/sigv4.h"

namespace thumbkit::aws {
namespace {

constexpr std::string_view kParamsError = "AuthorizationQueryParametersError";

PresignCheck Refuse(int status, std::string_view code, std::string message) {
  PresignCheck check;
  check.http_status = status;
  check.code = code;
  check.message = std::move(message);
  return check;
}

std::vector<std::string> Split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  while (true) {
    const std::size_t at = text.find(separator);
    parts.emplace_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

// The X-Amz-* authentication parameters, each present at most once.
struct AuthParams {
  std::map<std::string, std::string, std::less<>> values;
  QueryParams all_but_signature;
};

std::optional<PresignCheck> CollectAuthParams(std::string_view raw_query, AuthParams& out) {
  static constexpr std::string_view kRequired[] = {"X-Amz-Algorithm",     "X-Amz-Credential",
                                                   "X-Amz-Date",          "X-Amz-Expires",
                                                   "X-Amz-SignedHeaders", "X-Amz-Signature"};
  for (auto& [name, value] : ParseQuery(raw_query)) {
    const bool is_auth =
        std::find(std::begin(kRequired), std::end(kRequired), name) != std::end(kRequired);
    if (is_auth && !out.values.emplace(name, value).second) {
      return Refuse(400, kParamsError, "duplicate query parameter " + name);
    }
    if (name != "X-Amz-Signature") out.all_but_signature.emplace_back(name, value);
  }
  if (!out.values.contains("X-Amz-Signature") && !out.values.contains("X-Amz-Credential")) {
    return Refuse(403, "AccessDenied", "request is not presigned (no X-Amz-Signature)");
  }
  for (std::string_view name : kRequired) {
    if (!out.values.contains(name)) {
      return Refuse(400, kParamsError,
                    "Query-string authentication version 4 requires the X-Amz-Algorithm, "
                    "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and "
                    "X-Amz-Expires parameters.");
    }
  }
  return std::nullopt;
}

// X-Amz-Credential = access-key/yyyymmdd/region/service/aws4_request, checked against `expected`.
std::optional<PresignCheck> CheckCredential(std::string_view credential, std::string_view amz_date,
                                            const SigningScope& expected, PresignCheck& result) {
  const std::vector<std::string> parts = Split(credential, '/');
  if (parts.size() != 5 || parts[0].empty()) {
    return Refuse(400, kParamsError,
                  "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
                  "expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
  }
  result.access_key_id = parts[0];
  if (parts[1] != amz_date.substr(0, 8)) {
    return Refuse(400, kParamsError,
                  "Invalid credential date \"" + parts[1] +
                      "\". This date is not the same as "
                      "X-Amz-Date: \"" +
                      std::string(amz_date.substr(0, 8)) + "\".");
  }
  if (parts[2] != expected.region) {
    return Refuse(400, kParamsError,
                  "Error parsing the X-Amz-Credential parameter; the region '" + parts[2] +
                      "' is wrong; expecting '" + expected.region + "'");
  }
  if (parts[3] != expected.service) {
    return Refuse(400, kParamsError,
                  "Error parsing the X-Amz-Credential parameter; incorrect service '" + parts[3] +
                      "'. This endpoint belongs to '" + expected.service + "'.");
  }
  if (parts[4] != detail::kTerminator) {
    return Refuse(400, kParamsError,
                  "Error parsing the X-Amz-Credential parameter; incorrect terminal '" + parts[4] +
                      "'. This endpoint uses 'aws4_request'.");
  }
  return std::nullopt;
}

std::optional<long long> ParseExpires(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  long long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<PresignCheck> CheckTimeWindow(const AuthParams& params, Clock::time_point now,
                                            std::chrono::seconds max_expiry, PresignCheck& result) {
  const std::string& amz_date = params.values.find("X-Amz-Date")->second;
  const std::optional<Clock::time_point> signed_at = ParseAmzDate(amz_date);
  if (!signed_at) {
    return Refuse(400, kParamsError,
                  "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  }
  const std::optional<long long> expires =
      ParseExpires(params.values.find("X-Amz-Expires")->second);
  if (!expires) return Refuse(400, kParamsError, "X-Amz-Expires should be a number");
  if (*expires > max_expiry.count()) {
    return Refuse(400, kParamsError,
                  "X-Amz-Expires must be less than a week (in seconds) that is " +
                      std::to_string(max_expiry.count()));
  }
  result.expires_at = *signed_at + std::chrono::seconds(*expires);
  if (now < *signed_at) return Refuse(403, "AccessDenied", "Request is not valid yet");
  if (now > result.expires_at) return Refuse(403, "AccessDenied", "Request has expired");
  return std::nullopt;
}

// The headers named in X-Amz-SignedHeaders, with the values this request carries.
std::optional<PresignCheck> CollectSignedHeaders(std::string_view signed_list,
                                                 std::string_view host, const Headers& headers,
                                                 PresignCheck& result, Headers& signed_headers) {
  result.signed_headers = Split(signed_list, ';');
  for (const std::string& name : result.signed_headers) {
    if (name.empty() || name != detail::ToLower(name)) {
      return Refuse(400, kParamsError,
                    "X-Amz-SignedHeaders is malformed: '" + std::string(signed_list) + "'");
    }
  }
  if (!std::is_sorted(result.signed_headers.begin(), result.signed_headers.end()) ||
      std::adjacent_find(result.signed_headers.begin(), result.signed_headers.end()) !=
          result.signed_headers.end()) {
    return Refuse(400, kParamsError, "X-Amz-SignedHeaders must be sorted and unique");
  }
  if (!std::binary_search(result.signed_headers.begin(), result.signed_headers.end(), "host")) {
    return Refuse(400, kParamsError, "X-Amz-SignedHeaders must include host");
  }
  for (const auto& [name, value] : headers) {
    const std::string lower = detail::ToLower(name);
    const bool is_signed =
        std::binary_search(result.signed_headers.begin(), result.signed_headers.end(), lower);
    if (lower.starts_with("x-amz-") && !is_signed) {
      return Refuse(403, "AccessDenied",
                    "There were headers present in the request which were not signed: " + lower);
    }
    if (is_signed && lower != "host") signed_headers.emplace_back(lower, value);
  }
  signed_headers.emplace_back("host", std::string(host));
  for (const std::string& name : result.signed_headers) {
    const bool present = std::any_of(signed_headers.begin(), signed_headers.end(),
                                     [&](const auto& header) { return header.first == name; });
    if (!present) {
      return Refuse(403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you "
                    "provided: signed header '" +
                        name + "' is missing from the request");
    }
  }
  return std::nullopt;
}

}  // namespace

PresignCheck VerifyPresigned(std::string_view method, std::string_view host,
                             std::string_view raw_path, std::string_view raw_query,
                             const Headers& headers, const SecretLookup& secret_for,
                             const SigningScope& expected, Clock::time_point now,
                             std::chrono::seconds max_expiry) {
  PresignCheck result;
  AuthParams params;
  if (auto refused = CollectAuthParams(raw_query, params)) return *refused;
  if (params.values["X-Amz-Algorithm"] != detail::kAlgorithm) {
    return Refuse(400, kParamsError, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
  }
  const std::string& amz_date = params.values["X-Amz-Date"];
  if (auto refused =
          CheckCredential(params.values["X-Amz-Credential"], amz_date, expected, result)) {
    refused->access_key_id = result.access_key_id;
    return *refused;
  }
  if (auto refused = CheckTimeWindow(params, now, max_expiry, result)) {
    refused->access_key_id = result.access_key_id;
    refused->expires_at = result.expires_at;
    return *refused;
  }
  const std::optional<std::string> secret =
      secret_for ? secret_for(result.access_key_id) : std::nullopt;
  if (!secret) {
    return Refuse(403, "InvalidAccessKeyId",
                  "The AWS Access Key Id you provided does not exist in our records.");
  }
  Headers signed_headers;
  if (auto refused = CollectSignedHeaders(params.values["X-Amz-SignedHeaders"], host, headers,
                                          result, signed_headers)) {
    refused->access_key_id = result.access_key_id;
    return *refused;
  }
  const std::optional<std::string> path = UriDecode(raw_path.empty() ? "/" : raw_path);
  if (!path) return Refuse(400, "InvalidURI", "Couldn't parse the specified URI.");
  const detail::CanonicalHeaders canonical_headers = detail::Canonicalize(signed_headers);
  const std::string payload_hash =
      expected.service == "s3" ? std::string(kUnsignedPayload) : Sha256Hex("");
  const std::string canonical_request = detail::CanonicalRequest(
      method, UriEncode(*path, false), detail::CanonicalQuery(params.all_but_signature),
      canonical_headers, payload_hash);
  const std::string expected_signature =
      detail::SignCanonicalRequest(canonical_request, *secret, amz_date, expected);
  if (!ConstantTimeEqual(expected_signature, params.values["X-Amz-Signature"])) {
    PresignCheck refused = Refuse(403, "SignatureDoesNotMatch",
                                  "The request signature we calculated does not match the "
                                  "signature you provided. Check your key and signing method.");
    refused.access_key_id = result.access_key_id;
    return refused;
  }
  result.ok = true;
  result.http_status = 200;
  return result;
}

}  // namespace thumbkit::aws
