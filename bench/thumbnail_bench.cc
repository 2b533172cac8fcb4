// The benchmark tasks of ../shared/bench/TASKS.md, end to end through the public API
// (bytes in, bytes out), single thread. Peers run beside this in the same session.
#include <benchmark/benchmark.h>
#include <thumbkit/thumbkit.h>

#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace {

std::vector<uint8_t> ReadFixture(const std::string& name) {
  std::ifstream in(std::string(TK_FIXTURES_DIR) + "/bench/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

using Params = std::initializer_list<std::pair<tk_param, int64_t>>;

void RunTask(benchmark::State& state, const std::string& fixture, Params params) {
  const std::vector<uint8_t> input = ReadFixture(fixture);
  tk_ctx* ctx = tk_ctx_new();
  for (const auto& [param, value] : params) tk_set_int(ctx, param, value);
  size_t out_bytes = 0;
  for (auto _ : state) {
    tk_output out = TK_OUTPUT_INIT;
    const tk_status s = tk_thumbnail(ctx, input.data(), input.size(), &out);
    if (s != TK_OK) {
      state.SkipWithError(tk_last_error(ctx));
      break;
    }
    out_bytes = out.size;
    tk_free(out.data);
  }
  state.counters["out_bytes"] = static_cast<double>(out_bytes);
  tk_ctx_free(ctx);
}

const char kPhoto[] = "2569067123_aca715a2ee_o.jpg";

void T1Jpeg(benchmark::State& s) {
  RunTask(s, kPhoto, {{TK_PARAM_WIDTH, 720}, {TK_PARAM_HEIGHT, 588}, {TK_PARAM_FIT, TK_FIT_FILL}});
}
void T2Png(benchmark::State& s) {
  RunTask(s, "alpha-premultiply-2048x1536-paper.png",
          {{TK_PARAM_WIDTH, 720}, {TK_PARAM_HEIGHT, 540}, {TK_PARAM_FIT, TK_FIT_FILL}});
}
void T3Webp(benchmark::State& s) {
  RunTask(s, kPhoto,
          {{TK_PARAM_WIDTH, 720},
           {TK_PARAM_HEIGHT, 588},
           {TK_PARAM_FIT, TK_FIT_FILL},
           {TK_PARAM_FORMAT, TK_FORMAT_WEBP}});
}
void T4Avatar(benchmark::State& s) {
  RunTask(s, kPhoto, {{TK_PARAM_WIDTH, 512}, {TK_PARAM_HEIGHT, 512}, {TK_PARAM_FIT, TK_FIT_COVER}});
}
void T5Giant(benchmark::State& s) {
  RunTask(s, "giant-image.jpg", {{TK_PARAM_WIDTH, 256}, {TK_PARAM_MAX_INPUT_PIXELS, 0}});
}

BENCHMARK(T1Jpeg)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(T2Png)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(T3Webp)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(T4Avatar)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(T5Giant)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
