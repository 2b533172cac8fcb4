#include "s3_deadline.h"

#include <algorithm>

namespace thumbkit_lambda {

thumbkit::aws::S3Config WithinDeadline(thumbkit::aws::S3Config s3, const Invocation& invocation) {
  int64_t remaining = invocation.RemainingMs() - kDeadlineMarginMs;
  if (remaining < s3.request_timeout.count())
    s3.request_timeout = std::chrono::milliseconds(std::max<int64_t>(remaining, 1));
  return s3;
}

}  // namespace thumbkit_lambda
