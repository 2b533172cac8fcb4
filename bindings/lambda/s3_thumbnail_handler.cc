#include "s3_thumbnail_handler.h"

#include <thumbkit_service/avatar_job.h>
#include <thumbkit_service/object_key.h>

#include <chrono>

#include "json_log.h"
#include "s3_deadline.h"
#include "s3_errors.h"
#include "s3_event.h"

namespace thumbkit_lambda {
namespace {

using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

S3ThumbnailHandler::S3ThumbnailHandler(S3ThumbnailConfig config, thumbkit::aws::S3Config s3)
    : config_(std::move(config)), s3_(std::move(s3)) {}

std::optional<std::string> S3ThumbnailHandler::OutputId(const std::string& key) const {
  std::string relative = key.substr(config_.source_prefix.size());
  size_t slash = relative.find('/');
  std::string id;
  if (slash != std::string::npos) {
    if (slash + 1 == relative.size()) return std::nullopt;  // "uploads/{sub}/" names no object
    id = relative.substr(0, slash);
  } else {
    id = relative.substr(0, relative.rfind('.'));
  }
  if (!thumbkit::service::IsSafeKeySegment(id)) return std::nullopt;
  return id;
}

std::string S3ThumbnailHandler::SkipReason(const std::string& bucket, const std::string& key,
                                           const std::string& event_name) const {
  if (event_name.rfind("ObjectCreated:", 0) != 0) return "not an ObjectCreated event";
  std::string dest_bucket = config_.dest_bucket.empty() ? bucket : config_.dest_bucket;
  // The loop guard: our own outputs never go through again, whatever the prefixes overlap.
  if (bucket == dest_bucket && StartsWith(key, config_.dest_prefix))
    return "in the destination prefix";
  if (!StartsWith(key, config_.source_prefix)) return "outside the source prefix";
  return "";
}

nlohmann::json S3ThumbnailHandler::ProcessObject(const thumbkit::aws::S3Client& client,
                                                 const std::string& bucket,
                                                 const std::string& key) const {
  if (auto problem = thumbkit::service::ValidateObjectKey(key))
    throw HandlerError("InvalidKey", "key '" + key + "': " + *problem);
  auto id = OutputId(key);
  if (!id)
    throw HandlerError("InvalidKey", "key '" + key + "' is not " + config_.source_prefix +
                                         "{id}/{name} or " + config_.source_prefix +
                                         "{id}.{ext} with a safe id");
  auto start = Clock::now();
  auto limit = static_cast<std::uint64_t>(config_.limits.max_input_bytes);
  // HEAD first: an object over the limit is refused without downloading a byte of it.
  thumbkit::aws::S3Head head = client.Head(bucket, key);
  if (!head.ok)
    throw HandlerError(S3ErrorType(head.error),
                       "HEAD s3://" + bucket + "/" + key + ": " + head.error + " " + head.message);
  if (head.size > limit)
    throw HandlerError("ObjectTooLarge", "s3://" + bucket + "/" + key + " is " +
                                             std::to_string(head.size) + " bytes, over the " +
                                             std::to_string(limit) + "-byte limit");
  thumbkit::aws::S3Object original = client.Get(bucket, key, limit);
  if (!original.ok)
    throw HandlerError(S3ErrorType(original.error), "GET s3://" + bucket + "/" + key + ": " +
                                                        original.error + " " + original.message);
  double download_ms = MillisecondsSince(start);

  auto resize_start = Clock::now();
  auto job =
      thumbkit::service::MakeAvatarVariants(original.body, *id, config_.variants, config_.limits);
  if (!job.ok)
    throw HandlerError(ThumbnailErrorType(job.status_name),
                       "s3://" + bucket + "/" + key + ": " + job.status_name + ": " + job.message);
  double resize_ms = MillisecondsSince(resize_start);

  std::string dest_bucket = config_.dest_bucket.empty() ? bucket : config_.dest_bucket;
  nlohmann::json objects = nlohmann::json::array();
  auto upload_start = Clock::now();
  for (size_t i = 0; i < job.objects.size(); ++i) {
    const auto& object = job.objects[i];
    // Same input, same keys: a retried event overwrites the same objects.
    std::string dest_key = config_.dest_prefix + *id + "." +
                           thumbkit::service::ExtensionForFormat(config_.variants[i].format);
    auto put =
        client.Put(dest_bucket, dest_key, object.bytes, object.content_type, object.cache_control);
    if (!put.ok)
      throw HandlerError(S3ErrorType(put.error), "PUT s3://" + dest_bucket + "/" + dest_key + ": " +
                                                     put.error + " " + put.message);
    objects.push_back({{"bucket", dest_bucket},
                       {"key", dest_key},
                       {"contentType", object.content_type},
                       {"bytes", object.bytes.size()},
                       {"width", object.width},
                       {"height", object.height}});
  }
  nlohmann::json processed = {
      {"bucket", bucket}, {"key", key}, {"size", original.body.size()}, {"objects", objects}};
  Log(LogLevel::kInfo, "processed",
      {{"bucket", bucket},
       {"key", key},
       {"inputBytes", original.body.size()},
       {"outputs", objects},
       {"downloadMs", download_ms},
       {"resizeMs", resize_ms},
       {"uploadMs", MillisecondsSince(upload_start)}});
  return processed;
}

nlohmann::json S3ThumbnailHandler::operator()(const nlohmann::json& event,
                                              const Invocation& invocation) const {
  if (IsS3TestEvent(event)) return {{"ignored", "s3:TestEvent"}};
  std::vector<S3Record> records = ParseS3Event(event);
  thumbkit::aws::S3Client client(WithinDeadline(s3_, invocation));
  nlohmann::json processed = nlohmann::json::array(), skipped = nlohmann::json::array();
  std::optional<HandlerError> first_failure;
  size_t failures = 0;
  for (const S3Record& record : records) {
    std::string reason = SkipReason(record.bucket, record.key, record.event_name);
    if (!reason.empty()) {
      Log(LogLevel::kInfo, "skipped",
          {{"bucket", record.bucket}, {"key", record.key}, {"reason", reason}});
      skipped.push_back({{"key", record.key}, {"reason", reason}});
      continue;
    }
    try {
      if (invocation.RemainingMs() < kDeadlineMarginMs)
        throw HandlerError("DeadlineExceeded", "no time left before the invocation's deadline");
      processed.push_back(ProcessObject(client, record.bucket, record.key));
    } catch (const HandlerError& failure) {
      Log(LogLevel::kError, "record failed",
          {{"bucket", record.bucket},
           {"key", record.key},
           {"errorType", failure.type()},
           {"errorMessage", failure.what()}});
      if (!first_failure) first_failure = failure;
      ++failures;
    }
  }
  if (first_failure) {
    if (failures == 1) throw *first_failure;
    throw HandlerError(first_failure->type(),
                       std::to_string(failures) + " of " + std::to_string(records.size()) +
                           " records failed; the first: " + first_failure->what());
  }
  return {{"processed", processed}, {"skipped", skipped}};
}

}  // namespace thumbkit_lambda
