// multipart/form-data bodies (RFC 7578) as API Gateway hands them over: the POST /image upload.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace thumbkit_lambda {

struct MultipartPart {
  std::string name;          // Content-Disposition name
  std::string filename;      // empty for plain fields
  std::string content_type;  // empty when the part has none
  std::string_view data;     // a view into the parsed body
};

// The boundary parameter of a "multipart/form-data; boundary=..." Content-Type; nullopt when the
// type is not multipart/form-data or has no usable boundary.
std::optional<std::string> MultipartBoundary(std::string_view content_type);

// Splits `body` into its parts (at most 64). nullopt with *error set when malformed.
std::optional<std::vector<MultipartPart>> ParseMultipart(std::string_view body,
                                                         std::string_view boundary,
                                                         std::string* error);

}  // namespace thumbkit_lambda
