# frozen_string_literal: true

# Prints one S3 URL presigned by Ruby aws-sdk-s3 (Aws::S3::Presigner), path style against a fixed
# endpoint. Usage: ruby ruby_presign.rb get|put ENDPOINT REGION BUCKET KEY AKID SECRET EXPIRES [TYPE]
require "aws-sdk-s3"

method, endpoint, region, bucket, key, access_key, secret_key, expires, content_type = ARGV
client = Aws::S3::Client.new(endpoint: endpoint, region: region, force_path_style: true,
                             credentials: Aws::Credentials.new(access_key, secret_key))
params = { bucket: bucket, key: key, expires_in: Integer(expires) }
params[:content_type] = content_type if content_type && !content_type.empty?
operation = { "get" => :get_object, "put" => :put_object }.fetch(method)
puts Aws::S3::Presigner.new(client: client).presigned_url(operation, **params)
