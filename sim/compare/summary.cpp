#include "compare/summary.hpp"

#include <fmt/format.h>

#include "compare/detectable.hpp"
#include "run/indicators.hpp"
#include "run/stats.hpp"
#include "run/target.hpp"

namespace hwsim {

namespace {

std::string band_text(const std::vector<double>& v, const char* fmt_spec = "{:.0f}") {
  const Band b = band_of(v);
  return fmt::format(
      fmt::runtime(std::string(fmt_spec) + " (5-95%: " + fmt_spec + " to " + fmt_spec + ")"),
      b.mean, b.p05, b.p95);
}

}  // namespace

std::string legacy_change_text(const RunValues& values, const SimulationSettings& sim, int month) {
  const LegacyChange c = legacy_change(values, month);
  auto mean = [](const std::vector<double>& v) { return band_of(v).mean; };
  std::string out = fmt::format("  legacy ESA/IB change {} to {}: {}\n", sim.start.str(),
                                sim.start.plus(month).str(), band_text(c.total));
  out += fmt::format(
      "    of which claims landing on UC {:+.0f}; moved to UC by natural migration {:+.0f}, by "
      "managed migration {:+.0f}; the rest (real change) {}\n",
      mean(c.diversion), mean(c.natural_migration), mean(c.managed_migration),
      band_text(c.rest, "{:+.0f}"));
  return out;
}

std::string compare_header(const Scenario& baseline, const Scenario& scenario, int replications,
                           std::uint64_t seed) {
  return fmt::format("hwsim compare: '{}' against '{}', {} paired replications, seed {}\n",
                     scenario.name, baseline.name, replications, seed);
}

std::string compare_summary(const Paired& p, const FinanceResult& finance) {
  const int tm = p.target_month();
  const auto [g0, g1] = p.gap_year();
  const YearMonth date = p.scenario.sim.start.plus(tm);
  const double target = p.scenario.sim.target_esa_ib;
  std::string out;
  // The target on the legacy count as written, and on all incapacity benefits (ESA/IB and UC
  // health: from UC full service new claims land on UC instead of ESA).
  for (const auto& m : target_measures()) {
    const auto b = across_replications(p.base, m.indicator, tm);
    const auto s = across_replications(p.scen, m.indicator, tm);
    out += fmt::format("  {} {}: baseline {}; scenario {}\n", m.label, date.str(), band_text(b),
                       band_text(s));
    out += fmt::format("    difference (scenario - baseline): {}\n",
                       band_text(paired_difference(p, m.indicator, tm)));
    const auto met = target_met(p.scen, p.scenario.sim, m.indicator);
    out += fmt::format("    target {:.0f} by {}: met in {:.0f} of {} replications (P = {:.2f})\n",
                       target, p.scenario.sim.target_date.str(), band_of(met).mean * met.size(),
                       met.size(), band_of(met).mean);
  }
  out += legacy_change_text(KeptValues(p.scen, p.scenario.sim.start), p.scenario.sim, tm);
  // Could the borough see the change in its count (compare/detectable.hpp)?
  out += detectable_change_text(detectable_change(p), p.scenario.sim.start);
  out +=
      fmt::format("  LTC employment gap {} to {} (points): baseline {}; scenario {}; target 13.2\n",
                  p.scenario.sim.start.plus(g0).str(), p.scenario.sim.start.plus(g1).str(),
                  band_text(mean_over(p.base, "ltc_employment_gap", g0, g1), "{:.2f}"),
                  band_text(mean_over(p.scen, "ltc_employment_gap", g0, g1), "{:.2f}"));
  out += fmt::format("  job starts caused: {}; sustained 6 months: {}; 12 months: {}\n",
                     band_text(paired_total_difference(p, "events_job_starts")),
                     band_text(paired_total_difference(p, "sustained_jobs_6_months")),
                     band_text(paired_total_difference(p, "sustained_jobs_12_months")));
  for (std::size_t k = 0; k < p.scenario.interventions.list.size(); ++k) {
    const auto& iv = p.scenario.interventions.list[k];
    const InterventionTotals tot =
        intervention_totals(KeptValues(p.scen, p.scenario.sim.start), k, iv);
    out += fmt::format("  {}: starts {}; job starts by participants {}\n", iv.name,
                       band_text(tot.starts), band_text(tot.job_starts));
  }
  out += finance_table(finance);
  return out;
}

}  // namespace hwsim
