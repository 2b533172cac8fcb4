#include "http_api_handler.h"

#include <thumbkit_aws/uri.h>
#include <thumbkit_service/object_key.h>

#include <cctype>
#include <map>

#include "json_log.h"
#include "multipart.h"
#include "runtime_loop.h"
#include "s3_deadline.h"
#include "s3_errors.h"

namespace thumbkit_lambda {
namespace {

namespace service = thumbkit::service;

constexpr std::string_view kRoute = "/image";
constexpr size_t kMaxFieldBytes = 1024;
// Room for the status line, headers and JSON quoting around the base64 body.
constexpr size_t kResponseOverhead = 1024;

struct PostInput {
  std::map<std::string, std::string> fields;
  std::optional<std::string> image;
};

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The media type of a Content-Type, lower-case, without parameters.
std::string MediaType(std::string content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  while (!content_type.empty() && content_type.back() == ' ') content_type.pop_back();
  for (char& c : content_type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return content_type;
}

// Fills `input` from a multipart body; the error response on failure.
std::optional<nlohmann::json> ReadMultipart(const HttpRequest& request, const std::string& boundary,
                                            PostInput* input) {
  std::string error;
  auto parts = ParseMultipart(request.body, boundary, &error);
  if (!parts) return ErrorResponse(400, "bad_multipart", error);
  for (const MultipartPart& part : *parts) {
    if (!part.filename.empty() || part.name == "image" || part.name == "file") {
      if (input->image) return ErrorResponse(400, "bad_request", "send one image per request");
      input->image = std::string(part.data);
    } else if (part.data.size() > kMaxFieldBytes) {
      return ErrorResponse(400, "bad_request", "form field '" + part.name + "' is too long");
    } else {
      input->fields[part.name] = std::string(part.data);
    }
  }
  return std::nullopt;
}

std::optional<nlohmann::json> ReadJson(const HttpRequest& request, PostInput* input) {
  auto document = nlohmann::json::parse(request.body, nullptr, false);
  if (!document.is_object())
    return ErrorResponse(400, "bad_request", "the body is not a JSON object");
  for (const auto& [name, value] : document.items()) {
    if (value.is_string()) {
      input->fields[name] = value.get<std::string>();
    } else if (value.is_number_integer()) {
      input->fields[name] = std::to_string(value.get<int64_t>());
    } else {
      return ErrorResponse(400, "bad_request", "field '" + name + "' must be a string or integer");
    }
  }
  return std::nullopt;
}

std::optional<nlohmann::json> ReadPostInput(const HttpRequest& request, PostInput* input) {
  std::string content_type = Header(request, "content-type");
  if (auto boundary = MultipartBoundary(content_type))
    return ReadMultipart(request, *boundary, input);
  std::string media = MediaType(content_type);
  if (media == "application/json") return ReadJson(request, input);
  if (StartsWith(media, "image/") || media == "application/octet-stream") {
    input->image = request.body;
    for (auto& [name, value] : thumbkit::aws::ParseQuery(request.raw_query))
      input->fields[name] = value;
    return std::nullopt;
  }
  return ErrorResponse(415, "unsupported_media_type",
                       "send multipart/form-data, application/json with s3Key, or the image "
                       "bytes as image/* or application/octet-stream");
}

}  // namespace

HttpApiHandler::HttpApiHandler(HttpApiConfig config, thumbkit::aws::S3Config s3)
    : config_(std::move(config)), s3_(std::move(s3)) {}

nlohmann::json HttpApiHandler::operator()(const nlohmann::json& event,
                                          const Invocation& invocation) const {
  HttpRequest request = ParseHttpEvent(event);
  Log(LogLevel::kInfo, "request",
      {{"method", request.method}, {"path", request.path}, {"bodyBytes", request.body.size()}});
  if (request.path == kRoute) {
    if (request.method == "POST") return PostImage(request, invocation);
    return ErrorResponse(405, "method_not_allowed", "POST /image");
  }
  if (StartsWith(request.path, std::string(kRoute) + "/")) {
    if (request.method == "GET") return GetImage(request, invocation);
    return ErrorResponse(405, "method_not_allowed", "GET /image/{options}/{key}");
  }
  return ErrorResponse(404, "not_found", "no route for " + request.method + " " + request.path);
}

std::optional<nlohmann::json> HttpApiHandler::FetchSource(const HttpRequest& request,
                                                          const std::string& key,
                                                          const Invocation& invocation,
                                                          std::string* bytes) const {
  if (auto problem = service::ValidateObjectKey(key))
    return ErrorResponse(400, "bad_key", *problem);
  // Only originals are readable; behind the authorizer, only the caller's own.
  std::string allowed = config_.source_prefix;
  if (!request.authorizer_sub.empty()) allowed += request.authorizer_sub + "/";
  if (!StartsWith(key, allowed))
    return ErrorResponse(403, "forbidden", "keys must start with " + allowed);
  thumbkit::aws::S3Client client(WithinDeadline(s3_, invocation));
  auto object = client.Get(config_.source_bucket, key,
                           static_cast<std::uint64_t>(config_.limits.max_input_bytes));
  if (!object.ok) {
    Log(LogLevel::kWarn, "source fetch failed",
        {{"key", key}, {"error", object.error}, {"status", object.http_status}});
    return ErrorResponse(S3ErrorHttpStatus(object.error), S3ErrorType(object.error),
                         object.error == "TooLarge" ? "the object is over the size limit"
                                                    : "cannot read " + key + ": " + object.error);
  }
  *bytes = std::move(object.body);
  return std::nullopt;
}

nlohmann::json HttpApiHandler::Respond(const service::ThumbnailResult& result,
                                       const std::string& cache_control) const {
  if (!result.ok) return ErrorResponse(result.http_status, result.status_name, result.message);
  size_t base64_bytes = (result.bytes.size() + 2) / 3 * 4;
  if (base64_bytes + kResponseOverhead > kMaxResponseBytes) {
    return ErrorResponse(413, "response_too_large",
                         "the thumbnail is " + std::to_string(result.bytes.size()) + " bytes (" +
                             std::to_string(base64_bytes) +
                             " as base64), over Lambda's 6 MB response limit; ask for a smaller "
                             "size or a lossy format (jpeg, webp)");
  }
  Log(LogLevel::kInfo, "thumbnail",
      {{"format", result.format},
       {"width", result.width},
       {"height", result.height},
       {"bytes", result.bytes.size()}});
  return BinaryResponse(200, result.bytes, result.content_type, cache_control,
                        {{"x-thumbkit-width", std::to_string(result.width)},
                         {"x-thumbkit-height", std::to_string(result.height)}});
}

nlohmann::json HttpApiHandler::PostImage(const HttpRequest& request,
                                         const Invocation& invocation) const {
  PostInput input;
  if (auto failure = ReadPostInput(request, &input)) return *failure;
  std::optional<std::string> s3_key;
  if (auto it = input.fields.find("s3Key"); it != input.fields.end()) {
    s3_key = it->second;
    input.fields.erase(it);
  }
  if (s3_key.has_value() == input.image.has_value())
    return ErrorResponse(400, "bad_request", "send either an image or an s3Key");
  std::string error;
  auto spec = service::ParseFormFields(input.fields, config_.limits, &error);
  if (!spec) return ErrorResponse(400, "bad_options", error);
  spec->format = service::ResolveFormat(*spec, Header(request, "accept"));
  std::string bytes;
  if (s3_key) {
    if (auto failure = FetchSource(request, *s3_key, invocation, &bytes)) return *failure;
  } else {
    bytes = std::move(*input.image);
  }
  return Respond(service::MakeThumbnail(bytes, *spec, config_.limits), "no-store");
}

nlohmann::json HttpApiHandler::GetImage(const HttpRequest& request,
                                        const Invocation& invocation) const {
  std::string_view rest = std::string_view(request.path).substr(kRoute.size() + 1);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash + 1 == rest.size())
    return ErrorResponse(404, "not_found", "GET /image/{options}/{key}");
  std::string error;
  auto spec = service::ParseUrlOptions(rest.substr(0, slash), config_.limits, &error);
  if (!spec) return ErrorResponse(400, "bad_options", error);
  auto key = thumbkit::aws::UriDecode(rest.substr(slash + 1));
  if (!key) return ErrorResponse(400, "bad_key", "the key is badly percent-encoded");
  bool negotiated = spec->format == "auto";
  spec->format = service::ResolveFormat(*spec, Header(request, "accept"));
  std::string bytes;
  if (auto failure = FetchSource(request, *key, invocation, &bytes)) return *failure;
  nlohmann::json response =
      Respond(service::MakeThumbnail(bytes, *spec, config_.limits), config_.cache_control);
  if (negotiated) response["headers"]["vary"] = "accept";
  return response;
}

}  // namespace thumbkit_lambda
