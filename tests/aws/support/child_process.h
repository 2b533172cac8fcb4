// Runs a helper program (python3, ruby, node) as a child process for cross-checks: argv without a
// shell, stdin fed, stdout and stderr captured, killed at a deadline so tests stay bounded.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace thumbkit::aws::testing {

struct ChildResult {
  int exit_code = -1;  // -1 when killed at the deadline or not started
  bool timed_out = false;
  std::string out;
  std::string err;
};

// `env` entries ("NAME=value") are added to (and override) this process's environment;
// a bare "NAME" removes that variable.
ChildResult RunChild(const std::vector<std::string>& argv, std::string_view input = {},
                     const std::vector<std::string>& env = {},
                     std::chrono::seconds timeout = std::chrono::seconds(60));

// Starts a long-running child with stdout and stderr appended to `log_path`; returns its pid,
// or -1 with errno set.
pid_t SpawnBackground(const std::vector<std::string>& argv, const std::string& log_path);

// SIGTERM, then SIGKILL after `grace`; always reaps.
void StopChild(pid_t pid, std::chrono::milliseconds grace = std::chrono::milliseconds(3000));

// Paths configured by CMake, and an environment for AWS SDK children that ignores ~/.aws.
std::string ScriptPath(std::string_view name);
std::string PythonPath();
std::string RubyPath();
std::vector<std::string> IsolatedAwsEnv();

}  // namespace thumbkit::aws::testing
