#include "overload.h"

#include "body_reader.h"
#include "http_util.h"

namespace thumbkit::server {
namespace {

thread_local bool reject_after_body = false;

}  // namespace

void SetRejectAfterBody(bool reject) {
  reject_after_body = reject;
}

void SendOverloaded(httplib::Response& res) {
  res.set_header("Retry-After", "1");
  res.set_header("Connection", "close");
  SendError(res, 429, "too_many_requests", "the server's queue is full; retry shortly");
}

bool RejectedForOverload(const httplib::Request& req, httplib::Response& res,
                         const httplib::ContentReader* reader) {
  if (!reject_after_body) return false;
  reject_after_body = false;
  if (reader) DiscardBody(req, *reader, kMaxBodyReadBeforeReject / 4);
  SendOverloaded(res);
  return true;
}

}  // namespace thumbkit::server
