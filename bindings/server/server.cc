#include "server.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>

#include "access_log.h"
#include "http_util.h"
#include "image_routes.h"
#include "object_routes.h"
#include "overload.h"
#include "upload_routes.h"

namespace thumbkit::server {
namespace {

using SteadyClock = std::chrono::steady_clock;

// One connection is served by one thread from request line to logger, so per-request state can
// live in thread-local storage between the pre-routing hook and the logger.
struct RequestState {
  bool started = false;
  std::string id;
  SteadyClock::time_point start;
};
thread_local RequestState current_request;

std::string RequestId(const httplib::Request& req) {
  std::string given = req.get_header_value("X-Request-Id");
  bool usable = !given.empty() && given.size() <= 64;
  for (char c : given) usable = usable && (std::isalnum(static_cast<unsigned char>(c)) || c == '-');
  if (usable) return given;
  thread_local std::mt19937_64 random{std::random_device{}()};
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(random()));
  return text;
}

bool IsUploadMethod(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

std::string LowerAsciiHeader(const httplib::Request& req, const char* name) {
  std::string value = req.get_header_value(name);
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return value;
}

bool IsChunked(const httplib::Request& req) {
  return LowerAsciiHeader(req, "Transfer-Encoding").find("chunked") != std::string::npos;
}

struct Refusal {
  int status;
  const char* code;
  const char* message;
};

// Requests whose framing two parsers could read differently (request smuggling), and bodies this
// server would have to inflate without a bound on the decoded size.
std::optional<Refusal> FramingRefusal(const httplib::Request& req) {
  bool has_length = req.has_header("Content-Length");
  if (req.get_header_value_count("Content-Length") > 1) {
    return Refusal{400, "bad_request", "the request has more than one Content-Length"};
  }
  if (has_length && req.has_header("Transfer-Encoding")) {
    return Refusal{400, "bad_request", "the request has both Content-Length and Transfer-Encoding"};
  }
  if (has_length) {
    const std::string length = req.get_header_value("Content-Length");
    bool digits = !length.empty() && length.size() <= 19;
    for (char c : length) digits = digits && c >= '0' && c <= '9';
    if (!digits) return Refusal{400, "bad_request", "the Content-Length is not a number"};
  }
  bool has_body = IsChunked(req) || req.get_header_value<std::uint64_t>("Content-Length") > 0;
  if (has_body && (req.method == "GET" || req.method == "HEAD")) {
    return Refusal{400, "bad_request", "GET and HEAD requests take no body"};
  }
  if (req.has_header("Content-Encoding")) {
    if (LowerAsciiHeader(req, "Content-Encoding") != "identity") {
      return Refusal{415, "unsupported_media_type",
                     "request bodies with a Content-Encoding are not accepted; send them as is"};
    }
  }
  return std::nullopt;
}

// For errors httplib itself answers (no route, bad request line, body over the limit).
std::string DefaultErrorMessage(int status) {
  switch (status) {
    case 400:
      return "the request is malformed";
    case 404:
      return "no such route";
    case 408:
      return "the client was too slow";
    case 413:
      return "the body is too large";
    case 414:
      return "the URI is too long";
    case 416:
      return "the range cannot be satisfied";
    case 429:
      return "the server is busy";
    default:
      return "request failed with status " + std::to_string(status);
  }
}

}  // namespace

ThumbkitServer::ThumbkitServer(ServerContext& context)
    : context_(context),
      metrics_(queue_stats_, static_cast<std::size_t>(context.config.queue_length)) {
  context_.metrics = &metrics_;
  Configure();
  AddImageRoutes(server_, context_);
  AddUploadRoutes(server_, context_);
  AddObjectRoutes(server_, context_, draining_);
  AddPageRoutes();
}

void ThumbkitServer::Configure() {
  const ServerConfig& config = context_.config;
  auto workers = static_cast<std::size_t>(config.workers);
  auto waiting = static_cast<std::size_t>(config.queue_length);
  server_.new_task_queue = [this, workers, waiting] {
    return new BoundedTaskQueue(workers, waiting, queue_stats_);
  };
  // Headers and body go out in separate writes; without this each keep-alive response waits for
  // the client's delayed ACK (~40 ms).
  server_.set_tcp_nodelay(true);
  server_.set_read_timeout(config.read_timeout_seconds, 0);
  server_.set_write_timeout(config.write_timeout_seconds, 0);
  // Each connection is served by one worker for its whole life, so idle keep-alive is short.
  server_.set_keep_alive_timeout(config.keep_alive_seconds);
  server_.set_payload_max_length(static_cast<std::size_t>(config.max_body_bytes));
  if (!config.cors_origin.empty()) {
    server_.set_default_headers({{"Access-Control-Allow-Origin", config.cors_origin},
                                 {"Access-Control-Expose-Headers", "ETag, X-Request-Id"}});
  }
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return BeforeRouting(req, res);
  });
  server_.set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response&) {
    if (BoundedTaskQueue::InRejecterThread()) return 429;
    auto length = req.get_header_value<std::uint64_t>("Content-Length");
    return length > static_cast<std::uint64_t>(context_.config.max_body_bytes) ? 413 : 100;
  });
  httplib::Server::HandlerWithResponse json_errors = [](const httplib::Request&,
                                                        httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    SendError(res, res.status, DefaultErrorCode(res.status), DefaultErrorMessage(res.status));
    return httplib::Server::HandlerResponse::Handled;
  };
  server_.set_error_handler(json_errors);
  // httplib would put the exception's text (which may hold host paths) in a response header.
  server_.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr thrown) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(thrown);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        std::fprintf(stderr, "thumbkit-server: %s %s failed: %s\n", req.method.c_str(),
                     req.path.c_str(), what.c_str());
        SendError(res, 500, "internal", "the request failed inside the server");
      });
  server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    AfterResponse(req, res);
  });
  server_.Options(".*", [](const httplib::Request&, httplib::Response& res) {
    res.status = 204;
    res.set_header("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, OPTIONS");
    res.set_header("Access-Control-Allow-Headers",
                   "Authorization, Content-Type, If-None-Match, X-Request-Id");
    res.set_header("Access-Control-Max-Age", "600");
  });
}

void ThumbkitServer::AddPageRoutes() {
  namespace fs = std::filesystem;
  fs::path root = context_.config.web_root;
  if (!fs::is_regular_file(root / "index.html")) return;
  // Only /static/ is looked up on disk, so other routes never touch the file system here.
  server_.set_mount_point("/static/", (root / "static").string());
  std::string index = (root / "index.html").string();
  server_.Get("/", [index](const httplib::Request&, httplib::Response& res) {
    std::ifstream in(index, std::ios::binary);
    std::ostringstream page;
    page << in.rdbuf();
    res.set_header("Cache-Control", "no-cache");
    res.set_content(page.str(), "text/html; charset=utf-8");
  });
}

httplib::Server::HandlerResponse ThumbkitServer::BeforeRouting(const httplib::Request& req,
                                                               httplib::Response& res) {
  current_request = {true, RequestId(req), SteadyClock::now()};
  metrics_.RequestStarted();
  res.set_header("X-Request-Id", current_request.id);
  auto max_body = static_cast<std::uint64_t>(context_.config.max_body_bytes);
  bool has_body = IsUploadMethod(req.method) &&
                  (IsChunked(req) || req.get_header_value<std::uint64_t>("Content-Length") > 0);
  SetRejectAfterBody(false);
  if (auto refusal = FramingRefusal(req)) {
    res.set_header("Connection", "close");
    SendError(res, refusal->status, refusal->code, refusal->message);
    return httplib::Server::HandlerResponse::Handled;
  }
  if (BoundedTaskQueue::InRejecterThread()) {
    if (has_body && !IsChunked(req) &&
        req.get_header_value<std::uint64_t>("Content-Length") <= kMaxBodyReadBeforeReject) {
      SetRejectAfterBody(true);  // the route reads and drops the body, then answers 429
      return httplib::Server::HandlerResponse::Unhandled;
    }
    SendOverloaded(res);
    return httplib::Server::HandlerResponse::Handled;
  }
  // Only POST /image reads its body through receivers that count chunked bytes; httplib's own
  // body reading applies the size limit to Content-Length only.
  if (IsUploadMethod(req.method) && IsChunked(req) &&
      !(req.method == "POST" && req.path == "/image")) {
    res.set_header("Connection", "close");
    SendError(res, 411, "length_required", "send a Content-Length, not a chunked body");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (req.get_header_value<std::uint64_t>("Content-Length") > 4 * max_body) {
    res.set_header("Connection", "close");
    SendError(res, 413, "payload_too_large",
              "the body is larger than " + std::to_string(max_body) + " bytes");
    return httplib::Server::HandlerResponse::Handled;
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

void ThumbkitServer::AfterResponse(const httplib::Request& req, const httplib::Response& res) {
  std::string route = RouteLabel(req.method, req.path);
  AccessLogLine line;
  line.method = req.method;
  line.path = req.path;
  line.remote = req.remote_addr;
  line.status = res.status;
  line.bytes_in = req.get_header_value<std::uint64_t>("Content-Length");
  line.bytes_out = res.body.size();
  if (current_request.started) {
    std::chrono::duration<double> elapsed = SteadyClock::now() - current_request.start;
    line.request_id = current_request.id;
    line.latency_ms = elapsed.count() * 1000.0;
    metrics_.RequestFinished(route, req.method, res.status, elapsed.count(), line.bytes_in,
                             line.bytes_out);
    current_request.started = false;
  } else {
    metrics_.RequestFinishedUncounted(route, req.method, res.status, line.bytes_out);
  }
  WriteAccessLog(line);
}

int ThumbkitServer::Bind(const std::string& listen, std::string* error) {
  std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    *error = "--listen must be host:port";
    return -1;
  }
  std::string host = listen.substr(0, colon);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) {
    *error = "--listen has a bad port";
    return -1;
  }
  int bound =
      port == 0 ? server_.bind_to_any_port(host) : (server_.bind_to_port(host, port) ? port : -1);
  if (bound < 0) *error = "cannot listen on " + listen;
  return bound;
}

bool ThumbkitServer::Run() {
  return server_.listen_after_bind();
}

void ThumbkitServer::Drain() {
  draining_ = true;
  server_.stop();
}

std::string FindWebRoot(const std::string& configured, const std::string& argv0) {
  namespace fs = std::filesystem;
  if (!configured.empty()) return configured;
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec) exe = fs::absolute(argv0);
  fs::path installed = exe.parent_path().parent_path() / "share" / "thumbkit" / "web";
  if (fs::is_directory(installed / "", ec) && fs::exists(installed / "index.html", ec)) {
    return installed.string();
  }
  return THUMBKIT_SERVER_SOURCE_WEB_ROOT;
}

}  // namespace thumbkit::server
