#include "http_util.h"

#include <thumbkit_aws/uri.h>

#include <cctype>

namespace thumbkit::server {

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  // Replace, not throw: text that came from a request may hold invalid UTF-8.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

void SendError(httplib::Response& res, int status, std::string_view code,
               std::string_view message) {
  SendJson(res, status, {{"error", code}, {"message", message}});
}

std::string DefaultErrorCode(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "request_timeout";
    case 409:
      return "conflict";
    case 411:
      return "length_required";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 415:
      return "unsupported_media_type";
    case 416:
      return "range_not_satisfiable";
    case 422:
      return "unprocessable";
    case 429:
      return "too_many_requests";
    case 502:
      return "bad_gateway";
    case 503:
      return "unavailable";
    case 507:
      return "insufficient_storage";
    default:
      return status >= 500 ? "internal" : "error";
  }
}

bool EtagMatches(const httplib::Request& req, std::string_view etag) {
  if (!req.has_header("If-None-Match") || etag.empty()) return false;
  std::string header = req.get_header_value("If-None-Match");
  if (header == "*") return true;
  std::string_view list(header);
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (item == etag) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

std::string_view RawPath(const httplib::Request& req) {
  std::string_view target(req.target);
  return target.substr(0, target.find('?'));
}

std::string_view RawQuery(const httplib::Request& req) {
  std::string_view target(req.target);
  std::size_t mark = target.find('?');
  return mark == std::string_view::npos ? std::string_view() : target.substr(mark + 1);
}

std::string BaseUrl(const httplib::Request& req, const std::string& public_url) {
  if (!public_url.empty()) {
    return public_url.back() == '/' ? public_url.substr(0, public_url.size() - 1) : public_url;
  }
  return "http://" + req.get_header_value("Host");
}

std::string ObjectPath(std::string_view key) {
  return "/o/" + aws::UriEncode(key, false);
}

std::string BearerToken(const httplib::Request& req) {
  std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size()) return "";
  for (std::size_t i = 0; i < kBearer.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) !=
        std::tolower(static_cast<unsigned char>(kBearer[i]))) {
      return "";
    }
  }
  return header.substr(kBearer.size());
}

}  // namespace thumbkit::server
