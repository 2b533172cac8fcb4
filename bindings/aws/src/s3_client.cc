#include "thumbkit_aws/s3_client.h"

#include <cstdlib>

#include "curl_transfer.h"
#include "thumbkit_aws/crypto.h"
#include "thumbkit_aws/uri.h"

namespace thumbkit::aws {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

struct Endpoint {
  std::string scheme;
  std::string host;  // with ":port" unless the scheme's default
  std::string base_path;
};

// "http://127.0.0.1:4568" or "https://s3.eu-west-1.amazonaws.com"; a default port is dropped so
// the signed Host equals what libcurl would send.
Endpoint ParseEndpoint(std::string_view url) {
  Endpoint endpoint{"https", std::string(url), ""};
  const std::size_t scheme_end = url.find("://");
  if (scheme_end != std::string_view::npos) {
    endpoint.scheme = std::string(url.substr(0, scheme_end));
    url.remove_prefix(scheme_end + 3);
  }
  const std::size_t slash = url.find('/');
  endpoint.host = std::string(url.substr(0, slash));
  if (slash != std::string_view::npos) endpoint.base_path = std::string(url.substr(slash));
  while (!endpoint.base_path.empty() && endpoint.base_path.back() == '/') {
    endpoint.base_path.pop_back();
  }
  const std::string default_port = endpoint.scheme == "https" ? ":443" : ":80";
  if (endpoint.host.ends_with(default_port)) {
    endpoint.host.resize(endpoint.host.size() - default_port.size());
  }
  return endpoint;
}

struct ObjectAddress {
  std::string scheme, host, path;
};

std::optional<std::string> CheckNames(std::string_view bucket, std::string_view key) {
  if (bucket.empty() || bucket.size() > 63) return "bucket name must be 1..63 characters";
  for (char c : bucket) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
                         c == '_' || (c >= 'A' && c <= 'Z');
    if (!allowed) return "bucket name has a character S3 does not allow";
  }
  if (key.size() > 1024) return "object key longer than 1024 bytes";
  return std::nullopt;
}

// The S3 <Error><Code>..</Code><Message>..</Message></Error> body, best effort.
std::string XmlElement(std::string_view xml, std::string_view element) {
  // append() rather than operator+: GCC 12's -Wrestrict misfires on "<" + std::string.
  const std::string open = std::string("<").append(element).append(">");
  const std::string close = std::string("</").append(element).append(">");
  const std::size_t begin = xml.find(open);
  if (begin == std::string_view::npos) return {};
  const std::size_t end = xml.find(close, begin + open.size());
  if (end == std::string_view::npos) return {};
  return std::string(xml.substr(begin + open.size(), end - begin - open.size()));
}

std::string Header(const detail::CurlResponse& response, const std::string& name) {
  const auto found = response.headers.find(name);
  return found == response.headers.end() ? std::string() : found->second;
}

// Fills error/message from a failed exchange; returns false when the exchange succeeded.
template <typename Result>
bool DescribeFailure(const detail::CurlResponse& response, std::string_view what,
                     std::uint64_t max_bytes, Result& result) {
  result.http_status = static_cast<int>(response.status);
  if (response.too_large) {
    result.error = "TooLarge";
    result.message = std::string(what) + ": object is larger than the limit of " +
                     std::to_string(max_bytes) + " bytes";
    return true;
  }
  if (!response.transferred) {
    result.error = response.timed_out ? "Timeout" : "Network";
    result.message = std::string(what) + ": " + response.transport_error;
    return true;
  }
  if (response.status >= 200 && response.status < 300) return false;
  result.error = XmlElement(response.body, "Code");
  result.message = XmlElement(response.body, "Message");
  if (result.error.empty()) result.error = response.status == 404 ? "NotFound" : "HttpError";
  result.message = std::string(what) + ": HTTP " + std::to_string(response.status) +
                   (result.message.empty() ? "" : " " + result.message);
  return true;
}

}  // namespace

S3Config S3Config::FromEnvironment() {
  S3Config config;
  config.endpoint = Env("AWS_ENDPOINT_URL_S3");
  config.path_style = !config.endpoint.empty();
  config.region = Env("AWS_REGION");
  if (config.region.empty()) config.region = Env("AWS_DEFAULT_REGION");
  if (config.region.empty()) config.region = "us-east-1";
  config.credentials = Credentials::FromEnvironment().value_or(Credentials{});
  config.ca_file = Env("AWS_CA_BUNDLE");
  return config;
}

S3Client::S3Client(S3Config config) : config_(std::move(config)) {}

namespace {

ObjectAddress Address(const S3Config& config, std::string_view bucket, std::string_view key) {
  const Endpoint endpoint = ParseEndpoint(
      config.endpoint.empty() ? "https://s3." + config.region + ".amazonaws.com" : config.endpoint);
  const std::string encoded_key = std::string("/").append(UriEncode(key, false));
  if (config.path_style) {
    return {endpoint.scheme, endpoint.host,
            endpoint.base_path + "/" + UriEncode(bucket, true) + (key.empty() ? "" : encoded_key)};
  }
  return {endpoint.scheme, std::string(bucket) + "." + endpoint.host,
          endpoint.base_path + encoded_key};
}

detail::CurlRequest SignedRequest(const S3Config& config, std::string_view method,
                                  const ObjectAddress& address, Headers headers,
                                  std::string_view body) {
  HttpRequest http{std::string(method), address.host,   address.path, {},
                   std::move(headers),  Sha256Hex(body)};
  SignRequest(http, config.credentials, {config.region, "s3"}, Clock::now());
  detail::CurlRequest request;
  request.method = std::string(method);
  request.url = address.scheme + "://" + address.host + address.path;
  request.headers = std::move(http.headers);
  request.body = body;
  request.connect_timeout = config.connect_timeout;
  request.total_timeout = config.request_timeout;
  request.ca_file = config.ca_file;
  return request;
}

}  // namespace

S3Result S3Client::Put(std::string_view bucket, std::string_view key, std::string_view body,
                       std::string_view content_type, std::string_view cache_control) const {
  S3Result result;
  if (auto bad = CheckNames(bucket, key); bad || key.empty()) {
    result.error = "InvalidArgument";
    result.message = bad.value_or("object key is empty");
    return result;
  }
  Headers headers;
  if (!content_type.empty()) headers.emplace_back("content-type", std::string(content_type));
  if (!cache_control.empty()) headers.emplace_back("cache-control", std::string(cache_control));
  const detail::CurlResponse response = detail::Perform(
      SignedRequest(config_, "PUT", Address(config_, bucket, key), std::move(headers), body));
  if (DescribeFailure(response, "PUT " + std::string(key), 0, result)) return result;
  result.ok = true;
  result.etag = Header(response, "etag");
  return result;
}

S3Object S3Client::Get(std::string_view bucket, std::string_view key,
                       std::uint64_t max_bytes) const {
  S3Object object;
  if (auto bad = CheckNames(bucket, key); bad || key.empty()) {
    object.error = "InvalidArgument";
    object.message = bad.value_or("object key is empty");
    return object;
  }
  detail::CurlRequest request =
      SignedRequest(config_, "GET", Address(config_, bucket, key), {}, {});
  request.max_body = max_bytes;
  detail::CurlResponse response = detail::Perform(request);
  if (DescribeFailure(response, "GET " + std::string(key), max_bytes, object)) return object;
  object.ok = true;
  object.body = std::move(response.body);
  object.content_type = Header(response, "content-type");
  object.etag = Header(response, "etag");
  return object;
}

S3Head S3Client::Head(std::string_view bucket, std::string_view key) const {
  S3Head head;
  if (auto bad = CheckNames(bucket, key); bad || key.empty()) {
    head.error = "InvalidArgument";
    head.message = bad.value_or("object key is empty");
    return head;
  }
  const detail::CurlResponse response =
      detail::Perform(SignedRequest(config_, "HEAD", Address(config_, bucket, key), {}, {}));
  if (DescribeFailure(response, "HEAD " + std::string(key), 0, head)) return head;
  const std::string length = Header(response, "content-length");
  if (length.empty() || length.size() > 19 ||
      length.find_first_not_of("0123456789") != std::string::npos) {
    head.error = "HttpError";
    head.message = "HEAD " + std::string(key) + ": no valid Content-Length";
    return head;
  }
  head.ok = true;
  head.size = std::stoull(length);
  head.content_type = Header(response, "content-type");
  head.etag = Header(response, "etag");
  return head;
}

S3Result S3Client::CreateBucket(std::string_view bucket) const {
  S3Result result;
  if (auto bad = CheckNames(bucket, "")) {
    result.error = "InvalidArgument";
    result.message = *bad;
    return result;
  }
  const detail::CurlResponse response =
      detail::Perform(SignedRequest(config_, "PUT", Address(config_, bucket, ""), {}, {}));
  if (DescribeFailure(response, "create bucket " + std::string(bucket), 0, result)) return result;
  result.ok = true;
  return result;
}

std::string S3Client::PresignPut(std::string_view bucket, std::string_view key,
                                 std::chrono::seconds expires, std::string_view content_type,
                                 std::optional<std::uint64_t> content_length,
                                 Clock::time_point now) const {
  const ObjectAddress address = Address(config_, bucket, key);
  PresignRequest request{"PUT", address.scheme, address.host, address.path, expires, {}, {}};
  if (!content_type.empty()) {
    request.signed_headers.emplace_back("content-type", std::string(content_type));
  }
  if (content_length) {
    request.signed_headers.emplace_back("content-length", std::to_string(*content_length));
  }
  return Presign(request, config_.credentials, {config_.region, "s3"}, now);
}

std::string S3Client::PresignGet(std::string_view bucket, std::string_view key,
                                 std::chrono::seconds expires, Clock::time_point now) const {
  const ObjectAddress address = Address(config_, bucket, key);
  return Presign({"GET", address.scheme, address.host, address.path, expires, {}, {}},
                 config_.credentials, {config_.region, "s3"}, now);
}

std::string S3Client::ObjectUrl(std::string_view bucket, std::string_view key) const {
  const ObjectAddress address = Address(config_, bucket, key);
  return address.scheme + "://" + address.host + address.path;
}

}  // namespace thumbkit::aws
