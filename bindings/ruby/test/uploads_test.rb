# frozen_string_literal: true

require "test_helper"
require "support/s3rver"
require "support/form_post"
require "base64"
require "json"
require "openssl"
require "thumbkit/uploads"

# The presigned-upload flow against a real S3 API (s3rver). s3rver 3.7.1 stores POST uploads
# without checking the policy or its signature (its POST handler skips the "policy" field), so
# what the policy enforces on AWS is asserted from the signed policy document itself; the
# flow's own defences (HEAD size check, key rules, decoding) are exercised end to end.
class UploadsTest < Minitest::Test
  MAX = 2 * 1024 * 1024
  PHOTO = "bench/flowers.jpeg" # 1920x1080

  def setup
    @client = S3rver.client
    @bucket = S3rver.create_bucket("thumbkit-#{SecureRandom.hex(4)}")
    @uploads = Thumbkit::Uploads.new(bucket: @bucket, client: @client, max_upload_bytes: MAX)
  end

  def policy_of(fields)
    JSON.parse(Base64.strict_decode64(fields.fetch("policy")))
  end

  def test_presign_returns_url_fields_and_key
    post = @uploads.presign(user_id: "user-1", content_type: "image/png", max_bytes: 5000)
    assert_equal "#{S3rver.endpoint}/#{@bucket}", post[:url] # path style
    assert_match %r{\Auploads/user-1/\h{8}-\h{4}-\h{4}-\h{4}-\h{12}\.png\z}, post[:key]
    fields = post[:fields]
    assert_equal post[:key], fields["key"]
    assert_equal "image/png", fields["Content-Type"]
    assert_equal "AWS4-HMAC-SHA256", fields["x-amz-algorithm"]
    assert_match %r{\AS3RVER/\d{8}/us-east-1/s3/aws4_request\z}, fields["x-amz-credential"]
    refute_equal post[:key], @uploads.presign(user_id: "user-1", content_type: "image/png",
                                              max_bytes: 5000)[:key]
  end

  def test_presign_policy_pins_key_type_size_and_expiry
    before = Time.now
    post = @uploads.presign(user_id: "user-1", content_type: "image/webp", max_bytes: 5000)
    policy = policy_of(post[:fields])
    expiration = Time.iso8601(policy["expiration"])
    assert_in_delta before + 300, expiration, 2
    conditions = policy["conditions"]
    assert_includes conditions, { "bucket" => @bucket }
    assert_includes conditions, { "key" => post[:key] }
    assert_includes conditions, ["starts-with", "$key", "uploads/user-1/"]
    assert_includes conditions, { "Content-Type" => "image/webp" }
    assert_includes conditions, ["content-length-range", 1, 5000]
    refute(conditions.any? { |c| c.is_a?(Array) && c[0] == "starts-with" && c[1] == "$Content-Type" })
    short = policy_of(@uploads.presign(user_id: "u", content_type: "image/jpeg", max_bytes: 1,
                                       expires_in: 60)[:fields])
    assert_in_delta Time.now + 60, Time.iso8601(short["expiration"]), 2
  end

  def test_presign_signature_covers_the_policy
    fields = @uploads.presign(user_id: "u", content_type: "image/jpeg", max_bytes: 10)[:fields]
    date = fields["x-amz-date"][0, 8]
    key = %W[#{date} us-east-1 s3 aws4_request].reduce("AWS4S3RVER") do |k, part|
      OpenSSL::HMAC.digest("SHA256", k, part)
    end
    assert_equal OpenSSL::HMAC.hexdigest("SHA256", key, fields["policy"]), fields["x-amz-signature"]
  end

  def test_presign_refuses_bad_requests
    [
      { content_type: "image/gif" }, { content_type: "image/svg+xml" }, { content_type: nil },
      { user_id: "../etc" }, { user_id: "a/b" }, { user_id: "" }, { user_id: "." },
      { user_id: "x" * 129 }, { max_bytes: 0 }, { max_bytes: MAX + 1 }, { max_bytes: "10" }
    ].each do |bad|
      args = { user_id: "u", content_type: "image/png", max_bytes: 10 }.merge(bad)
      assert_raises(Thumbkit::Uploads::Rejected, bad.inspect) { @uploads.presign(**args) }
    end
    assert_raises(ArgumentError) do
      @uploads.presign(user_id: "u", content_type: "image/png", max_bytes: 10, expires_in: 86_400)
    end
  end

  def test_upload_then_process_makes_the_avatars
    data = Fixtures.read(PHOTO)
    post = @uploads.presign(user_id: "user-42", content_type: "image/jpeg", max_bytes: MAX)
    response = FormPost.upload(post[:url], post[:fields], data, filename: "me.jpg",
                                                                content_type: "image/jpeg")
    assert_includes %w[200 201 204], response.code, response.body
    upload = @client.head_object(bucket: @bucket, key: post[:key])
    assert_equal [data.bytesize, "image/jpeg"], [upload.content_length, upload.content_type]

    result = @uploads.process(bucket: @bucket, key: post[:key])
    assert_equal :processed, result.status, result.reason
    assert_equal %w[avatars/processed/user-42.jpg avatars/processed/user-42.webp], result.outputs
    { "jpg" => %w[image/jpeg jpeg], "webp" => %w[image/webp webp] }.each do |ext, (type, format)|
      object = @client.get_object(bucket: @bucket, key: "avatars/processed/user-42.#{ext}")
      assert_equal type, object.content_type
      assert_equal "public, max-age=300", object.cache_control
      assert_equal({ "source-key" => post[:key], "source-etag" => upload.etag }, object.metadata)
      info = Thumbkit.probe(object.body.read)
      assert_equal [format.to_sym, 512, 512, false], [info.format, info.width, info.height, info.has_exif]
    end
  end

  def test_process_is_idempotent
    key = put_upload("user-7", Fixtures.read("misc/test-pattern.png"), "png")
    assert_equal :processed, @uploads.process(bucket: @bucket, key: key).status
    first = @client.head_object(bucket: @bucket, key: "avatars/processed/user-7.jpg")
    again = @uploads.process(bucket: @bucket, key: key)
    assert_equal :unchanged, again.status
    assert_equal first.etag, @client.head_object(bucket: @bucket, key: "avatars/processed/user-7.jpg").etag
    # a new upload by the same user replaces the avatars
    newer = put_upload("user-7", Fixtures.read(PHOTO), "jpg")
    assert_equal :processed, @uploads.process(bucket: @bucket, key: newer).status
    refute_equal first.etag, @client.head_object(bucket: @bucket, key: "avatars/processed/user-7.jpg").etag
  end

  def test_process_rejects_what_the_policy_would_have_refused
    # s3rver accepts these POSTs; AWS would refuse them by policy. The flow must not trust that.
    too_big = put_upload("big", Fixtures.read(PHOTO), "jpg")
    small = Thumbkit::Uploads.new(bucket: @bucket, client: @client, max_upload_bytes: 1000)
    result = small.process(bucket: @bucket, key: too_big)
    assert_equal [:rejected, 413], [result.status, result.http_status]
    not_image = put_upload("text", "<svg onload=alert(1)>", "png")
    result = @uploads.process(bucket: @bucket, key: not_image)
    assert_equal [:rejected, 415], [result.status, result.http_status]
    assert_match(/TK_ERR_UNKNOWN_FORMAT/, result.reason)
    corrupt = put_upload("corrupt", Fixtures.read("bad/png-crashers/badcrc.png"), "png")
    assert_equal 422, @uploads.process(bucket: @bucket, key: corrupt).http_status
    %w[big text corrupt].each do |user|
      assert_raises(Aws::S3::Errors::NotFound) do
        @client.head_object(bucket: @bucket, key: "avatars/processed/#{user}.jpg")
      end
    end
  end

  def test_process_checks_the_size_before_downloading
    client = Aws::S3::Client.new(stub_responses: true)
    client.stub_responses(:head_object, content_length: MAX + 1, etag: '"e"')
    uploads = Thumbkit::Uploads.new(bucket: "b", client: client, max_upload_bytes: MAX)
    result = uploads.process(bucket: "b", key: "uploads/u/#{SecureRandom.uuid}.jpg")
    assert_equal [:rejected, 413], [result.status, result.http_status]
    assert_equal [:head_object], client.api_requests.map { |r| r[:operation_name] }
  end

  def test_process_never_touches_keys_outside_uploads
    client = Aws::S3::Client.new(stub_responses: true)
    uploads = Thumbkit::Uploads.new(bucket: "b", client: client)
    uuid = SecureRandom.uuid
    ["avatars/processed/u.jpg", "other/u/#{uuid}.jpg", "uploads/#{uuid}.jpg",
     "uploads/../avatars/#{uuid}.jpg", "uploads/u/x/#{uuid}.jpg", "uploads/u/#{uuid}.gif",
     "uploads/u/#{uuid}.jpg/x", "/uploads/u/#{uuid}.jpg", "uploads/a b/#{uuid}.jpg",
     "uploads/../#{uuid}.jpg", "uploads/./#{uuid}.jpg", "uploads/u/#{uuid}.jpg\n"].each do |key|
      result = uploads.process(bucket: "b", key: key)
      assert_equal :rejected, result.status, key
    end
    assert_empty client.api_requests
    assert_raises(ArgumentError) { uploads.process(bucket: "other", key: "uploads/u/#{uuid}.jpg") }
  end

  def test_custom_variants
    uploads = Thumbkit::Uploads.new(
      bucket: @bucket, client: @client,
      variants: { "128.png" => { width: 128, height: 128, format: :png } }, cache_control: "no-cache"
    )
    key = put_upload("v", Fixtures.read(PHOTO), "jpg")
    assert_equal ["avatars/processed/v.128.png"], uploads.process(bucket: @bucket, key: key).outputs
    object = @client.get_object(bucket: @bucket, key: "avatars/processed/v.128.png")
    assert_equal %w[image/png no-cache], [object.content_type, object.cache_control]
    assert_equal [128, 128], Thumbkit.probe(object.body.read).to_h.values_at(:width, :height)
    assert_raises(ArgumentError) do
      Thumbkit::Uploads.new(bucket: "b", client: @client, variants: { "x" => { width: 1 } })
    end
    assert_raises(ArgumentError) do
      Thumbkit::Uploads.new(bucket: "b", client: @client, variants: { "x" => { format: :jpeg, widht: 1 } })
    end
  end

  private

  # Stores an object as an upload would, bypassing the policy (as s3rver does anyway).
  def put_upload(user_id, data, extension)
    key = "uploads/#{user_id}/#{SecureRandom.uuid}.#{extension}"
    @client.put_object(bucket: @bucket, key: key, body: data,
                       content_type: Thumbkit::Uploads::CONTENT_TYPES.key(extension))
    key
  end
end
