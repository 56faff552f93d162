#include "compare/finance.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hwsim {

namespace {

std::vector<Ledger> ledgers_of(const ReplicationResult& rep) {
  std::vector<Ledger> v;
  v.reserve(rep.months.size());
  for (const auto& m : rep.months) v.push_back(m.accounts.ledger);
  return v;
}

}  // namespace

Summary summarise(const std::vector<double>& v) {
  std::vector<double> ok;
  for (double x : v)
    if (std::isfinite(x)) ok.push_back(x);
  Summary s;
  s.n = ok.size();
  if (ok.empty()) {
    s.band = {kNaN, kNaN, kNaN, kNaN};
  } else {
    s.band = band_of(ok);
  }
  return s;
}

namespace {

std::string money(double x) {
  if (!std::isfinite(x)) return "-";
  const double a = std::abs(x);
  if (a >= 1e6) return fmt::format("{:.2f}m", x / 1e6);
  if (a >= 1e3) return fmt::format("{:.0f}k", x / 1e3);
  return fmt::format("{:.0f}", x);
}

}  // namespace

double measure_of(const Appraisal& a, std::size_t p, std::size_t m) {
  const PartnerResult& r = a.before[p];
  switch (m) {
    case 0:
      return r.cost;
    case 1:
      return r.saving;
    case 2:
      return r.npv;
    case 3:
      return r.bcr;
    case 4:
      return r.roi;
    case 5:
      return r.payback;
    default:
      return a.npv_after[p];
  }
}

std::vector<double> measure_values(const FinanceResult& f, std::size_t position,
                                   std::size_t measure) {
  std::vector<double> v;
  for (const auto& a : f.reps) v.push_back(measure_of(a, position, measure));
  return v;
}

FinanceResult appraise_paired(const Paired& p) {
  const FinanceSettings& fs = p.scenario.finance;
  FinanceResult f;
  f.start = p.scenario.sim.start;
  f.discount_to = fs.discount_to.value_or(f.start);
  f.last_month = appraisal_last_month(fs, f.start, p.scenario.sim.months);
  f.price_base_year = financial_year_str(fs.price_base_year);
  f.horizon_asked = fs.horizon.str();
  f.discount_rate = fs.discount_rate;
  f.optimism_bias = fs.optimism_bias;
  for (const auto& r : fs.gain_sharing) f.rule_names.push_back(r.name);
  std::vector<std::string> names;
  for (const auto& iv : p.scenario.interventions.list) names.push_back(iv.name);
  for (std::size_t k = 0; k < p.scen.reps.size(); ++k) {
    const auto& rep = p.scen.reps[k];
    std::vector<std::vector<double>> outcomes(rep.months.size());
    for (std::size_t m = 0; m < rep.months.size(); ++m)
      for (std::size_t j = 0; j < names.size(); ++j)
        outcomes[m].push_back(
            static_cast<double>(rep.months[m].tally.intervention[j].job_outcomes));
    f.reps.push_back(
        appraise(fs, ledgers_of(p.base.reps[k]), ledgers_of(rep), outcomes, names, f.last_month));
  }
  return f;
}

std::string finance_table(const FinanceResult& f) {
  std::string out = fmt::format(
      "  finance ({} paired replications; GBP at {} prices, discounted at {:.1f}% a year to {}; "
      "horizon {}{}):\n",
      f.reps.size(), f.price_base_year, f.discount_rate * 100, f.discount_to.str(),
      f.start.plus(f.last_month).str(),
      f.start.plus(f.last_month).str() != f.horizon_asked
          ? fmt::format(", the run ends before {}", f.horizon_asked)
          : "");
  if (f.optimism_bias > 0)
    out +=
        fmt::format("  intervention costs include {:.0f}% optimism bias\n", f.optimism_bias * 100);
  out += fmt::format("  {:<12} {:>9} {:>9} {:>28} {:>6} {:>6} {:>16} {:>11}\n", "partner", "cost",
                     "saving", "NPV mean (5-95%)", "BCR", "ROI", "payback", "NPV shared");
  for (std::size_t k = 0; k < kPositions; ++k) {
    const auto cost = summarise(measure_values(f, k, 0)),
               saving = summarise(measure_values(f, k, 1)),
               npv = summarise(measure_values(f, k, 2)), bcr = summarise(measure_values(f, k, 3)),
               roi = summarise(measure_values(f, k, 4)), pay = summarise(measure_values(f, k, 5)),
               after = summarise(measure_values(f, k, 6));
    // The median month over all replications, counting those not paid back as never: a date
    // only if at least half pay back by the horizon.
    std::string payback = "-";
    if (pay.n > 0 && 2 * pay.n >= f.reps.size()) {
      std::vector<double> all = measure_values(f, k, 5);
      for (double& x : all)
        if (!std::isfinite(x)) x = 1e9;
      payback = fmt::format("{} ({}/{})",
                            f.start.plus(static_cast<int>(std::lround(quantile(all, 0.5)))).str(),
                            pay.n, f.reps.size());
    } else if (cost.band.mean > 0) {
      payback = fmt::format("none ({}/{})", pay.n, f.reps.size());
    }
    out += fmt::format("  {:<12} {:>9} {:>9} {:>28} {:>6} {:>6} {:>16} {:>11}\n", position_name(k),
                       money(cost.band.mean), money(saving.band.mean),
                       fmt::format("{} ({} to {})", money(npv.band.mean), money(npv.band.p05),
                                   money(npv.band.p95)),
                       bcr.n ? fmt::format("{:.2f}", bcr.band.mean) : "-",
                       roi.n ? fmt::format("{:.2f}", roi.band.mean) : "-", payback,
                       money(after.band.mean));
  }
  for (std::size_t r = 0; r < f.rule_names.size(); ++r) {
    out += fmt::format("  gain sharing '{}':", f.rule_names[r]);
    for (std::size_t k = 0; k < kPartners; ++k) {
      std::vector<double> t;
      for (const auto& a : f.reps) t.push_back(a.transfers[r][k]);
      const double mean = summarise(t).band.mean;
      if (mean != 0)
        out += fmt::format(" {} {}{}", kPartnerNames[k], mean > 0 ? "+" : "", money(mean));
    }
    out += "\n";
  }
  return out;
}

}  // namespace hwsim
