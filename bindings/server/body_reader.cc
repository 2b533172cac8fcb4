#include "body_reader.h"

#include "http_util.h"

namespace thumbkit::server {
namespace {

constexpr std::size_t kMaxFieldBytes = 4096;

using SteadyClock = std::chrono::steady_clock;

// httplib reports every failed read the same way; a read that failed after waiting the whole
// read timeout is a stalled client, anything sooner a malformed body (or a client that left).
BodyError ReadFailure(SteadyClock::time_point started, const BodyLimits& limits, bool too_large,
                      std::string_view malformed_message) {
  if (too_large) {
    return {413, "payload_too_large",
            "the body is larger than " + std::to_string(limits.max_bytes) + " bytes"};
  }
  if (SteadyClock::now() - started >= limits.read_timeout - std::chrono::milliseconds(200)) {
    return {408, "request_timeout", "the client sent the body too slowly"};
  }
  return {400, "bad_request", std::string(malformed_message)};
}

std::uint64_t DeclaredLength(const httplib::Request& req) {
  return req.get_header_value<std::uint64_t>("Content-Length");
}

}  // namespace

BodyError CheckDeclaredLength(const httplib::Request& req, const httplib::ContentReader& reader,
                              std::uint64_t max_bytes) {
  if (!req.has_header("Content-Length")) {
    return {411, "length_required", "send a Content-Length header"};
  }
  if (DeclaredLength(req) <= max_bytes) return {};
  DiscardBody(req, reader, max_bytes);
  return {413, "payload_too_large",
          "the body is larger than " + std::to_string(max_bytes) + " bytes"};
}

bool DiscardBody(const httplib::Request& req, const httplib::ContentReader& reader,
                 std::uint64_t max_bytes) {
  // Reading what the client already sends keeps the connection usable; a body declared far over
  // the limit is not worth it (the client then sees the answer and a closed connection).
  if (DeclaredLength(req) > 4 * max_bytes) return false;
  std::uint64_t seen = 0;
  auto drop = [&seen, max_bytes](const char*, std::size_t length) {
    seen += length;
    return seen <= 4 * max_bytes;
  };
  if (req.is_multipart_form_data()) {
    // A multipart body must go through the multipart overload (httplib calls both callbacks).
    return reader([](const httplib::MultipartFormData&) { return true; }, drop);
  }
  return reader(drop);
}

void SendBodyError(httplib::Response& res, const BodyError& error) {
  res.set_header("Connection", "close");
  SendError(res, error.http_status, error.code, error.message);
}

BodyError ReadRawBody(const httplib::Request& req, const httplib::ContentReader& reader,
                      const BodyLimits& limits, std::string* body) {
  if (BodyError declared = CheckDeclaredLength(req, reader, limits.max_bytes);
      declared.http_status) {
    return declared;
  }
  auto started = SteadyClock::now();
  bool too_large = false;
  bool ok = reader([&](const char* data, std::size_t length) {
    if (body->size() + length > limits.max_bytes) {
      too_large = true;
      return false;
    }
    body->append(data, length);
    return true;
  });
  if (!ok) return ReadFailure(started, limits, too_large, "the body ended early");
  return {};
}

BodyError ReadMultipartBody(const httplib::Request& req, const httplib::ContentReader& reader,
                            const BodyLimits& limits, const std::string& file_field,
                            MultipartBody* body) {
  if (!req.is_multipart_form_data()) {
    DiscardBody(req, reader, limits.max_bytes);
    return {415, "unsupported_media_type", "send multipart/form-data with a 'file' part"};
  }
  // Chunked multipart bodies are fine: the receivers below count every byte.
  if (req.has_header("Content-Length")) {
    if (BodyError declared = CheckDeclaredLength(req, reader, limits.max_bytes);
        declared.http_status) {
      return declared;
    }
  }
  auto started = SteadyClock::now();
  bool too_large = false;
  std::string current;
  std::uint64_t total = 0;
  bool ok = reader(
      [&](const httplib::MultipartFormData& part) {
        current = part.name;
        if (current == file_field) {
          body->has_file = true;
          body->file.clear();
          body->file_content_type = part.content_type;
        } else {
          body->fields[current].clear();
        }
        return true;
      },
      [&](const char* data, std::size_t length) {
        total += length;
        if (total > limits.max_bytes) {
          too_large = true;
          return false;
        }
        if (current == file_field) {
          body->file.append(data, length);
          return true;
        }
        std::string& field = body->fields[current];
        if (field.size() + length > kMaxFieldBytes) {
          too_large = true;
          return false;
        }
        field.append(data, length);
        return true;
      });
  if (!ok) return ReadFailure(started, limits, too_large, "the multipart body is malformed");
  return {};
}

}  // namespace thumbkit::server
