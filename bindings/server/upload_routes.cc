#include "upload_routes.h"

#include <thumbkit_aws/crypto.h>
#include <thumbkit_aws/uri.h>
#include <thumbkit_service/avatar_job.h>
#include <thumbkit_service/object_key.h>

#include <cctype>

#include "avatar_store.h"
#include "http_util.h"
#include "overload.h"
#include "request_auth.h"
#include "s3_store.h"

namespace thumbkit::server {
namespace {

using Clock = std::chrono::system_clock;

struct UploadRequest {
  std::string content_type;
  std::uint64_t content_length = 0;
};

// {"contentType": "image/jpeg", "contentLength": 12345}; false after answering the error.
bool ParseUploadRequest(const ServerContext& context, const httplib::Request& req,
                        httplib::Response& res, UploadRequest* upload) {
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
  if (!body.is_object() || !body.contains("contentType") || !body["contentType"].is_string() ||
      !body.contains("contentLength") || !body["contentLength"].is_number_integer()) {
    SendError(res, 400, "bad_request",
              "send JSON {\"contentType\": \"image/jpeg\", \"contentLength\": <bytes>}");
    return false;
  }
  upload->content_type = body["contentType"].get<std::string>();
  std::int64_t length = body["contentLength"].get<std::int64_t>();
  if (length <= 0) {
    SendError(res, 400, "bad_request", "contentLength must be positive");
    return false;
  }
  if (length > context.config.max_upload_bytes) {
    SendError(
        res, 413, "payload_too_large",
        "uploads are limited to " + std::to_string(context.config.max_upload_bytes) + " bytes");
    return false;
  }
  upload->content_length = static_cast<std::uint64_t>(length);
  return true;
}

std::string PresignLocal(const ServerContext& context, const httplib::Request& req,
                         const std::string& key, const UploadRequest& upload) {
  std::string base = BaseUrl(req, context.config.public_url);
  std::size_t scheme_end = base.find("://");
  aws::PresignRequest presign;
  presign.method = "PUT";
  presign.scheme = base.substr(0, scheme_end);
  std::string host = base.substr(scheme_end + 3);
  presign.host = host.substr(0, host.find('/'));
  presign.path = "/" + aws::UriEncode(key, false);
  presign.expires = std::chrono::seconds(context.config.presign_expiry_seconds);
  presign.signed_headers = {{"content-type", upload.content_type},
                            {"content-length", std::to_string(upload.content_length)}};
  return aws::Presign(presign, context.presign_credentials, context.scope, Clock::now());
}

void HandlePresign(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  if (RejectedForOverload(req, res, nullptr)) return;
  std::string sub;
  if (!Authenticate(context, req, res, &sub)) return;
  UploadRequest upload;
  if (!ParseUploadRequest(context, req, res, &upload)) return;
  auto ext = service::ExtensionForContentType(upload.content_type);
  if (!ext) {
    return SendError(res, 415, "unsupported_media_type",
                     "contentType must be image/jpeg, image/png or image/webp");
  }
  std::string key = service::MakeUploadKey(sub, aws::RandomUuidV4(), *ext);
  std::chrono::seconds expires(context.config.presign_expiry_seconds);
  std::string url;
  if (auto* s3 = dynamic_cast<S3Store*>(context.store.get())) {
    url = s3->client().PresignPut(s3->bucket(), key, expires, upload.content_type,
                                  upload.content_length);
  } else {
    url = PresignLocal(context, req, key, upload);
  }
  std::string base = BaseUrl(req, context.config.public_url);
  nlohmann::json avatars = nlohmann::json::object();
  for (const auto& variant : context.avatar_variants) {
    avatars[variant.format] = base + ObjectPath(service::AvatarKey(sub, variant.format));
  }
  SendJson(res, 200,
           {{"key", key},
            {"url", url},
            {"method", "PUT"},
            {"headers", {{"Content-Type", upload.content_type}}},
            {"maxBytes", upload.content_length},
            {"expiresIn", context.config.presign_expiry_seconds},
            {"avatars", avatars}});
}

aws::Headers LowerCaseHeaders(const httplib::Request& req) {
  aws::Headers headers;
  for (const auto& [name, value] : req.headers) {
    // httplib adds these pseudo headers for the peer; they were not on the wire.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT") {
      continue;
    }
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    headers.emplace_back(lower, value);
  }
  return headers;
}

// Checks the presigned query before any of the body is read; false after answering.
bool VerifyUploadSignature(const ServerContext& context, const httplib::Request& req,
                           httplib::Response& res) {
  const auto& credentials = context.presign_credentials;
  auto secret_for = [&credentials](std::string_view access_key) -> std::optional<std::string> {
    if (access_key != credentials.access_key_id) return std::nullopt;
    return credentials.secret_access_key;
  };
  aws::PresignCheck check =
      aws::VerifyPresigned("PUT", req.get_header_value("Host"), RawPath(req), RawQuery(req),
                           LowerCaseHeaders(req), secret_for, context.scope, Clock::now());
  if (check.ok) return true;
  SendError(res, check.http_status, check.code, check.message);
  return false;
}

void HandleLocalUpload(ServerContext& context, const httplib::Request& req, httplib::Response& res,
                       const httplib::ContentReader& reader) {
  if (RejectedForOverload(req, res, &reader)) return;
  auto max_upload = static_cast<std::uint64_t>(context.config.max_upload_bytes);
  // Answers refused before the body is read still read it, so the connection stays in step.
  auto refuse = [&](int status, std::string_view code, std::string_view message) {
    if (!DiscardBody(req, reader, max_upload)) res.set_header("Connection", "close");
    if (status) SendError(res, status, code, message);
  };
  if (context.store->IsS3()) {
    return refuse(404, "not_found", "in S3 mode uploads go to S3 directly");
  }
  if (!VerifyUploadSignature(context, req, res)) return refuse(0, "", "");
  std::string key = req.path.substr(1);
  std::optional<std::string> sub;
  if (auto why = service::ValidateObjectKey(key)) return refuse(400, "invalid_key", *why);
  if (!(sub = service::SubFromUploadKey(key))) {
    return refuse(400, "invalid_key", "upload keys are uploads/{sub}/{name}");
  }
  std::string original;
  BodyError read = ReadRawBody(
      req, reader, {max_upload, std::chrono::seconds(context.config.read_timeout_seconds)},
      &original);
  if (read.http_status) return SendBodyError(res, read);
  std::string content_type = req.get_header_value("Content-Type");
  if (content_type.empty()) content_type = SniffContentType(original);
  AvatarOutcome outcome = StoreOriginalAndAvatars(context, key, *sub, original, content_type,
                                                  BaseUrl(req, context.config.public_url));
  if (!outcome.ok) return SendError(res, outcome.http_status, outcome.code, outcome.message);
  res.set_header("ETag", outcome.original_etag);
  SendJson(res, 200, outcome.body);
}

// Records[i].s3.object.key, as sent (form-encoded).
std::optional<std::string> EventObjectKey(const nlohmann::json& record) {
  const nlohmann::json* node = &record;
  for (const char* name : {"s3", "object", "key"}) {
    if (!node->is_object() || !node->contains(name)) return std::nullopt;
    node = &(*node)[name];
  }
  if (!node->is_string()) return std::nullopt;
  return node->get<std::string>();
}

// The S3 event notification format (also what EventBridge/SNS forward): Records[].s3.object.key,
// form-encoded as S3 sends it.
void HandleS3Event(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  if (RejectedForOverload(req, res, nullptr)) return;
  if (!aws::ConstantTimeEqual(req.get_header_value("X-Thumbkit-Event-Secret"),
                              context.config.s3_event_secret)) {
    return SendError(res, 403, "forbidden", "wrong or missing X-Thumbkit-Event-Secret");
  }
  nlohmann::json event = nlohmann::json::parse(req.body, nullptr, false);
  if (!event.is_object() || !event.contains("Records") || !event["Records"].is_array()) {
    return SendError(res, 400, "bad_request", "expected an S3 event with Records");
  }
  nlohmann::json processed = nlohmann::json::array();
  std::string base = BaseUrl(req, context.config.public_url);
  for (const auto& record : event["Records"]) {
    std::optional<std::string> raw_key = EventObjectKey(record);
    if (!raw_key) return SendError(res, 400, "bad_request", "a record has no s3.object.key");
    auto key = aws::FormDecode(*raw_key);
    std::optional<std::string> sub = key ? service::SubFromUploadKey(*key) : std::nullopt;
    if (!key || service::ValidateObjectKey(*key) || !sub) {
      return SendError(res, 400, "invalid_key", "event keys must be uploads/{sub}/{name}");
    }
    AvatarOutcome outcome = ProcessStoredUpload(context, *key, *sub, base);
    if (!outcome.ok) return SendError(res, outcome.http_status, outcome.code, outcome.message);
    processed.push_back(outcome.body);
  }
  SendJson(res, 200, {{"processed", processed}});
}

void HandleDevToken(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  if (RejectedForOverload(req, res, nullptr)) return;
  nlohmann::json body = nlohmann::json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
  std::string sub = "dev-" + aws::HexEncode(aws::RandomBytes(6));
  if (body.is_object() && body.contains("sub") && body["sub"].is_string()) {
    sub = body["sub"].get<std::string>();
  }
  if (!service::IsSafeKeySegment(sub)) {
    return SendError(res, 400, "invalid_sub", "sub must be 1..128 of [A-Za-z0-9._@+=-]");
  }
  auto now = std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch());
  constexpr int kLifetime = 3600;
  nlohmann::json claims{{"sub", sub}, {"iat", now.count()}, {"exp", now.count() + kLifetime}};
  const ServerConfig& config = context.config;
  if (!config.jwt_issuer.empty()) claims["iss"] = config.jwt_issuer;
  if (!config.jwt_audiences.empty()) claims["aud"] = config.jwt_audiences.front();
  if (!config.jwt_token_use.empty()) claims["token_use"] = config.jwt_token_use;
  SendJson(res, 200,
           {{"token", aws::MakeHs256Jwt(claims, config.jwt_secret)},
            {"sub", sub},
            {"expiresIn", kLifetime}});
}

}  // namespace

void AddUploadRoutes(httplib::Server& server, ServerContext& context) {
  server.Post("/uploads", [&context](const httplib::Request& req, httplib::Response& res) {
    HandlePresign(context, req, res);
  });
  server.Put(R"(/uploads/.+)", [&context](const httplib::Request& req, httplib::Response& res,
                                          const httplib::ContentReader& reader) {
    HandleLocalUpload(context, req, res, reader);
  });
  if (!context.config.s3_event_secret.empty()) {
    server.Post("/events/s3", [&context](const httplib::Request& req, httplib::Response& res) {
      HandleS3Event(context, req, res);
    });
  }
  if (context.config.dev_tokens) {
    server.Post("/dev/token", [&context](const httplib::Request& req, httplib::Response& res) {
      HandleDevToken(context, req, res);
    });
  }
}

}  // namespace thumbkit::server
