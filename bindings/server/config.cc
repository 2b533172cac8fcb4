#include "config.h"

#include <thumbkit_aws/credentials.h>
#include <thumbkit_aws/crypto.h>

#include <cstdlib>
#include <thread>

namespace thumbkit::server {
namespace {

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : fallback;
}

}  // namespace

void AddServerOptions(CLI::App& app, ServerConfig& c) {
  auto add = [&](const char* flag, auto& value, const char* env, const char* help) {
    return app.add_option(flag, value, help)->envname(env)->capture_default_str();
  };
  add("--listen", c.listen, "THUMBKIT_LISTEN", "host:port to listen on (port 0 = any free port)");
  add("--store", c.store, "THUMBKIT_STORE", "file://DIR or s3://bucket");
  add("--public-url", c.public_url, "THUMBKIT_PUBLIC_URL",
      "base URL in answers (default http://{Host})");
  add("--workers", c.workers, "THUMBKIT_WORKERS", "worker threads (0 = CPU cores)");
  add("--queue-length", c.queue_length, "THUMBKIT_QUEUE_LENGTH",
      "connections waiting for a worker before 429");
  add("--max-body-bytes", c.max_body_bytes, "THUMBKIT_MAX_BODY_BYTES", "largest request body");
  add("--max-upload-bytes", c.max_upload_bytes, "THUMBKIT_MAX_UPLOAD_BYTES",
      "largest presigned upload");
  add("--max-input-pixels", c.max_input_pixels, "THUMBKIT_MAX_INPUT_PIXELS",
      "largest image (width x height) decoded");
  add("--max-output-dimension", c.max_output_dimension, "THUMBKIT_MAX_OUTPUT_DIMENSION",
      "largest thumbnail side");
  add("--read-timeout", c.read_timeout_seconds, "THUMBKIT_READ_TIMEOUT",
      "seconds a client may stall while sending (then 408)");
  add("--write-timeout", c.write_timeout_seconds, "THUMBKIT_WRITE_TIMEOUT",
      "seconds a client may stall while receiving");
  add("--keep-alive-timeout", c.keep_alive_seconds, "THUMBKIT_KEEP_ALIVE_TIMEOUT",
      "seconds an idle keep-alive connection keeps its worker");
  add("--jwt-secret", c.jwt_secret, "THUMBKIT_JWT_SECRET", "HS256 secret for POST /uploads tokens");
  add("--jwks-file", c.jwks_file, "THUMBKIT_JWKS_FILE", "JWKS file with RS256 keys (Cognito)");
  add("--jwt-issuer", c.jwt_issuer, "THUMBKIT_JWT_ISSUER", "required iss");
  add("--jwt-audience", c.jwt_audiences, "THUMBKIT_JWT_AUDIENCE",
      "accepted aud / client_id (repeat or comma-separate)")
      ->delimiter(',');
  add("--jwt-token-use", c.jwt_token_use, "THUMBKIT_JWT_TOKEN_USE",
      "required token_use (access or id)");
  app.add_flag("--dev-tokens", c.dev_tokens, "enable POST /dev/token (development only)")
      ->envname("THUMBKIT_DEV_TOKENS");
  add("--image-key-prefix", c.image_key_prefix, "THUMBKIT_IMAGE_KEY_PREFIX",
      "POST /image writes only keys starting with this (never uploads/ or avatars/)");
  app.add_flag("--anonymous-image", c.anonymous_image,
               "POST /image needs no token even when JWT is configured")
      ->envname("THUMBKIT_ANONYMOUS_IMAGE");
  add("--url-signing-key", c.url_signing_key, "THUMBKIT_URL_SIGNING_KEY",
      "HMAC key for GET /i URLs (empty = unsigned URLs accepted)");
  add("--presign-expiry", c.presign_expiry_seconds, "THUMBKIT_PRESIGN_EXPIRY",
      "seconds a presigned upload stays valid")
      ->check(CLI::Range(1, 7 * 24 * 3600));
  add("--access-key-id", c.access_key_id, "THUMBKIT_ACCESS_KEY_ID",
      "local-mode presign key id (default AWS_ACCESS_KEY_ID, else random)");
  add("--secret-access-key", c.secret_access_key, "THUMBKIT_SECRET_ACCESS_KEY",
      "local-mode presign secret (default AWS_SECRET_ACCESS_KEY, else random)");
  add("--region", c.region, "THUMBKIT_REGION", "SigV4 region (default AWS_REGION or us-east-1)");
  add("--s3-event-secret", c.s3_event_secret, "THUMBKIT_S3_EVENT_SECRET",
      "shared secret enabling POST /events/s3");
  add("--avatar-variants", c.avatar_variants, "THUMBKIT_AVATAR_VARIANTS",
      "WxH:fit:format:quality,... made for each upload");
  add("--cors-origin", c.cors_origin, "THUMBKIT_CORS_ORIGIN",
      "Access-Control-Allow-Origin (empty = no CORS)");
  add("--web-root", c.web_root, "THUMBKIT_WEB_ROOT", "folder of the upload page");
  add("--object-cache-control", c.object_cache_control, "THUMBKIT_OBJECT_CACHE_CONTROL",
      "Cache-Control of GET /o");
  add("--thumbnail-cache-control", c.thumbnail_cache_control, "THUMBKIT_THUMBNAIL_CACHE_CONTROL",
      "Cache-Control of GET /i");
  app.get_option("--workers")->check(CLI::Range(0, 1024));
  app.get_option("--queue-length")->check(CLI::Range(0, 100000));
  app.get_option("--max-output-dimension")->check(CLI::Range(1, 16383));
  app.get_option("--read-timeout")->check(CLI::Range(1, 3600));
  app.get_option("--write-timeout")->check(CLI::Range(1, 3600));
  app.get_option("--keep-alive-timeout")->check(CLI::Range(0, 3600));
}

void ResolveDefaults(ServerConfig& c) {
  if (c.workers == 0) c.workers = std::max(2u, std::thread::hardware_concurrency());
  if (c.region == "us-east-1") c.region = EnvOr("AWS_REGION", c.region);
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    if (auto env = aws::Credentials::FromEnvironment()) {
      c.access_key_id = env->access_key_id;
      c.secret_access_key = env->secret_access_key;
    } else {
      // Only this process can then presign local uploads, which is all local mode needs.
      c.access_key_id = "TK" + aws::HexEncode(aws::RandomBytes(9));
      c.secret_access_key = aws::Base64UrlEncode(aws::RandomBytes(30));
    }
  }
}

}  // namespace thumbkit::server
