#include "support/s3rver.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/child_process.h"

namespace thumbkit::aws::testing {
namespace {

std::string MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "thumbkit-aws-s3rver-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) return {};
  return pattern;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The port in s3rver's "listening on 127.0.0.1:PORT" line (no std::regex: GCC 12 warns inside it
// under -fsanitize).
std::string ListeningPort(const std::string& output) {
  constexpr std::string_view kPrefix = "listening on 127.0.0.1:";
  const std::size_t at = output.find(kPrefix);
  if (at == std::string::npos) return {};
  const std::size_t begin = at + kPrefix.size();
  const std::size_t end = output.find_first_not_of("0123456789", begin);
  if (end == std::string::npos || end == begin) return {};  // wait for the whole number
  return output.substr(begin, end - begin);
}

}  // namespace

std::unique_ptr<S3rver> S3rver::Start(std::string& error) {
  if (access(TK_AWS_NODE, X_OK) != 0 || access(TK_AWS_S3RVER, R_OK) != 0) {
    error = std::string("node (") + TK_AWS_NODE + ") or s3rver (" + TK_AWS_S3RVER +
            ") missing: run .ci/install-deps";
    return nullptr;
  }
  std::unique_ptr<S3rver> server(new S3rver());
  server->dir_ = MakeTempDir();
  if (server->dir_.empty()) {
    error = "mkdtemp failed";
    return nullptr;
  }
  const std::string log = server->dir_ + "/s3rver.log";
  std::filesystem::create_directory(server->dir_ + "/data");
  server->pid_ = SpawnBackground({TK_AWS_NODE, TK_AWS_S3RVER, "-d", server->dir_ + "/data", "-a",
                                  "127.0.0.1", "-p", "0", "--silent"},
                                 log);
  if (server->pid_ < 0) {
    error = "cannot start s3rver";
    return nullptr;
  }
  // Port 0: s3rver picks a free port and prints it, so there is no race for one.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string port = ListeningPort(ReadFile(log));
    if (!port.empty()) {
      server->endpoint_ = "http://127.0.0.1:" + port;
      return server;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  error = "s3rver did not start within 30 s:\n" + ReadFile(log);
  return nullptr;
}

S3rver::~S3rver() {
  StopChild(pid_);
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

}  // namespace thumbkit::aws::testing
