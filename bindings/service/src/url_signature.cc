#include "thumbkit_service/url_signature.h"

#include <thumbkit_aws/crypto.h>

namespace thumbkit::service {

std::string SignThumbnailPath(std::string_view signing_key, std::string_view path) {
  return aws::Base64UrlEncode(aws::HmacSha256(signing_key, path));
}

bool VerifyThumbnailPath(std::string_view signing_key, std::string_view signature,
                         std::string_view path) {
  return aws::ConstantTimeEqual(signature, SignThumbnailPath(signing_key, path));
}

}  // namespace thumbkit::service
