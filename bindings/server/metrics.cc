#include "metrics.h"

#include <sstream>

namespace thumbkit::server {

void Metrics::Count(const std::string& route, const std::string& method, int status,
                    std::uint64_t bytes_out) {
  requests_[{route, method, status}]++;
  bytes_out_ += bytes_out;
}

void Metrics::RequestFinished(const std::string& route, const std::string& method, int status,
                              double seconds, std::uint64_t bytes_in, std::uint64_t bytes_out) {
  in_flight_--;
  std::lock_guard lock(mutex_);
  Count(route, method, status, bytes_out);
  bytes_in_ += bytes_in;
  Histogram& histogram = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) histogram.counts[i]++;
  }
  histogram.count++;
  histogram.sum += seconds;
}

void Metrics::RequestFinishedUncounted(const std::string& route, const std::string& method,
                                       int status, std::uint64_t bytes_out) {
  std::lock_guard lock(mutex_);
  Count(route, method, status, bytes_out);
}

void Metrics::ImageError(const std::string& status_name) {
  std::lock_guard lock(mutex_);
  image_errors_[status_name]++;
}

std::string Metrics::Render() const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP thumbkit_http_requests_total HTTP requests by route, method and status.\n"
      << "# TYPE thumbkit_http_requests_total counter\n";
  for (const auto& [labels, count] : requests_) {
    const auto& [route, method, status] = labels;
    out << "thumbkit_http_requests_total{route=\"" << route << "\",method=\"" << method
        << "\",code=\"" << status << "\"} " << count << "\n";
  }
  out << "# HELP thumbkit_http_request_duration_seconds Time from request headers to response.\n"
      << "# TYPE thumbkit_http_request_duration_seconds histogram\n";
  for (const auto& [route, histogram] : latency_) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "thumbkit_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
          << kBuckets[i] << "\"} " << histogram.counts[i] << "\n";
    }
    out << "thumbkit_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} "
        << histogram.count << "\n"
        << "thumbkit_http_request_duration_seconds_sum{route=\"" << route << "\"} " << histogram.sum
        << "\n"
        << "thumbkit_http_request_duration_seconds_count{route=\"" << route << "\"} "
        << histogram.count << "\n";
  }
  out << "# HELP thumbkit_http_request_bytes_total Request body bytes received.\n"
      << "# TYPE thumbkit_http_request_bytes_total counter\n"
      << "thumbkit_http_request_bytes_total " << bytes_in_ << "\n"
      << "# HELP thumbkit_http_response_bytes_total Response body bytes sent.\n"
      << "# TYPE thumbkit_http_response_bytes_total counter\n"
      << "thumbkit_http_response_bytes_total " << bytes_out_ << "\n"
      << "# HELP thumbkit_http_in_flight_requests Requests being handled now.\n"
      << "# TYPE thumbkit_http_in_flight_requests gauge\n"
      << "thumbkit_http_in_flight_requests " << in_flight_.load() << "\n"
      << "# HELP thumbkit_queue_depth Connections waiting for a worker.\n"
      << "# TYPE thumbkit_queue_depth gauge\n"
      << "thumbkit_queue_depth " << queue_.waiting.load() << "\n"
      << "# HELP thumbkit_queue_capacity Connections that may wait before 429.\n"
      << "# TYPE thumbkit_queue_capacity gauge\n"
      << "thumbkit_queue_capacity " << queue_capacity_ << "\n"
      << "# HELP thumbkit_workers_busy Worker threads serving a connection.\n"
      << "# TYPE thumbkit_workers_busy gauge\n"
      << "thumbkit_workers_busy " << queue_.busy.load() << "\n"
      << "# HELP thumbkit_queue_rejected_total Connections answered 429 because the queue was "
         "full.\n"
      << "# TYPE thumbkit_queue_rejected_total counter\n"
      << "thumbkit_queue_rejected_total " << queue_.rejected.load() << "\n"
      << "# HELP thumbkit_image_errors_total Images refused, by thumbkit status.\n"
      << "# TYPE thumbkit_image_errors_total counter\n";
  for (const auto& [status, count] : image_errors_) {
    out << "thumbkit_image_errors_total{status=\"" << status << "\"} " << count << "\n";
  }
  return out.str();
}

std::string RouteLabel(const std::string& method, const std::string& path) {
  static const char* const kPrefixes[] = {"/image",     "/i/",        "/uploads", "/o/",
                                          "/events/s3", "/dev/token", "/healthz", "/metrics"};
  for (const char* prefix : kPrefixes) {
    std::string p(prefix);
    if (path.rfind(p, 0) == 0) {
      if (p == "/uploads") return method == "PUT" ? "/uploads/{key}" : "/uploads";
      if (p.back() == '/') p.pop_back();
      return p;
    }
  }
  if (method == "OPTIONS") return "preflight";
  return path == "/" || path.rfind("/static/", 0) == 0 || path == "/index.html" ? "/" : "other";
}

}  // namespace thumbkit::server
