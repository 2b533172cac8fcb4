// thumbkit-server settings: command-line flags, each with a THUMBKIT_* environment variable.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace thumbkit::server {

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
  std::string store = "file://./data";
  std::string public_url;  // base of returned URLs; empty = http://{Host header}
  int workers = 0;         // 0 = one per CPU core (at least 2)
  int queue_length = 64;   // connections waiting for a worker before 429
  std::int64_t max_body_bytes = 32 << 20;
  std::int64_t max_upload_bytes = 10 << 20;
  std::int64_t max_input_pixels = 100'000'000;
  int max_output_dimension = 4096;
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  int keep_alive_seconds = 2;  // an idle keep-alive connection holds a worker this long
  // JWT for POST /uploads
  std::string jwt_secret;  // HS256
  std::string jwks_file;   // RS256 keys (Cognito's jwks.json)
  std::string jwt_issuer;
  std::vector<std::string> jwt_audiences;
  std::string jwt_token_use;
  bool dev_tokens = false;
  // POST /image: keys it may write (never the upload flow's uploads/ and avatars/), and whether it
  // stays open to anonymous callers once JWT is configured.
  std::string image_key_prefix;  // empty = any key outside the upload flow's prefixes
  bool anonymous_image = false;  // POST /dev/token mints HS256 tokens (needs jwt_secret)
  // Signing
  std::string url_signing_key;  // GET /i/{signature}/...; empty = unsigned URLs accepted
  int presign_expiry_seconds = 300;
  std::string access_key_id;  // local-mode presigned uploads; default AWS_ACCESS_KEY_ID or random
  std::string secret_access_key;
  std::string region = "us-east-1";
  std::string s3_event_secret;  // enables POST /events/s3
  // Behaviour
  std::string avatar_variants = "512x512:cover:jpeg:80,512x512:cover:webp:80";
  std::string cors_origin = "*";
  std::string web_root;  // upload page folder; empty = the installed or source copy
  std::string object_cache_control = "public, max-age=3600";
  std::string thumbnail_cache_control = "public, max-age=86400";
};

// Registers every setting on `app` (flag and environment variable).
void AddServerOptions(CLI::App& app, ServerConfig& config);

// Fills what defaults to the environment or randomness (credentials, region, workers).
void ResolveDefaults(ServerConfig& config);

}  // namespace thumbkit::server
