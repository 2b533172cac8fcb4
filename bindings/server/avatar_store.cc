#include "avatar_store.h"

#include <thumbkit_service/avatar_job.h>

#include "http_util.h"

namespace thumbkit::server {
namespace {

AvatarOutcome Failure(int status, std::string code, std::string message) {
  AvatarOutcome outcome;
  outcome.http_status = status;
  outcome.code = std::move(code);
  outcome.message = std::move(message);
  return outcome;
}

AvatarOutcome WriteAvatars(ServerContext& context, const std::string& key,
                           const service::AvatarJobResult& job, const std::string& base_url,
                           AvatarOutcome outcome) {
  nlohmann::json avatars = nlohmann::json::array();
  for (const auto& object : job.objects) {
    PutResult put =
        context.store->Put(object.key, object.bytes, object.content_type, object.cache_control);
    if (put.http_status != 200) {
      return Failure(put.http_status, DefaultErrorCode(put.http_status), put.message);
    }
    avatars.push_back({{"key", object.key},
                       {"url", base_url + ObjectPath(object.key)},
                       {"width", object.width},
                       {"height", object.height},
                       {"bytes", object.bytes.size()},
                       {"etag", put.etag}});
  }
  outcome.ok = true;
  outcome.http_status = 200;
  outcome.body = {{"key", key}, {"avatars", avatars}};
  return outcome;
}

service::AvatarJobResult RunJob(ServerContext& context, const std::string& original,
                                const std::string& sub) {
  service::AvatarJobResult job =
      service::MakeAvatarVariants(original, sub, context.avatar_variants, context.limits);
  if (!job.ok) context.metrics->ImageError(job.status_name);
  return job;
}

}  // namespace

AvatarOutcome StoreOriginalAndAvatars(ServerContext& context, const std::string& key,
                                      const std::string& sub, const std::string& original,
                                      const std::string& content_type,
                                      const std::string& base_url) {
  service::AvatarJobResult job = RunJob(context, original, sub);
  if (!job.ok) return Failure(job.http_status, job.status_name, job.message);
  PutResult put = context.store->Put(key, original, content_type, context.CacheControlFor(key));
  if (put.http_status != 200) {
    return Failure(put.http_status, DefaultErrorCode(put.http_status), put.message);
  }
  AvatarOutcome outcome;
  outcome.original_etag = put.etag;
  return WriteAvatars(context, key, job, base_url, std::move(outcome));
}

AvatarOutcome ProcessStoredUpload(ServerContext& context, const std::string& key,
                                  const std::string& sub, const std::string& base_url) {
  StoredObject original =
      context.store->Get(key, static_cast<std::uint64_t>(context.limits.max_input_bytes));
  if (original.http_status != 200) {
    return Failure(original.http_status, DefaultErrorCode(original.http_status), original.message);
  }
  service::AvatarJobResult job = RunJob(context, original.body, sub);
  if (!job.ok) return Failure(job.http_status, job.status_name, job.message);
  AvatarOutcome outcome;
  outcome.original_etag = original.etag;
  return WriteAvatars(context, key, job, base_url, std::move(outcome));
}

}  // namespace thumbkit::server
