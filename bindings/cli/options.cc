#include "options.h"

#include <cctype>
#include <charconv>
#include <limits>
#include <utility>
#include <vector>

#include "report.h"

namespace thumbkit_cli {
namespace {

constexpr const char* kGeometry = "Geometry";
constexpr const char* kOutput = "Output";
constexpr const char* kLimits = "Limits (0: unlimited)";
constexpr int64_t kUnbounded = std::numeric_limits<int64_t>::max();

enum class Kind {
  kNumber,  // --name N, within [min, max]
  kChoice,  // --name word, one of `choices`
  kFlag,    // --name, sets every param to `flag_value`
  kColour,  // --name RRGGBB[AA]
};

struct Row {
  const char* group;
  const char* flag;
  Kind kind;
  std::vector<tk_param> params;
  const char* help;
  std::vector<std::pair<std::string, int64_t>> choices = {};
  int64_t min = 0;
  int64_t max = kUnbounded;
  int64_t flag_value = 1;
};

// Every thumbnail option, in --help order. CLI11 checks ranges and words here; tk_set_int has the
// last word on what gets through (e.g. a width above TK_PARAM_MAX_OUTPUT_DIMENSION).
const std::vector<Row>& Table() {
  static const std::vector<Row> rows = {
      {kGeometry, "--width", Kind::kNumber, {TK_PARAM_WIDTH}, "Target width (0: from height)"},
      {kGeometry, "--height", Kind::kNumber, {TK_PARAM_HEIGHT}, "Target height (0: from width)"},
      {kGeometry,
       "--fit",
       Kind::kChoice,
       {TK_PARAM_FIT},
       "How to fit width x height (cover)",
       {{"cover", TK_FIT_COVER},
        {"contain", TK_FIT_CONTAIN},
        {"fill", TK_FIT_FILL},
        {"inside", TK_FIT_INSIDE},
        {"outside", TK_FIT_OUTSIDE}}},
      {kGeometry,
       "--position",
       Kind::kChoice,
       {TK_PARAM_POSITION},
       "Where cover crops and contain places the image (centre)",
       {{"centre", TK_POSITION_CENTRE},
        {"center", TK_POSITION_CENTRE},
        {"north", TK_POSITION_NORTH},
        {"northeast", TK_POSITION_NORTHEAST},
        {"east", TK_POSITION_EAST},
        {"southeast", TK_POSITION_SOUTHEAST},
        {"south", TK_POSITION_SOUTH},
        {"southwest", TK_POSITION_SOUTHWEST},
        {"west", TK_POSITION_WEST},
        {"northwest", TK_POSITION_NORTHWEST}}},
      {kGeometry,
       "--kernel",
       Kind::kChoice,
       {TK_PARAM_KERNEL},
       "Resampling kernel (lanczos3)",
       {{"nearest", TK_KERNEL_NEAREST},
        {"box", TK_KERNEL_BOX},
        {"linear", TK_KERNEL_LINEAR},
        {"cubic", TK_KERNEL_CUBIC},
        {"mitchell", TK_KERNEL_MITCHELL},
        {"lanczos2", TK_KERNEL_LANCZOS2},
        {"lanczos3", TK_KERNEL_LANCZOS3}}},
      {kGeometry,
       "--enlarge",
       Kind::kFlag,
       {TK_PARAM_WITHOUT_ENLARGEMENT},
       "Allow scaling up",
       {},
       0,
       0,
       /*flag_value=*/0},
      {kGeometry,
       "--background",
       Kind::kColour,
       {TK_PARAM_BACKGROUND},
       "Padding and alpha-flattening colour, RRGGBB or RRGGBBAA hex"},
      {kGeometry,
       "--no-rotate",
       Kind::kFlag,
       {TK_PARAM_AUTO_ORIENT},
       "Ignore the EXIF orientation",
       {},
       0,
       0,
       /*flag_value=*/0},
      {kGeometry,
       "--shrink-on-load",
       Kind::kChoice,
       {TK_PARAM_SHRINK_ON_LOAD},
       "Decode at a reduced size when the codec can (fast)",
       {{"off", TK_SHRINK_ON_LOAD_OFF},
        {"fast", TK_SHRINK_ON_LOAD_FAST},
        {"accurate", TK_SHRINK_ON_LOAD_ACCURATE}}},

      {kOutput,
       "--format",
       Kind::kChoice,
       {TK_PARAM_FORMAT},
       "Output format (default: from OUT's extension, else the input's)",
       {{"jpeg", TK_FORMAT_JPEG},
        {"jpg", TK_FORMAT_JPEG},
        {"png", TK_FORMAT_PNG},
        {"webp", TK_FORMAT_WEBP},
        {"same", TK_FORMAT_SAME}}},
      {kOutput,
       "--quality",
       Kind::kNumber,
       {TK_PARAM_QUALITY},
       "JPEG and lossy WebP quality (80)",
       {},
       1,
       100},
      {kOutput,
       "--subsampling",
       Kind::kChoice,
       {TK_PARAM_JPEG_SUBSAMPLING},
       "JPEG chroma subsampling (420)",
       {{"420", TK_SUBSAMPLING_420}, {"444", TK_SUBSAMPLING_444}}},
      {kOutput, "--progressive", Kind::kFlag, {TK_PARAM_JPEG_PROGRESSIVE}, "Progressive JPEG"},
      {kOutput,
       "--no-optimize-coding",
       Kind::kFlag,
       {TK_PARAM_JPEG_OPTIMIZE_CODING},
       "Standard JPEG Huffman tables, not optimised ones",
       {},
       0,
       0,
       /*flag_value=*/0},
      {kOutput, "--png-level", Kind::kNumber, {TK_PARAM_PNG_LEVEL}, "PNG zlib level (6)", {}, 0, 9},
      {kOutput,
       "--png-filter",
       Kind::kChoice,
       {TK_PARAM_PNG_FILTER},
       "PNG row filter (none)",
       {{"none", TK_PNG_FILTER_NONE},
        {"sub", TK_PNG_FILTER_SUB},
        {"up", TK_PNG_FILTER_UP},
        {"avg", TK_PNG_FILTER_AVG},
        {"paeth", TK_PNG_FILTER_PAETH},
        {"adaptive", TK_PNG_FILTER_ADAPTIVE}}},
      {kOutput, "--lossless", Kind::kFlag, {TK_PARAM_WEBP_LOSSLESS}, "Lossless WebP"},
      {kOutput, "--effort", Kind::kNumber, {TK_PARAM_WEBP_EFFORT}, "WebP effort (4)", {}, 0, 6},
      {kOutput,
       "--alpha-quality",
       Kind::kNumber,
       {TK_PARAM_WEBP_ALPHA_QUALITY},
       "WebP alpha quality (100)",
       {},
       0,
       100},
      {kOutput,
       "--keep-icc",
       Kind::kFlag,
       {TK_PARAM_KEEP_ICC},
       "Keep the ICC profile (and skip conversion to sRGB)"},
      {kOutput, "--keep-exif", Kind::kFlag, {TK_PARAM_KEEP_EXIF}, "Keep EXIF"},
      {kOutput,
       "--keep-metadata",
       Kind::kFlag,
       {TK_PARAM_KEEP_ICC, TK_PARAM_KEEP_EXIF},
       "Keep ICC and EXIF"},

      {kLimits,
       "--max-pixels",
       Kind::kNumber,
       {TK_PARAM_MAX_INPUT_PIXELS},
       "Largest input width x height (268402689)"},
      {kLimits,
       "--max-bytes",
       Kind::kNumber,
       {TK_PARAM_MAX_INPUT_BYTES},
       "Largest input file (256 MiB)"},
      {kLimits,
       "--max-dimension",
       Kind::kNumber,
       {TK_PARAM_MAX_DIMENSION},
       "Largest input side (65535)"},
      {kLimits,
       "--max-scans",
       Kind::kNumber,
       {TK_PARAM_MAX_SCANS},
       "Most progressive JPEG scans (100)"},
      {kLimits,
       "--allow-corrupt",
       Kind::kFlag,
       {TK_PARAM_ALLOW_CORRUPT},
       "Accept data the decoder can repair"},
  };
  return rows;
}

std::string ToLower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// RRGGBB or RRGGBBAA (a leading '#' allowed) as 0xRRGGBBAA; opaque when AA is absent.
std::optional<int64_t> ParseColour(std::string text) {
  if (!text.empty() && text[0] == '#') text.erase(0, 1);
  if (text.size() != 6 && text.size() != 8) return std::nullopt;
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value, 16);
  return text.size() == 6 ? (value << 8) | 0xff : value;
}

}  // namespace

void ThumbnailOptions::Register(CLI::App& app) {
  for (const Row& row : Table()) {
    // Every parameter of a row takes the same value.
    auto set = [this, &row](int64_t value) {
      for (tk_param param : row.params) settings_[param] = Setting{row.flag, value};
    };
    CLI::Option* option = nullptr;
    switch (row.kind) {
      case Kind::kNumber:
        option = app.add_option_function<int64_t>(row.flag, set, row.help);
        option->check(row.max == kUnbounded
                          ? CLI::Range(row.min, row.max).description("NONNEGATIVE")
                          : CLI::Range(row.min, row.max));
        break;
      case Kind::kChoice: {
        std::vector<std::string> words;
        for (const auto& choice : row.choices) words.push_back(choice.first);
        option = app.add_option_function<std::string>(
            row.flag,
            [set, &row](const std::string& word) {
              for (const auto& [name, value] : row.choices) {
                if (name == ToLower(word)) set(value);
              }
            },
            row.help);
        option->check(CLI::IsMember(words, CLI::ignore_case));
        break;
      }
      case Kind::kFlag:
        option = app.add_flag_callback(
            row.flag, [set, &row] { set(row.flag_value); }, row.help);
        break;
      case Kind::kColour:
        option = app.add_option_function<std::string>(
            row.flag, [set](const std::string& text) { set(ParseColour(text).value_or(0)); },
            row.help);
        option->check(CLI::Validator(
            [](std::string& text) {
              return ParseColour(text) ? std::string() : "expected RRGGBB or RRGGBBAA hex";
            },
            "HEX"));
        break;
    }
    option->group(row.group);
  }
}

tk_status ThumbnailOptions::Apply(tk_ctx* ctx, std::string* error) const {
  for (const auto& [param, setting] : settings_) {
    tk_status status = tk_set_int(ctx, param, setting.value);
    if (status != TK_OK) {
      *error = StatusLine(setting.flag, status, tk_last_error(ctx));
      return status;
    }
  }
  return TK_OK;
}

CtxPtr ThumbnailOptions::NewContext(tk_status* status, std::string* error) const {
  CtxPtr ctx(tk_ctx_new(), &tk_ctx_free);
  if (!ctx) {
    *status = TK_ERR_OUT_OF_MEMORY;
    *error = StatusLine("tk_ctx_new", *status, "no memory for a context");
  } else if ((*status = Apply(ctx.get(), error)) != TK_OK) {
    ctx.reset();
  }
  return ctx;
}

CtxPtr ThumbnailOptions::NewContextOrReport(int* exit_code) const {
  tk_status status = TK_OK;
  std::string error;
  CtxPtr ctx = NewContext(&status, &error);
  if (!ctx) {
    PrintError(error);
    *exit_code = status == TK_ERR_INVALID_ARGUMENT ? kExitUsage : kExitFailed;
  }
  return ctx;
}

std::optional<tk_format> ThumbnailOptions::format() const {
  auto it = settings_.find(TK_PARAM_FORMAT);
  if (it == settings_.end()) return std::nullopt;
  return static_cast<tk_format>(it->second.value);
}

}  // namespace thumbkit_cli
