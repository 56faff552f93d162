#include "core/calendar.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <ctime>

namespace hwsim {

std::string YearMonth::str() const { return fmt::format("{:04d}-{:02d}", year, month); }

std::optional<YearMonth> YearMonth::parse(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  YearMonth ym;
  auto r1 = std::from_chars(s.data(), s.data() + 4, ym.year);
  auto r2 = std::from_chars(s.data() + 5, s.data() + 7, ym.month);
  if (r1.ec != std::errc{} || r2.ec != std::errc{} || r1.ptr != s.data() + 4 ||
      r2.ptr != s.data() + 7)
    return std::nullopt;
  if (ym.month < 1 || ym.month > 12 || ym.year < 1900 || ym.year > 2200) return std::nullopt;
  return ym;
}

std::string utc_now_iso() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

}  // namespace hwsim
