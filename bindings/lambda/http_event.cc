#include "http_event.h"

#include <thumbkit_aws/crypto.h>

#include <cctype>

#include "invocation.h"

namespace thumbkit_lambda {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string StringAt(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string StripStage(std::string path, const std::string& stage) {
  if (stage.empty() || stage == "$default") return path;
  std::string prefix = "/" + stage;
  if (path == prefix) return "/";
  if (path.compare(0, prefix.size() + 1, prefix + "/") == 0) return path.substr(prefix.size());
  return path;
}

std::string AuthorizerSub(const nlohmann::json& context) {
  auto authorizer = context.find("authorizer");
  if (authorizer == context.end() || !authorizer->is_object()) return "";
  for (const char* pointer : {"/lambda/sub", "/jwt/claims/sub"}) {
    auto where = nlohmann::json::json_pointer(pointer);
    if (authorizer->contains(where) && authorizer->at(where).is_string())
      return authorizer->at(where).get<std::string>();
  }
  return "";
}

}  // namespace

HttpRequest ParseHttpEvent(const nlohmann::json& event) {
  if (!event.is_object() || StringAt(event, "version") != "2.0")
    throw HandlerError("MalformedEvent", "not an HTTP API payload 2.0 event (version != \"2.0\")");
  auto context = event.find("requestContext");
  if (context == event.end() || !context->is_object() || !context->contains("http") ||
      !(*context)["http"].is_object())
    throw HandlerError("MalformedEvent", "requestContext.http is missing");
  HttpRequest request;
  request.method = StringAt((*context)["http"], "method");
  std::string raw_path = StringAt(event, "rawPath");
  if (request.method.empty() || raw_path.empty())
    throw HandlerError("MalformedEvent", "requestContext.http.method or rawPath is missing");
  request.path = StripStage(raw_path, StringAt(*context, "stage"));
  request.raw_query = StringAt(event, "rawQueryString");
  request.authorizer_sub = AuthorizerSub(*context);
  auto headers = event.find("headers");
  if (headers != event.end() && headers->is_object()) {
    for (const auto& [name, value] : headers->items()) {
      if (value.is_string()) request.headers[Lower(name)] = value.get<std::string>();
    }
  }
  request.body = StringAt(event, "body");
  auto encoded = event.find("isBase64Encoded");
  if (encoded != event.end() && encoded->is_boolean() && encoded->get<bool>()) {
    auto decoded = thumbkit::aws::Base64Decode(request.body);
    if (!decoded) throw HandlerError("MalformedEvent", "isBase64Encoded body is not base64");
    request.body = std::move(*decoded);
  }
  return request;
}

std::string Header(const HttpRequest& request, std::string_view name) {
  auto it = request.headers.find(Lower(name));
  return it == request.headers.end() ? std::string() : it->second;
}

nlohmann::json JsonResponse(int status, const nlohmann::json& body) {
  return {{"statusCode", status},
          {"headers", {{"content-type", "application/json"}, {"cache-control", "no-store"}}},
          {"isBase64Encoded", false},
          {"body", body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)}};
}

nlohmann::json ErrorResponse(int status, std::string_view code, std::string_view message) {
  return JsonResponse(status, {{"error", std::string(code)}, {"message", std::string(message)}});
}

nlohmann::json BinaryResponse(int status, std::string_view bytes, std::string_view content_type,
                              std::string_view cache_control,
                              const std::map<std::string, std::string>& extra_headers) {
  nlohmann::json headers = {{"content-type", std::string(content_type)},
                            {"cache-control", std::string(cache_control)}};
  for (const auto& [name, value] : extra_headers) headers[name] = value;
  return {{"statusCode", status},
          {"headers", headers},
          {"isBase64Encoded", true},
          {"body", thumbkit::aws::Base64Encode(bytes)}};
}

}  // namespace thumbkit_lambda
