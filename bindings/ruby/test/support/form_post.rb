# frozen_string_literal: true

require "net/http"
require "securerandom"
require "uri"

# What a browser does with a presigned POST: a multipart/form-data POST of the policy fields,
# then the file (S3 ignores fields after "file").
module FormPost
  def self.upload(url, fields, data, filename:, content_type:)
    boundary = "thumbkit-#{SecureRandom.hex(12)}"
    body = +"".b
    fields.each do |name, value|
      body << "--#{boundary}\r\nContent-Disposition: form-data; name=\"#{name}\"\r\n\r\n#{value}\r\n".b
    end
    body << ("--#{boundary}\r\nContent-Disposition: form-data; name=\"file\"; " \
             "filename=\"#{filename}\"\r\nContent-Type: #{content_type}\r\n\r\n").b
    body << data.b << "\r\n--#{boundary}--\r\n".b

    uri = URI(url)
    http = Net::HTTP.new(uri.host, uri.port, nil) # never through a proxy from the environment
    http.open_timeout = 5
    http.read_timeout = 30
    request = Net::HTTP::Post.new(uri.request_uri.empty? ? "/" : uri.request_uri)
    request["Content-Type"] = "multipart/form-data; boundary=#{boundary}"
    request.body = body
    http.request(request)
  end
end
