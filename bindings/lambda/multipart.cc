#include "multipart.h"

#include <cctype>

namespace thumbkit_lambda {
namespace {

constexpr size_t kMaxParts = 64;
constexpr size_t kMaxBoundary = 70;  // RFC 2046

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A header parameter value: a token, or a quoted string with backslash escapes.
std::string Unquote(std::string_view value) {
  value = Trim(value);
  if (value.size() < 2 || value.front() != '"' || value.back() != '"') return std::string(value);
  std::string out;
  value = value.substr(1, value.size() - 2);
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) ++i;
    out.push_back(value[i]);
  }
  return out;
}

// Splits "type; a=1; b=\"x;y\"" at semicolons outside quotes.
std::vector<std::string_view> SplitParameters(std::string_view header) {
  std::vector<std::string_view> items;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == '"' && (i == 0 || header[i - 1] != '\\')) quoted = !quoted;
    if (header[i] == ';' && !quoted) {
      items.push_back(Trim(header.substr(start, i - start)));
      start = i + 1;
    }
  }
  items.push_back(Trim(header.substr(start)));
  return items;
}

std::optional<std::string> Parameter(std::string_view header, std::string_view name) {
  auto items = SplitParameters(header);
  for (size_t i = 1; i < items.size(); ++i) {
    size_t equals = items[i].find('=');
    if (equals == std::string_view::npos) continue;
    if (Lower(Trim(items[i].substr(0, equals))) == name)
      return Unquote(items[i].substr(equals + 1));
  }
  return std::nullopt;
}

bool ParsePartHeaders(std::string_view headers, MultipartPart* part, std::string* error) {
  bool has_disposition = false;
  while (!headers.empty()) {
    size_t end = headers.find("\r\n");
    std::string_view line = headers.substr(0, end);
    headers = end == std::string_view::npos ? std::string_view() : headers.substr(end + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      *error = "a part header line has no ':'";
      return false;
    }
    std::string name = Lower(Trim(line.substr(0, colon)));
    std::string_view value = Trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      if (Lower(Trim(SplitParameters(value).front())) != "form-data") {
        *error = "a part is not form-data";
        return false;
      }
      part->name = Parameter(value, "name").value_or("");
      part->filename = Parameter(value, "filename").value_or("");
      has_disposition = true;
    } else if (name == "content-type") {
      part->content_type = std::string(value);
    }
  }
  if (!has_disposition || part->name.empty()) {
    *error = "a part has no Content-Disposition name";
    return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
  if (Lower(Trim(SplitParameters(content_type).front())) != "multipart/form-data")
    return std::nullopt;
  auto boundary = Parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > kMaxBoundary) return std::nullopt;
  return boundary;
}

std::optional<std::vector<MultipartPart>> ParseMultipart(std::string_view body,
                                                         std::string_view boundary,
                                                         std::string* error) {
  const std::string delimiter = "--" + std::string(boundary);
  const std::string separator = "\r\n" + delimiter;
  // The first delimiter opens the body or follows a preamble line.
  size_t position = body.substr(0, delimiter.size()) == delimiter ? 0 : body.find(separator);
  if (position == std::string_view::npos) {
    *error = "no multipart boundary in the body";
    return std::nullopt;
  }
  position += position == 0 && body.substr(0, delimiter.size()) == delimiter ? delimiter.size()
                                                                             : separator.size();
  std::vector<MultipartPart> parts;
  while (true) {
    if (body.substr(position, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(position, 2) != "\r\n") {
      *error = "malformed multipart boundary line";
      return std::nullopt;
    }
    position += 2;
    size_t headers_end = body.find("\r\n\r\n", position);
    size_t data_end = body.find(separator, position);
    if (headers_end == std::string_view::npos || data_end == std::string_view::npos ||
        headers_end > data_end) {
      *error = "a multipart part is not terminated";
      return std::nullopt;
    }
    if (parts.size() == kMaxParts) {
      *error = "more than 64 multipart parts";
      return std::nullopt;
    }
    MultipartPart part;
    if (!ParsePartHeaders(body.substr(position, headers_end - position), &part, error))
      return std::nullopt;
    part.data = body.substr(headers_end + 4, data_end - headers_end - 4);
    parts.push_back(std::move(part));
    position = data_end + separator.size();
  }
}

}  // namespace thumbkit_lambda
