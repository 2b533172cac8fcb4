// The benchmark tasks of ../shared/bench/TASKS.md, single thread, in-process:
//   thumbkit/T1..T5              end to end through tk_thumbnail (bytes in, bytes out)
//   thumbkit/T*/<stage>          the stages the public API exposes (tk_decode, tk_resize,
//   tk_encode) thumbkit/resample/<case>     tk_resize on raw buffers (the resampler alone)
//   vips/T1..T5, vips/resample/* the same with libvips when it was found at build time (a peer)
// bench/run.sh runs this beside sharp and Pillow and prints the ratios; see README "Performance".
//
// Besides the Google Benchmark flags:
//   thumbkit-bench --once thumbkit|vips TASK OUT   runs one task once and writes OUT (peak RSS,
//                                                  fidelity); TASK is T1..T5, or T1png: T1's
//                                                  geometry saved as PNG (resize fidelity alone),
//                                                  T1accurate: the same in the accurate
//                                                  shrink-on-load mode, T1raw (thumbkit only):
//                                                  tk_resize of the full decode, as PNG.
// THUMBKIT_BENCH_NOISE=FILE: the 2560x1600 RGB source (raw bytes), else synthesised here.
#include <benchmark/benchmark.h>
#include <thumbkit/thumbkit.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#ifdef TK_BENCH_HAVE_VIPS
#include <vips/vips.h>
#endif

namespace {

// ---- Inputs -------------------------------------------------------------------------------

const char kPhoto[] = "2569067123_aca715a2ee_o.jpg";            // 2725x2225 RGB 4:2:0
const char kPaper[] = "alpha-premultiply-2048x1536-paper.png";  // 2048x1536 RGBA
const char kGiant[] = "giant-image.jpg";                        // 20000x14000 grey

const std::vector<uint8_t>& Fixture(const std::string& name) {
  static std::map<std::string, std::vector<uint8_t>> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  const std::string path = std::string(TK_FIXTURES_DIR) + "/bench/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read fixture " + path);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return cache.emplace(name, std::move(bytes)).first->second;
}

struct Raw {
  std::vector<uint8_t> data;
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t channels = 0;
  tk_pixels View() const {
    tk_pixels p = TK_PIXELS_INIT;
    p.data = const_cast<uint8_t*>(data.data());
    p.width = width;
    p.height = height;
    p.stride = size_t{width} * channels;
    p.format = static_cast<tk_pixel_format>(channels);  // GRAY8..RGBA8 are 1..4
    return p;
  }
};

[[noreturn]] void Fail(const std::string& what, const tk_ctx* ctx) {
  throw std::runtime_error(what + ": " + tk_last_error(ctx));
}

// Copies a library-allocated buffer into a tightly packed Raw and frees it.
Raw TakePixels(const tk_pixels& p) {
  Raw raw;
  raw.width = p.width;
  raw.height = p.height;
  raw.channels = static_cast<uint32_t>(p.format);
  const size_t row = size_t{p.width} * raw.channels;
  raw.data.resize(row * p.height);
  for (uint32_t y = 0; y < p.height; ++y) {
    std::memcpy(raw.data.data() + y * row, static_cast<const uint8_t*>(p.data) + y * p.stride, row);
  }
  tk_free(p.data);
  return raw;
}

// A fixture decoded once at full size (tk_decode: no shrink-on-load).
const Raw& Decoded(const std::string& name) {
  static std::map<std::string, Raw> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  const std::vector<uint8_t>& bytes = Fixture(name);
  tk_ctx* ctx = tk_ctx_new();
  tk_set_int(ctx, TK_PARAM_MAX_INPUT_PIXELS, 0);
  tk_pixels p = TK_PIXELS_INIT;
  if (tk_decode(ctx, bytes.data(), bytes.size(), &p) != TK_OK) Fail("tk_decode " + name, ctx);
  tk_ctx_free(ctx);
  return cache.emplace(name, TakePixels(p)).first->second;
}

Raw ResizeOnce(const Raw& src, uint32_t width, uint32_t height) {
  tk_ctx* ctx = tk_ctx_new();
  const tk_pixels in = src.View();
  tk_pixels out = TK_PIXELS_INIT;
  out.width = width;
  out.height = height;
  out.format = in.format;
  if (tk_resize(ctx, &in, &out) != TK_OK) Fail("tk_resize", ctx);
  tk_ctx_free(ctx);
  return TakePixels(out);
}

// What tk_thumbnail feeds its resampler after JPEG shrink-on-load: the full decode brought to
// ceil(size / denom) once, here, so the resize stage can be timed alone.
const Raw& ShrunkOnLoad(const std::string& name, uint32_t denom) {
  static std::map<std::pair<std::string, uint32_t>, Raw> cache;
  const auto key = std::make_pair(name, denom);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  const Raw& full = Decoded(name);
  Raw shrunk =
      ResizeOnce(full, (full.width + denom - 1) / denom, (full.height + denom - 1) / denom);
  return cache.emplace(key, std::move(shrunk)).first->second;
}

// The Pillow-SIMD benchmark source: 2560x1600 RGB noise, from THUMBKIT_BENCH_NOISE (so every
// tool resizes the same bytes) or synthesised deterministically.
const Raw& Noise() {
  static Raw raw = [] {
    Raw r;
    r.width = 2560;
    r.height = 1600;
    r.channels = 3;
    r.data.resize(size_t{r.width} * r.height * r.channels);
    const char* path = std::getenv("THUMBKIT_BENCH_NOISE");
    if (path != nullptr && *path != '\0') {
      std::ifstream in(path, std::ios::binary);
      in.read(reinterpret_cast<char*>(r.data.data()), static_cast<std::streamsize>(r.data.size()));
      if (!in) throw std::runtime_error(std::string("cannot read 2560x1600x3 bytes from ") + path);
    } else {
      std::mt19937 rng(1);
      for (uint8_t& b : r.data) b = static_cast<uint8_t>(rng() >> 24);
    }
    return r;
  }();
  return raw;
}

// ---- Tasks (TASKS.md) -----------------------------------------------------------------------

using Params = std::vector<std::pair<tk_param, int64_t>>;

struct Task {
  const char* id;
  const char* fixture;
  Params params;
};

const std::vector<Task>& Tasks() {
  static const std::vector<Task> tasks = {
      {"T1",
       kPhoto,
       {{TK_PARAM_WIDTH, 720},
        {TK_PARAM_HEIGHT, 588},
        {TK_PARAM_FIT, TK_FIT_FILL},
        {TK_PARAM_QUALITY, 80},
        {TK_PARAM_FORMAT, TK_FORMAT_JPEG}}},
      {"T2",
       kPaper,
       {{TK_PARAM_WIDTH, 720},
        {TK_PARAM_HEIGHT, 540},
        {TK_PARAM_FIT, TK_FIT_FILL},
        {TK_PARAM_PNG_LEVEL, 6},
        {TK_PARAM_PNG_FILTER, TK_PNG_FILTER_NONE},
        {TK_PARAM_FORMAT, TK_FORMAT_PNG}}},
      {"T3",
       kPhoto,
       {{TK_PARAM_WIDTH, 720},
        {TK_PARAM_HEIGHT, 588},
        {TK_PARAM_FIT, TK_FIT_FILL},
        {TK_PARAM_QUALITY, 80},
        {TK_PARAM_WEBP_EFFORT, 4},
        {TK_PARAM_FORMAT, TK_FORMAT_WEBP}}},
      {"T4",
       kPhoto,
       {{TK_PARAM_WIDTH, 512},
        {TK_PARAM_HEIGHT, 512},
        {TK_PARAM_FIT, TK_FIT_COVER},
        {TK_PARAM_AUTO_ORIENT, 1},
        {TK_PARAM_QUALITY, 80},
        {TK_PARAM_FORMAT, TK_FORMAT_JPEG}}},
      {"T5",
       kGiant,
       {{TK_PARAM_WIDTH, 256},
        {TK_PARAM_MAX_INPUT_PIXELS, 0},
        {TK_PARAM_QUALITY, 80},
        {TK_PARAM_FORMAT, TK_FORMAT_JPEG}}},
  };
  return tasks;
}

const Task* FindTask(const std::string& id) {
  for (const Task& t : Tasks()) {
    if (id == t.id) return &t;
  }
  return nullptr;
}

tk_ctx* NewCtx(const Params& params) {
  tk_ctx* ctx = tk_ctx_new();
  for (const auto& [param, value] : params) {
    if (tk_set_int(ctx, param, value) != TK_OK) Fail("tk_set_int", ctx);
  }
  return ctx;
}

// One encoded output, owned; `ok` false with the message in `error`.
struct Encoded {
  std::vector<uint8_t> bytes;
  std::string error;
  bool ok = false;
};

// The bytes a tk_thumbnail or tk_encode call wrote to `out` (freed here), or its error; frees
// the context.
Encoded TakeOutput(tk_ctx* ctx, tk_status status, tk_output& out) {
  Encoded e;
  if (status == TK_OK) {
    const uint8_t* p = static_cast<const uint8_t*>(out.data);
    e.bytes.assign(p, p + out.size);
    tk_free(out.data);
    e.ok = true;
  } else {
    e.error = tk_last_error(ctx);
  }
  tk_ctx_free(ctx);
  return e;
}

Encoded ThumbkitTask(const Task& task) {
  const std::vector<uint8_t>& input = Fixture(task.fixture);
  tk_ctx* ctx = NewCtx(task.params);
  tk_output out = TK_OUTPUT_INIT;
  return TakeOutput(ctx, tk_thumbnail(ctx, input.data(), input.size(), &out), out);
}

// The JPEG shrink-on-load denominator tk_thumbnail plans for this task (1 when none).
uint32_t PlannedJpegDenom(const Task& task) {
  tk_ctx* ctx = NewCtx(task.params);
  const std::vector<uint8_t>& input = Fixture(task.fixture);
  char* json = nullptr;
  if (tk_plan_json(ctx, input.data(), input.size(), &json) != TK_OK) Fail("tk_plan_json", ctx);
  const std::string text(json);
  tk_free(json);
  tk_ctx_free(ctx);
  const std::string key = "\"jpeg_scale_denom\":";
  const size_t at = text.find(key);
  if (at == std::string::npos) return 1;
  const long denom = std::strtol(text.c_str() + at + key.size(), nullptr, 10);
  return denom > 0 ? static_cast<uint32_t>(denom) : 1;
}

// ---- Benchmark bodies -----------------------------------------------------------------------

void ThumbkitEndToEnd(benchmark::State& state, const Task& task) {
  const std::vector<uint8_t>& input = Fixture(task.fixture);
  tk_ctx* ctx = NewCtx(task.params);
  size_t out_bytes = 0;
  for (auto _ : state) {
    tk_output out = TK_OUTPUT_INIT;
    if (tk_thumbnail(ctx, input.data(), input.size(), &out) != TK_OK) {
      state.SkipWithError(tk_last_error(ctx));
      break;
    }
    out_bytes = out.size;
    tk_free(out.data);
  }
  state.counters["out_bytes"] = static_cast<double>(out_bytes);
  tk_ctx_free(ctx);
}

// The same task from every benchmark thread at once, one tk_ctx each: images/s across threads
// (items_per_second) shows how the library scales with cores.
void ThumbkitThroughput(benchmark::State& state, const Task& task) {
  const std::vector<uint8_t>& input = Fixture(task.fixture);  // loaded before threads start
  tk_ctx* ctx = NewCtx(task.params);
  for (auto _ : state) {
    tk_output out = TK_OUTPUT_INIT;
    if (tk_thumbnail(ctx, input.data(), input.size(), &out) != TK_OK) {
      state.SkipWithError(tk_last_error(ctx));
      break;
    }
    tk_free(out.data);
  }
  state.SetItemsProcessed(state.iterations());
  tk_ctx_free(ctx);
}

void ThumbkitDecode(benchmark::State& state, const Task& task) {
  const std::vector<uint8_t>& input = Fixture(task.fixture);
  tk_ctx* ctx = NewCtx(task.params);
  for (auto _ : state) {
    tk_pixels p = TK_PIXELS_INIT;
    if (tk_decode(ctx, input.data(), input.size(), &p) != TK_OK) {
      state.SkipWithError(tk_last_error(ctx));
      break;
    }
    benchmark::DoNotOptimize(p.data);
    tk_free(p.data);
  }
  tk_ctx_free(ctx);
}

void ThumbkitResize(benchmark::State& state, const Raw& src, uint32_t width, uint32_t height,
                    tk_kernel kernel, int reducing_gap_tenths) {
  tk_ctx* ctx = tk_ctx_new();
  tk_set_int(ctx, TK_PARAM_KERNEL, kernel);
  tk_set_int(ctx, TK_PARAM_REDUCING_GAP, reducing_gap_tenths);
  const tk_pixels in = src.View();
  std::vector<uint8_t> dst(size_t{width} * height * src.channels);
  tk_pixels out = TK_PIXELS_INIT;
  out.data = dst.data();
  out.width = width;
  out.height = height;
  out.stride = size_t{width} * src.channels;
  out.format = in.format;
  for (auto _ : state) {
    if (tk_resize(ctx, &in, &out) != TK_OK) {
      state.SkipWithError(tk_last_error(ctx));
      break;
    }
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  }
  const double src_px = static_cast<double>(src.width) * src.height;
  state.counters["src_Mpx_per_s"] = benchmark::Counter(
      src_px * 1e-6 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["out_bytes"] = static_cast<double>(dst.size());
  tk_ctx_free(ctx);
}

void ThumbkitEncode(benchmark::State& state, const Task& task, const Raw& src) {
  tk_ctx* ctx = NewCtx(task.params);
  const tk_pixels in = src.View();
  size_t out_bytes = 0;
  for (auto _ : state) {
    tk_output out = TK_OUTPUT_INIT;
    if (tk_encode(ctx, &in, &out) != TK_OK) {
      state.SkipWithError(tk_last_error(ctx));
      break;
    }
    out_bytes = out.size;
    tk_free(out.data);
  }
  state.counters["out_bytes"] = static_cast<double>(out_bytes);
  tk_ctx_free(ctx);
}

// ---- Resampler-only cases -------------------------------------------------------------------

struct ResampleCase {
  std::string name;
  std::function<const Raw&()> source;
  uint32_t width;
  uint32_t height;
  tk_kernel kernel;
  int reducing_gap_tenths = 0;  // 0: exact (thumbkit's default); peers always run their default
};

std::vector<ResampleCase> ResampleCases() {
  std::vector<ResampleCase> cases;
  const std::pair<const char*, tk_kernel> kernels[] = {
      {"lanczos3", TK_KERNEL_LANCZOS3}, {"cubic", TK_KERNEL_CUBIC}, {"linear", TK_KERNEL_LINEAR}};
  for (const auto& [kname, kernel] : kernels) {
    for (const auto& [w, h] : {std::pair<uint32_t, uint32_t>{320, 200}, {2048, 1280}}) {
      cases.push_back({"rgb2560x1600-" + std::to_string(w) + "x" + std::to_string(h) + "-" + kname,
                       Noise, w, h, kernel});
    }
  }
  cases.push_back({"rgb2725x2225-720x588-lanczos3", [] { return std::cref(Decoded(kPhoto)); }, 720,
                   588, TK_KERNEL_LANCZOS3});
  cases.push_back({"rgba2048x1536-720x540-lanczos3", [] { return std::cref(Decoded(kPaper)); }, 720,
                   540, TK_KERNEL_LANCZOS3});
  cases.push_back({"grey20000x14000-256x179-lanczos3", [] { return std::cref(Decoded(kGiant)); },
                   256, 179, TK_KERNEL_LANCZOS3});
  // The same with a box pre-shrink that leaves 2x for the kernel, as vips_resize does by default.
  cases.push_back({"grey20000x14000-256x179-lanczos3-gap2",
                   [] { return std::cref(Decoded(kGiant)); }, 256, 179, TK_KERNEL_LANCZOS3, 20});
  return cases;
}

// ---- libvips, the in-process peer -----------------------------------------------------------

#ifdef TK_BENCH_HAVE_VIPS

struct VipsUnref {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};
using VipsRef = std::unique_ptr<VipsImage, VipsUnref>;

std::string VipsError() {
  std::string message = vips_error_buffer();
  vips_error_clear();
  return message;
}

// vips_thumbnail_buffer + vips_*save_buffer, as TASKS.md describes each task; metadata stripped
// and JPEG Huffman tables optimised, as thumbkit and sharp do by default. "T1png" (--once only):
// T1's geometry saved losslessly, so fidelity measures the resize alone.
Encoded VipsTask(const std::string& id, const std::vector<uint8_t>& input, bool keep) {
  Encoded e;
  void* buf = const_cast<uint8_t*>(input.data());
  VipsImage* thumb = nullptr;
  int rc = 0;
  if (id == "T1" || id == "T3" || id == "T1png") {
    rc = vips_thumbnail_buffer(buf, input.size(), &thumb, 720, "height", 588, "size",
                               VIPS_SIZE_FORCE, nullptr);
  } else if (id == "T2") {
    rc = vips_thumbnail_buffer(buf, input.size(), &thumb, 720, "height", 540, "size",
                               VIPS_SIZE_FORCE, nullptr);
  } else if (id == "T4") {
    rc = vips_thumbnail_buffer(buf, input.size(), &thumb, 512, "height", 512, "crop",
                               VIPS_INTERESTING_CENTRE, nullptr);
  } else {
    rc = vips_thumbnail_buffer(buf, input.size(), &thumb, 256, nullptr);
  }
  if (rc != 0) {
    e.error = VipsError();
    return e;
  }
  VipsRef image(thumb);
  void* out = nullptr;
  size_t size = 0;
  if (id == "T2" || id == "T1png") {
    rc = vips_pngsave_buffer(image.get(), &out, &size, "compression", 6, "filter",
                             VIPS_FOREIGN_PNG_FILTER_NONE, "strip", TRUE, nullptr);
  } else if (id == "T3") {
    rc = vips_webpsave_buffer(image.get(), &out, &size, "Q", 80, "effort", 4, "strip", TRUE,
                              nullptr);
  } else {
    rc = vips_jpegsave_buffer(image.get(), &out, &size, "Q", 80, "optimize_coding", TRUE, "strip",
                              TRUE, nullptr);
  }
  if (rc != 0) {
    e.error = VipsError();
    return e;
  }
  const uint8_t* p = static_cast<const uint8_t*>(out);
  if (keep) {
    e.bytes.assign(p, p + size);
  } else {
    e.bytes.resize(size);  // the size is all the benchmark loop reports
  }
  g_free(out);
  e.ok = true;
  return e;
}

void VipsEndToEnd(benchmark::State& state, const Task& task) {
  const std::vector<uint8_t>& input = Fixture(task.fixture);
  size_t out_bytes = 0;
  for (auto _ : state) {
    const Encoded e = VipsTask(task.id, input, false);
    if (!e.ok) {
      state.SkipWithError(e.error.c_str());
      break;
    }
    out_bytes = e.bytes.size();
  }
  state.counters["out_bytes"] = static_cast<double>(out_bytes);
}

VipsKernel ToVips(tk_kernel kernel) {
  switch (kernel) {
    case TK_KERNEL_CUBIC:
      return VIPS_KERNEL_CUBIC;
    case TK_KERNEL_LINEAR:
      return VIPS_KERNEL_LINEAR;
    default:
      return VIPS_KERNEL_LANCZOS3;
  }
}

// vips_resize on a raw buffer to exactly width x height (its defaults otherwise, so gap 2.0:
// large reductions start with a box shrink). RGBA is premultiplied around the resize, as
// vips_thumbnail and tk_resize do, then cast back to 8 bits.
void VipsResize(benchmark::State& state, const Raw& src, uint32_t width, uint32_t height,
                tk_kernel kernel) {
  const double hscale = static_cast<double>(width) / src.width;
  const double vscale = static_cast<double>(height) / src.height;
  size_t out_bytes = 0;
  for (auto _ : state) {
    VipsRef in(vips_image_new_from_memory(src.data.data(), src.data.size(),
                                          static_cast<int>(src.width), static_cast<int>(src.height),
                                          static_cast<int>(src.channels), VIPS_FORMAT_UCHAR));
    VipsImage* t = nullptr;
    VipsRef resized;
    bool ok = in != nullptr;
    if (ok && src.channels == 4) {
      VipsImage* pre = nullptr;
      ok = vips_premultiply(in.get(), &pre, nullptr) == 0;
      VipsRef premultiplied(pre);
      ok = ok && vips_resize(premultiplied.get(), &t, hscale, "vscale", vscale, "kernel",
                             ToVips(kernel), nullptr) == 0;
      VipsRef r(t);
      VipsImage* un = nullptr;
      ok = ok && vips_unpremultiply(r.get(), &un, nullptr) == 0;
      VipsRef unpremultiplied(un);
      VipsImage* cast = nullptr;
      ok = ok && vips_cast_uchar(unpremultiplied.get(), &cast, nullptr) == 0;
      resized.reset(cast);
    } else if (ok) {
      ok = vips_resize(in.get(), &t, hscale, "vscale", vscale, "kernel", ToVips(kernel), nullptr) ==
           0;
      resized.reset(t);
    }
    size_t size = 0;
    void* pixels = ok ? vips_image_write_to_memory(resized.get(), &size) : nullptr;
    if (pixels == nullptr) {
      state.SkipWithError(VipsError().c_str());
      break;
    }
    if (static_cast<uint32_t>(resized->Xsize) != width ||
        static_cast<uint32_t>(resized->Ysize) != height) {
      g_free(pixels);
      state.SkipWithError("vips_resize gave another size");
      break;
    }
    out_bytes = size;
    g_free(pixels);
  }
  const double src_px = static_cast<double>(src.width) * src.height;
  state.counters["src_Mpx_per_s"] = benchmark::Counter(
      src_px * 1e-6 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["out_bytes"] = static_cast<double>(out_bytes);
}

#endif  // TK_BENCH_HAVE_VIPS

// ---- Registration ---------------------------------------------------------------------------

void Configure(benchmark::internal::Benchmark* b) {
  // Wall time (the peers' scripts measure wall time too). Repetitions and warm-up come from the
  // command line (run.sh: 15 and 0.2 s); the median is the figure run.sh reads.
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

void RegisterAll() {
  for (const Task& task : Tasks()) {
    const std::string id = task.id;
    Configure(benchmark::RegisterBenchmark(("thumbkit/" + id).c_str(), ThumbkitEndToEnd, task));
    if (id == "T1") {
      // #4's accurate mode: no shrink-on-load below a 2x margin (here: a full-size decode).
      Task accurate = task;
      accurate.params.push_back({TK_PARAM_SHRINK_ON_LOAD, TK_SHRINK_ON_LOAD_ACCURATE});
      Configure(benchmark::RegisterBenchmark("thumbkit/T1accurate", ThumbkitEndToEnd, accurate));
      Fixture(task.fixture);  // the cache is filled here, not by racing benchmark threads
      Configure(benchmark::RegisterBenchmark("thumbkit/threads/T1", ThumbkitThroughput, task)
                    ->Threads(1)
                    ->Threads(2));
    }
  }
  // Stages, as far as the public API reaches: tk_decode is always a full-size decode, so the
  // shrink-on-load decode tk_thumbnail does shows up only as e2e - resize - encode (run.sh).
  for (const Task& task : Tasks()) {
    const std::string id = task.id;
    if (id == "T4") continue;  // cover crop: e2e only
    const Task* t = &task;
    if (id != "T3") {  // T3 decodes and resizes as T1
      Configure(benchmark::RegisterBenchmark(("thumbkit/" + id + "/decode_full").c_str(),
                                             ThumbkitDecode, task));
      Configure(benchmark::RegisterBenchmark(
          ("thumbkit/" + id + "/resize").c_str(), [t](benchmark::State& s) {
            const uint32_t denom = PlannedJpegDenom(*t);
            const Raw& src = denom > 1 ? ShrunkOnLoad(t->fixture, denom) : Decoded(t->fixture);
            uint32_t w = 0;
            uint32_t h = 0;
            for (const auto& [param, value] : t->params) {
              if (param == TK_PARAM_WIDTH) w = static_cast<uint32_t>(value);
              if (param == TK_PARAM_HEIGHT) h = static_cast<uint32_t>(value);
            }
            if (h == 0)
              h = static_cast<uint32_t>(
                  std::lround(static_cast<double>(w) * src.height / src.width));
            ThumbkitResize(s, src, w, h, TK_KERNEL_LANCZOS3, 0);
          }));
    }
    Configure(benchmark::RegisterBenchmark(
        ("thumbkit/" + id + "/encode").c_str(), [t](benchmark::State& s) {
          static std::map<std::string, Raw> resized;
          auto it = resized.find(t->id);
          if (it == resized.end()) {
            const Encoded e = ThumbkitTask(*t);
            if (!e.ok) {
              s.SkipWithError(e.error.c_str());
              return;
            }
            tk_ctx* ctx = tk_ctx_new();
            tk_pixels p = TK_PIXELS_INIT;
            if (tk_decode(ctx, e.bytes.data(), e.bytes.size(), &p) != TK_OK) Fail("decode", ctx);
            tk_ctx_free(ctx);
            it = resized.emplace(t->id, TakePixels(p)).first;
          }
          ThumbkitEncode(s, *t, it->second);
        }));
  }
  for (const ResampleCase& c : ResampleCases()) {
    Configure(benchmark::RegisterBenchmark(
        ("thumbkit/resample/" + c.name).c_str(), [c](benchmark::State& s) {
          ThumbkitResize(s, c.source(), c.width, c.height, c.kernel, c.reducing_gap_tenths);
        }));
  }
#ifdef TK_BENCH_HAVE_VIPS
  for (const Task& task : Tasks()) {
    const std::string id = task.id;
    Configure(benchmark::RegisterBenchmark(("vips/" + id).c_str(), VipsEndToEnd, task));
  }
  for (const ResampleCase& c : ResampleCases()) {
    if (c.reducing_gap_tenths != 0) continue;  // a thumbkit setting; vips runs its default
    Configure(benchmark::RegisterBenchmark(
        ("vips/resample/" + c.name).c_str(),
        [c](benchmark::State& s) { VipsResize(s, c.source(), c.width, c.height, c.kernel); }));
  }
#endif
}

// tk_resize of the full-size decode to T1's size (the resampler alone), saved as PNG.
Encoded ThumbkitRawResizePng() {
  const Raw& src = Decoded(kPhoto);
  const Raw dst = ResizeOnce(src, 720, 588);
  tk_ctx* ctx = tk_ctx_new();
  tk_set_int(ctx, TK_PARAM_FORMAT, TK_FORMAT_PNG);
  const tk_pixels in = dst.View();
  tk_output out = TK_OUTPUT_INIT;
  return TakeOutput(ctx, tk_encode(ctx, &in, &out), out);
}

int RunOnce(const std::string& tool, const std::string& id, const std::string& out_path) {
  const bool t1_variant = id == "T1png" || id == "T1accurate" || id == "T1raw";
  const Task* task = FindTask(t1_variant ? "T1" : id);
  if (task == nullptr) {
    std::fprintf(stderr, "thumbkit-bench: unknown task %s (T1..T5)\n", id.c_str());
    return 2;
  }
  Encoded e;
  if (tool == "thumbkit" && id == "T1raw") {
    e = ThumbkitRawResizePng();
  } else if (tool == "thumbkit") {
    Task t = *task;
    if (id == "T1accurate")
      t.params.push_back({TK_PARAM_SHRINK_ON_LOAD, TK_SHRINK_ON_LOAD_ACCURATE});
    if (t1_variant) t.params.push_back({TK_PARAM_FORMAT, TK_FORMAT_PNG});
    e = ThumbkitTask(t);
#ifdef TK_BENCH_HAVE_VIPS
  } else if (tool == "vips") {
    e = VipsTask(id, Fixture(task->fixture), true);
#endif
  } else {
    std::fprintf(stderr, "thumbkit-bench: unknown or unavailable tool %s\n", tool.c_str());
    return 2;
  }
  if (!e.ok) {
    std::fprintf(stderr, "thumbkit-bench: %s %s: %s\n", tool.c_str(), id.c_str(), e.error.c_str());
    return 1;
  }
  std::ofstream out(out_path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(e.bytes.data()),
            static_cast<std::streamsize>(e.bytes.size()));
  return out ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef TK_BENCH_HAVE_VIPS
  if (VIPS_INIT(argv[0]) != 0) {
    std::fprintf(stderr, "thumbkit-bench: vips_init failed: %s\n", vips_error_buffer());
    return 1;
  }
  vips_cache_set_max(0);
  vips_concurrency_set(1);
#endif
  try {
    if (argc == 5 && std::string(argv[1]) == "--once") return RunOnce(argv[2], argv[3], argv[4]);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    RegisterAll();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "thumbkit-bench: %s\n", ex.what());
    return 1;
  }
  return 0;
}
