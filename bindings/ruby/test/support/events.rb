# frozen_string_literal: true

require "json"

# Lambda event fixtures, shaped as AWS documents them (API Gateway HTTP API payload 2.0 and S3
# event notification 2.1), trimmed to the fields that matter plus a few realistic neighbours.
module Events
  module_function

  def http_api(body:, authorizer: nil, base64: false)
    request_context = {
      "accountId" => "123456789012", "apiId" => "api-id", "domainName" => "id.execute-api.us-east-1.amazonaws.com",
      "http" => { "method" => "POST", "path" => "/uploads", "protocol" => "HTTP/1.1",
                  "sourceIp" => "192.0.2.1", "userAgent" => "agent" },
      "requestId" => "id", "routeKey" => "POST /uploads", "stage" => "$default",
      "time" => "12/Mar/2024:19:03:58 +0000", "timeEpoch" => 1_710_270_238_000
    }
    request_context["authorizer"] = authorizer if authorizer
    text = body.is_a?(String) ? body : JSON.generate(body)
    {
      "version" => "2.0", "routeKey" => "POST /uploads", "rawPath" => "/uploads", "rawQueryString" => "",
      "headers" => { "content-type" => "application/json" },
      "requestContext" => request_context,
      "body" => base64 ? [text].pack("m0") : text, "isBase64Encoded" => base64
    }
  end

  def jwt(sub)
    { "jwt" => { "claims" => { "sub" => sub, "iss" => "https://issuer.example", "aud" => "client" },
                 "scopes" => nil } }
  end

  def lambda_authorizer(context)
    { "lambda" => context }
  end

  # `key` as S3 sends it: URL-encoded with form rules.
  def s3_put(bucket, key, event_name: "ObjectCreated:Post", size: 1)
    {
      "Records" => [{
        "eventVersion" => "2.1", "eventSource" => "aws:s3", "awsRegion" => "us-east-1",
        "eventTime" => "2024-03-12T19:03:58.000Z", "eventName" => event_name,
        "userIdentity" => { "principalId" => "AWS:EXAMPLE" },
        "s3" => {
          "s3SchemaVersion" => "1.0", "configurationId" => "uploads",
          "bucket" => { "name" => bucket, "ownerIdentity" => { "principalId" => "EXAMPLE" },
                        "arn" => "arn:aws:s3:::#{bucket}" },
          "object" => { "key" => key, "size" => size, "eTag" => "0123456789abcdef",
                        "sequencer" => "0A1B2C3D4E5F678901" }
        }
      }]
    }
  end

  def form_encode(key)
    URI.encode_www_form_component(key).gsub("%2F", "/")
  end
end
