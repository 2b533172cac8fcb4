# frozen_string_literal: true

require "test_helper"

class ErrorsTest < Minitest::Test
  def assert_thumbkit_error(klass, status, http, data, **options)
    error = assert_raises(klass) { Thumbkit.thumbnail(data, **options) }
    assert_kind_of Thumbkit::Error, error
    assert_equal status, error.status
    assert_equal http, error.http_status
    assert_equal Thumbkit::Native.tk_status_http(error.code), error.http_status
    assert_match(/\A#{status}: \S/, error.message) # the name, then tk_last_error's text
    error
  end

  def test_unknown_format
    assert_thumbkit_error Thumbkit::UnknownFormatError, "TK_ERR_UNKNOWN_FORMAT", 415, "not an image"
    assert_thumbkit_error Thumbkit::UnknownFormatError, "TK_ERR_UNKNOWN_FORMAT", 415, ""
  end

  def test_corrupt
    error = assert_thumbkit_error(Thumbkit::CorruptError, "TK_ERR_CORRUPT", 422,
                                  Fixtures.read("bad/png-crashers/badcrc.png"))
    assert_match(/CRC/, error.message)
  end

  def test_truncated
    assert_thumbkit_error Thumbkit::TruncatedError, "TK_ERR_TRUNCATED", 422, Fixtures.read("bad/truncated.jpg")
    assert_thumbkit_error Thumbkit::TruncatedError, "TK_ERR_TRUNCATED", 422, Fixtures.read("bad/truncated.png")
  end

  def test_unsupported
    assert_thumbkit_error Thumbkit::UnsupportedError, "TK_ERR_UNSUPPORTED", 415,
                          Fixtures.read("unsupported/monkey12.jpg")
  end

  def test_limits
    photo = Fixtures.read("misc/320x240.jpg")
    error = assert_thumbkit_error(Thumbkit::LimitError, "TK_ERR_LIMIT_PIXELS", 413, photo,
                                  max_pixels: 320 * 240 - 1)
    assert_match(/max_input_pixels/, error.message)
    assert_thumbkit_error Thumbkit::LimitError, "TK_ERR_LIMIT_INPUT_BYTES", 413, photo, max_input_bytes: 1000
    assert_thumbkit_error Thumbkit::LimitError, "TK_ERR_LIMIT_DIMENSION", 413, photo, max_dimension: 100
    assert_thumbkit_error Thumbkit::LimitError, "TK_ERR_LIMIT_METADATA", 413,
                          Fixtures.read("bad/png-crashers/huge_tEXt_chunk.png")
    assert_equal 320, Thumbkit.probe(Thumbkit.thumbnail(photo, max_pixels: 320 * 240)).width
  end

  def test_max_pixels_zero_is_unlimited
    giant = Fixtures.read("bench/giant-image.jpg") # 20000x14000, above the default limit
    assert_raises(Thumbkit::LimitError) { Thumbkit.probe(giant) }
    info = Thumbkit.probe(giant, max_pixels: 0)
    assert_equal [20_000, 14_000], [info.width, info.height]
  end

  def test_invalid_parameter_values
    error = assert_raises(Thumbkit::InvalidArgumentError) { Thumbkit.thumbnail("x", quality: 101) }
    assert_equal ["TK_ERR_INVALID_ARGUMENT", 400], [error.status, error.http_status]
    assert_match(/QUALITY/, error.message)
  end

  def test_ruby_argument_errors
    assert_raises(ArgumentError) { Thumbkit.thumbnail("x", widht: 10) }
    assert_raises(ArgumentError) { Thumbkit.thumbnail("x", fit: :squash) }
    assert_raises(ArgumentError) { Thumbkit.thumbnail("x", width: "10") }
    assert_raises(ArgumentError) { Thumbkit.thumbnail("x", jpeg_progressive: 1) }
    assert_raises(ArgumentError) { Thumbkit.thumbnail("x", background: "#12") }
    assert_raises(TypeError, NoMethodError) { Thumbkit.thumbnail(nil) }
  end

  def test_status_mapping_covers_the_enum
    (1..13).each do |code|
      error = Thumbkit.error_for(code, "m")
      assert_equal Thumbkit::Native.tk_status_name(code), error.status
      refute_equal Thumbkit::Error, error.class, error.status
    end
    assert_equal "TK_ERR_UNKNOWN_STATUS", Thumbkit.error_for(99, "").status
    assert_instance_of Thumbkit::Error, Thumbkit.error_for(99, "")
    assert_instance_of Thumbkit::OutOfMemoryError, Thumbkit.error_for(11, "")
  end
end
