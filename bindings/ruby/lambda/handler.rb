# frozen_string_literal: true

# Entry points for the AWS Lambda Ruby runtime: handler "handler.presign" (API Gateway HTTP API)
# and "handler.process" (S3 ObjectCreated on uploads/). Package with the thumbkit gem and
# libthumbkit.so.0.1 (a layer, or THUMBKIT_LIBRARY); set THUMBKIT_BUCKET.
$LOAD_PATH.unshift(File.expand_path("../lib", __dir__))
require "thumbkit/lambda"

def presign(event:, context:)
  Thumbkit::Lambda.presign(event: event, context: context)
end

def process(event:, context:)
  Thumbkit::Lambda.process(event: event, context: context)
end
