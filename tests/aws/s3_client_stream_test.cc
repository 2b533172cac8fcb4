// S3Client limits that s3rver cannot provoke, against a loopback cpp-httplib server: a chunked
// body with no Content-Length that grows past max_bytes, a server that never answers in time,
// and an error status with an S3 XML body.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "thumbkit_aws/s3_client.h"

namespace thumbkit::aws {
namespace {

class LoopbackServer {
 public:
  LoopbackServer() {
    server_.set_keep_alive_max_count(1);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // The socket already listens; wait for the loop so stop() in the destructor reaches it.
    for (int i = 0; i < 500 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~LoopbackServer() {
    server_.stop();
    thread_.join();
  }
  httplib::Server& server() { return server_; }
  S3Client Client(std::chrono::milliseconds timeout = std::chrono::seconds(20)) const {
    S3Config config;
    config.endpoint = "http://127.0.0.1:" + std::to_string(port_);
    config.path_style = true;
    config.credentials = {"AK", "SK", ""};
    config.request_timeout = timeout;
    return S3Client(config);
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST(S3ClientStreaming, ChunkedBodyOverTheLimitIsCutOff) {
  LoopbackServer loopback;
  std::atomic<std::size_t> sent{0};
  loopback.server().Get("/bucket/endless", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("image/jpeg", [&](std::size_t, httplib::DataSink& sink) {
      const std::string chunk(4096, 'x');
      if (sent >= 64 * 1024 * 1024) {  // a bound for the test: far more than the client accepts
        sink.done();
        return true;
      }
      sent += chunk.size();
      return sink.write(chunk.data(), chunk.size());
    });
  });
  const S3Object object = loopback.Client().Get("bucket", "endless", 10000);
  EXPECT_FALSE(object.ok);
  EXPECT_EQ(object.error, "TooLarge");
  EXPECT_TRUE(object.body.empty());
  EXPECT_LT(sent.load(), 64u * 1024 * 1024);  // the client hung up long before the end
}

TEST(S3ClientStreaming, ChunkedBodyWithinTheLimitIsReturned) {
  LoopbackServer loopback;
  loopback.server().Get("/bucket/small", [](const httplib::Request& req, httplib::Response& res) {
    EXPECT_NE(req.get_header_value("Authorization").find("AWS4-HMAC-SHA256 Credential=AK/"),
              std::string::npos);
    EXPECT_EQ(req.get_header_value("x-amz-content-sha256"),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    res.set_chunked_content_provider("image/png", [](std::size_t, httplib::DataSink& sink) {
      sink.write("abc", 3);
      sink.done();
      return true;
    });
  });
  const S3Object object = loopback.Client().Get("bucket", "small", 3);
  ASSERT_TRUE(object.ok) << object.error << ": " << object.message;
  EXPECT_EQ(object.body, "abc");
  EXPECT_EQ(object.content_type, "image/png");
}

TEST(S3ClientStreaming, SlowServerTimesOut) {
  LoopbackServer loopback;
  std::atomic<bool> release{false};
  loopback.server().Get("/bucket/slow", [&](const httplib::Request&, httplib::Response& res) {
    for (int i = 0; i < 100 && !release; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    res.set_content("late", "text/plain");
  });
  const S3Object object =
      loopback.Client(std::chrono::milliseconds(300)).Get("bucket", "slow", 100);
  release = true;
  EXPECT_FALSE(object.ok);
  EXPECT_EQ(object.error, "Timeout");
}

TEST(S3ClientStreaming, ErrorBodyCodeAndMessageAreReported) {
  LoopbackServer loopback;
  loopback.server().Put("/bucket/denied", [](const httplib::Request& req, httplib::Response& res) {
    EXPECT_EQ(req.body, "payload");
    EXPECT_EQ(req.get_header_value("Content-Type"), "text/plain");
    res.status = 403;
    res.set_content(
        "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
        "</Error>",
        "application/xml");
  });
  const S3Result put = loopback.Client().Put("bucket", "denied", "payload", "text/plain");
  EXPECT_FALSE(put.ok);
  EXPECT_EQ(put.http_status, 403);
  EXPECT_EQ(put.error, "AccessDenied");
  EXPECT_NE(put.message.find("Access Denied"), std::string::npos) << put.message;
}

}  // namespace
}  // namespace thumbkit::aws
