#include "image_routes.h"

#include <thumbkit_aws/crypto.h>
#include <thumbkit_service/object_key.h>
#include <thumbkit_service/url_signature.h>

#include "http_util.h"
#include "overload.h"
#include "request_auth.h"

namespace thumbkit::server {
namespace {

void SendImageError(ServerContext& context, httplib::Response& res,
                    const service::ThumbnailResult& result) {
  context.metrics->ImageError(result.status_name);
  SendError(res, result.http_status, result.status_name, result.message);
}

// Why POST /image may not write `key`, or nullopt.
std::optional<std::string> ForbiddenImageKey(const ServerConfig& config, std::string_view key) {
  if (service::IsUploadFlowKey(key)) {
    return "POST /image does not write under " + std::string(service::kUploadPrefix) + " or " +
           std::string(service::kAvatarPrefix) + " (the upload flow owns them)";
  }
  if (!key.starts_with(config.image_key_prefix)) {
    return "POST /image writes only keys starting with " + config.image_key_prefix;
  }
  return std::nullopt;
}

void HandlePostImage(ServerContext& context, const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader& reader) {
  if (RejectedForOverload(req, res, &reader)) return;
  // Before the body: an anonymous client gets no work done once JWT is configured.
  std::string sub;
  if (context.jwt && !context.config.anonymous_image && !Authenticate(context, req, res, &sub)) {
    return;
  }
  MultipartBody body;
  BodyError read = ReadMultipartBody(req, reader, context.body_limits(), "file", &body);
  if (read.http_status) return SendBodyError(res, read);
  auto key_field = body.fields.find("s3Key");
  if (key_field == body.fields.end()) {
    return SendError(res, 400, "missing_key", "the form needs an s3Key field");
  }
  const std::string& key = key_field->second;
  if (auto why = service::ValidateObjectKey(key)) return SendError(res, 400, "invalid_key", *why);
  if (auto why = ForbiddenImageKey(context.config, key)) {
    return SendError(res, 403, "forbidden_key", *why);
  }
  if (!body.has_file) return SendError(res, 400, "missing_file", "the form needs a file part");
  std::string error;
  auto spec = service::ParseFormFields(body.fields, context.limits, &error);
  if (!spec) return SendError(res, 400, "invalid_options", error);
  if (spec->format == "auto")
    spec->format = service::ResolveFormat(*spec, req.get_header_value("Accept"));
  service::ThumbnailResult thumbnail = service::MakeThumbnail(body.file, *spec, context.limits);
  if (!thumbnail.ok) return SendImageError(context, res, thumbnail);
  PutResult put = context.store->Put(key, thumbnail.bytes, thumbnail.content_type,
                                     context.CacheControlFor(key));
  if (put.http_status != 200) {
    return SendError(res, put.http_status, DefaultErrorCode(put.http_status), put.message);
  }
  std::string url = BaseUrl(req, context.config.public_url) + ObjectPath(key);
  res.set_header("Location", url);
  SendJson(res, 201,
           {{"key", key},
            {"url", url},
            {"width", thumbnail.width},
            {"height", thumbnail.height},
            {"format", thumbnail.format},
            {"bytes", thumbnail.bytes.size()},
            {"etag", put.etag}});
}

// The ETag of a thumbnail: the source's validator, the options and the format actually sent.
std::string ThumbnailEtag(const StoredObject& source, const service::ThumbnailSpec& spec) {
  std::string material = source.etag + "|" + service::CanonicalOptions(spec);
  return "\"" + aws::Sha256Hex(material).substr(0, 32) + "\"";
}

void HandleGetThumbnail(ServerContext& context, const httplib::Request& req,
                        httplib::Response& res) {
  // The signature covers the rest of the path exactly as sent: "/{options}/{key}".
  std::string_view raw = RawPath(req).substr(3);  // after "/i/"
  std::size_t slash = raw.find('/');
  if (slash == std::string_view::npos) {
    return SendError(res, 400, "bad_request", "expected /i/{signature}/{options}/{key}");
  }
  std::string_view signature = raw.substr(0, slash);
  std::string_view signed_path = raw.substr(slash);
  if (!context.config.url_signing_key.empty() &&
      !service::VerifyThumbnailPath(context.config.url_signing_key, signature, signed_path)) {
    return SendError(res, 403, "invalid_signature", "the URL signature does not match");
  }
  std::string options = req.matches[2];
  std::string key = req.matches[3];
  if (auto why = service::ValidateObjectKey(key)) return SendError(res, 400, "invalid_key", *why);
  std::string error;
  auto spec = service::ParseUrlOptions(options, context.limits, &error);
  if (!spec) return SendError(res, 400, "invalid_options", error);
  bool negotiated = spec->format == "auto";
  spec->format = service::ResolveFormat(*spec, req.get_header_value("Accept"));
  StoredObject source =
      context.store->Get(key, static_cast<std::uint64_t>(context.limits.max_input_bytes));
  if (source.http_status != 200) {
    return SendError(res, source.http_status, DefaultErrorCode(source.http_status), source.message);
  }
  std::string etag = ThumbnailEtag(source, *spec);
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", context.config.thumbnail_cache_control);
  if (negotiated) res.set_header("Vary", "Accept");
  if (EtagMatches(req, etag)) {
    res.status = 304;
    return;
  }
  service::ThumbnailResult thumbnail = service::MakeThumbnail(source.body, *spec, context.limits);
  if (!thumbnail.ok) return SendImageError(context, res, thumbnail);
  res.status = 200;
  res.set_content(std::move(thumbnail.bytes), thumbnail.content_type.c_str());
}

}  // namespace

void AddImageRoutes(httplib::Server& server, ServerContext& context) {
  server.Post("/image", [&context](const httplib::Request& req, httplib::Response& res,
                                   const httplib::ContentReader& reader) {
    HandlePostImage(context, req, res, reader);
  });
  server.Get(R"(/i/([^/]+)/([^/]+)/(.+))",
             [&context](const httplib::Request& req, httplib::Response& res) {
               HandleGetThumbnail(context, req, res);
             });
}

}  // namespace thumbkit::server
