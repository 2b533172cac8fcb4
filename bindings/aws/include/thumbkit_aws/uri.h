// Percent-encoding as SigV4 defines it, and query/form decoding.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace thumbkit::aws {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// SigV4 URI encoding: every byte except A-Z a-z 0-9 - . _ ~ becomes %XX (upper-case hex);
// '/' is kept as is when encode_slash is false (object key paths).
std::string UriEncode(std::string_view text, bool encode_slash);

// Percent-decoding ('+' stays '+'). nullopt on a malformed escape ("%", "%4", "%zz").
std::optional<std::string> UriDecode(std::string_view text);

// application/x-www-form-urlencoded decoding: '+' is a space, "%2B" a plus (S3 event keys).
// nullopt on a malformed escape.
std::optional<std::string> FormDecode(std::string_view text);

// Splits a raw query string ("a=1&b=x%20y&c") into decoded (name, value) pairs in order,
// with form rules ('+' is a space). A malformed escape is kept literally (the signature
// check then fails rather than the parser guessing). Empty segments are skipped.
QueryParams ParseQuery(std::string_view raw_query);

}  // namespace thumbkit::aws
