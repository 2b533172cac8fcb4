// POST /image (resize an upload and store it) and GET /i/{signature}/{options}/{key}
// (on-the-fly thumbnails of stored images).
#pragma once

#include <httplib.h>

#include "server_context.h"

namespace thumbkit::server {

void AddImageRoutes(httplib::Server& server, ServerContext& context);

}  // namespace thumbkit::server
