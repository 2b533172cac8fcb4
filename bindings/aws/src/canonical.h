// SigV4 canonical forms and the signature itself (internal to thumbkit_aws).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "thumbkit_aws/sigv4.h"

namespace thumbkit::aws::detail {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kTerminator = "aws4_request";

std::string ToLower(std::string_view text);

// Trims and collapses runs of spaces, as SigV4 requires for header values.
std::string CanonicalHeaderValue(std::string_view value);

// Lower-cased names, sorted, repeated names' values joined by ','.
struct CanonicalHeaders {
  std::string block;           // "name:value\n" lines
  std::string signed_headers;  // "host;x-amz-date"
};
CanonicalHeaders Canonicalize(const Headers& headers);

// Encodes names and values (UriEncode, slash encoded) and sorts by name, then value.
std::string CanonicalQuery(const QueryParams& params);

// "yyyymmdd/region/service/aws4_request"
std::string CredentialScope(std::string_view yyyymmdd, const SigningScope& scope);

// Hex signature of a canonical request.
std::string SignCanonicalRequest(std::string_view canonical_request, std::string_view secret,
                                 std::string_view amz_date, const SigningScope& scope);

std::string CanonicalRequest(std::string_view method, std::string_view canonical_uri,
                             std::string_view canonical_query, const CanonicalHeaders& headers,
                             std::string_view payload_hash);

}  // namespace thumbkit::aws::detail
