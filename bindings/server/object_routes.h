// GET /o/{key} (stored objects with caching headers: the CDN's role), GET /healthz, GET /metrics.
#pragma once

#include <httplib.h>

#include <atomic>

#include "server_context.h"

namespace thumbkit::server {

void AddObjectRoutes(httplib::Server& server, ServerContext& context,
                     const std::atomic<bool>& draining);

}  // namespace thumbkit::server
