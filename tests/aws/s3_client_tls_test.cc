// S3Client over HTTPS: the CA bundle of S3Config::ca_file (AWS_CA_BUNDLE) is what libcurl trusts.
// A loopback cpp-httplib TLS server with a self-signed certificate made by the openssl command.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "thumbkit_aws/s3_client.h"

namespace thumbkit::aws {
namespace {

namespace fs = std::filesystem;

// A self-signed certificate for 127.0.0.1, valid one day; false when openssl failed.
bool MakeCertificate(const fs::path& cert, const fs::path& key) {
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
      key.string() + "' -out '" + cert.string() + "' 2>/dev/null";
  return std::system(command.c_str()) == 0;
}

class TlsS3Client : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tk-aws-tls-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    cert_ = dir_ / "cert.pem";
    ASSERT_TRUE(MakeCertificate(cert_, dir_ / "key.pem"));
    server_ = std::make_unique<httplib::SSLServer>(cert_.c_str(), (dir_ / "key.pem").c_str());
    ASSERT_TRUE(server_->is_valid());
    server_->Get("/bucket/key", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("over tls", "text/plain");
    });
    port_ = server_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    for (int i = 0; i < 500 && !server_->is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
    fs::remove_all(dir_);
  }
  S3Client Client(const std::string& ca_file) const {
    S3Config config;
    config.endpoint = "https://127.0.0.1:" + std::to_string(port_);
    config.path_style = true;
    config.credentials = {"AK", "SK", ""};
    config.ca_file = ca_file;
    return S3Client(config);
  }

  fs::path dir_;
  fs::path cert_;
  std::unique_ptr<httplib::SSLServer> server_;
  int port_ = 0;
  std::thread thread_;
};

TEST_F(TlsS3Client, TrustsTheConfiguredBundle) {
  const S3Object object = Client(cert_.string()).Get("bucket", "key", 1024);
  EXPECT_TRUE(object.ok) << object.error << ": " << object.message;
  EXPECT_EQ(object.body, "over tls");
}

TEST_F(TlsS3Client, RefusesACertificateOutsideTheBundle) {
  // libcurl's default bundle (Debian's CAs) does not know the self-signed certificate.
  const S3Object object = Client("").Get("bucket", "key", 1024);
  EXPECT_FALSE(object.ok);
  EXPECT_EQ(object.error, "Network");
}

TEST(S3ConfigEnvironment, ReadsTheCaBundle) {
  ::setenv("AWS_CA_BUNDLE", "/etc/pki/tls/certs/ca-bundle.crt", 1);
  EXPECT_EQ(S3Config::FromEnvironment().ca_file, "/etc/pki/tls/certs/ca-bundle.crt");
  ::unsetenv("AWS_CA_BUNDLE");
  EXPECT_EQ(S3Config::FromEnvironment().ca_file, "");
}

}  // namespace
}  // namespace thumbkit::aws
