#include "thumbnail_job.h"

#include "file_io.h"
#include "report.h"

namespace thumbkit_cli {

std::string DisplayName(const std::string& path, const char* stream) {
  return path == "-" ? stream : path;
}

bool ReadImage(const tk_ctx* ctx, const std::string& path, std::vector<uint8_t>* bytes,
               std::string* error_line) {
  int64_t max_bytes = 0;
  if (tk_get_int(ctx, TK_PARAM_MAX_INPUT_BYTES, &max_bytes) != TK_OK) max_bytes = 0;
  std::string error;
  if (ReadInput(path, static_cast<uint64_t>(max_bytes), bytes, &error)) return true;
  *error_line = ErrorLine(DisplayName(path, "stdin"), error);
  return false;
}

bool ThumbnailFile(tk_ctx* ctx, const std::string& input, const std::string& output,
                   std::string* error_line) {
  std::vector<uint8_t> bytes;
  if (!ReadImage(ctx, input, &bytes, error_line)) return false;
  tk_output out = TK_OUTPUT_INIT;
  tk_status status = tk_thumbnail(ctx, bytes.data(), bytes.size(), &out);
  if (status != TK_OK) {
    *error_line = StatusLine(DisplayName(input, "stdin"), status, tk_last_error(ctx));
    return false;
  }
  std::string error;
  bool written = WriteOutput(output, out.data, out.size, &error);
  tk_free(out.data);
  if (!written) *error_line = ErrorLine(DisplayName(output, "stdout"), error);
  return written;
}

}  // namespace thumbkit_cli
