#include "file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace thumbkit_cli {
namespace {

// mkstemp creates files 0600; outputs get the usual 0666 & ~umask. Read once, before main,
// because umask() can only be read by setting it, which would race with worker threads.
const mode_t kOutputMode = [] {
  mode_t mask = umask(0);
  umask(mask);
  return static_cast<mode_t>(0666 & ~mask);
}();

std::string Errno() {
  return std::strerror(errno);
}

bool ReadFd(int fd, uint64_t max_bytes, std::vector<uint8_t>* bytes) {
  const uint64_t cap = max_bytes > 0 ? max_bytes + 1 : UINT64_MAX;
  bytes->clear();
  // A regular file's size lets us allocate once (+1 to see the end); pipes grow as they go.
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    bytes->reserve(
        static_cast<size_t>(std::min<uint64_t>(static_cast<uint64_t>(st.st_size) + 1, cap)));
  }
  while (bytes->size() < cap) {
    const size_t used = bytes->size();
    if (used == bytes->capacity()) {
      bytes->reserve(
          static_cast<size_t>(std::min<uint64_t>(std::max<size_t>(2 * used, 1 << 16), cap)));
    }
    const size_t want =
        static_cast<size_t>(std::min<uint64_t>(bytes->capacity() - used, cap - used));
    bytes->resize(used + want);
    const ssize_t got = read(fd, bytes->data() + used, want);
    bytes->resize(used + static_cast<size_t>(std::max<ssize_t>(got, 0)));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return got == 0;
  }
  return true;
}

bool WriteFd(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t done = write(fd, p, size);
    if (done < 0 && errno == EINTR) continue;
    if (done <= 0) return false;
    p += done;
    size -= static_cast<size_t>(done);
  }
  return true;
}

}  // namespace

bool ReadInput(const std::string& path, uint64_t max_bytes, std::vector<uint8_t>* bytes,
               std::string* error) {
  if (path == "-") {
    if (ReadFd(STDIN_FILENO, max_bytes, bytes)) return true;
    *error = Errno();
    return false;
  }
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = Errno();
    return false;
  }
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    close(fd);
    *error = "is a directory";
    return false;
  }
  bool ok = ReadFd(fd, max_bytes, bytes);
  if (!ok) *error = Errno();
  close(fd);
  return ok;
}

bool WriteOutput(const std::string& path, const void* data, size_t size, std::string* error) {
  if (path == "-") {
    if (WriteFd(STDOUT_FILENO, data, size)) return true;
    *error = Errno();
    return false;
  }
  std::filesystem::path target(path);
  std::filesystem::path dir = target.parent_path();
  // Appended piecewise: GCC 12 gives a false -Wrestrict on "." + string + "..." (bug 105651).
  std::string name = ".";
  name += target.filename().string();
  name += ".tmp.XXXXXX";
  std::string temp = (dir / name).string();
  int fd = mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) {
    *error = Errno();
    return false;
  }
  // No fsync: the rename only has to hide partial files from readers, not survive power loss.
  bool ok = fchmod(fd, kOutputMode) == 0 && WriteFd(fd, data, size);
  if (!ok) *error = Errno();
  if (close(fd) != 0 && ok) {
    ok = false;
    *error = Errno();
  }
  if (ok && std::rename(temp.c_str(), path.c_str()) != 0) {
    ok = false;
    *error = Errno();
  }
  if (!ok) unlink(temp.c_str());
  return ok;
}

}  // namespace thumbkit_cli
