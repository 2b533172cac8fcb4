#include "s3_store.h"

namespace thumbkit::server {

PutResult S3Store::Put(std::string_view key, std::string_view body, std::string_view content_type,
                       std::string_view cache_control) {
  aws::S3Result put = client_.Put(bucket_, key, body, content_type, cache_control);
  PutResult result;
  result.http_status = put.ok ? 200 : 502;
  result.etag = put.etag;
  if (!put.ok) result.message = "S3 PUT failed: " + put.error + " " + put.message;
  return result;
}

StoredObject S3Store::Get(std::string_view key, std::uint64_t max_bytes) {
  aws::S3Object got = client_.Get(bucket_, key, max_bytes);
  StoredObject object;
  if (got.ok) {
    object.http_status = 200;
    object.body = std::move(got.body);
    object.content_type =
        got.content_type.empty() ? SniffContentType(object.body) : got.content_type;
    object.etag = got.etag;
  } else if (got.http_status == 404 || got.error == "NoSuchKey") {
    object.http_status = 404;
    object.message = "no object at this key";
  } else if (got.error == "TooLarge") {
    object.http_status = 413;
    object.message = "the stored object is larger than " + std::to_string(max_bytes) + " bytes";
  } else {
    object.http_status = 502;
    object.message = "S3 GET failed: " + got.error + " " + got.message;
  }
  return object;
}

std::string S3Store::Describe() const {
  std::string endpoint = client_.config().endpoint;
  return "s3://" + bucket_ + (endpoint.empty() ? "" : " at " + endpoint);
}

}  // namespace thumbkit::server
