// A real S3 API server for the tests: s3rver (npm) on 127.0.0.1 with a port it picks itself and a
// temporary data directory, stopped and removed when the object goes away.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

namespace thumbkit::aws::testing {

class S3rver {
 public:
  // s3rver's fixed credentials (it checks signatures against them).
  static constexpr const char* kAccessKey = "S3RVER";
  static constexpr const char* kSecretKey = "S3RVER";

  // nullptr with `error` set when node/s3rver is missing or it does not start within 30 s.
  static std::unique_ptr<S3rver> Start(std::string& error);
  ~S3rver();
  S3rver(const S3rver&) = delete;
  S3rver& operator=(const S3rver&) = delete;

  const std::string& endpoint() const { return endpoint_; }  // "http://127.0.0.1:PORT"

 private:
  S3rver() = default;
  pid_t pid_ = -1;
  std::string dir_;
  std::string endpoint_;
};

}  // namespace thumbkit::aws::testing
