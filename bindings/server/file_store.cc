#include "file_store.h"

#include <fcntl.h>
#include <thumbkit_aws/crypto.h>
#include <unistd.h>

#include <cerrno>
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

bool IsTempKey(std::string_view key) {
  std::string_view first = key.substr(0, key.find('/'));
  return first == FileStore::kTempFolder;
}

// The answer for a failed write: a full disk or quota is the store's capacity (507), a name the
// file system cannot hold is the client's key (400); anything else says nothing about the host.
PutResult WriteFailure(int error) {
  PutResult result;
  if (error == ENOSPC || error == EDQUOT) {
    result.http_status = 507;
    result.message = "the store has no space left";
  } else if (error == ENAMETOOLONG) {
    result.http_status = 400;
    result.message = "a key segment is longer than the store allows (255 bytes)";
  } else if (error == ENOTDIR || error == EEXIST || error == EISDIR) {
    result.http_status = 409;
    result.message = "key clashes with an existing object or prefix";
  } else {
    result.http_status = 500;
    result.message = "could not store the object";
  }
  return result;
}

// 0, or the errno of the first step that failed.
int WriteDurably(const fs::path& path, std::string_view body) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return errno;
  std::size_t done = 0;
  while (done < body.size()) {
    ssize_t n = ::write(fd, body.data() + done, body.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int error = n < 0 ? errno : EIO;
      ::close(fd);
      return error;
    }
    done += static_cast<std::size_t>(n);
  }
  int error = ::fsync(fd) == 0 ? 0 : errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  return error;
}

int SyncFolder(const fs::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  int error = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return error;
}

}  // namespace

FileStore::FileStore(fs::path root) : root_(std::move(root)), temp_(root_ / kTempFolder) {
  std::error_code ec;
  fs::remove_all(temp_, ec);  // leftovers of a process killed mid-write
  fs::create_directories(temp_, ec);
}

PutResult FileStore::Put(std::string_view key, std::string_view body, std::string_view,
                         std::string_view) {
  if (IsTempKey(key)) return WriteFailure(EEXIST);
  fs::path target = root_ / fs::path(std::string(key));
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) return WriteFailure(ec.value());
  if (fs::is_directory(target, ec)) return WriteFailure(EISDIR);
  if (ec && ec.value() != ENOENT) return WriteFailure(ec.value());
  // A fixed-length name, so a key's last segment up to NAME_MAX still fits.
  fs::path temp = temp_ / aws::HexEncode(aws::RandomBytes(12));
  if (int error = WriteDurably(temp, body)) {
    fs::remove(temp, ec);
    return WriteFailure(error);
  }
  fs::rename(temp, target, ec);
  if (ec) {
    int error = ec.value();
    fs::remove(temp, ec);
    return WriteFailure(error);
  }
  if (int error = SyncFolder(target.parent_path())) return WriteFailure(error);
  PutResult result;
  result.http_status = 200;
  result.etag = FileEtag(target, body.size());
  return result;
}

StoredObject FileStore::Get(std::string_view key, std::uint64_t max_bytes) {
  StoredObject object;
  fs::path path = root_ / fs::path(std::string(key));
  std::error_code ec;
  if (IsTempKey(key) || !fs::is_regular_file(path, ec)) {
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
    object.http_status = 500;
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
