// Prometheus counters for GET /metrics: requests by route and status, latency histogram, bytes,
// in-flight requests, queue depth and image errors by thumbkit status.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "bounded_task_queue.h"

namespace thumbkit::server {

class Metrics {
 public:
  explicit Metrics(const QueueStats& queue, std::size_t queue_capacity)
      : queue_(queue), queue_capacity_(queue_capacity) {}

  void RequestStarted() { in_flight_++; }
  void RequestFinished(const std::string& route, const std::string& method, int status,
                       double seconds, std::uint64_t bytes_in, std::uint64_t bytes_out);
  void RequestFinishedUncounted(const std::string& route, const std::string& method, int status,
                                std::uint64_t bytes_out);  // never passed RequestStarted
  void ImageError(const std::string& status_name);

  std::string Render() const;  // Prometheus text exposition format 0.0.4

 private:
  static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                   0.1,   0.25,   0.5,   1.0,  2.5,   5.0};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  void Count(const std::string& route, const std::string& method, int status,
             std::uint64_t bytes_out);

  const QueueStats& queue_;
  std::size_t queue_capacity_;
  std::atomic<std::int64_t> in_flight_{0};
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::string, std::uint64_t> image_errors_;
  std::uint64_t bytes_in_ = 0;
  std::uint64_t bytes_out_ = 0;
};

// The route label of a path: "/image", "/i", "/uploads", "/o", ... or "other".
std::string RouteLabel(const std::string& method, const std::string& path);

}  // namespace thumbkit::server
