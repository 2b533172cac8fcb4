# frozen_string_literal: true

require "securerandom"
require "aws-sdk-s3"
require_relative "errors"
require_relative "options"

module Thumbkit
  # The avatar upload flow: the browser POSTs straight to S3 with a presigned policy that pins
  # where, what and how much; an S3 event then turns the upload into the avatar variants.
  #
  #   uploads = Thumbkit::Uploads.new(bucket: "avatars", client: Aws::S3::Client.new)
  #   post = uploads.presign(user_id: "u123", content_type: "image/png", max_bytes: 5_000_000)
  #   # browser: multipart POST of post[:fields] + "file" to post[:url]
  #   uploads.process(bucket: "avatars", key: post[:key])
  #   # => avatars/processed/u123.jpg and avatars/processed/u123.webp
  class Uploads
    # Upload content types and the extension of their key.
    CONTENT_TYPES = { "image/jpeg" => "jpg", "image/png" => "png", "image/webp" => "webp" }.freeze
    OUTPUT_CONTENT_TYPES = { jpeg: "image/jpeg", jpg: "image/jpeg", png: "image/png",
                             webp: "image/webp" }.freeze

    AVATAR = { width: 512, height: 512, fit: :cover, quality: 80 }.freeze
    # suffix of "avatars/processed/{user_id}.{suffix}" => Thumbkit.thumbnail options
    DEFAULT_VARIANTS = {
      "jpg" => AVATAR.merge(format: :jpeg),
      "webp" => AVATAR.merge(format: :webp)
    }.freeze

    UPLOAD_PREFIX = "uploads/"
    OUTPUT_PREFIX = "avatars/processed/"
    # Ids from JWT `sub` claims (UUIDs, "auth0|abc", emails): one key segment, never "." or "..".
    USER_ID = /\A[A-Za-z0-9_@|:=+-][A-Za-z0-9._@|:=+-]{0,127}\z/
    UPLOAD_KEY = %r{\Auploads/(?<user_id>[^/]+)/\h{8}-\h{4}-\h{4}-\h{4}-\h{12}\.(?:jpg|png|webp)\z}
    MAX_EXPIRES_IN = 3600
    DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024

    # What #process did: :processed, :unchanged (already done for this exact upload) or
    # :rejected (the upload can never succeed: `reason`, and `http_status` when the image was
    # refused by thumbkit). `outputs` are the variant keys.
    Result = Struct.new(:status, :key, :outputs, :reason, :http_status, keyword_init: true)

    # A request the flow refuses (bad user id, content type, size); `http_status` is 400.
    class Rejected < StandardError
      def http_status = 400
    end

    attr_reader :bucket, :client, :variants, :max_upload_bytes

    # bucket: where uploads land and variants go. client: an Aws::S3::Client.
    # variants: { suffix => Thumbkit.thumbnail options (with an explicit format:) }.
    # max_upload_bytes: the most #presign allows and #process downloads.
    # cache_control: of the variants; their keys are stable, so keep it short.
    def initialize(bucket:, client:, variants: DEFAULT_VARIANTS,
                   max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
                   cache_control: "public, max-age=300")
      @bucket = bucket
      @client = client
      @max_upload_bytes = Integer(max_upload_bytes)
      @cache_control = cache_control
      @variants = variants.to_h do |suffix, options|
        format = options.fetch(:format) { raise ArgumentError, "variant #{suffix}: format: is required" }
        content_type = OUTPUT_CONTENT_TYPES.fetch(format.to_sym) do
          raise ArgumentError, "variant #{suffix}: format #{format.inspect} has no content type"
        end
        Options.to_params(options) # unknown options fail here, not on the first upload
        [suffix.to_s, [options.dup.freeze, content_type]]
      end.freeze
    end

    # A presigned POST for one upload by `user_id`: the policy pins the exact key (under
    # uploads/{user_id}/), the exact Content-Type and 1..max_bytes, and expires in `expires_in`
    # seconds. Returns { url:, fields:, key: }; the form sends `fields` and then the file.
    def presign(user_id:, content_type:, max_bytes:, expires_in: 300)
      user_id = valid_user_id(user_id)
      extension = CONTENT_TYPES.fetch(content_type) do
        raise Rejected, "contentType must be one of #{CONTENT_TYPES.keys.join(', ')}"
      end
      unless max_bytes.is_a?(Integer) && max_bytes.between?(1, @max_upload_bytes)
        raise Rejected, "maxBytes must be an integer in 1..#{@max_upload_bytes}"
      end
      unless expires_in.is_a?(Integer) && expires_in.between?(1, MAX_EXPIRES_IN)
        raise ArgumentError, "expires_in must be 1..#{MAX_EXPIRES_IN} seconds"
      end

      prefix = "#{UPLOAD_PREFIX}#{user_id}/"
      key = "#{prefix}#{SecureRandom.uuid}.#{extension}"
      post = Aws::S3::Bucket.new(@bucket, client: @client).presigned_post(
        key: key, # an exact key; the starts-with condition below states the prefix rule too
        key_starts_with: prefix,
        content_type: content_type,
        content_length_range: 1..max_bytes,
        signature_expiration: Time.now + expires_in
      )
      { url: post.url, fields: post.fields, key: key }
    end

    # Turns the upload at `key` into the variants. Idempotent: an upload whose variants already
    # carry its key and ETag is not redone. Raises for transient failures (S3, out of memory) so
    # an event source retries; returns a :rejected Result for uploads that can never succeed.
    def process(bucket:, key:)
      raise ArgumentError, "bucket #{bucket.inspect} is not #{@bucket.inspect}" unless bucket == @bucket

      match = UPLOAD_KEY.match(key)
      return rejected(key, "not an upload key (uploads/{user_id}/{uuid}.{jpg|png|webp})") unless
        match && USER_ID.match?(match[:user_id])

      outputs = @variants.keys.map { |suffix| "#{OUTPUT_PREFIX}#{match[:user_id]}.#{suffix}" }
      head = @client.head_object(bucket: bucket, key: key) # size before any download
      if head.content_length > @max_upload_bytes
        return rejected(key, "#{head.content_length} bytes is over the #{@max_upload_bytes}-byte limit",
                        outputs, 413)
      end
      source = { "source-key" => key, "source-etag" => head.etag.to_s }
      return Result.new(status: :unchanged, key: key, outputs: outputs) if done?(outputs, source)

      data = download(bucket, key, head.etag)
      # Loaded here, not at require time: the presign function runs without ffi or libthumbkit.
      require_relative "../thumbkit"
      encoded = @variants.values.map do |options, content_type|
        [Thumbkit.thumbnail(data, max_input_bytes: @max_upload_bytes, **options), content_type]
      end
      outputs.zip(encoded).each do |output, (body, content_type)|
        @client.put_object(bucket: bucket, key: output, body: body, content_type: content_type,
                           cache_control: @cache_control, metadata: source)
      end
      Result.new(status: :processed, key: key, outputs: outputs)
    rescue Thumbkit::Error => e
      raise if e.http_status >= 500

      rejected(key, e.message, outputs || [], e.http_status)
    end

    private

    def valid_user_id(user_id)
      user_id = user_id.to_s
      raise Rejected, "user id #{user_id.inspect} cannot name a key" unless USER_ID.match?(user_id)

      user_id
    end

    # The object must still be the one HEAD measured (If-Match), and no larger than allowed.
    def download(bucket, key, etag)
      data = @client.get_object(bucket: bucket, key: key, if_match: etag).body.read
      raise Thumbkit.error_for(7, "#{key} grew past the limit") if data.bytesize > @max_upload_bytes

      data
    end

    def done?(outputs, source)
      outputs.all? do |output|
        @client.head_object(bucket: @bucket, key: output).metadata == source
      rescue Aws::S3::Errors::NotFound, Aws::S3::Errors::NoSuchKey
        false
      end
    end

    def rejected(key, reason, outputs = [], http_status = 400)
      Result.new(status: :rejected, key: key, outputs: outputs, reason: reason,
                 http_status: http_status)
    end
  end
end
