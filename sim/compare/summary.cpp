#include "compare/summary.hpp"

#include <fmt/format.h>

#include "run/indicators.hpp"
#include "run/stats.hpp"

namespace hwsim {

namespace {

std::string band_text(const std::vector<double>& v, const char* fmt_spec = "{:.0f}") {
  const Band b = band_of(v);
  return fmt::format(
      fmt::runtime(std::string(fmt_spec) + " (5-95%: " + fmt_spec + " to " + fmt_spec + ")"),
      b.mean, b.p05, b.p95);
}

}  // namespace

std::string compare_summary(const Paired& p, const FinanceResult& finance) {
  const int tm = p.target_month();
  const auto [g0, g1] = p.gap_year();
  const YearMonth date = p.scenario.sim.start.plus(tm);
  const double target = p.scenario.sim.target_esa_ib;
  std::string out =
      fmt::format("hwsim compare: '{}' against '{}', {} paired replications, seed {}\n",
                  p.scenario.name, p.baseline.name, p.scen.reps.size(), p.scen.seed);
  const auto b = across_replications(p.base, "esa_ib_claimants", tm);
  const auto s = across_replications(p.scen, "esa_ib_claimants", tm);
  out += fmt::format("  ESA/IB claimants {}: baseline {}; scenario {}\n", date.str(), band_text(b),
                     band_text(s));
  out += fmt::format("  difference (scenario - baseline): {}\n",
                     band_text(paired_difference(p, "esa_ib_claimants", tm)));
  int met = 0;
  for (double x : s) met += x <= target ? 1 : 0;
  out += fmt::format("  target {:.0f} by {}: met in {} of {} replications (P = {:.2f})\n", target,
                     p.scenario.sim.target_date.str(), met, s.size(),
                     static_cast<double>(met) / static_cast<double>(s.size()));
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
    const InterventionTotals tot = intervention_totals(p.scen, k);
    out += fmt::format("  {}: starts {}; job starts by participants {}\n", iv.name,
                       band_text(tot.starts), band_text(tot.job_starts));
  }
  out += finance_table(finance);
  return out;
}

}  // namespace hwsim
