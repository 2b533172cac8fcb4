// Runs the built `thumbkit` binary as a user would and checks exit codes, messages and outputs
// (outputs through tk_probe).
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <thumbkit/thumbkit.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "test_util.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using tk_test::Fixture;

const char kT1[] = "bench/2569067123_aca715a2ee_o.jpg";  // 2725x2225 JPEG
const char kT2[] = "bench/alpha-premultiply-2048x1536-paper.png";
const char kGiant[] = "bench/giant-image.jpg";  // 20000x14000, above the default pixel limit
const char kTruncated[] = "bad/truncated.jpg";
const char kSmallJpeg[] = "misc/320x240.jpg";

struct Result {
  int code = -1;
  std::string out;
  std::string err;
};

std::string ReadText(const fs::path& path) {
  std::vector<uint8_t> bytes = tk_test::ReadFile(path.string());
  return std::string(bytes.begin(), bytes.end());
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = std::string(TK_TEST_TMPDIR) + "/cli_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << pattern;
    root_ = pattern;
    dir_ = root_ / "work";
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // Runs `thumbkit args...` with stdin from `stdin_path`, capturing stdout and stderr.
  Result Run(const std::vector<std::string>& args, const std::string& stdin_path = "/dev/null") {
    const std::string out_path = (root_ / "stdout").string();
    const std::string err_path = (root_ / "stderr").string();
    std::vector<std::string> argv_text = {TK_CLI_PATH};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : argv_text) argv.push_back(arg.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, stdin_path.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    pid_t pid = 0;
    Result result;
    int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      ADD_FAILURE() << "posix_spawn " << argv[0] << ": " << spawned;
      return result;
    }
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    result.code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    result.out = ReadText(out_path);
    result.err = ReadText(err_path);
    return result;
  }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path root_;
  fs::path dir_;  // where the tests' outputs go; holds nothing else
};

// Probes a file written by the CLI; format TK_FORMAT_UNKNOWN when it is missing or unreadable.
tk_info Probe(const std::string& path) {
  tk_info info = TK_INFO_INIT;
  std::vector<uint8_t> bytes = tk_test::ReadFile(path);
  tk_ctx* ctx = tk_ctx_new();
  if (bytes.empty() || tk_probe(ctx, bytes.data(), bytes.size(), &info) != TK_OK) {
    info.format = TK_FORMAT_UNKNOWN;
  }
  tk_ctx_free(ctx);
  return info;
}

std::vector<std::string> FilesUnder(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path().lexically_relative(dir).string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

#define EXPECT_IMAGE(path, fmt, w, h)               \
  do {                                              \
    tk_info info_ = Probe(path);                    \
    EXPECT_EQ(info_.format, fmt) << (path);         \
    EXPECT_EQ(info_.width, uint32_t{w}) << (path);  \
    EXPECT_EQ(info_.height, uint32_t{h}) << (path); \
  } while (0)

TEST_F(CliTest, VersionPrintsTheLibraryVersion) {
  Result r = Run({"--version"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, std::string(tk_version_string()) + "\n");
}

TEST_F(CliTest, HelpOnEveryCommandExitsZero) {
  for (const char* command : {"thumbnail", "info", "batch"}) {
    Result r = Run({command, "--help"});
    EXPECT_EQ(r.code, 0) << command;
    EXPECT_NE(r.out.find("--width"), std::string::npos) << command;
  }
}

TEST_F(CliTest, NoCommandIsAUsageError) {
  EXPECT_EQ(Run({}).code, 2);
}

// TASKS.md T1: resize to exactly 720x588.
TEST_F(CliTest, BenchTaskT1Jpeg) {
  Result r = Run({"thumbnail", Fixture(kT1), Path("t1.jpg"), "--width", "720", "--height", "588",
                  "--fit", "fill", "--quality", "80"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_IMAGE(Path("t1.jpg"), TK_FORMAT_JPEG, 720, 588);
  EXPECT_EQ(r.out, "");
}

// T2: RGBA PNG to 720x540 PNG.
TEST_F(CliTest, BenchTaskT2Png) {
  Result r = Run({"thumbnail", Fixture(kT2), Path("t2.png"), "--width", "720", "--height", "540",
                  "--fit", "fill"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_IMAGE(Path("t2.png"), TK_FORMAT_PNG, 720, 540);
  EXPECT_TRUE(Probe(Path("t2.png")).has_alpha);
}

// T3: JPEG to WebP, asked for with --format whatever the name.
TEST_F(CliTest, BenchTaskT3Webp) {
  Result r = Run({"thumbnail", Fixture(kT1), Path("t3.out"), "--width", "720", "--height", "588",
                  "--fit", "fill", "--format", "webp", "--quality", "80"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_IMAGE(Path("t3.out"), TK_FORMAT_WEBP, 720, 588);
}

// T4: 512x512 avatar, cover.
TEST_F(CliTest, BenchTaskT4Avatar) {
  Result r = Run({"thumbnail", Fixture(kT1), Path("t4.jpg"), "--width", "512", "--height", "512",
                  "--fit", "cover", "--quality", "80"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_IMAGE(Path("t4.jpg"), TK_FORMAT_JPEG, 512, 512);
}

// T5: the giant image needs the pixel limit lifted.
TEST_F(CliTest, BenchTaskT5GiantWithLimitLifted) {
  Result r = Run({"thumbnail", Fixture(kGiant), Path("t5.jpg"), "--width", "256", "--quality", "80",
                  "--max-pixels", "0"});
  ASSERT_EQ(r.code, 0) << r.err;
  tk_info info = Probe(Path("t5.jpg"));
  EXPECT_EQ(info.format, TK_FORMAT_JPEG);
  EXPECT_EQ(info.width, 256u);
  EXPECT_NEAR(info.height, 256.0 * 14000 / 20000, 1.0);
}

TEST_F(CliTest, BenchTaskT5GiantFailsOnTheDefaultLimitAndWritesNothing) {
  Result r = Run({"thumbnail", Fixture(kGiant), Path("t5.jpg"), "--width", "256"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("thumbkit: " + Fixture(kGiant) + ": TK_ERR_LIMIT_PIXELS: "),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(FilesUnder(dir_).empty());
}

TEST_F(CliTest, FormatFollowsTheOutputExtension) {
  ASSERT_EQ(Run({"thumbnail", Fixture(kSmallJpeg), Path("a.png"), "--width", "64"}).code, 0);
  ASSERT_EQ(Run({"thumbnail", Fixture(kSmallJpeg), Path("a.WEBP"), "--width", "64"}).code, 0);
  ASSERT_EQ(Run({"thumbnail", Fixture(kSmallJpeg), Path("a.jpeg"), "--width", "64"}).code, 0);
  ASSERT_EQ(Run({"thumbnail", Fixture(kT2), Path("b.bin"), "--width", "64"}).code, 0);
  EXPECT_IMAGE(Path("a.png"), TK_FORMAT_PNG, 64, 48);
  EXPECT_IMAGE(Path("a.WEBP"), TK_FORMAT_WEBP, 64, 48);
  EXPECT_IMAGE(Path("a.jpeg"), TK_FORMAT_JPEG, 64, 48);
  EXPECT_IMAGE(Path("b.bin"), TK_FORMAT_PNG, 64, 48);  // unknown extension: as the input
}

TEST_F(CliTest, ExplicitFormatBeatsTheExtension) {
  Result r = Run({"thumbnail", Fixture(kSmallJpeg), Path("a.jpg"), "--format", "png"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_IMAGE(Path("a.jpg"), TK_FORMAT_PNG, 320, 240);
}

TEST_F(CliTest, StdinToStdout) {
  Result r = Run({"thumbnail", "-", "-", "--width", "32", "--format", "png"}, Fixture(kSmallJpeg));
  ASSERT_EQ(r.code, 0) << r.err;
  std::ofstream(Path("out.png"), std::ios::binary) << r.out;
  EXPECT_IMAGE(Path("out.png"), TK_FORMAT_PNG, 32, 24);
}

TEST_F(CliTest, OrientationOptions) {
  // Landscape_6 is stored portrait (EXIF 6): auto-orient turns it back to landscape.
  const std::string input = Fixture("orientation/Landscape_6.jpg");
  tk_info stored = Probe(input);
  ASSERT_EQ(stored.orientation, 6u);
  ASSERT_EQ(Run({"thumbnail", input, Path("oriented.jpg")}).code, 0);
  ASSERT_EQ(Run({"thumbnail", input, Path("raw.jpg"), "--no-rotate"}).code, 0);
  EXPECT_IMAGE(Path("oriented.jpg"), TK_FORMAT_JPEG, stored.oriented_width, stored.oriented_height);
  EXPECT_IMAGE(Path("raw.jpg"), TK_FORMAT_JPEG, stored.width, stored.height);
}

TEST_F(CliTest, MetadataIsStrippedUnlessKept) {
  const std::string input = Fixture("orientation/Landscape_6.jpg");
  ASSERT_EQ(Run({"thumbnail", input, Path("stripped.jpg"), "--width", "100"}).code, 0);
  ASSERT_EQ(Run({"thumbnail", input, Path("kept.jpg"), "--width", "100", "--keep-metadata"}).code,
            0);
  EXPECT_FALSE(Probe(Path("stripped.jpg")).has_exif);
  tk_info kept = Probe(Path("kept.jpg"));
  EXPECT_TRUE(kept.has_exif);
  EXPECT_EQ(kept.orientation, 1u);  // the pixels are already turned
}

TEST_F(CliTest, EnlargeOnlyWhenAsked) {
  ASSERT_EQ(Run({"thumbnail", Fixture(kSmallJpeg), Path("same.jpg"), "--width", "640"}).code, 0);
  ASSERT_EQ(
      Run({"thumbnail", Fixture(kSmallJpeg), Path("big.jpg"), "--width", "640", "--enlarge"}).code,
      0);
  EXPECT_IMAGE(Path("same.jpg"), TK_FORMAT_JPEG, 320, 240);
  EXPECT_IMAGE(Path("big.jpg"), TK_FORMAT_JPEG, 640, 480);
}

TEST_F(CliTest, EveryOptionIsAccepted) {
  Result r = Run({"thumbnail",
                  Fixture(kSmallJpeg),
                  Path("all.jpg"),
                  "--width",
                  "100",
                  "--height",
                  "100",
                  "--fit",
                  "contain",
                  "--position",
                  "northwest",
                  "--kernel",
                  "mitchell",
                  "--quality",
                  "90",
                  "--background",
                  "ff000080",
                  "--shrink-on-load",
                  "accurate",
                  "--subsampling",
                  "444",
                  "--progressive",
                  "--no-optimize-coding",
                  "--png-level",
                  "9",
                  "--png-filter",
                  "adaptive",
                  "--lossless",
                  "--effort",
                  "6",
                  "--alpha-quality",
                  "50",
                  "--keep-icc",
                  "--keep-exif",
                  "--max-pixels",
                  "100000",
                  "--max-bytes",
                  "10000000",
                  "--max-dimension",
                  "1000",
                  "--max-scans",
                  "10",
                  "--allow-corrupt"});
  ASSERT_EQ(r.code, 0) << r.err;
  tk_info info = Probe(Path("all.jpg"));
  EXPECT_EQ(info.width, 100u);
  EXPECT_EQ(info.height, 100u);
  EXPECT_TRUE(info.progressive);
}

TEST_F(CliTest, LimitsAreReportedByName) {
  Result r = Run({"thumbnail", Fixture(kSmallJpeg), Path("a.jpg"), "--max-bytes", "1000"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("TK_ERR_LIMIT_INPUT_BYTES"), std::string::npos) << r.err;
  r = Run({"thumbnail", Fixture(kSmallJpeg), Path("a.jpg"), "--max-dimension", "100"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("TK_ERR_LIMIT_DIMENSION"), std::string::npos) << r.err;
  EXPECT_TRUE(FilesUnder(dir_).empty());
}

TEST_F(CliTest, BadOptionValuesAreUsageErrors) {
  const std::vector<std::vector<std::string>> cases = {
      {"--quality", "0"},       {"--quality", "101"},     {"--fit", "squash"},
      {"--kernel", "lanczos4"}, {"--background", "red"},  {"--background", "12345"},
      {"--width", "-5"},        {"--width", "wide"},      {"--png-level", "10"},
      {"--effort", "7"},        {"--subsampling", "422"}, {"--format", "gif"},
      {"--no-such-option"},
  };
  for (const auto& extra : cases) {
    std::vector<std::string> args = {"thumbnail", Fixture(kSmallJpeg), Path("a.jpg")};
    args.insert(args.end(), extra.begin(), extra.end());
    Result r = Run(args);
    EXPECT_EQ(r.code, 2) << extra[0] << " " << (extra.size() > 1 ? extra[1] : "");
    EXPECT_FALSE(r.err.empty());
  }
  EXPECT_TRUE(FilesUnder(dir_).empty());
  EXPECT_EQ(Run({"thumbnail", Fixture(kSmallJpeg)}).code, 2);
  EXPECT_EQ(Run({"batch", dir_.string(), Path("out"), "-j", "0"}).code, 2);
  EXPECT_EQ(Run({"info", Fixture(kSmallJpeg), "--json", "--plan"}).code, 2);
}

// A value CLI11 lets through but the library refuses is still a usage error, named by option.
TEST_F(CliTest, LibraryRejectedValuesAreUsageErrors) {
  Result r = Run({"thumbnail", Fixture(kSmallJpeg), Path("a.jpg"), "--width", "99999999999"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("thumbkit: --width: TK_ERR_INVALID_ARGUMENT"), std::string::npos) << r.err;
}

TEST_F(CliTest, FailingThumbnailLeavesNoOutput) {
  Result r = Run({"thumbnail", Fixture(kTruncated), Path("a.jpg")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("thumbkit: " + Fixture(kTruncated) + ": TK_ERR_"), std::string::npos)
      << r.err;
  EXPECT_TRUE(FilesUnder(dir_).empty());  // no temporary file left either
}

TEST_F(CliTest, FailingThumbnailKeepsAnExistingOutput) {
  std::ofstream(Path("a.jpg")) << "previous";
  EXPECT_EQ(Run({"thumbnail", Fixture(kTruncated), Path("a.jpg")}).code, 1);
  EXPECT_EQ(ReadText(Path("a.jpg")), "previous");
  EXPECT_EQ(FilesUnder(dir_), std::vector<std::string>{"a.jpg"});
}

TEST_F(CliTest, MissingInputFails) {
  Result r = Run({"thumbnail", Path("missing.jpg"), Path("a.jpg")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("missing.jpg"), std::string::npos) << r.err;
  r = Run({"info", Path("missing.jpg")});
  EXPECT_EQ(r.code, 1);
}

TEST_F(CliTest, UnwritableOutputFails) {
  Result r = Run({"thumbnail", Fixture(kSmallJpeg), Path("no/such/dir/a.jpg")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no/such/dir/a.jpg"), std::string::npos) << r.err;
}

TEST_F(CliTest, InfoJson) {
  Result r = Run({"info", Fixture("orientation/Landscape_6.jpg"), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  for (const char* key :
       {"format", "width", "height", "oriented_width", "oriented_height", "orientation", "channels",
        "has_alpha", "has_icc", "has_exif", "progressive", "frames", "bit_depth", "is_cmyk"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  EXPECT_EQ(json["format"], "jpeg");
  EXPECT_EQ(json["orientation"], 6);
  EXPECT_EQ(json["oriented_width"], json["height"]);
  EXPECT_EQ(json["oriented_height"], json["width"]);
  EXPECT_GT(json["oriented_width"].get<int>(), json["oriented_height"].get<int>());
  EXPECT_EQ(json["has_exif"], true);
  EXPECT_EQ(json["has_alpha"], false);
  EXPECT_EQ(json["channels"], 3);
  EXPECT_EQ(json["frames"], 1);
}

TEST_F(CliTest, InfoText) {
  Result r = Run({"info", Fixture(kT2)});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("format: png\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("width: 2048\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("has_alpha: yes\n"), std::string::npos) << r.out;
}

TEST_F(CliTest, InfoFromStdin) {
  Result r = Run({"info", "-", "--json"}, Fixture(kSmallJpeg));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["width"], 320);
}

TEST_F(CliTest, InfoPlanIsJson) {
  Result r =
      Run({"info", Fixture(kT1), "--plan", "--width", "720", "--height", "588", "--fit", "fill"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json plan = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_TRUE(plan.is_object()) << r.out;
  EXPECT_FALSE(plan.empty());
  EXPECT_NE(r.out.find("720"), std::string::npos) << r.out;
}

TEST_F(CliTest, InfoPlanFollowsTheOptions) {
  Result r = Run({"info", Fixture(kSmallJpeg), "--plan", "--format", "webp"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("webp"), std::string::npos) << r.out;
}

TEST_F(CliTest, InfoOnABadFileFails) {
  Result r = Run({"info", Fixture("bad/corrupt-header.jpg")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(": TK_ERR_"), std::string::npos) << r.err;
}

// Three good images (one in a subfolder) and one truncated: three outputs, one report, exit 1.
TEST_F(CliTest, BatchReportsBadFilesAndGoesOn) {
  const fs::path src = root_ / "src";
  fs::create_directories(src / "sub");
  fs::copy_file(Fixture(kSmallJpeg), src / "a.jpg");
  fs::copy_file(Fixture(kT2), src / "b.png");
  fs::copy_file(Fixture("orientation/Portrait_1.jpg"), src / "sub" / "c.jpeg");
  fs::copy_file(Fixture(kTruncated), src / "sub" / "truncated.jpg");
  fs::create_symlink(root_ / "nowhere.jpg", src / "dangling.jpg");  // not a regular file: skipped

  Result r = Run({"batch", src.string(), dir_.string(), "-j", "2", "--width", "64"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(FilesUnder(dir_), (std::vector<std::string>{"a.jpg", "b.png", "sub/c.jpeg"}));
  EXPECT_NE(r.err.find("truncated.jpg: TK_ERR_"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("a.jpg"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "3 ok, 1 failed\n");
  EXPECT_IMAGE(Path("a.jpg"), TK_FORMAT_JPEG, 64, 48);
  EXPECT_IMAGE(Path("b.png"), TK_FORMAT_PNG, 64, 48);
  EXPECT_EQ(Probe(Path("sub/c.jpeg")).width, 64u);
}

TEST_F(CliTest, BatchRenamesForTheOutputFormat) {
  const fs::path src = root_ / "src";
  fs::create_directories(src);
  fs::copy_file(Fixture(kSmallJpeg), src / "a.jpeg");
  fs::copy_file(Fixture(kT2), src / "b.png");

  Result r = Run({"batch", src.string(), dir_.string(), "-j", "1", "--width", "32", "--height",
                  "32", "--format", "jpeg"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "2 ok, 0 failed\n");
  EXPECT_EQ(FilesUnder(dir_), (std::vector<std::string>{"a.jpeg", "b.jpg"}));
  EXPECT_IMAGE(Path("b.jpg"), TK_FORMAT_JPEG, 32, 32);
}

TEST_F(CliTest, BatchOfManyCopiesInParallel) {
  const fs::path src = root_ / "src";
  fs::create_directories(src);
  for (int i = 0; i < 12; ++i) {
    fs::copy_file(Fixture(kSmallJpeg), src / ("img" + std::to_string(i) + ".jpg"));
  }
  Result r = Run({"batch", src.string(), dir_.string(), "-j", "4", "--width", "16"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "12 ok, 0 failed\n");
  EXPECT_EQ(r.err, "");  // no progress bar when stderr is not a terminal
  EXPECT_EQ(FilesUnder(dir_).size(), 12u);
}

// Outputs written inside the source folder are not fed back in on the next run.
TEST_F(CliTest, BatchSkipsADestinationInsideTheSource) {
  const fs::path src = root_ / "src";
  fs::create_directories(src);
  fs::copy_file(Fixture(kSmallJpeg), src / "a.jpg");
  for (int run = 0; run < 2; ++run) {
    Result r = Run({"batch", src.string(), (src / "thumbs").string(), "--width", "16"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "1 ok, 0 failed\n");
  }
  EXPECT_EQ(FilesUnder(src), (std::vector<std::string>{"a.jpg", "thumbs/a.jpg"}));
}

TEST_F(CliTest, BatchNeedsASourceFolder) {
  EXPECT_EQ(Run({"batch", Path("nope"), Path("out")}).code, 2);
  EXPECT_EQ(Run({"batch", Fixture(kSmallJpeg), Path("out")}).code, 2);
}

}  // namespace
