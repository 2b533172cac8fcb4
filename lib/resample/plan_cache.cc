#include "resample/plan_cache.h"

#include <cstring>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

namespace tk {
namespace {

// A few dozen recent geometries cover a batch job; the byte cap keeps enlargements to huge
// sizes from pinning memory.
constexpr size_t kMaxEntries = 32;
constexpr size_t kMaxBytes = size_t{32} << 20;

bool SameKey(const AxisKey& a, const AxisKey& b) {
  // Bitwise on the doubles: the same box computed the same way hits, nothing else needs to.
  return a.kernel == b.kernel && a.src_size == b.src_size && a.dst_size == b.dst_size &&
         std::memcmp(&a.box_origin, &b.box_origin, sizeof(double)) == 0 &&
         std::memcmp(&a.box_size, &b.box_size, sizeof(double)) == 0;
}

size_t TableBytes(const AxisCoefficients& c) {
  return sizeof(c) + c.first.size() * sizeof(int32_t) + c.weights.size() * sizeof(float) +
         c.fixed_weights.size() * sizeof(int16_t);
}

struct Entry {
  AxisKey key;
  std::shared_ptr<const AxisCoefficients> table;
  size_t bytes = 0;
  uint64_t last_use = 0;
};

class Cache {
 public:
  std::shared_ptr<const AxisCoefficients> Find(const AxisKey& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (Entry& e : entries_) {
      if (SameKey(e.key, key)) {
        e.last_use = ++clock_;
        return e.table;
      }
    }
    return nullptr;
  }

  void Add(const AxisKey& key, std::shared_ptr<const AxisCoefficients> table) {
    const size_t bytes = TableBytes(*table);
    if (bytes > kMaxBytes / 4) return;
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Entry& e : entries_) {
      if (SameKey(e.key, key)) return;  // another thread got there first
    }
    while (!entries_.empty() && (entries_.size() >= kMaxEntries || bytes_ + bytes > kMaxBytes)) {
      size_t oldest = 0;
      for (size_t i = 1; i < entries_.size(); ++i) {
        if (entries_[i].last_use < entries_[oldest].last_use) oldest = i;
      }
      bytes_ -= entries_[oldest].bytes;
      entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(oldest));
    }
    entries_.push_back(Entry{key, std::move(table), bytes, ++clock_});
    bytes_ += bytes;
  }

 private:
  std::mutex mutex_;
  std::vector<Entry> entries_;
  size_t bytes_ = 0;
  uint64_t clock_ = 0;
};

Cache& TheCache() {
  static Cache* cache = new Cache;  // never destroyed: threads may outlive static destructors
  return *cache;
}

}  // namespace

Status CachedAxisCoefficients(const AxisKey& key, std::shared_ptr<const AxisCoefficients>& out) {
  out = TheCache().Find(key);
  if (out != nullptr) return OkStatus();
  std::shared_ptr<AxisCoefficients> table;
  try {
    table = std::make_shared<AxisCoefficients>();
  } catch (const std::bad_alloc&) {
    return Status(TK_ERR_OUT_OF_MEMORY, "cannot allocate resampling coefficients");
  }
  TK_RETURN_IF_ERROR(ComputeAxisCoefficients(key.kernel, key.src_size, key.box_origin, key.box_size,
                                             key.dst_size, *table));
  out = table;
  try {
    TheCache().Add(key, out);
  } catch (const std::bad_alloc&) {
    // Not caching is fine.
  }
  return OkStatus();
}

}  // namespace tk
