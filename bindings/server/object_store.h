// Where objects live: a local folder (file://DIR) or an S3 bucket (s3://bucket). Writes are
// all-or-nothing: a reader never sees part of an object.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace thumbkit::server {

struct StoredObject {
  int http_status = 500;  // 200, 404 (no such key), 413 (over max_bytes), 500/502 (backend failed)
  std::string body;
  std::string content_type;
  std::string etag;  // quoted, as in an ETag header
  std::string message;
};

struct PutResult {
  // 200; 400 (a key segment the file system cannot hold), 409 (key clashes with a folder/object),
  // 507 (no space or quota left), 500/502 (backend failed). Messages never name host paths.
  int http_status = 500;
  std::string etag;  // quoted
  std::string message;
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  // Keys are validated by the caller (service::ValidateObjectKey).
  virtual PutResult Put(std::string_view key, std::string_view body, std::string_view content_type,
                        std::string_view cache_control) = 0;
  virtual StoredObject Get(std::string_view key, std::uint64_t max_bytes) = 0;
  virtual bool IsS3() const = 0;
  virtual std::string Describe() const = 0;  // for the startup log line
};

// "file://DIR" (relative DIR allowed), a plain path, or "s3://bucket". nullptr with *error set
// when the URL is unusable (S3 settings come from AWS_* variables).
std::unique_ptr<ObjectStore> OpenStore(const std::string& url, std::string* error);

// "image/jpeg", "image/png", "image/webp" from magic bytes, else "application/octet-stream".
std::string SniffContentType(std::string_view bytes);

}  // namespace thumbkit::server
