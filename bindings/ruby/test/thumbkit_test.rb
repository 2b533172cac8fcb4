# frozen_string_literal: true

require "test_helper"

class ThumbkitTest < Minitest::Test
  PHOTO = "bench/2569067123_aca715a2ee_o.jpg" # 2725x2225 JPEG

  def photo
    @photo ||= Fixtures.read(PHOTO)
  end

  def test_version_is_the_loaded_library_version
    assert_equal Thumbkit::Native.tk_version_string, Thumbkit::VERSION
    assert_equal Thumbkit::VERSION, Thumbkit.library_version
    major, minor, patch = Thumbkit::VERSION.split(".").map(&:to_i)
    assert_equal major * 10_000 + minor * 100 + patch, Thumbkit::Native.tk_version
  end

  def test_gemspec_takes_the_version_constant
    spec = Gem::Specification.load(File.expand_path("../thumbkit.gemspec", __dir__))
    assert_equal Thumbkit::VERSION, spec.version.to_s
    assert_includes spec.files, "lib/thumbkit.rb"
  end

  def test_soname_matches_the_version
    assert_equal "libthumbkit.so.#{Thumbkit::VERSION.split('.')[0, 2].join('.')}",
                 Thumbkit::Native::SONAME
  end

  def test_cover_jpeg_avatar
    jpeg = Thumbkit.thumbnail(photo, width: 512, height: 512, fit: :cover, format: :jpeg, quality: 80)
    assert_equal Encoding::BINARY, jpeg.encoding
    assert_equal "\xFF\xD8".b, jpeg[0, 2]
    info = Thumbkit.probe(jpeg)
    assert_equal [:jpeg, 512, 512], [info.format, info.width, info.height]
    refute info.has_exif
  end

  def test_output_formats
    { webp: "RIFF", png: "\x89PNG".b, jpeg: "\xFF\xD8".b }.each do |format, magic|
      out = Thumbkit.thumbnail(photo, width: 200, format: format)
      assert out.start_with?(magic), format.to_s
      info = Thumbkit.probe(out)
      assert_equal format, info.format
      assert_equal [200, 163], [info.width, info.height] # 2725x2225 keeps its aspect
    end
  end

  def test_same_format_keeps_the_input_format
    png = Fixtures.read("alpha/with-alpha.png")
    assert_equal :png, Thumbkit.probe(Thumbkit.thumbnail(png, width: 64)).format
  end

  def test_fit_and_position
    contain = Thumbkit.probe(Thumbkit.thumbnail(photo, width: 300, height: 100, fit: :contain,
                                                       background: "#ff000080", format: :png))
    assert_equal [300, 100], [contain.width, contain.height]
    assert contain.has_alpha
    inside = Thumbkit.probe(Thumbkit.thumbnail(photo, width: 300, height: 100, fit: :inside))
    assert_equal [122, 100], [inside.width, inside.height]
    # a tall crop of a landscape photo: west and east keep different columns
    west = Thumbkit.thumbnail(photo, width: 100, height: 300, position: :west, format: :png)
    east = Thumbkit.thumbnail(photo, width: 100, height: 300, position: :east, format: :png)
    refute west == east, "position: :west and :east gave the same image"
    assert_equal [100, 300], [Thumbkit.probe(west).width, Thumbkit.probe(west).height]
  end

  def test_every_option_is_accepted
    out = Thumbkit.thumbnail(
      photo, width: 64, height: 64, fit: :fill, position: :center, without_enlargement: false,
             kernel: :mitchell, background: 0xffffffff, auto_orient: true, shrink_on_load: :accurate,
             linear_light: false, reducing_gap: 2.0, format: :jpeg, quality: 90,
             jpeg_subsampling: "4:4:4", jpeg_progressive: true, jpeg_optimize_coding: true,
             png_level: 9, png_filter: :adaptive, webp_lossless: false, webp_effort: 6,
             webp_alpha_quality: 90, keep_icc: false, keep_exif: false, max_pixels: 0,
             max_input_bytes: 0, max_dimension: 0, max_output_dimension: 0, max_scans: 0,
             max_metadata_bytes: 0, allow_corrupt: false
    )
    info = Thumbkit.probe(out)
    assert info.progressive
    assert_equal [64, 64], [info.width, info.height]
    assert_equal Thumbkit::Options::PARAMS.size, 30
  end

  def test_context_reuse_and_get
    ctx = Thumbkit::Context.new(width: 32, format: :webp)
    assert_equal 32, ctx.get(:width)
    assert_equal 3, ctx.get(:format)
    assert_equal :webp, Thumbkit.probe(ctx.thumbnail(photo)).format
    assert_equal 80, ctx.reset.get(:quality)
  end

  def test_enlargement_is_off_by_default
    small = Fixtures.read("misc/random.jpg") # 200x200
    assert_equal 200, Thumbkit.probe(Thumbkit.thumbnail(small, width: 400)).width
    assert_equal 400, Thumbkit.probe(Thumbkit.thumbnail(small, width: 400,
                                                               without_enlargement: false)).width
  end

  def test_auto_orient
    %w[Landscape Portrait].each do |shape|
      upright = Thumbkit.probe(Fixtures.read("orientation/#{shape}_1.jpg"))
      (2..8).each do |orientation|
        data = Fixtures.read("orientation/#{shape}_#{orientation}.jpg")
        info = Thumbkit.probe(data)
        assert_equal orientation, info.orientation
        assert_equal [upright.width, upright.height], [info.oriented_width, info.oriented_height]
        thumb = Thumbkit.probe(Thumbkit.thumbnail(data, width: 100))
        assert_equal [100, 1], [thumb.width, thumb.orientation]
        assert_equal (100.0 * upright.height / upright.width).round, thumb.height
      end
    end
  end

  def test_probe_is_a_frozen_struct_of_every_tk_info_field
    info = Thumbkit.probe(Fixtures.read("orientation/Landscape_6.jpg"))
    assert info.frozen?
    assert_equal Thumbkit::Native::Info.members - [:struct_size], Thumbkit::Info.members
    assert_equal({ format: :jpeg, width: 450, height: 600, oriented_width: 600, oriented_height: 450,
                   orientation: 6, channels: 3, has_alpha: false, has_icc: true, has_exif: true,
                   progressive: false, frames: 1, bit_depth: 8, is_cmyk: false }, info.to_h)
    assert_raises(FrozenError) { info.width = 1 }
  end

  def test_probe_flags
    assert Thumbkit.probe(Fixtures.read("color/Channel_digital_image_CMYK_color.jpg")).is_cmyk
    assert_equal 16, Thumbkit.probe(Fixtures.read("alpha/bggn4a16.png")).bit_depth
    alpha = Thumbkit.probe(Fixtures.read("alpha/with-alpha.png"))
    assert alpha.has_alpha
    assert_equal 4, alpha.channels
    assert_operator Thumbkit.probe(Fixtures.read("webp/animated-loop-3.webp")).frames, :>, 1
  end

  def test_plan_and_bounds
    plan = Thumbkit.plan(photo, width: 512, height: 512)
    assert_equal({ "width" => 512, "height" => 512 }, plan["canvas"])
    assert_equal({ min: 1, max: 100, default: 80 }, Thumbkit.param_bounds(:quality))
    assert_equal 268_402_689, Thumbkit.param_bounds(:max_pixels)[:default]
  end

  def test_four_threads_give_identical_output
    inputs = [photo, Fixtures.read("webp/4.webp"), Fixtures.read("alpha/alpha-premultiply-1024x768-paper.png"),
              Fixtures.read("misc/test-pattern.png")]
    options = { width: 256, height: 256, format: :webp }
    expected = inputs.map { |data| Thumbkit.thumbnail(data, **options) }
    3.times do
      threads = inputs.map { |data| Thread.new { 3.times.map { Thumbkit.thumbnail(data, **options) } } }
      threads.zip(expected).each do |thread, want|
        thread.value.each { |got| assert want == got, "a thread's output differs" }
      end
    end
  end

  # blocking: true releases the GVL, so Ruby keeps running while one call works.
  def test_long_calls_release_the_gvl
    data = Fixtures.read("misc/gain-map.jpg") # 3840x2160
    done = false
    worker = Thread.new do
      Thumbkit.thumbnail(data, width: 3000, shrink_on_load: :off, format: :png, png_level: 9)
    ensure
      done = true
    end
    start = last = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    gaps = []
    until done
      sleep 0.005
      now = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      gaps << now - last
      last = now
    end
    worker.join
    duration = last - start
    # Holding the GVL, the call would block this thread throughout: one wake-up at most. (No
    # bound on the gaps themselves: on a loaded machine the scheduler decides those.)
    assert_operator gaps.size, :>=, 3, "the main thread never ran during a #{duration}s call"
  end
end
