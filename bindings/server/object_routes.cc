#include "object_routes.h"

#include <thumbkit_service/object_key.h>

#include "http_util.h"

namespace thumbkit::server {
namespace {

void HandleGetObject(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  std::string key = req.matches[1];
  if (auto why = service::ValidateObjectKey(key)) return SendError(res, 400, "invalid_key", *why);
  StoredObject object =
      context.store->Get(key, static_cast<std::uint64_t>(context.config.max_body_bytes));
  if (object.http_status != 200) {
    return SendError(res, object.http_status, DefaultErrorCode(object.http_status), object.message);
  }
  res.set_header("ETag", object.etag);
  res.set_header("Cache-Control", context.CacheControlFor(key));
  res.set_header("X-Content-Type-Options", "nosniff");
  if (EtagMatches(req, object.etag)) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(std::move(object.body), object.content_type.c_str());
}

}  // namespace

void AddObjectRoutes(httplib::Server& server, ServerContext& context,
                     const std::atomic<bool>& draining) {
  server.Get(R"(/o/(.+))", [&context](const httplib::Request& req, httplib::Response& res) {
    HandleGetObject(context, req, res);
  });
  server.Get("/healthz", [&draining](const httplib::Request&, httplib::Response& res) {
    if (draining) return SendJson(res, 503, {{"status", "draining"}});
    SendJson(res, 200, {{"status", "ok"}});
  });
  server.Get("/metrics", [&context](const httplib::Request&, httplib::Response& res) {
    res.set_content(context.metrics->Render(), "text/plain; version=0.0.4");
  });
}

}  // namespace thumbkit::server
