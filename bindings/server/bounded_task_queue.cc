#include "bounded_task_queue.h"

#include <sys/resource.h>
#include <unistd.h>

namespace thumbkit::server {
namespace {

thread_local bool in_rejecter = false;

constexpr std::size_t kRejecterThreads = 2;
constexpr int kRejecterNice = 10;

}  // namespace

BoundedTaskQueue::BoundedTaskQueue(std::size_t workers, std::size_t max_waiting, QueueStats& stats)
    : max_waiting_(max_waiting), max_rejecting_(4 * max_waiting + 64), stats_(stats) {
  for (std::size_t i = 0; i < workers; ++i) {
    workers_.threads.emplace_back([this] { Run(workers_, false); });
  }
  for (std::size_t i = 0; i < kRejecterThreads; ++i) {
    rejecters_.threads.emplace_back([this] { Run(rejecters_, true); });
  }
}

BoundedTaskQueue::~BoundedTaskQueue() {
  shutdown();
}

bool BoundedTaskQueue::InRejecterThread() {
  return in_rejecter;
}

void BoundedTaskQueue::enqueue(std::function<void()> fn) {
  {
    std::lock_guard lock(workers_.mutex);
    // Idle workers take a job at once; count only the jobs beyond them as waiting.
    if (workers_.jobs.size() < max_waiting_ + (workers_.threads.size() - stats_.busy.load())) {
      workers_.jobs.push_back(std::move(fn));
      stats_.waiting = workers_.jobs.size();
      workers_.ready.notify_one();
      return;
    }
  }
  stats_.rejected++;
  {
    std::lock_guard lock(rejecters_.mutex);
    if (rejecters_.jobs.size() < max_rejecting_) {
      rejecters_.jobs.push_back(std::move(fn));
      rejecters_.ready.notify_one();
      return;
    }
  }
  in_rejecter = true;
  fn();
  in_rejecter = false;
}

void BoundedTaskQueue::Run(Lane& lane, bool rejecter) {
  in_rejecter = rejecter;
  // Rejecting must not take the CPU from the work it protects: on Linux nice is per thread.
  if (rejecter) setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kRejecterNice);
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(lane.mutex);
      lane.ready.wait(lock, [&] { return !lane.jobs.empty() || lane.closing; });
      if (lane.jobs.empty()) return;
      job = std::move(lane.jobs.front());
      lane.jobs.pop_front();
      if (!rejecter) {
        stats_.waiting = lane.jobs.size();
        stats_.busy++;
      }
    }
    job();
    if (!rejecter) stats_.busy--;
  }
}

void BoundedTaskQueue::Close(Lane& lane) {
  {
    std::lock_guard lock(lane.mutex);
    lane.closing = true;
  }
  lane.ready.notify_all();
  for (auto& thread : lane.threads) {
    if (thread.joinable()) thread.join();
  }
  lane.threads.clear();
}

void BoundedTaskQueue::shutdown() {
  Close(workers_);
  Close(rejecters_);
}

}  // namespace thumbkit::server
