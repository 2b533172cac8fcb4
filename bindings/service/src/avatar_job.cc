#include "thumbkit_service/avatar_job.h"

#include "thumbkit_service/object_key.h"

namespace thumbkit::service {

std::string AvatarKey(std::string_view sub, std::string_view format) {
  return std::string(kProcessedAvatarPrefix) + std::string(sub) + "." + ExtensionForFormat(format);
}

AvatarJobResult MakeAvatarVariants(std::string_view original, std::string_view sub,
                                   const std::vector<Variant>& variants, const Limits& limits) {
  AvatarJobResult job;
  if (!IsSafeKeySegment(sub)) {
    job.http_status = 400;
    job.status_name = "invalid_sub";
    job.message = "the user id cannot be used in an object key";
    return job;
  }
  for (const Variant& variant : variants) {
    // An avatar always has the variant's size, so small originals are scaled up.
    ThumbnailSpec spec{variant.width,  variant.height,  variant.fit,
                       variant.format, variant.quality, true};
    ThumbnailResult thumbnail = MakeThumbnail(original, spec, limits);
    if (!thumbnail.ok) {
      job.http_status = thumbnail.http_status;
      job.status_name = thumbnail.status_name;
      job.message = thumbnail.message;
      job.objects.clear();
      return job;
    }
    job.objects.push_back(AvatarObject{AvatarKey(sub, variant.format), std::move(thumbnail.bytes),
                                       thumbnail.content_type, std::string(kAvatarCacheControl),
                                       thumbnail.width, thumbnail.height});
  }
  job.ok = true;
  job.http_status = 200;
  job.status_name = "TK_OK";
  return job;
}

}  // namespace thumbkit::service
