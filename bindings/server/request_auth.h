// Who sent a request: the JWT bearer token of POST /uploads and (when JWT is configured) POST
// /image.
#pragma once

#include <httplib.h>

#include <string>

#include "server_context.h"

namespace thumbkit::server {

// The `sub` of a valid bearer token (a safe key segment); false after answering 401 or 403.
bool Authenticate(const ServerContext& context, const httplib::Request& req, httplib::Response& res,
                  std::string* sub);

}  // namespace thumbkit::server
