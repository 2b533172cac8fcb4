// How S3 client and thumbnail failures become Function.* error types and HTTP statuses.
#pragma once

#include <string>
#include <string_view>

namespace thumbkit_lambda {

// S3 client error code ("NoSuchKey", "NotFound", "TooLarge", ...) -> error type without the
// "Function." prefix: ObjectNotFound, ObjectTooLarge, AccessDenied, S3Timeout, S3Error.
std::string S3ErrorType(std::string_view s3_error);

// HTTP status for an S3 failure seen by the http-api handler: 404, 413, 403, 504 or 502.
int S3ErrorHttpStatus(std::string_view s3_error);

// thumbkit status name ("TK_ERR_CORRUPT", ...) -> error type: UnsupportedImage, CorruptImage,
// ImageLimitExceeded, ObjectTooLarge, OutOfMemory, InvalidVariant or ThumbnailFailed.
std::string ThumbnailErrorType(std::string_view status_name);

}  // namespace thumbkit_lambda
