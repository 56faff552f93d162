#include "run/target.hpp"

#include "run/indicators.hpp"

namespace hwsim {

const std::vector<TargetMeasure>& target_measures() {
  static const std::vector<TargetMeasure> v{
      {"esa_ib_claimants", "legacy ESA/IB claimants (the target as written)"},
      {"incapacity_benefits_claimants",
       "all incapacity benefits (ESA/IB and UC on a health claim)"}};
  return v;
}

int target_month(const SimulationSettings& s) {
  const int m = months_between(s.start, s.target_date);
  return (m >= 0 && m < s.months) ? m : s.months - 1;
}

std::vector<double> target_met(const RunResult& r, const SimulationSettings& s,
                               const std::string& indicator) {
  return target_met(KeptValues(r, s.start), s, indicator);
}

std::vector<double> target_met(const RunValues& v, const SimulationSettings& s,
                               const std::string& indicator) {
  std::vector<double> met;
  for (double x : v.across(indicator, target_month(s)))
    met.push_back(x <= s.target_esa_ib ? 1.0 : 0.0);
  return met;
}

LegacyChange legacy_change(const RunResult& r, int month) {
  return legacy_change(KeptValues(r, YearMonth{}), month);
}

LegacyChange legacy_change(const RunValues& v, int month) {
  LegacyChange c;
  const auto at = [&](const char* name, int m) { return v.across(name, m); };
  const auto now = at("esa_ib_claimants", month), then = at("esa_ib_claimants", 0);
  const auto div = at("uc_health_claims_diverted", month),
             nat = at("uc_health_claims_migrated", month),
             man = at("uc_health_claims_managed", month);
  for (std::size_t k = 0; k < now.size(); ++k) {
    c.total.push_back(now[k] - then[k]);
    c.diversion.push_back(-div[k]);
    c.natural_migration.push_back(-nat[k]);
    c.managed_migration.push_back(-man[k]);
    c.rest.push_back(now[k] - then[k] + div[k] + nat[k] + man[k]);
  }
  return c;
}

}  // namespace hwsim
