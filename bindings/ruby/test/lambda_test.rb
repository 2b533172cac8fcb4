# frozen_string_literal: true

require "test_helper"
require "support/s3rver"
require "support/events"
require "thumbkit/lambda"

class LambdaTest < Minitest::Test
  def setup
    @client = S3rver.client
    @bucket = S3rver.create_bucket("lambda-#{SecureRandom.hex(4)}")
    @uploads = Thumbkit::Uploads.new(bucket: @bucket, client: @client, max_upload_bytes: 1_000_000)
  end

  def presign(event)
    response = Thumbkit::Lambda.presign(event: event, context: nil, uploads: @uploads)
    [response["statusCode"], JSON.parse(response["body"]), response["headers"]]
  end

  # Lambda's Ruby runtime has aws-sdk-s3 but neither ffi nor libthumbkit: presigning must not
  # load them.
  def test_presign_loads_without_the_native_library
    script = <<~RUBY
      require "thumbkit/lambda"
      abort "native library loaded" if defined?(Thumbkit::Native)
      uploads = Thumbkit::Uploads.new(bucket: "b", client: Aws::S3::Client.new(
        region: "us-east-1", endpoint: "http://127.0.0.1:9", force_path_style: true,
        credentials: Aws::Credentials.new("AKIDEXAMPLE", "secret")))
      post = uploads.presign(user_id: "u1", content_type: "image/png", max_bytes: 100)
      abort "no key" unless post[:key].start_with?("uploads/u1/")
      abort "native library loaded" if defined?(Thumbkit::Native) || $LOADED_FEATURES.any? { |f| f.end_with?("/ffi.rb") }
    RUBY
    env = { "THUMBKIT_LIBRARY" => "/nonexistent/libthumbkit.so" }
    lib = File.expand_path("../lib", __dir__)
    output = IO.popen(env, [RbConfig.ruby, "-I", lib, "-e", script], err: %i[child out], &:read)
    assert $?.success?, output
  end

  def test_presign_with_jwt_claims
    status, body, headers = presign(Events.http_api(body: { contentType: "image/png", maxBytes: 5000 },
                                                    authorizer: Events.jwt("auth0|abc")))
    assert_equal 200, status
    assert_equal "application/json", headers["content-type"]
    assert_equal "no-store", headers["cache-control"]
    assert_match %r{\Auploads/auth0\|abc/\h{8}-(\h{4}-){3}\h{12}\.png\z}, body["key"]
    assert_equal "#{S3rver.endpoint}/#{@bucket}", body["url"]
    assert_equal body["key"], body["fields"]["key"]
    policy = JSON.parse(Base64.decode64(body["fields"]["policy"]))
    assert_includes policy["conditions"], ["content-length-range", 1, 5000]
  end

  def test_presign_with_lambda_authorizer_and_default_max_bytes
    status, body, = presign(Events.http_api(body: { contentType: "image/jpeg" },
                                            authorizer: Events.lambda_authorizer("userId" => "u-9")))
    assert_equal 200, status
    assert body["key"].start_with?("uploads/u-9/")
    policy = JSON.parse(Base64.decode64(body["fields"]["policy"]))
    assert_includes policy["conditions"], ["content-length-range", 1, 1_000_000]
  end

  def test_presign_base64_body
    status, = presign(Events.http_api(body: { contentType: "image/webp" }, base64: true,
                                      authorizer: Events.jwt("u")))
    assert_equal 200, status
  end

  def test_presign_without_a_user_is_401
    [nil, {}, Events.jwt(""), Events.lambda_authorizer({}), { "iam" => { "userId" => "AIDA" } }].each do |auth|
      status, body, = presign(Events.http_api(body: { contentType: "image/png" }, authorizer: auth))
      assert_equal 401, status, auth.inspect
      assert_equal "unauthorized", body["error"]
    end
  end

  def test_presign_bad_requests_are_400
    auth = Events.jwt("u")
    ["not json", "[]", { contentType: "image/gif" }, { contentType: "image/png", maxBytes: 0 },
     { contentType: "image/png", maxBytes: 2_000_000 }, { contentType: "image/png", maxBytes: 1.5 }, {}].each do |body|
      status, answer, = presign(Events.http_api(body: body, authorizer: auth))
      assert_equal 400, status, body.inspect
      refute_empty answer["error"]
    end
    status, = presign(Events.http_api(body: { contentType: "image/png" }, authorizer: Events.jwt("../x")))
    assert_equal 400, status
  end

  def test_object_keys_are_form_decoded
    assert_equal "uploads/a b+c/x.png", Thumbkit::Lambda.object_key(
      Events.s3_put("b", "uploads/a+b%2Bc/x.png")["Records"][0]
    )
  end

  def test_process_event
    uuid = SecureRandom.uuid
    key = "uploads/a+b@example.com/#{uuid}.png" # a user id with a plus
    @client.put_object(bucket: @bucket, key: key, body: Fixtures.read("misc/test-pattern.png"),
                       content_type: "image/png")
    event = Events.s3_put(@bucket, Events.form_encode(key))
    assert_includes event.dig("Records", 0, "s3", "object", "key"), "%2B"
    result = Thumbkit::Lambda.process(event: event, context: nil, uploads: @uploads)
    assert_equal [{ "status" => "processed", "key" => key,
                    "outputs" => ["avatars/processed/a+b@example.com.jpg",
                                  "avatars/processed/a+b@example.com.webp"] }], result["results"]
    info = Thumbkit.probe(@client.get_object(bucket: @bucket, key: "avatars/processed/a+b@example.com.webp").body.read)
    assert_equal [512, 512], [info.width, info.height] # 1280x960 covers 512x512
    again = Thumbkit::Lambda.process(event: event, context: nil, uploads: @uploads)
    assert_equal "unchanged", again["results"][0]["status"]
  end

  def test_process_event_rejections_and_other_records
    outside = Events.s3_put(@bucket, "avatars/processed/x.jpg")
    assert_equal "rejected", Thumbkit::Lambda.process(event: outside, uploads: @uploads)["results"][0]["status"]
    removed = Events.s3_put(@bucket, "uploads/u/#{SecureRandom.uuid}.png", event_name: "ObjectRemoved:Delete")
    assert_equal({ "results" => [] }, Thumbkit::Lambda.process(event: removed, uploads: @uploads))
    assert_equal({ "results" => [] }, Thumbkit::Lambda.process(event: {}, uploads: @uploads))
  end

  def test_process_event_missing_object_raises_for_a_retry
    event = Events.s3_put(@bucket, "uploads/u/#{SecureRandom.uuid}.png")
    assert_raises(Aws::S3::Errors::NotFound) { Thumbkit::Lambda.process(event: event, uploads: @uploads) }
  end

  def test_handler_file_defines_the_runtime_entry_points
    sandbox = Object.new
    sandbox.instance_eval(File.read(File.expand_path("../lambda/handler.rb", __dir__)), "handler.rb")
    assert sandbox.respond_to?(:presign, true)
    assert sandbox.respond_to?(:process, true)
    Thumbkit::Lambda.uploads = @uploads
    response = sandbox.send(:presign, event: Events.http_api(body: { contentType: "image/png" },
                                                             authorizer: Events.jwt("h")), context: nil)
    assert_equal 200, response["statusCode"]
  ensure
    Thumbkit::Lambda.uploads = nil
  end
end
