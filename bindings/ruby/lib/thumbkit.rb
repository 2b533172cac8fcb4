# frozen_string_literal: true

require "json"
require_relative "thumbkit/version"
require_relative "thumbkit/native"
require_relative "thumbkit/errors"
require_relative "thumbkit/options"

# Safe, fast thumbnails of untrusted images: the Ruby face of libthumbkit's C ABI.
#
#   jpeg = Thumbkit.thumbnail(File.binread("photo.jpg"), width: 512, height: 512, format: :jpeg)
#   Thumbkit.probe(jpeg).width # => 512
module Thumbkit
  # Header facts of an image (tk_info); booleans for the flag fields, format as a Symbol.
  Info = Struct.new(:format, :width, :height, :oriented_width, :oriented_height, :orientation,
                    :channels, :has_alpha, :has_icc, :has_exif, :progressive, :frames,
                    :bit_depth, :is_cmyk, keyword_init: true)

  INFO_FLAGS = %i[has_alpha has_icc has_exif progressive is_cmyk].freeze
  private_constant :INFO_FLAGS

  # One tk_ctx with its parameters set. Reuse it for many images on one thread; never share one
  # between threads that use it at the same time (the module functions make one per call).
  class Context
    def initialize(**options)
      raw = Native.tk_ctx_new
      raise Thumbkit.error_for(11, "tk_ctx_new failed") if raw.null? # TK_ERR_OUT_OF_MEMORY

      @ctx = FFI::AutoPointer.new(raw, Native.method(:tk_ctx_free))
      set(**options)
    end

    # Sets parameters (see Thumbkit::Options::PARAMS); returns self.
    def set(**options)
      Options.to_params(options).each { |param, value| check(Native.tk_set_int(@ctx, param, value)) }
      self
    end

    def get(name)
      value = FFI::MemoryPointer.new(:int64)
      check(Native.tk_get_int(@ctx, Options.param_id(name), value))
      value.read_int64
    end

    # Back to the default parameters.
    def reset
      Native.tk_ctx_reset(@ctx)
      self
    end

    # The encoded thumbnail as a binary String.
    def thumbnail(data)
      with_input(data) do |input, size|
        out = Native::Output.init
        check(Native.tk_thumbnail(@ctx, input, size, out))
        begin
          out[:data].read_bytes(out[:size]) # copy out before the library's buffer is freed
        ensure
          Native.tk_free(out[:data])
        end
      end
    end

    def probe(data)
      with_input(data) do |input, size|
        info = Native::Info.init
        check(Native.tk_probe(@ctx, input, size, info))
        fields = Info.members.to_h { |name| [name, info[name]] }
        fields[:format] = Options::FORMAT_NAMES.fetch(fields[:format], :unknown)
        INFO_FLAGS.each { |flag| fields[flag] = fields[flag] != 0 }
        Info.new(**fields).freeze
      end
    end

    # What #thumbnail would do for this input, as parsed JSON (tk_plan_json).
    def plan(data)
      with_input(data) do |input, size|
        json = FFI::MemoryPointer.new(:pointer)
        check(Native.tk_plan_json(@ctx, input, size, json))
        text = json.read_pointer
        begin
          JSON.parse(text.read_string)
        ensure
          Native.tk_free(text)
        end
      end
    end

    private

    # The bytes are copied into native memory: the calls run without the GVL, when a Ruby String
    # could be moved by GC compaction or changed by another thread.
    def with_input(data)
      data = data.to_str
      size = data.bytesize
      input = FFI::MemoryPointer.new(:uint8, [size, 1].max, false)
      input.put_bytes(0, data)
      yield input, size
    ensure
      input&.free
    end

    def check(code)
      return if code.zero?

      raise Thumbkit.error_for(code, Native.tk_last_error(@ctx))
    end
  end

  class << self
    # Makes a thumbnail of the image bytes in `data` and returns the encoded bytes (a binary
    # String). Options: see Thumbkit::Options::PARAMS, e.g. width:, height:, fit: :cover,
    # position: :centre, kernel: :lanczos3, format: :jpeg | :png | :webp | :same, quality: 80,
    # without_enlargement: true, max_pixels: 0 (unlimited) …
    def thumbnail(data, **options)
      Context.new(**options).thumbnail(data)
    end

    # Header facts of the image (a frozen Thumbkit::Info); decodes no pixels.
    def probe(data, **options)
      Context.new(**options).probe(data)
    end

    def plan(data, **options)
      Context.new(**options).plan(data)
    end

    # { min:, max:, default: } of an option, as the library documents it.
    def param_bounds(name)
      min, max, default = Array.new(3) { FFI::MemoryPointer.new(:int64) }
      code = Native.tk_param_bounds(Options.param_id(name), min, max, default)
      raise error_for(code, Native.tk_last_error(nil)) unless code.zero?

      { min: min.read_int64, max: max.read_int64, default: default.read_int64 }
    end

    # The version of the libthumbkit actually loaded (tk_version_string()).
    def library_version
      Native.tk_version_string
    end
  end
end
