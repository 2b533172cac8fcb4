// _HANDLER=s3-thumbnail: S3 ObjectCreated records under the source prefix become the configured
// variants under the destination prefix ("uploads/{sub}/x.png" -> "avatars/processed/{sub}.jpg").
#pragma once

#include <thumbkit_aws/s3_client.h>

#include <optional>
#include <string>

#include "invocation.h"
#include "lambda_config.h"

namespace thumbkit_lambda {

class S3ThumbnailHandler {
 public:
  S3ThumbnailHandler(S3ThumbnailConfig config, thumbkit::aws::S3Config s3);

  // {"processed":[{bucket,key,size,objects:[...]}],"skipped":[{key,reason}]}. Every record is
  // tried; then the first failure, if any, is thrown as a HandlerError.
  nlohmann::json operator()(const nlohmann::json& event, const Invocation& invocation) const;

  // The name the outputs of `key` get: "{sub}" of "{source}{sub}/{name...}", else the stem of
  // "{source}{name}". nullopt when that is not a safe key segment.
  std::optional<std::string> OutputId(const std::string& key) const;

  // Why a record is not processed ("" = process it): the loop guard and the prefix filter.
  std::string SkipReason(const std::string& bucket, const std::string& key,
                         const std::string& event_name) const;

 private:
  nlohmann::json ProcessObject(const thumbkit::aws::S3Client& client, const std::string& bucket,
                               const std::string& key) const;

  S3ThumbnailConfig config_;
  thumbkit::aws::S3Config s3_;
};

}  // namespace thumbkit_lambda
