// Splits an absolute URL the way a server sees the request: Host, raw path, raw query.
#pragma once

#include <string>
#include <string_view>

namespace thumbkit::aws::testing {

struct UrlParts {
  std::string scheme, host, path, query;
};

inline UrlParts SplitUrl(std::string_view url) {
  UrlParts parts;
  const std::size_t scheme_end = url.find("://");
  parts.scheme = std::string(url.substr(0, scheme_end));
  url.remove_prefix(scheme_end + 3);
  const std::size_t slash = url.find('/');
  parts.host = std::string(url.substr(0, slash));
  url.remove_prefix(slash);
  const std::size_t question = url.find('?');
  parts.path = std::string(url.substr(0, question));
  if (question != std::string_view::npos) parts.query = std::string(url.substr(question + 1));
  return parts;
}

}  // namespace thumbkit::aws::testing
