#include "compare/finance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hwsim {

namespace {

std::vector<Ledger> ledgers_of(ReplicationView rep) {
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
  f.discount_monthly = fs.discount_monthly;
  f.first_year = financial_year_of_month(fs, 1);
  if (f.last_month >= 1)
    for (int fy = f.first_year; fy <= financial_year_of_month(fs, f.last_month); ++fy)
      f.year_discount.push_back(fs.discount_monthly ? kNaN : financial_year_discount(fs, fy));
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

PaybackSummary payback_of(const FinanceResult& f, std::size_t position) {
  PaybackSummary s;
  s.reps = f.reps.size();
  std::vector<double> months = measure_values(f, position, 5);
  for (const auto& a : f.reps) s.applies = s.applies || a.before[position].cost > 0;
  for (double& x : months) {
    if (std::isfinite(x))
      ++s.paid;
    else
      x = 1e9;  // never
  }
  auto at = [&](double q) -> std::optional<YearMonth> {
    const double m = quantile(months, q);
    if (m > f.last_month) return std::nullopt;
    return f.start.plus(static_cast<int>(std::lround(m)));
  };
  if (s.applies && 2 * s.paid > s.reps) {
    s.month = at(0.5);
    s.early = at(0.05);
    s.late = at(0.95);
  }
  return s;
}

std::vector<std::string_view> ledger_line_names() {
  std::vector<std::string_view> names;
  for (const auto& info : kLineInfo)
    if (std::find(names.begin(), names.end(), info.name) == names.end()) names.push_back(info.name);
  return names;
}

std::vector<std::size_t> lines_of(std::size_t position, std::string_view name) {
  std::vector<std::size_t> v;
  for (std::size_t l = 0; l < kLines; ++l)
    if (kLineInfo[l].name == name &&
        (position == kPartners || idx(kLineInfo[l].partner) == position))
      v.push_back(l);
  return v;
}

YearMonth year_first_month(const FinanceResult& f, std::size_t year) {
  const YearMonth april{f.first_year + static_cast<int>(year), 4};
  return months_between(f.start.plus(1), april) > 0 ? april : f.start.plus(1);
}

YearMonth year_last_month(const FinanceResult& f, std::size_t year) {
  const YearMonth march{f.first_year + static_cast<int>(year) + 1, 3};
  const YearMonth last = f.start.plus(f.last_month);
  return months_between(march, last) > 0 ? march : last;
}

std::string finance_table(const FinanceResult& f) {
  std::string out = fmt::format(
      "  finance ({} paired replications; GBP at {} prices, discounted at {:.1f}% a year {}; "
      "horizon {}{}):\n",
      f.reps.size(), f.price_base_year, f.discount_rate * 100,
      f.discount_monthly
          ? fmt::format("month by month to {}", f.discount_to.str())
          : fmt::format("by financial year from {}",
                        financial_year_str(financial_year_of(f.discount_to.plus(1)))),
      f.start.plus(f.last_month).str(),
      f.start.plus(f.last_month).str() != f.horizon_asked
          ? fmt::format(", the run ends before {}", f.horizon_asked)
          : "");
  if (f.optimism_bias > 0)
    out +=
        fmt::format("  intervention costs include {:.0f}% optimism bias\n", f.optimism_bias * 100);
  out +=
      fmt::format("  {:<12} {:>9} {:>9} {:>28} {:>6} {:>6} {:>8} {:>9} {:>11}\n", "partner", "cost",
                  "saving", "NPV mean (5-95%)", "BCR", "ROI", "payback", "paid back", "NPV shared");
  for (std::size_t k = 0; k < kPositions; ++k) {
    const auto cost = summarise(measure_values(f, k, 0)),
               saving = summarise(measure_values(f, k, 1)),
               npv = summarise(measure_values(f, k, 2)), bcr = summarise(measure_values(f, k, 3)),
               roi = summarise(measure_values(f, k, 4)), after = summarise(measure_values(f, k, 6));
    const PaybackSummary pay = payback_of(f, k);
    const std::string payback = !pay.applies ? "-" : pay.month ? pay.month->str() : "none";
    const std::string paid = pay.applies ? fmt::format("{}/{}", pay.paid, pay.reps) : "-";
    out += fmt::format("  {:<12} {:>9} {:>9} {:>28} {:>6} {:>6} {:>8} {:>9} {:>11}\n",
                       position_name(k), money(cost.band.mean), money(saving.band.mean),
                       fmt::format("{} ({} to {})", money(npv.band.mean), money(npv.band.p05),
                                   money(npv.band.p95)),
                       bcr.n ? fmt::format("{:.2f}", bcr.band.mean) : "-",
                       roi.n ? fmt::format("{:.2f}", roi.band.mean) : "-", payback, paid,
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
