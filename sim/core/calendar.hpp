// Simulation months and calendar dates. Month 0 is the base month (November 2014 by default).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace hwsim {

struct YearMonth {
  int year = 2014;
  int month = 11;  // 1..12
  int index() const { return year * 12 + (month - 1); }
  static YearMonth from_index(int i) { return {i / 12, i % 12 + 1}; }
  YearMonth plus(int months) const { return from_index(index() + months); }
  std::string str() const;  // "YYYY-MM"
  static std::optional<YearMonth> parse(std::string_view s);
  friend bool operator==(const YearMonth&, const YearMonth&) = default;
};

// The time now, UTC, as 2026-12-03T15:40:00Z (when a file was made).
std::string utc_now_iso();

// Months from a to b (b - a).
inline int months_between(YearMonth a, YearMonth b) { return b.index() - a.index(); }

}  // namespace hwsim
