// Many handles in parallel, mixed formats and options: every output must equal the one-thread
// output byte for byte. CI runs this under ThreadSanitizer (ctest -R Concurrency).
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "hardening_util.h"

namespace tk_test {
namespace {

struct Job {
  std::vector<uint8_t> input;
  std::vector<std::pair<tk_param, int64_t>> params;
};

std::vector<uint8_t> RunJob(const Job& job, tk_status& status) {
  Ctx ctx = NewCtx();
  for (const auto& [param, value] : job.params) tk_set_int(ctx.get(), param, value);
  tk_output out = TK_OUTPUT_INIT;
  status = tk_thumbnail(ctx.get(), job.input.data(), job.input.size(), &out);
  std::vector<uint8_t> bytes;
  if (status == TK_OK) {
    bytes.assign(static_cast<uint8_t*>(out.data), static_cast<uint8_t*>(out.data) + out.size);
  }
  tk_free(out.data);
  return bytes;
}

std::vector<Job> Jobs() {
  const std::vector<std::vector<uint8_t>> inputs = {ReadFixture("jpeg-turbo/testorig.jpg"),
                                                    ReadFixture("orientation/Portrait_6.jpg"),
                                                    ReadFixture("color/p3.png"),
                                                    ReadFixture("alpha/with-alpha.png"),
                                                    ReadFixture("webp/big-height.webp"),
                                                    ReadFixture("webp/animated-loop-3.webp"),
                                                    ReadFixture("bad/truncated.jpg")};
  std::vector<Job> jobs;
  int i = 0;
  for (const auto& input : inputs) {
    for (int variant = 0; variant < 3; ++variant, ++i) {
      Job job;
      job.input = input;
      job.params = {{TK_PARAM_WIDTH, 24 + 16 * variant},
                    {TK_PARAM_HEIGHT, 40 - 8 * variant},
                    {TK_PARAM_FIT, i % 5},
                    {TK_PARAM_KERNEL, i % 7},
                    {TK_PARAM_LINEAR_LIGHT, variant == 1},
                    {TK_PARAM_SHRINK_ON_LOAD, variant},
                    {TK_PARAM_FORMAT, (i % 4)},
                    {TK_PARAM_KEEP_ICC, variant == 2}};
      jobs.push_back(std::move(job));
    }
  }
  return jobs;
}

TEST(Concurrency, ParallelHandlesGiveTheSingleThreadBytes) {
  const std::vector<Job> jobs = Jobs();
  std::vector<std::vector<uint8_t>> expected(jobs.size());
  std::vector<tk_status> expected_status(jobs.size());
  for (size_t j = 0; j < jobs.size(); ++j) expected[j] = RunJob(jobs[j], expected_status[j]);

  constexpr int kThreads = 6;
  constexpr int kRounds = 2;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRounds; ++r) {
        for (size_t k = 0; k < jobs.size(); ++k) {
          const size_t j = (k + static_cast<size_t>(t) * 5) % jobs.size();  // staggered order
          tk_status status = TK_OK;
          const std::vector<uint8_t> got = RunJob(jobs[j], status);
          if (status != expected_status[j] || got != expected[j]) ++mismatches;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
  // The truncated input must fail the same way on every thread, and the rest succeed.
  int ok = 0;
  for (tk_status s : expected_status) ok += s == TK_OK;
  EXPECT_EQ(ok, static_cast<int>(jobs.size()) - 3);
}

}  // namespace
}  // namespace tk_test
