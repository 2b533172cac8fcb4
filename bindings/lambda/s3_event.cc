#include "s3_event.h"

#include <thumbkit_aws/uri.h>

#include "invocation.h"

namespace thumbkit_lambda {
namespace {

const nlohmann::json* Member(const nlohmann::json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

std::string RequiredString(const nlohmann::json& object, const char* name, const char* where) {
  const nlohmann::json* value = Member(object, name);
  if (value == nullptr || !value->is_string() || value->get_ref<const std::string&>().empty())
    throw HandlerError("MalformedEvent", std::string(where) + "." + name + " is missing");
  return value->get<std::string>();
}

S3Record ParseRecord(const nlohmann::json& record) {
  if (!record.is_object()) throw HandlerError("MalformedEvent", "a record is not an object");
  if (RequiredString(record, "eventSource", "Records[]") != "aws:s3")
    throw HandlerError("MalformedEvent", "Records[].eventSource is not aws:s3");
  const nlohmann::json* s3 = Member(record, "s3");
  const nlohmann::json* bucket = s3 ? Member(*s3, "bucket") : nullptr;
  const nlohmann::json* object = s3 ? Member(*s3, "object") : nullptr;
  if (bucket == nullptr || object == nullptr)
    throw HandlerError("MalformedEvent", "Records[].s3.bucket or .object is missing");
  S3Record parsed;
  parsed.event_name = RequiredString(record, "eventName", "Records[]");
  parsed.bucket = RequiredString(*bucket, "name", "Records[].s3.bucket");
  std::string raw_key = RequiredString(*object, "key", "Records[].s3.object");
  auto key = thumbkit::aws::FormDecode(raw_key);
  if (!key) throw HandlerError("MalformedEvent", "Records[].s3.object.key is badly encoded");
  parsed.key = std::move(*key);
  const nlohmann::json* size = Member(*object, "size");
  if (size != nullptr && size->is_number_integer() && size->get<std::int64_t>() >= 0)
    parsed.size = size->get<std::uint64_t>();
  return parsed;
}

}  // namespace

bool IsS3TestEvent(const nlohmann::json& event) {
  const nlohmann::json* name = Member(event, "Event");
  return name != nullptr && name->is_string() && *name == "s3:TestEvent";
}

std::vector<S3Record> ParseS3Event(const nlohmann::json& event) {
  const nlohmann::json* records = Member(event, "Records");
  if (records == nullptr || !records->is_array() || records->empty())
    throw HandlerError("MalformedEvent",
                       "the event has no Records (an S3 notification has at least one)");
  std::vector<S3Record> parsed;
  for (const auto& record : *records) parsed.push_back(ParseRecord(record));
  return parsed;
}

}  // namespace thumbkit_lambda
