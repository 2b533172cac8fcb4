// thumbkit-server: the httplib server with its routes, the bounded queue, limits, CORS, JSON
// errors, metrics and the access log.
#pragma once

#include <httplib.h>

#include <atomic>
#include <string>

#include "bounded_task_queue.h"
#include "metrics.h"
#include "server_context.h"

namespace thumbkit::server {

class ThumbkitServer {
 public:
  explicit ThumbkitServer(ServerContext& context);

  // Binds "host:port" (port 0 = any free one); the bound port, or -1 with *error set.
  int Bind(const std::string& listen, std::string* error);
  // Serves until Drain(); returns after in-flight requests finished.
  bool Run();
  // Stops accepting, lets requests in progress finish (safe from another thread).
  void Drain();

 private:
  void Configure();
  void AddPageRoutes();
  httplib::Server::HandlerResponse BeforeRouting(const httplib::Request& req,
                                                 httplib::Response& res);
  void AfterResponse(const httplib::Request& req, const httplib::Response& res);

  ServerContext& context_;
  QueueStats queue_stats_;
  Metrics metrics_;
  std::atomic<bool> draining_{false};
  httplib::Server server_;
};

// The upload page folder: the configured one, else the installed share/thumbkit/web beside the
// binary, else the source tree's copy.
std::string FindWebRoot(const std::string& configured, const std::string& argv0);

}  // namespace thumbkit::server
