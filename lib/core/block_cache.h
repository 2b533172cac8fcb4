// Large pixel buffers, reused within a thread.
//
// A thumbnail allocates a few frames of a few MiB (decoded planes, resampled output) and frees
// them when it returns. glibc gives such memory back to the kernel (it unmaps it, or trims the
// top of the heap), so the next image faults every 4 KiB page in again: measured at about 1,400
// page faults and 12% of the time of TASKS.md's T1. Keeping the last few freed blocks per thread
// avoids that, at the cost of holding at most kMaxCachedBytes per thread that made thumbnails.
#pragma once

#include <cstddef>

namespace tk {

// malloc'd memory of at least `size` bytes (its real size in `capacity`): a block this thread
// released when one fits, else fresh. Null when out of memory. Blocks are plain malloc memory:
// one handed to a caller may be freed with free().
void* AcquireBlock(size_t size, size_t& capacity);

// Keeps a block from AcquireBlock for reuse by this thread, or frees it.
void ReleaseBlock(void* block, size_t capacity) noexcept;

// The bytes this thread's cache holds now (for tests).
size_t CachedBlockBytes();

}  // namespace tk
