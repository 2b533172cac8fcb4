// _HANDLER=http-api: API Gateway HTTP API (payload 2.0) routes of the resize API.
//   POST /image  multipart/form-data (an image file part, or an s3Key field), application/json
//                {"s3Key": ..., options}, or the raw image bytes (options in the query string);
//                options: width, height, fit, format (jpeg/webp/png/same/auto), quality.
//   GET  /image/{options}/{key}  an on-the-fly thumbnail of a stored object, options as
//                "w:320,h:240,fit:cover,fmt:webp,q:80".
// Images come back base64 encoded; failures are JSON {"error","message"} with an HTTP status,
// including 413 when the thumbnail would exceed Lambda's 6 MB response limit.
#pragma once

#include <thumbkit_aws/s3_client.h>
#include <thumbkit_service/thumbnail_request.h>

#include "http_event.h"
#include "invocation.h"
#include "lambda_config.h"

namespace thumbkit_lambda {

class HttpApiHandler {
 public:
  HttpApiHandler(HttpApiConfig config, thumbkit::aws::S3Config s3);

  nlohmann::json operator()(const nlohmann::json& event, const Invocation& invocation) const;

 private:
  nlohmann::json PostImage(const HttpRequest& request, const Invocation& invocation) const;
  nlohmann::json GetImage(const HttpRequest& request, const Invocation& invocation) const;
  // The stored object's bytes into *bytes, or the error response to send.
  std::optional<nlohmann::json> FetchSource(const HttpRequest& request, const std::string& key,
                                            const Invocation& invocation, std::string* bytes) const;
  nlohmann::json Respond(const thumbkit::service::ThumbnailResult& result,
                         const std::string& cache_control) const;

  HttpApiConfig config_;
  thumbkit::aws::S3Config s3_;
};

}  // namespace thumbkit_lambda
