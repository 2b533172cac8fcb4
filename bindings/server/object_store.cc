#include "object_store.h"

#include "file_store.h"
#include "s3_store.h"

namespace thumbkit::server {

std::unique_ptr<ObjectStore> OpenStore(const std::string& url, std::string* error) {
  constexpr std::string_view kFile = "file://";
  constexpr std::string_view kS3 = "s3://";
  if (url.rfind(kS3, 0) == 0) {
    std::string bucket = url.substr(kS3.size());
    if (bucket.empty() || bucket.find('/') != std::string::npos) {
      *error = "s3:// needs a bucket name and nothing else, e.g. s3://my-bucket";
      return nullptr;
    }
    aws::S3Config config = aws::S3Config::FromEnvironment();
    if (config.credentials.empty()) {
      *error = "s3:// needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
      return nullptr;
    }
    return std::make_unique<S3Store>(bucket, std::move(config));
  }
  std::string dir = url.rfind(kFile, 0) == 0 ? url.substr(kFile.size()) : url;
  if (dir.empty()) {
    *error = "file:// needs a folder, e.g. file://./data";
    return nullptr;
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (!std::filesystem::is_directory(dir, ec)) {
    *error = "cannot create or use the folder " + dir;
    return nullptr;
  }
  return std::make_unique<FileStore>(std::filesystem::absolute(dir));
}

std::string SniffContentType(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xFF\xD8\xFF") return "image/jpeg";
  if (bytes.substr(0, 8) == "\x89PNG\r\n\x1A\n") return "image/png";
  if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP") {
    return "image/webp";
  }
  return "application/octet-stream";
}

}  // namespace thumbkit::server
