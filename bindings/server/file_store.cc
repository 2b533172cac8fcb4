#include "file_store.h"

#include <thumbkit_aws/crypto.h>

#include <cstdio>
#include <fstream>
#include <system_error>

namespace thumbkit::server {
namespace fs = std::filesystem;
namespace {

// nginx-style validator: size and modification time, cheap to compute on every GET.
std::string FileEtag(const fs::path& path, std::uintmax_t size) {
  std::error_code ec;
  auto mtime = fs::last_write_time(path, ec).time_since_epoch().count();
  char text[64];
  std::snprintf(text, sizeof text, "\"%llx-%llx\"", static_cast<unsigned long long>(mtime),
                static_cast<unsigned long long>(size));
  return text;
}

bool WriteWhole(const fs::path& path, std::string_view body) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(body.data(), static_cast<std::streamsize>(body.size()));
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace

PutResult FileStore::Put(std::string_view key, std::string_view body, std::string_view,
                         std::string_view) {
  PutResult result;
  fs::path target = root_ / fs::path(std::string(key));
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec || fs::is_directory(target)) {
    result.http_status = 409;
    result.message = "key clashes with an existing object or prefix";
    return result;
  }
  fs::path temp = target.parent_path() / ("." + target.filename().string() + ".tmp-" +
                                          aws::HexEncode(aws::RandomBytes(6)));
  if (!WriteWhole(temp, body)) {
    fs::remove(temp, ec);
    result.http_status = 502;
    result.message = "could not write the object";
    return result;
  }
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    result.http_status = 502;
    result.message = "could not move the object into place";
    return result;
  }
  result.http_status = 200;
  result.etag = FileEtag(target, body.size());
  return result;
}

StoredObject FileStore::Get(std::string_view key, std::uint64_t max_bytes) {
  StoredObject object;
  fs::path path = root_ / fs::path(std::string(key));
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    object.http_status = 404;
    object.message = "no object at this key";
    return object;
  }
  std::uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    object.http_status = 404;
    object.message = "no object at this key";
    return object;
  }
  if (size > max_bytes) {
    object.http_status = 413;
    object.message = "the stored object is larger than " + std::to_string(max_bytes) + " bytes";
    return object;
  }
  std::ifstream in(path, std::ios::binary);
  object.body.resize(size);
  in.read(object.body.data(), static_cast<std::streamsize>(size));
  if (!in) {
    object.http_status = 502;
    object.message = "could not read the object";
    object.body.clear();
    return object;
  }
  object.http_status = 200;
  object.content_type = SniffContentType(object.body);
  object.etag = FileEtag(path, size);
  return object;
}

}  // namespace thumbkit::server
