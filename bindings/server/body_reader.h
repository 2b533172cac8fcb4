// Reading request bodies with the server's limits, telling "too large" (413), "client too slow
// or gone" (408) and "malformed" (400) apart.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace thumbkit::server {

struct BodyLimits {
  std::uint64_t max_bytes = 0;
  std::chrono::seconds read_timeout{10};
};

struct BodyError {
  int http_status = 0;  // 0 = no error
  std::string code;
  std::string message;
};

// 413 (after reading and dropping the body, so the connection stays usable) when the declared
// Content-Length is over `max_bytes`; 411 when there is none. No error otherwise.
BodyError CheckDeclaredLength(const httplib::Request& req, const httplib::ContentReader& reader,
                              std::uint64_t max_bytes);

// Reads and drops the body (at most 4 x `max_bytes`), for answers given before reading it; false
// when some of it is left unread (the answer must then close the connection).
bool DiscardBody(const httplib::Request& req, const httplib::ContentReader& reader,
                 std::uint64_t max_bytes);

// Answers a body error; the connection is closed after it since the body may be half read.
void SendBodyError(httplib::Response& res, const BodyError& error);

// The whole body into *body.
BodyError ReadRawBody(const httplib::Request& req, const httplib::ContentReader& reader,
                      const BodyLimits& limits, std::string* body);

// A multipart/form-data body (Content-Length or chunked): the part named `file_field` into *file
// (with its declared content type), every other part (up to 4 KiB each) into *fields.
struct MultipartBody {
  bool has_file = false;
  std::string file;
  std::string file_content_type;
  std::map<std::string, std::string> fields;
};
BodyError ReadMultipartBody(const httplib::Request& req, const httplib::ContentReader& reader,
                            const BodyLimits& limits, const std::string& file_field,
                            MultipartBody* body);

}  // namespace thumbkit::server
