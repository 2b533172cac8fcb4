// Out-of-tree C++ consumer: the same check as consumer.c, through the header from C++ (so the
// extern "C" block and the TK_*_INIT macros are exercised by a C++ compiler too).
#include <thumbkit/thumbkit.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s IMAGE\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  std::vector<unsigned char> bytes;
  if (file) bytes.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  if (bytes.empty()) {
    std::fprintf(stderr, "consumer.cpp: cannot read %s\n", argv[1]);
    return 1;
  }
  std::unique_ptr<tk_ctx, decltype(&tk_ctx_free)> ctx(tk_ctx_new(), &tk_ctx_free);
  if (!ctx) return 1;
  tk_output out = TK_OUTPUT_INIT;
  tk_info info = TK_INFO_INIT;
  tk_status s = tk_set_int(ctx.get(), TK_PARAM_WIDTH, 64);
  if (s == TK_OK) s = tk_thumbnail(ctx.get(), bytes.data(), bytes.size(), &out);
  std::unique_ptr<void, decltype(&tk_free)> data(out.data, &tk_free);
  if (s == TK_OK) s = tk_probe(ctx.get(), out.data, out.size, &info);
  if (s != TK_OK) {
    std::fprintf(stderr, "consumer.cpp: %s: %s\n", tk_status_name(s), tk_last_error(ctx.get()));
    return 1;
  }
  if (out.width != 64 || out.height == 0 || info.width != out.width || info.height != out.height ||
      info.format != out.format) {
    std::fprintf(stderr, "consumer.cpp: bad thumbnail: out %ux%u %s, probed %ux%u %s\n", out.width,
                 out.height, tk_format_name(out.format), info.width, info.height,
                 tk_format_name(info.format));
    return 1;
  }
  std::printf("consumer.cpp: thumbkit %s: %ux%u %s, %zu bytes\n", tk_version_string(), info.width,
              info.height, tk_format_name(info.format), out.size);
  return 0;
}
