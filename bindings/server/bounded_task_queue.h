// httplib's connection queue, bounded: `workers` threads serve connections, at most
// `max_waiting` more wait for one. A connection beyond that is served by a small rejecter pool
// whose requests the server answers 429 at once (InRejecterThread()), so overload shows as fast
// 429s rather than timeouts. When even the rejecters are backed up, the accept loop rejects inline,
// which pushes back on the listen backlog instead of growing memory.
#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace thumbkit::server {

struct QueueStats {
  std::atomic<std::size_t> waiting{0};  // connections waiting for a worker
  std::atomic<std::size_t> busy{0};     // connections a worker is serving
  std::atomic<std::size_t> rejected{0};
};

class BoundedTaskQueue : public httplib::TaskQueue {
 public:
  BoundedTaskQueue(std::size_t workers, std::size_t max_waiting, QueueStats& stats);
  ~BoundedTaskQueue() override;

  void enqueue(std::function<void()> fn) override;
  // Runs everything already queued, then joins the threads (httplib calls this after stop()).
  void shutdown() override;

  // True while the calling thread serves a connection that overflowed the queue.
  static bool InRejecterThread();

 private:
  struct Lane {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::function<void()>> jobs;
    bool closing = false;
    std::vector<std::thread> threads;
  };
  void Run(Lane& lane, bool rejecter);
  static void Close(Lane& lane);

  std::size_t max_waiting_;
  std::size_t max_rejecting_;
  QueueStats& stats_;
  Lane workers_;
  Lane rejecters_;
};

}  // namespace thumbkit::server
