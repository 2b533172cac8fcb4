# frozen_string_literal: true

module Thumbkit
  # Keyword arguments <-> tk_param values. Enums are symbols, switches are booleans.
  module Options
    FITS = { cover: 0, contain: 1, fill: 2, inside: 3, outside: 4 }.freeze
    POSITIONS = {
      centre: 0, center: 0, north: 1, northeast: 2, east: 3, southeast: 4, south: 5,
      southwest: 6, west: 7, northwest: 8
    }.freeze
    KERNELS = {
      nearest: 0, box: 1, linear: 2, cubic: 3, mitchell: 4, lanczos2: 5, lanczos3: 6
    }.freeze
    SHRINK_ON_LOAD = { off: 0, fast: 1, accurate: 2 }.freeze
    FORMATS = { same: 0, jpeg: 1, jpg: 1, png: 2, webp: 3 }.freeze
    SUBSAMPLING = { "420": 0, "444": 1 }.freeze
    PNG_FILTERS = { none: 0, sub: 1, up: 2, avg: 3, paeth: 4, adaptive: 5 }.freeze

    # keyword => [tk_param, kind]; kind is an enum table, :int, :bool, :tenths or :rgba.
    PARAMS = {
      width: [1, :int],
      height: [2, :int],
      fit: [3, FITS],
      position: [4, POSITIONS],
      without_enlargement: [5, :bool],
      kernel: [6, KERNELS],
      background: [7, :rgba],
      auto_orient: [8, :bool],
      shrink_on_load: [9, SHRINK_ON_LOAD],
      linear_light: [10, :bool],
      reducing_gap: [11, :tenths],
      format: [20, FORMATS],
      quality: [21, :int],
      jpeg_subsampling: [22, SUBSAMPLING],
      jpeg_progressive: [23, :bool],
      jpeg_optimize_coding: [24, :bool],
      png_level: [25, :int],
      png_filter: [26, PNG_FILTERS],
      webp_lossless: [27, :bool],
      webp_effort: [28, :int],
      webp_alpha_quality: [29, :int],
      keep_icc: [30, :bool],
      keep_exif: [31, :bool],
      # limits; 0 = unlimited
      max_pixels: [40, :int],
      max_input_bytes: [41, :int],
      max_dimension: [42, :int],
      max_output_dimension: [43, :int],
      max_scans: [44, :int],
      max_metadata_bytes: [45, :int],
      allow_corrupt: [46, :bool]
    }.freeze

    FORMAT_NAMES = { 0 => :same, 1 => :jpeg, 2 => :png, 3 => :webp, 255 => :unknown }.freeze

    module_function

    # [[tk_param, int64], ...] for the given keywords; ArgumentError for unknown keywords or
    # values of the wrong kind (numeric ranges are the library's to check).
    def to_params(options)
      options.map do |name, value|
        param, kind = PARAMS.fetch(name) do
          raise ArgumentError, "unknown thumbkit option #{name.inspect} " \
                               "(known: #{PARAMS.keys.join(', ')})"
        end
        [param, convert(name, kind, value)]
      end
    end

    def param_id(name)
      PARAMS.fetch(name) { raise ArgumentError, "unknown thumbkit option #{name.inspect}" }.first
    end

    def convert(name, kind, value)
      case kind
      when Hash then enum_value(name, kind, value)
      when :bool then bool_value(name, value)
      when :int then int_value(name, value)
      when :tenths then (Float(value) * 10).round
      when :rgba then rgba_value(name, value)
      end
    rescue TypeError, ArgumentError => e
      raise ArgumentError, "thumbkit option #{name}: #{e.message}"
    end

    # Symbols or strings; jpeg_subsampling also takes 420, 444, "4:2:0", "4:4:4".
    def enum_value(_name, table, value)
      key = value.to_s.downcase.delete(":").to_sym
      table.fetch(key) do
        raise ArgumentError, "#{value.inspect} is not one of #{table.keys.map(&:inspect).join(', ')}"
      end
    end

    def bool_value(_name, value)
      case value
      when true then 1
      when false, nil then 0
      else raise ArgumentError, "expected true or false, got #{value.inspect}"
      end
    end

    def int_value(_name, value)
      raise ArgumentError, "expected an Integer, got #{value.inspect}" unless value.is_a?(Integer)

      value
    end

    # 0xRRGGBBAA, or "#rgb", "#rrggbb", "#rrggbbaa" (opaque unless alpha is given).
    def rgba_value(_name, value)
      return value if value.is_a?(Integer)

      hex = value.to_s.delete_prefix("#")
      hex = hex.chars.map { |c| c * 2 }.join if hex.length == 3
      hex += "ff" if hex.length == 6
      raise ArgumentError, "expected 0xRRGGBBAA or \"#rrggbb[aa]\", got #{value.inspect}" unless
        hex.match?(/\A\h{8}\z/)

      hex.to_i(16)
    end
  end
end
