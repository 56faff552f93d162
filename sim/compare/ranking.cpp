#include "compare/ranking.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "run/indicators.hpp"
#include "run/target.hpp"

namespace hwsim {

std::vector<double> ratios(const std::vector<double>& num, const std::vector<double>& den) {
  std::vector<double> out;
  for (std::size_t k = 0; k < num.size() && k < den.size(); ++k)
    if (den[k] > 0.5 && std::isfinite(num[k])) out.push_back(num[k] / den[k]);
  return out;
}

Headline headline_of(const Paired& p, const FinanceResult& finance) {
  Headline h;
  const int tm = p.target_month();
  h.claimants_change = paired_difference(p, "esa_ib_claimants", tm);
  h.target_met = target_met(p.scen, p.scenario.sim, "esa_ib_claimants");
  const auto [g0, g1] = p.gap_year();
  const auto gb = mean_over(p.base, "ltc_employment_gap", g0, g1);
  const auto gs = mean_over(p.scen, "ltc_employment_gap", g0, g1);
  h.gap_change.resize(gb.size());
  for (std::size_t k = 0; k < gb.size(); ++k) h.gap_change[k] = gs[k] - gb[k];
  h.extra_jobs = paired_total_difference(p, "sustained_jobs_6_months");
  h.cost = measure_values(finance, kPartners, 0);
  for (std::size_t k = 0; k < kPositions; ++k) h.npv[k] = measure_values(finance, k, 2);
  std::vector<double> off;
  for (double c : h.claimants_change) off.push_back(-c);
  h.cost_per_off = ratios(h.cost, off);
  h.cost_per_job = ratios(h.cost, h.extra_jobs);
  return h;
}

RatioSummary ratio_summary(const std::vector<double>& cost, const std::vector<double>& outcome,
                           const std::vector<double>& per_replication) {
  RatioSummary r;
  const double mean_outcome = mean_of(outcome);
  r.value = mean_outcome > 0.5 ? mean_of(cost) / mean_outcome : kNaN;
  const Summary s = summarise(per_replication);
  r.band = s.band;
  r.n = s.n;
  return r;
}

std::vector<RankedScenario> rank_scenarios(const std::vector<Paired>& paired,
                                           const std::vector<FinanceResult>& finance) {
  std::vector<RankedScenario> out;
  for (std::size_t s = 0; s < paired.size(); ++s) {
    const Headline h = headline_of(paired[s], finance[s]);
    RankedScenario r;
    r.name = paired[s].scenario.name;
    r.claimants_change = band_of(h.claimants_change);
    r.p_target_met = mean_of(h.target_met);
    r.gap_change = band_of(h.gap_change);
    r.extra_jobs = band_of(h.extra_jobs);
    r.cost = band_of(h.cost);
    for (std::size_t k = 0; k < kPositions; ++k) r.npv[k] = band_of(h.npv[k]);
    std::vector<double> off;
    for (double c : h.claimants_change) off.push_back(-c);
    r.cost_per_off = ratio_summary(h.cost, off, h.cost_per_off);
    r.cost_per_job = ratio_summary(h.cost, h.extra_jobs, h.cost_per_job);
    out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(), [](const RankedScenario& a, const RankedScenario& b) {
    if (a.claimants_change.mean != b.claimants_change.mean)
      return a.claimants_change.mean < b.claimants_change.mean;
    return a.name < b.name;
  });
  for (std::size_t k = 0; k < out.size(); ++k) out[k].rank = static_cast<int>(k + 1);
  return out;
}

namespace {

std::string money(double x) {
  if (!std::isfinite(x)) return "-";
  const double a = std::abs(x);
  if (a >= 1e6) return fmt::format("{:.2f}m", x / 1e6);
  if (a >= 1e4) return fmt::format("{:.0f}k", x / 1e3);
  return fmt::format("{:.0f}", x);
}

std::string banded(const Band& b, const char* spec) {
  return fmt::format(fmt::runtime(std::string(spec) + " (" + spec + " to " + spec + ")"), b.mean,
                     b.p05, b.p95);
}

std::string money_band(const Band& b) {
  return fmt::format("{} ({} to {})", money(b.mean), money(b.p05), money(b.p95));
}

}  // namespace

std::string ranking_text(const std::vector<RankedScenario>& ranking, const std::string& date) {
  std::size_t w = 8;
  for (const auto& r : ranking) w = std::max(w, r.name.size());
  std::string out = fmt::format(
      "  ranking by the change in legacy ESA/IB claimants at {} (mean, 5-95% band):\n", date);
  out += fmt::format("  {:>2} {:<{}} {:>24} {:>6} {:>24} {:>18} {:>26} {:>26} {:>9} {:>9}\n", "#",
                     "scenario", w, "claimants", "P(met)", "LTC gap (points)", "sustained jobs",
                     "total cost", "total NPV", "per off", "per job");
  for (const auto& r : ranking)
    out += fmt::format("  {:>2} {:<{}} {:>24} {:>6.2f} {:>24} {:>18} {:>26} {:>26} {:>9} {:>9}\n",
                       r.rank, r.name, w, banded(r.claimants_change, "{:+.0f}"), r.p_target_met,
                       banded(r.gap_change, "{:+.3f}"), banded(r.extra_jobs, "{:.0f}"),
                       money_band(r.cost), money_band(r.npv[kPartners]),
                       money(r.cost_per_off.value), money(r.cost_per_job.value));
  return out;
}

}  // namespace hwsim
