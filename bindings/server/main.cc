// thumbkit-server: resize API, on-the-fly thumbnails and the presigned avatar upload flow.
#include <pthread.h>

#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "access_log.h"
#include "config.h"
#include "server.h"
#include "server_context.h"

namespace {

// SIGTERM/SIGINT are blocked in every thread and taken here, so the handler may do real work.
std::thread StartSignalWatcher(thumbkit::server::ThumbkitServer& server, sigset_t signals) {
  return std::thread([&server, signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    thumbkit::server::WriteEventLog(
        nlohmann::json{{"event", "draining"}, {"signal", signal}}.dump());
    server.Drain();
  });
}

}  // namespace

int main(int argc, char** argv) {
  thumbkit::server::ServerConfig config;
  CLI::App app{"thumbkit-server: thumbnails over HTTP, with a presigned upload flow"};
  thumbkit::server::AddServerOptions(app, config);
  CLI11_PARSE(app, argc, argv);
  thumbkit::server::ResolveDefaults(config);
  config.web_root = thumbkit::server::FindWebRoot(config.web_root, argv[0]);

  thumbkit::server::ServerContext context;
  std::string error;
  if (!thumbkit::server::MakeServerContext(config, &context, &error)) {
    std::fprintf(stderr, "thumbkit-server: %s\n", error.c_str());
    return 2;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  thumbkit::server::ThumbkitServer server(context);
  int port = server.Bind(config.listen, &error);
  if (port < 0) {
    std::fprintf(stderr, "thumbkit-server: %s\n", error.c_str());
    return 2;
  }
  std::string host = config.listen.substr(0, config.listen.rfind(':'));
  thumbkit::server::WriteEventLog(nlohmann::json{
      {"event", "listening"},
      {"host", host},
      {"port", port},
      {"store", context.store->Describe()},
      {"workers", config.workers},
      {"queue_length", config.queue_length},
      {"web_root", config.web_root}}.dump());
  std::thread watcher = StartSignalWatcher(server, signals);
  bool ok = server.Run();
  // Wake the watcher if the server stopped on its own (it is still in sigwait).
  if (watcher.joinable()) {
    pthread_kill(watcher.native_handle(), SIGTERM);
    watcher.join();
  }
  thumbkit::server::WriteEventLog(nlohmann::json{{"event", "stopped"}}.dump());
  return ok ? 0 : 1;
}
