// S3 event notifications
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace thumbkit_lambda {

struct S3Record {
  std::string event_name;  // "ObjectCreated:Put", ...
  std::string bucket;
  std::string key;                    // form-decoded: '+' is a space, "%2B" a plus
  std::optional<std::uint64_t> size;  // as the event states it

  bool IsObjectCreated() const { return event_name.rfind("ObjectCreated:", 0) == 0; }
};

// True for the "s3:TestEvent" S3 sends when a notification is configured (it has no Records).
bool IsS3TestEvent(const nlohmann::json& event);

// The records of an S3 event. Throws HandlerError("MalformedEvent") when the event has no
// Records array or a record lacks its source, bucket or key, or the key is badly encoded.
std::vector<S3Record> ParseS3Event(const nlohmann::json& event);

}  // namespace thumbkit_lambda
