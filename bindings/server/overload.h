// Answering 429 on connections that overflowed the queue. Requests without a body are answered
// before routing; small bodies are read and dropped first (as nginx discards bodies), so the
// connection stays in step and the client reads a clean 429 instead of a reset.
#pragma once

#include <httplib.h>

#include <cstdint>

namespace thumbkit::server {

inline constexpr std::uint64_t kMaxBodyReadBeforeReject = 1 << 20;

// Called by the pre-routing hook: whether the route must answer 429 once the body is read.
void SetRejectAfterBody(bool reject);

// At the start of a route with a body: true after answering 429 (the body read and dropped).
// `reader` is null for routes whose body httplib already read.
bool RejectedForOverload(const httplib::Request& req, httplib::Response& res,
                         const httplib::ContentReader* reader);

// The 429 answer itself.
void SendOverloaded(httplib::Response& res);

}  // namespace thumbkit::server
