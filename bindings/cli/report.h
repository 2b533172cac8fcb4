// Exit codes and the one format of error lines on stderr.
#pragma once

#include <thumbkit/thumbkit.h>

#include <string>

namespace thumbkit_cli {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;  // an image (or its file) failed
constexpr int kExitUsage = 2;   // bad command line

// "thumbkit: <subject>: <message>"
std::string ErrorLine(const std::string& subject, const std::string& message);

// "thumbkit: <subject>: TK_ERR_NAME: <message>"
std::string StatusLine(const std::string& subject, tk_status status, const std::string& message);

// Writes `line` and a newline to stderr in one call, so lines from threads do not interleave.
void PrintError(const std::string& line);

}  // namespace thumbkit_cli
