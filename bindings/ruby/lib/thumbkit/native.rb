# frozen_string_literal: true

require "ffi"

module Thumbkit
  # The C ABI of include/thumbkit/thumbkit.h, nothing more. Everything Ruby-ish lives elsewhere.
  module Native
    extend FFI::Library

    # The installed library by SONAME, so the gem keeps working across patch releases and never
    # loads an ABI-incompatible major/minor; THUMBKIT_LIBRARY points at another build (the tests
    # use the build tree's).
    SONAME = "libthumbkit.so.0.1"
    LIBRARY = ENV.fetch("THUMBKIT_LIBRARY", "").empty? ? SONAME : ENV.fetch("THUMBKIT_LIBRARY")

    begin
      ffi_lib LIBRARY
    rescue LoadError => e
      raise LoadError, "thumbkit: cannot load #{LIBRARY} (install libthumbkit or set " \
                       "THUMBKIT_LIBRARY to its path): #{e.message}"
    end

    # Public enums are pinned to 32 bits (TK_*_FORCE_INT32_).
    typedef :int32, :tk_status
    typedef :int32, :tk_param
    typedef :int32, :tk_format
    typedef :pointer, :tk_ctx

    class Info < FFI::Struct
      layout :struct_size, :size_t,
             :format, :int32,
             :width, :uint32,
             :height, :uint32,
             :oriented_width, :uint32,
             :oriented_height, :uint32,
             :orientation, :uint32,
             :channels, :uint32,
             :has_alpha, :uint32,
             :has_icc, :uint32,
             :has_exif, :uint32,
             :progressive, :uint32,
             :frames, :uint32,
             :bit_depth, :uint32,
             :is_cmyk, :uint32

      # TK_INFO_INIT
      def self.init
        info = new
        info[:struct_size] = size
        info[:format] = 255
        info[:orientation] = 1
        info[:frames] = 1
        info
      end
    end

    class Output < FFI::Struct
      layout :struct_size, :size_t,
             :data, :pointer,
             :size, :size_t,
             :format, :int32,
             :width, :uint32,
             :height, :uint32

      # TK_OUTPUT_INIT
      def self.init
        out = new
        out[:struct_size] = size
        out[:format] = 255
        out
      end
    end

    attach_function :tk_ctx_new, [], :tk_ctx
    attach_function :tk_ctx_free, [:tk_ctx], :void
    attach_function :tk_ctx_reset, [:tk_ctx], :void
    attach_function :tk_set_int, %i[tk_ctx tk_param int64], :tk_status
    attach_function :tk_get_int, %i[tk_ctx tk_param pointer], :tk_status
    attach_function :tk_param_bounds, %i[tk_param pointer pointer pointer], :tk_status
    attach_function :tk_last_error, [:tk_ctx], :string
    attach_function :tk_status_name, [:tk_status], :string
    attach_function :tk_status_http, [:tk_status], :int
    attach_function :tk_format_name, [:tk_format], :string
    attach_function :tk_free, [:pointer], :void
    attach_function :tk_version, [], :uint
    attach_function :tk_version_string, [], :string

    # The calls that decode, resample or encode release the GVL so Ruby threads run them in
    # parallel. Their inputs are copied to native memory first (Thumbkit::Context), so no Ruby
    # object is touched while the GVL is released.
    attach_function :tk_probe, %i[tk_ctx pointer size_t pointer], :tk_status, blocking: true
    attach_function :tk_thumbnail, %i[tk_ctx pointer size_t pointer], :tk_status, blocking: true
    attach_function :tk_plan_json, %i[tk_ctx pointer size_t pointer], :tk_status, blocking: true
  end
end
