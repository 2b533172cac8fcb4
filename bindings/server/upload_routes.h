// The presigned upload flow: POST /uploads (JWT -> presigned PUT), PUT /uploads/... (local mode:
// verify the presigned query as S3 would, store, make the avatars), POST /events/s3 (S3 event
// notifications, shared secret: the same avatar job for S3 mode) and POST /dev/token.
#pragma once

#include <httplib.h>

#include "server_context.h"

namespace thumbkit::server {

void AddUploadRoutes(httplib::Server& server, ServerContext& context);

}  // namespace thumbkit::server
