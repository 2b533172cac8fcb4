#include "s3_errors.h"

namespace thumbkit_lambda {

std::string S3ErrorType(std::string_view s3_error) {
  if (s3_error == "NoSuchKey" || s3_error == "NotFound" || s3_error == "NoSuchBucket")
    return "ObjectNotFound";
  if (s3_error == "TooLarge") return "ObjectTooLarge";
  if (s3_error == "AccessDenied") return "AccessDenied";
  if (s3_error == "Timeout") return "S3Timeout";
  return "S3Error";
}

int S3ErrorHttpStatus(std::string_view s3_error) {
  std::string type = S3ErrorType(s3_error);
  if (type == "ObjectNotFound") return 404;
  if (type == "ObjectTooLarge") return 413;
  if (type == "AccessDenied") return 403;
  if (type == "S3Timeout") return 504;
  return 502;
}

std::string ThumbnailErrorType(std::string_view status_name) {
  if (status_name == "TK_ERR_UNKNOWN_FORMAT" || status_name == "TK_ERR_UNSUPPORTED")
    return "UnsupportedImage";
  if (status_name == "TK_ERR_CORRUPT" || status_name == "TK_ERR_TRUNCATED") return "CorruptImage";
  if (status_name == "TK_ERR_LIMIT_PIXELS" || status_name == "TK_ERR_LIMIT_DIMENSION" ||
      status_name == "TK_ERR_LIMIT_SCANS" || status_name == "TK_ERR_LIMIT_METADATA")
    return "ImageLimitExceeded";
  if (status_name == "TK_ERR_LIMIT_INPUT_BYTES") return "ObjectTooLarge";
  if (status_name == "TK_ERR_OUT_OF_MEMORY") return "OutOfMemory";
  if (status_name == "TK_ERR_INVALID_ARGUMENT") return "InvalidVariant";
  return "ThumbnailFailed";
}

}  // namespace thumbkit_lambda
