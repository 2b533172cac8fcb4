#include "output_format.h"

#include <cctype>
#include <string>

namespace thumbkit_cli {

tk_format FormatFromExtension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".jpg" || ext == ".jpeg") return TK_FORMAT_JPEG;
  if (ext == ".png") return TK_FORMAT_PNG;
  if (ext == ".webp") return TK_FORMAT_WEBP;
  return TK_FORMAT_SAME;
}

std::filesystem::path WithFormatExtension(std::filesystem::path path, tk_format format) {
  if (format == TK_FORMAT_SAME || FormatFromExtension(path) == format) return path;
  switch (format) {
    case TK_FORMAT_JPEG:
      return path.replace_extension(".jpg");
    case TK_FORMAT_PNG:
      return path.replace_extension(".png");
    case TK_FORMAT_WEBP:
      return path.replace_extension(".webp");
    default:
      return path;
  }
}

}  // namespace thumbkit_cli
