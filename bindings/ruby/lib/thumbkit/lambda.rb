# frozen_string_literal: true

require "base64"
require "json"
require "uri"
require_relative "uploads"

module Thumbkit
  # AWS Lambda (Ruby runtime) handlers: thin wrappers over Thumbkit::Uploads.
  #
  #   presign: API Gateway HTTP API, payload format 2.0, behind a JWT or Lambda authorizer.
  #            POST {"contentType": "image/png", "maxBytes": 5000000} -> 200 {url, fields, key}
  #   process: S3 ObjectCreated notifications for the uploads/ prefix.
  #
  # Configuration from the environment: THUMBKIT_BUCKET, THUMBKIT_MAX_UPLOAD_BYTES (optional).
  # lambda/handler.rb exposes both as top-level methods for the runtime.
  module Lambda
    JSON_HEADERS = { "content-type" => "application/json", "cache-control" => "no-store" }.freeze
    # Lambda authorizer context keys that may carry the user id.
    AUTHORIZER_USER_KEYS = %w[sub userId user_id].freeze

    class << self
      attr_writer :uploads

      def uploads
        @uploads ||= Uploads.new(
          bucket: ENV.fetch("THUMBKIT_BUCKET"), client: Aws::S3::Client.new,
          max_upload_bytes: Integer(ENV.fetch("THUMBKIT_MAX_UPLOAD_BYTES",
                                              Uploads::DEFAULT_MAX_UPLOAD_BYTES.to_s))
        )
      end

      def presign(event:, context: nil, uploads: self.uploads) # rubocop:disable Lint/UnusedMethodArgument
        user_id = user_id(event)
        return respond(401, error: "unauthorized") unless user_id

        request = parse_body(event)
        return respond(400, error: "body must be a JSON object") unless request.is_a?(Hash)

        post = uploads.presign(user_id: user_id, content_type: request["contentType"],
                               max_bytes: request.fetch("maxBytes", uploads.max_upload_bytes))
        respond(200, url: post[:url], fields: post[:fields], key: post[:key])
      rescue Uploads::Rejected => e
        respond(e.http_status, error: e.message)
      end

      # Processes every ObjectCreated record; returns { "results" => [...] }. Transient errors
      # raise, so the asynchronous invocation is retried.
      def process(event:, context: nil, uploads: self.uploads) # rubocop:disable Lint/UnusedMethodArgument
        results = Array(event["Records"]).filter_map do |record|
          next unless record["eventSource"] == "aws:s3" &&
                      record["eventName"].to_s.start_with?("ObjectCreated:")

          result = uploads.process(bucket: record.dig("s3", "bucket", "name"),
                                   key: object_key(record))
          result.to_h.compact.to_h { |name, value| [name.to_s, value.is_a?(Symbol) ? value.to_s : value] }
        end
        { "results" => results }
      end

      # S3 event keys are URL-encoded with form rules: "+" is a space, "%2B" a plus.
      def object_key(record)
        URI.decode_www_form_component(record.dig("s3", "object", "key").to_s)
      end

      private

      def user_id(event)
        authorizer = event.dig("requestContext", "authorizer") || {}
        id = authorizer.dig("jwt", "claims", "sub") ||
             AUTHORIZER_USER_KEYS.lazy.filter_map { |k| authorizer.dig("lambda", k) }.first
        id = id.to_s
        id.empty? ? nil : id
      end

      def parse_body(event)
        body = event["body"].to_s
        body = Base64.decode64(body) if event["isBase64Encoded"]
        JSON.parse(body)
      rescue JSON::ParserError
        nil
      end

      def respond(status, **body)
        { "statusCode" => status, "headers" => JSON_HEADERS, "body" => JSON.generate(body) }
      end
    end
  end
end
