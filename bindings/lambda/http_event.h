// API Gateway HTTP API, payload format 2.0: the request event and the response document.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace thumbkit_lambda {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // rawPath without the "/{stage}" prefix of a named stage
  std::string raw_query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                            // decoded when isBase64Encoded
  // requestContext.authorizer: lambda.sub (our authorizer) or jwt.claims.sub; "" when none.
  std::string authorizer_sub;
};

// Throws HandlerError("MalformedEvent") when the event is not a payload 2.0 request.
HttpRequest ParseHttpEvent(const nlohmann::json& event);

// The header's value, or "" (names are matched lower-case).
std::string Header(const HttpRequest& request, std::string_view name);

// {"statusCode", "headers": {content-type: application/json, cache-control: no-store}, "body"}.
nlohmann::json JsonResponse(int status, const nlohmann::json& body);

// {"error": code, "message": message} as JsonResponse.
nlohmann::json ErrorResponse(int status, std::string_view code, std::string_view message);

// A binary body, base64 encoded (isBase64Encoded: true).
nlohmann::json BinaryResponse(int status, std::string_view bytes, std::string_view content_type,
                              std::string_view cache_control,
                              const std::map<std::string, std::string>& extra_headers = {});

}  // namespace thumbkit_lambda
