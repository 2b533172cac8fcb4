// S3 requests made during an invocation must end before its deadline.
#pragma once

#include <thumbkit_aws/s3_client.h>

#include <cstdint>

#include "invocation.h"

namespace thumbkit_lambda {

// Time kept back from the deadline to report a failure before Lambda stops the process.
inline constexpr int64_t kDeadlineMarginMs = 500;

// `s3` with its request timeout cut to the invocation's remaining time less the margin.
thumbkit::aws::S3Config WithinDeadline(thumbkit::aws::S3Config s3, const Invocation& invocation);

}  // namespace thumbkit_lambda
