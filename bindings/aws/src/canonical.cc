#include "canonical.h"

#include <algorithm>
#include <map>

#include "thumbkit_aws/crypto.h"

namespace thumbkit::aws::detail {

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::string CanonicalHeaderValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

CanonicalHeaders Canonicalize(const Headers& headers) {
  std::map<std::string, std::string> merged;
  for (const auto& [name, value] : headers) {
    std::string& slot = merged[ToLower(name)];
    if (!slot.empty()) slot.push_back(',');
    slot += CanonicalHeaderValue(value);
  }
  CanonicalHeaders canonical;
  for (const auto& [name, value] : merged) {
    canonical.block += name + ":" + value + "\n";
    if (!canonical.signed_headers.empty()) canonical.signed_headers.push_back(';');
    canonical.signed_headers += name;
  }
  return canonical;
}

std::string CanonicalQuery(const QueryParams& params) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(params.size());
  for (const auto& [name, value] : params) {
    encoded.emplace_back(UriEncode(name, true), UriEncode(value, true));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string query;
  for (const auto& [name, value] : encoded) {
    if (!query.empty()) query.push_back('&');
    query += name + "=" + value;
  }
  return query;
}

std::string CredentialScope(std::string_view yyyymmdd, const SigningScope& scope) {
  return std::string(yyyymmdd) + "/" + scope.region + "/" + scope.service + "/" +
         std::string(kTerminator);
}

std::string CanonicalRequest(std::string_view method, std::string_view canonical_uri,
                             std::string_view canonical_query, const CanonicalHeaders& headers,
                             std::string_view payload_hash) {
  std::string request;
  request.append(method).append("\n");
  request.append(canonical_uri.empty() ? std::string_view("/") : canonical_uri).append("\n");
  request.append(canonical_query).append("\n");
  request.append(headers.block).append("\n");
  request.append(headers.signed_headers).append("\n");
  request.append(payload_hash);
  return request;
}

std::string SignCanonicalRequest(std::string_view canonical_request, std::string_view secret,
                                 std::string_view amz_date, const SigningScope& scope) {
  const std::string_view date = amz_date.substr(0, 8);
  const std::string string_to_sign = std::string(kAlgorithm) + "\n" + std::string(amz_date) + "\n" +
                                     CredentialScope(date, scope) + "\n" +
                                     Sha256Hex(canonical_request);
  return HexEncode(HmacSha256(DeriveSigningKey(secret, date, scope), string_to_sign));
}

}  // namespace thumbkit::aws::detail
