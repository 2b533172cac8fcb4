#include "report.h"

#include <cstdio>

namespace thumbkit_cli {

std::string ErrorLine(const std::string& subject, const std::string& message) {
  return "thumbkit: " + subject + ": " + message;
}

std::string StatusLine(const std::string& subject, tk_status status, const std::string& message) {
  return ErrorLine(subject, std::string(tk_status_name(status)) + ": " + message);
}

void PrintError(const std::string& line) {
  std::string text = line + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace thumbkit_cli
