// ISO 8601 basic format timestamps (X-Amz-Date) and the SigV4 signing key.
#include <ctime>

#include "canonical.h"
#include "thumbkit_aws/crypto.h"
#include "thumbkit_aws/sigv4.h"

namespace thumbkit::aws {
namespace {

bool ParseDigits(std::string_view text, int& value) {
  value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

}  // namespace

std::string FormatAmzDate(Clock::time_point t) {
  const std::time_t seconds = Clock::to_time_t(std::chrono::floor<std::chrono::seconds>(t));
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[17];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

std::optional<Clock::time_point> ParseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ParseDigits(text.substr(0, 4), year) || !ParseDigits(text.substr(4, 2), month) ||
      !ParseDigits(text.substr(6, 2), day) || !ParseDigits(text.substr(9, 2), hour) ||
      !ParseDigits(text.substr(11, 2), minute) || !ParseDigits(text.substr(13, 2), second)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return Clock::time_point(std::chrono::sys_days(date)) + std::chrono::hours(hour) +
         std::chrono::minutes(minute) + std::chrono::seconds(second);
}

std::string DeriveSigningKey(std::string_view secret, std::string_view yyyymmdd,
                             const SigningScope& scope) {
  const std::string date_key = HmacSha256("AWS4" + std::string(secret), yyyymmdd);
  const std::string region_key = HmacSha256(date_key, scope.region);
  const std::string service_key = HmacSha256(region_key, scope.service);
  return HmacSha256(service_key, detail::kTerminator);
}

}  // namespace thumbkit::aws
