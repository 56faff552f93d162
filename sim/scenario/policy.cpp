#include "scenario/policy.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/error.hpp"

namespace hwsim {

namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// YYYY-MM-DD -> (year, month, day), or false.
bool parse_date(const std::string& s, int& y, int& m, int& d) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  auto num = [&](std::size_t at, std::size_t n, int& out) {
    const auto r = std::from_chars(s.data() + at, s.data() + at + n, out);
    return r.ec == std::errc() && r.ptr == s.data() + at + n;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= kDays[m - 1] + (m == 2 && leap(y) ? 1 : 0);
}

void apply_rule(const std::string& file, const YAML::Node& n, const std::string& key,
                PolicyDate& r) {
  check_keys(file, n, key, {"date", "source", "enabled", "note"});
  if (n["enabled"])
    r.enabled = as_bool(file, n["enabled"], key + ".enabled");
  else
    r.enabled = true;
  if (n["date"]) {
    const std::string text = as_string(file, n["date"], key + ".date");
    int y = 0, m = 0, d = 0;
    if (!parse_date(text, y, m, d))
      fail(file, n["date"], key + ".date",
           fmt::format("expected a date written YYYY-MM-DD, got '{}'", text));
    r.date = text;
    r.from = month_in_force(y, m, d);
    r.line = line_of(n["date"]);
    r.file = file;
    if (!n["source"]) fail(file, n, key, "missing 'source': every date of the timeline needs one");
  }
  if (n["source"]) {
    r.source = as_string(file, n["source"], key + ".source");
    if (r.source.empty()) fail(file, n["source"], key + ".source", "empty source");
  }
  if (r.enabled && r.date.empty())
    fail(file, n, key, "missing 'date' (YYYY-MM-DD) for a rule that is enabled");
}

}  // namespace

void apply_policy(const std::string& file, const YAML::Node& n, Policy& p) {
  if (!n.IsMap()) fail(file, n, "policy", "expected a mapping of rules");
  const std::vector<std::string> valid(kPolicyRuleNames.begin(), kPolicyRuleNames.end());
  check_keys(file, n, "policy", valid);
  for (auto it = n.begin(); it != n.end(); ++it) {
    const std::string name = it->first.as<std::string>();
    const auto rule = parse_level<PolicyRule>(name);
    apply_rule(file, it->second, "policy." + name, p.rules[idx(*rule)]);
  }
}

void finish_policy(const Policy& p, YearMonth start, int months, std::vector<std::string>& notes) {
  const YearMonth last = start.plus(months - 1);
  auto where = [&](PolicyRule r) -> const PolicyDate& { return p.rules[idx(r)]; };
  auto refuse = [&](PolicyRule r, const std::string& msg) {
    const PolicyDate& d = where(r);
    throw InputError(d.file, d.line, 1, "policy." + std::string(name_of(r)) + ".date", msg);
  };
  for (std::size_t k = 0; k < count_of<PolicyRule>(); ++k) {
    const auto r = static_cast<PolicyRule>(k);
    const PolicyDate& d = where(r);
    if (!d.enabled) continue;
    if (d.from.index() <= start.index())
      refuse(r, fmt::format("{} is not after the run's first month ({}): a rule in force from "
                            "the start is part of the status quo and belongs in the parameters",
                            d.date, start.str()));
    if (d.from.index() > last.index())
      notes.push_back(
          fmt::format("policy.{} ({}) falls after the run's last month ({}) and does "
                      "not apply",
                      name_of(r), d.date, last.str()));
  }
  const PolicyDate &live = where(PolicyRule::UcLiveService),
                   &full = where(PolicyRule::UcFullService);
  if (live.enabled && full.enabled && full.from.index() < live.from.index())
    refuse(PolicyRule::UcFullService,
           fmt::format("UC full service ({}) before the live service ({})", full.date, live.date));
  for (PolicyRule r : {PolicyRule::NaturalMigration, PolicyRule::ManagedMigration}) {
    const PolicyDate& m = where(r);
    if (!m.enabled) continue;
    if (!full.enabled)
      refuse(r,
             "migration to UC needs policy.uc_full_service: legacy claims can only move to UC "
             "where new claims go to it");
    if (m.from.index() < full.from.index())
      refuse(r, fmt::format("{} is before UC full service ({})", m.date, full.date));
  }
}

}  // namespace hwsim
