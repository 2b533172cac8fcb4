// Small helpers every route uses: JSON answers, errors, ETags, URLs.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace thumbkit::server {

// {"error": code, "message": message} with `status`.
void SendError(httplib::Response& res, int status, std::string_view code, std::string_view message);
void SendJson(httplib::Response& res, int status, const nlohmann::json& body);

// The machine-readable code for a status when a route gave none ("payload_too_large", ...).
std::string DefaultErrorCode(int status);

// True when If-None-Match lists `etag` (or is "*"); weak validators compare equal too.
bool EtagMatches(const httplib::Request& req, std::string_view etag);

// The target's path and query exactly as sent ("/a%20b", "x=1&y=2").
std::string_view RawPath(const httplib::Request& req);
std::string_view RawQuery(const httplib::Request& req);

// "http://{Host}" unless a public URL is configured.
std::string BaseUrl(const httplib::Request& req, const std::string& public_url);

// "/o/{key}" with the key percent-encoded per segment.
std::string ObjectPath(std::string_view key);

// The token of "Authorization: Bearer <token>", or "".
std::string BearerToken(const httplib::Request& req);

}  // namespace thumbkit::server
