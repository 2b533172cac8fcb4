// thumbkit::service: the logic shared by thumbkit-server and the Lambda adapter.
#include <gtest/gtest.h>
#include <thumbkit_service/avatar_job.h>
#include <thumbkit_service/object_key.h>
#include <thumbkit_service/thumbnail_request.h>
#include <thumbkit_service/url_signature.h>
#include <thumbkit_service/variants.h>

#include <fstream>
#include <sstream>
#include <string>

namespace thumbkit::service {
namespace {

std::string ReadFixture(const std::string& relative) {
  std::ifstream in(std::string(TK_FIXTURES_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(ObjectKeyTest, AcceptsOrdinaryKeys) {
  for (const char* key :
       {"a.jpg", "thumbs/2024/x y.webp", "uploads/u/..x.jpg", "caf\xC3\xA9.png"}) {
    EXPECT_EQ(ValidateObjectKey(key), std::nullopt) << key;
  }
  EXPECT_EQ(ValidateObjectKey(std::string(1024, 'k')), std::nullopt);
}

TEST(ObjectKeyTest, RefusesUnsafeKeys) {
  const std::string refused[] = {"",
                                 "/abs",
                                 "..",
                                 "a/../b",
                                 "a/..",
                                 "../a",
                                 "ctl\x01x",
                                 "del\x7f",
                                 "a\\b",
                                 "bad\xC3",
                                 std::string(1025, 'k'),
                                 std::string("nul\0x", 5)};
  for (const std::string& key : refused) EXPECT_NE(ValidateObjectKey(key), std::nullopt) << key;
}

TEST(ObjectKeyTest, UploadFlowOwnsUploadsAndAvatars) {
  EXPECT_TRUE(IsUploadFlowKey("uploads/alice/1234.jpg"));
  EXPECT_TRUE(IsUploadFlowKey("avatars/processed/alice.jpg"));
  EXPECT_TRUE(IsUploadFlowKey(AvatarKey("alice", "webp")));
  EXPECT_FALSE(IsUploadFlowKey("thumbs/uploads/a.jpg"));
  EXPECT_FALSE(IsUploadFlowKey("uploadsx/a.jpg"));
  EXPECT_FALSE(IsUploadFlowKey("avatar.jpg"));
}

TEST(ObjectKeyTest, UploadKeysRoundTrip) {
  EXPECT_EQ(MakeUploadKey("alice", "1234", "jpg"), "uploads/alice/1234.jpg");
  EXPECT_EQ(SubFromUploadKey("uploads/alice/1234.jpg"), "alice");
  EXPECT_EQ(SubFromUploadKey("uploads/alice/x/1234.jpg"), std::nullopt);
  EXPECT_EQ(SubFromUploadKey("uploads/../1234.jpg"), std::nullopt);
  EXPECT_EQ(SubFromUploadKey("avatars/alice/1.jpg"), std::nullopt);
  EXPECT_FALSE(IsSafeKeySegment("a/b"));
  EXPECT_FALSE(IsSafeKeySegment(".."));
  EXPECT_TRUE(IsSafeKeySegment("5a7c-9f_x.y@z"));
  EXPECT_EQ(ExtensionForContentType("image/webp"), "webp");
  EXPECT_EQ(ExtensionForContentType("image/gif"), std::nullopt);
}

TEST(VariantsTest, ParsesTheDefault) {
  std::string error;
  auto variants = ParseVariants(kDefaultVariants, &error);
  ASSERT_TRUE(variants) << error;
  ASSERT_EQ(variants->size(), 2u);
  EXPECT_EQ((*variants)[0].format, "jpeg");
  EXPECT_EQ((*variants)[1].format, "webp");
  EXPECT_EQ((*variants)[1].width, 512);
  EXPECT_EQ((*variants)[1].fit, "cover");
  EXPECT_EQ((*variants)[1].quality, 80);
  auto short_form = ParseVariants("64x32::png", &error);
  ASSERT_TRUE(short_form) << error;
  EXPECT_EQ((*short_form)[0].fit, "cover");
  EXPECT_EQ((*short_form)[0].height, 32);
}

TEST(VariantsTest, RefusesMalformedSpecs) {
  for (const char* spec :
       {"", "512x512", "0x512:cover:jpeg", "512x512:squash:jpeg", "512x512:cover:gif",
        "512x512:cover:jpeg:101", "1x1::jpeg,2x2::jpg", "5000x1::png", "axb::png"}) {
    std::string error;
    EXPECT_FALSE(ParseVariants(spec, &error)) << spec;
    EXPECT_FALSE(error.empty()) << spec;
  }
}

TEST(ThumbnailOptionsTest, ParsesUrlOptions) {
  std::string error;
  auto spec = ParseUrlOptions("w:320,h:240,fit:contain,fmt:webp,q:70,enlarge:1", {}, &error);
  ASSERT_TRUE(spec) << error;
  EXPECT_EQ(spec->width, 320);
  EXPECT_EQ(spec->height, 240);
  EXPECT_EQ(spec->fit, "contain");
  EXPECT_EQ(spec->format, "webp");
  EXPECT_EQ(spec->quality, 70);
  EXPECT_TRUE(spec->enlarge);
  EXPECT_EQ(CanonicalOptions(*spec), "w:320,h:240,fit:contain,fmt:webp,q:70,enlarge:1");
  auto defaults = ParseUrlOptions("-", {}, &error);
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->format, "same");
  auto jpg = ParseUrlOptions("width:10,format:jpg", {}, &error);
  ASSERT_TRUE(jpg);
  EXPECT_EQ(jpg->format, "jpeg");
}

TEST(ThumbnailOptionsTest, RefusesBadUrlOptions) {
  Limits limits;
  limits.max_output_dimension = 1000;
  for (const char* options : {"w:1001", "w:-1", "w:+5", "w:", "w:1,w:2", "zoom:2", "w",
                              "fit:squash", "fmt:gif", "q:0", "q:101", "enlarge:2", "w:1e3"}) {
    std::string error;
    EXPECT_FALSE(ParseUrlOptions(options, limits, &error)) << options;
    EXPECT_FALSE(error.empty()) << options;
  }
}

TEST(ThumbnailOptionsTest, FormFieldsAndAutoFormat) {
  std::string error;
  auto spec = ParseFormFields({{"width", "64"}, {"format", "auto"}, {"s3Key", "x"}}, {}, &error);
  ASSERT_TRUE(spec) << error;
  EXPECT_EQ(ResolveFormat(*spec, "image/avif,image/webp,*/*"), "webp");
  EXPECT_EQ(ResolveFormat(*spec, "image/jpeg"), "same");
  EXPECT_FALSE(ParseFormFields({{"quality", "x"}}, {}, &error));
}

TEST(MakeThumbnailTest, ResizesAFixture) {
  ThumbnailSpec spec;
  spec.width = 100;
  spec.height = 100;
  spec.format = "webp";
  ThumbnailResult result = MakeThumbnail(ReadFixture("misc/320x240.jpg"), spec, {});
  ASSERT_TRUE(result.ok) << result.message;
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.width, 100);
  EXPECT_EQ(result.height, 100);
  EXPECT_EQ(result.content_type, "image/webp");
  EXPECT_EQ(result.bytes.substr(8, 4), "WEBP");
}

TEST(MakeThumbnailTest, MapsFailuresToHttpStatuses) {
  ThumbnailSpec spec;
  spec.width = 10;
  EXPECT_EQ(MakeThumbnail("GIF89a...", spec, {}).http_status, 415);
  ThumbnailResult truncated = MakeThumbnail(ReadFixture("bad/truncated.jpg"), spec, {});
  EXPECT_EQ(truncated.http_status, 422);
  EXPECT_EQ(truncated.status_name, "TK_ERR_TRUNCATED");
  ThumbnailResult pixels = MakeThumbnail(ReadFixture("bad/65536-uint32-limit.png"), spec, {});
  EXPECT_EQ(pixels.http_status, 422);
  EXPECT_EQ(pixels.status_name, "TK_ERR_LIMIT_PIXELS");
  Limits small;
  small.max_input_bytes = 100;
  EXPECT_EQ(MakeThumbnail(ReadFixture("misc/320x240.jpg"), spec, small).http_status, 413);
}

TEST(UrlSignatureTest, SignsAndVerifiesThePath) {
  // base64url(HMAC-SHA256("key", "/w:10/a.jpg")), computed with Python's hmac module.
  std::string signature = SignThumbnailPath("key", "/w:10/a.jpg");
  EXPECT_EQ(signature, "pKrcctlRPthBcjmCFGAmhNyM3J4hZogDFOErU_KAjsA");
  EXPECT_TRUE(VerifyThumbnailPath("key", signature, "/w:10/a.jpg"));
  EXPECT_FALSE(VerifyThumbnailPath("key", signature, "/w:11/a.jpg"));
  EXPECT_FALSE(VerifyThumbnailPath("other", signature, "/w:10/a.jpg"));
  EXPECT_FALSE(VerifyThumbnailPath("key", "", "/w:10/a.jpg"));
}

TEST(AvatarJobTest, MakesEveryVariantAtItsExactSize) {
  std::string error;
  auto variants = ParseVariants(kDefaultVariants, &error);
  ASSERT_TRUE(variants);
  AvatarJobResult job = MakeAvatarVariants(ReadFixture("misc/320x240.jpg"), "alice", *variants, {});
  ASSERT_TRUE(job.ok) << job.message;
  ASSERT_EQ(job.objects.size(), 2u);
  EXPECT_EQ(job.objects[0].key, "avatars/processed/alice.jpg");
  EXPECT_EQ(job.objects[0].content_type, "image/jpeg");
  EXPECT_EQ(job.objects[1].key, "avatars/processed/alice.webp");
  for (const auto& object : job.objects) {
    EXPECT_EQ(object.width, 512);
    EXPECT_EQ(object.height, 512);
    EXPECT_EQ(object.cache_control, kAvatarCacheControl);
  }
}

TEST(AvatarJobTest, FailsWholeForBadInputOrSub) {
  std::vector<Variant> variants(1);
  AvatarJobResult corrupt = MakeAvatarVariants(ReadFixture("bad/truncated.png"), "a", variants, {});
  EXPECT_FALSE(corrupt.ok);
  EXPECT_EQ(corrupt.http_status, 422);
  EXPECT_TRUE(corrupt.objects.empty());
  AvatarJobResult bad_sub =
      MakeAvatarVariants(ReadFixture("misc/320x240.jpg"), "../x", variants, {});
  EXPECT_EQ(bad_sub.http_status, 400);
}

}  // namespace
}  // namespace thumbkit::service
