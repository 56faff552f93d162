#include "compare/trial.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "compare/paired.hpp"
#include "core/rng.hpp"
#include "run/indicators.hpp"
#include "run/target.hpp"

namespace hwsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Two-sided critical value at 5% and the 80th percentile: of Student's t on df degrees of
// freedom, or of the normal for df = 0.
double quantile(double q, int df) {
  if (df > 0) return boost::math::quantile(boost::math::students_t(df), q);
  return boost::math::quantile(boost::math::normal(), q);
}

double two_sided_p(double stat, int df) {
  if (!std::isfinite(stat)) return 0;
  if (df > 0)
    return 2 *
           boost::math::cdf(boost::math::complement(boost::math::students_t(df), std::abs(stat)));
  return std::erfc(std::abs(stat) / std::sqrt(2.0));
}

// The log-scale interval of the ratio of two risks, with 0.5 added to each cell when a count
// is zero (Haldane's correction).
void risk_ratio(Proportion o, Proportion c, TrialEstimate& e) {
  if (o.n == 0 || c.n == 0 || (o.x == 0 && c.x == 0)) {
    e.rr = e.rr_low = e.rr_high = kNaN;
    return;
  }
  double a = static_cast<double>(o.x), n1 = static_cast<double>(o.n);
  double b = static_cast<double>(c.x), n0 = static_cast<double>(c.n);
  if (o.x == 0 || c.x == 0 || o.x == o.n || c.x == c.n) {
    a += 0.5, b += 0.5, n1 += 1, n0 += 1;
  }
  e.rr = (a / n1) / (b / n0);
  const double se = std::sqrt(1 / a - 1 / n1 + 1 / b - 1 / n0);
  const double z = quantile(0.975, 0);
  e.rr_low = e.rr * std::exp(-z * se);
  e.rr_high = e.rr * std::exp(z * se);
}

}  // namespace

TrialEstimate estimate_individual(Proportion offer, Proportion control) {
  TrialEstimate e;
  e.offer = offer;
  e.control = control;
  if (offer.n == 0 || control.n == 0) {
    e.rd_low = e.rd_high = e.rr = e.rr_low = e.rr_high = kNaN;
    return e;
  }
  const double p1 = offer.p(), p0 = control.p();
  const double n1 = static_cast<double>(offer.n), n0 = static_cast<double>(control.n);
  e.rd = p1 - p0;
  const double z = quantile(0.975, 0);
  const double se = std::sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0);
  e.rd_low = e.rd - z * se;
  e.rd_high = e.rd + z * se;
  risk_ratio(offer, control, e);
  const double pooled = static_cast<double>(offer.x + control.x) / (n1 + n0);
  const double se_pooled = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0));
  e.p_value = se_pooled > 0 ? two_sided_p(e.rd / se_pooled, 0) : 1.0;
  e.significant = e.p_value < 0.05;
  e.se_null = std::sqrt(p0 * (1 - p0) * (1 / n1 + 1 / n0));
  return e;
}

double icc_anova(const std::vector<Proportion>& offer, const std::vector<Proportion>& control) {
  double N = 0, k = 0, ssb = 0, ssw = 0, sum_sq_over_arm = 0;
  for (const auto* arm : {&offer, &control}) {
    double n_arm = 0, x_arm = 0, sq = 0;
    for (const Proportion& c : *arm) {
      if (c.n == 0) continue;
      n_arm += static_cast<double>(c.n);
      x_arm += static_cast<double>(c.x);
      sq += static_cast<double>(c.n) * static_cast<double>(c.n);
      ++k;
    }
    if (n_arm == 0) continue;
    const double mean = x_arm / n_arm;
    for (const Proportion& c : *arm) {
      if (c.n == 0) continue;
      const double p = c.p(), n = static_cast<double>(c.n);
      ssb += n * (p - mean) * (p - mean);
      ssw += n * p * (1 - p);
    }
    N += n_arm;
    sum_sq_over_arm += sq / n_arm;
  }
  if (k < 3 || N <= k) return kNaN;
  const double msb = ssb / (k - 2), msw = ssw / (N - k);
  const double m0 = (N - sum_sq_over_arm) / (k - 2);
  const double denom = msb + (m0 - 1) * msw;
  return denom > 0 ? (msb - msw) / denom : kNaN;
}

TrialEstimate estimate_cluster(const std::vector<Proportion>& offer,
                               const std::vector<Proportion>& control) {
  TrialEstimate e;
  std::vector<double> p1, p0;
  for (const Proportion& c : offer)
    if (c.n > 0) {
      p1.push_back(c.p());
      e.offer.n += c.n, e.offer.x += c.x;
    }
  for (const Proportion& c : control)
    if (c.n > 0) {
      p0.push_back(c.p());
      e.control.n += c.n, e.control.x += c.x;
    }
  e.icc = icc_anova(offer, control);
  const double k = static_cast<double>(p1.size() + p0.size());
  if (k > 0) {
    const double m = static_cast<double>(e.offer.n + e.control.n) / k;
    e.design_effect = 1 + (m - 1) * std::max(0.0, std::isnan(e.icc) ? 0.0 : e.icc);
  }
  if (p1.size() < 2 || p0.size() < 2) {
    e.rd_low = e.rd_high = e.rr = e.rr_low = e.rr_high = kNaN;
    return e;
  }
  auto mean = [](const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  };
  const double m1 = mean(p1), m0 = mean(p0);
  double ss = 0;
  for (double p : p1) ss += (p - m1) * (p - m1);
  for (double p : p0) ss += (p - m0) * (p - m0);
  e.df = static_cast<int>(k) - 2;
  const double s2 = ss / e.df;
  const double k1 = static_cast<double>(p1.size()), k0 = static_cast<double>(p0.size());
  const double se = std::sqrt(s2 * (1 / k1 + 1 / k0));
  const double q = quantile(0.975, e.df);
  e.rd = m1 - m0;
  e.rd_low = e.rd - q * se;
  e.rd_high = e.rd + q * se;
  e.p_value = se > 0 ? two_sided_p(e.rd / se, e.df) : (e.rd == 0 ? 1.0 : 0.0);
  e.significant = e.p_value < 0.05;
  e.se_null = se;
  if (m1 > 0 && m0 > 0) {
    e.rr = m1 / m0;
    const double se_log = std::sqrt(s2 / (k1 * m1 * m1) + s2 / (k0 * m0 * m0));
    e.rr_low = e.rr * std::exp(-q * se_log);
    e.rr_high = e.rr * std::exp(q * se_log);
  } else {
    e.rr = e.rr_low = e.rr_high = kNaN;
  }
  return e;
}

double minimum_detectable(double se, int df) {
  return (quantile(0.975, df) + quantile(0.8, df)) * se;
}

namespace {

// Whether participant p is analysed, and in which arm (true: offer).
bool analysed(const Participant& p, TrialAnalysis a, bool& offer) {
  offer = p.arm == TrialArm::Offer;
  if (a == TrialAnalysis::IntentionToTreat) return true;
  // Per protocol: the offer arm who started, the controls who got no such help.
  return offer ? p.started : !p.started;
}

std::size_t count_of_first(const TrialState& t, std::size_t n) {
  return std::min(n, t.participants.size());
}

}  // namespace

TrialEstimate analyse(const TrialState& t, std::size_t n, TrialAnalysis a, std::size_t at,
                      TrialOutcome o) {
  const std::size_t m = count_of_first(t, n);
  if (t.plan.design == TrialDesign::Cluster) {
    std::vector<Proportion> by_practice(t.practice_arm.size());
    for (std::size_t j = 0; j < m; ++j) {
      const Participant& p = t.participants[j];
      bool offer = false;
      if (!p.at[at].reached || !analysed(p, a, offer) || p.practice >= by_practice.size()) continue;
      ++by_practice[p.practice].n;
      if (p.at[at].has(o)) ++by_practice[p.practice].x;
    }
    std::vector<Proportion> offer, control;
    for (std::size_t g = 0; g < t.practice_arm.size(); ++g) {
      if (t.practice_arm[g] == TrialArm::Offer) offer.push_back(by_practice[g]);
      if (t.practice_arm[g] == TrialArm::Control) control.push_back(by_practice[g]);
    }
    return estimate_cluster(offer, control);
  }
  Proportion offer, control;
  for (std::size_t j = 0; j < m; ++j) {
    const Participant& p = t.participants[j];
    bool is_offer = false;
    if (!p.at[at].reached || !analysed(p, a, is_offer)) continue;
    Proportion& arm = is_offer ? offer : control;
    ++arm.n;
    if (p.at[at].has(o)) ++arm.x;
  }
  return estimate_individual(offer, control);
}

TrialBand trial_band(std::vector<double> v) {
  TrialBand b;
  std::erase_if(v, [](double x) { return std::isnan(x); });
  if (v.empty()) return {kNaN, kNaN, kNaN};
  std::sort(v.begin(), v.end());
  b.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  auto at = [&](double q) {
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
  };
  b.low = at(0.025);
  b.high = at(0.975);
  return b;
}

namespace {

// Wilson's 95% interval of a share of n.
std::pair<double, double> wilson(double share, double n) {
  if (n <= 0) return {kNaN, kNaN};
  const double z = quantile(0.975, 0), z2 = z * z;
  const double centre = (share + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(share * (1 - share) / n + z2 / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

// Per replication: the mean of `value` over the analysed members of one arm at point `at`.
template <typename F>
std::vector<double> arm_means(const TrialRun& run, std::size_t n, TrialAnalysis a, std::size_t at,
                              bool offer_arm, F&& value) {
  std::vector<double> out;
  for (const TrialState& t : run.reps) {
    double sum = 0, count = 0;
    const std::size_t m = count_of_first(t, n);
    for (std::size_t j = 0; j < m; ++j) {
      const Participant& p = t.participants[j];
      bool offer = false;
      if (!p.at[at].reached || !analysed(p, a, offer) || offer != offer_arm) continue;
      sum += value(p.at[at]);
      ++count;
    }
    out.push_back(count > 0 ? sum / count : kNaN);
  }
  return out;
}

// The ratio of the means of num and den over replications, with a percentile bootstrap band
// over replications; NaN where the mean gain is not positive.
TrialBand ratio_band(const std::vector<double>& num, const std::vector<double>& den,
                     std::uint64_t seed) {
  const std::size_t r = num.size();
  auto ratio = [&](const std::vector<std::size_t>& pick) {
    double a = 0, b = 0;
    for (std::size_t k : pick) a += num[k], b += den[k];
    return b > 0 ? a / b : kNaN;
  };
  std::vector<std::size_t> all(r);
  std::iota(all.begin(), all.end(), 0);
  TrialBand out{ratio(all), kNaN, kNaN};
  if (r < 2 || std::isnan(out.mean)) return out;
  Stream rng(seed, 0, (std::uint64_t{1} << 40) - 2, 0, Process::Trial);
  std::vector<double> boot;
  int undefined = 0;
  std::vector<std::size_t> pick(r);
  for (int b = 0; b < 1000; ++b) {
    for (auto& k : pick) k = std::min(r - 1, static_cast<std::size_t>(rng.uniform() * r));
    const double v = ratio(pick);
    if (std::isnan(v))
      ++undefined;
    else
      boot.push_back(v);
  }
  const TrialBand bb = trial_band(boot);
  out.low = bb.low;
  // When more than 2.5% of the resamples show no gain the cost per extra person has no upper
  // bound.
  out.high = undefined > 25 ? kNaN : bb.high;
  return out;
}

}  // namespace

const PowerRow& TrialSummary::primary_row(TrialAnalysis a) const {
  const int n = plan.participants;
  for (const PowerRow& r : power)
    if (r.participants == n && r.analysis == a && r.month == primary_month && r.outcome == primary)
      return r;
  throw std::logic_error("trial summary without its primary outcome");
}

std::vector<TrialEstimate> trial_estimates(const TrialRun& run, const std::vector<int>& sizes) {
  std::vector<TrialEstimate> out;
  for (const TrialState& t : run.reps)
    for (int n : sizes)
      for (std::size_t a = 0; a < count_of<TrialAnalysis>(); ++a)
        for (std::size_t s = 0; s < kFollowUpMonths.size(); ++s)
          for (std::size_t o = 0; o < count_of<TrialOutcome>(); ++o)
            out.push_back(analyse(t, static_cast<std::size_t>(n), static_cast<TrialAnalysis>(a), s,
                                  static_cast<TrialOutcome>(o)));
  return out;
}

TrialSummary summarise_trial(const TrialRun& run, const TrialPlan& plan, std::vector<int> sizes,
                             TrialOutcome primary, int primary_month, std::uint64_t seed) {
  TrialSummary s;
  s.plan = plan;
  s.replications = static_cast<int>(run.reps.size());
  s.primary = primary;
  s.primary_month = primary_month;
  sizes.push_back(plan.participants);
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  s.sizes = sizes;
  const auto reps = static_cast<double>(run.reps.size());
  // Power and the estimates, for each size.
  for (int n : sizes)
    for (std::size_t a = 0; a < count_of<TrialAnalysis>(); ++a)
      for (std::size_t at = 0; at < kFollowUpMonths.size(); ++at)
        for (std::size_t o = 0; o < count_of<TrialOutcome>(); ++o) {
          PowerRow row;
          row.participants = n;
          row.analysis = static_cast<TrialAnalysis>(a);
          row.month = kFollowUpMonths[at];
          row.outcome = static_cast<TrialOutcome>(o);
          std::vector<double> rd, rr, p1, p0, icc, de;
          double significant = 0, mde = 0, n1 = 0, n0 = 0;
          for (const TrialState& t : run.reps) {
            const TrialEstimate e =
                analyse(t, static_cast<std::size_t>(n), row.analysis, at, row.outcome);
            if (e.significant) ++significant;
            rd.push_back(e.rd);
            rr.push_back(e.rr);
            p1.push_back(e.offer.n ? e.offer.p() : kNaN);
            p0.push_back(e.control.n ? e.control.p() : kNaN);
            icc.push_back(e.icc);
            de.push_back(e.design_effect);
            mde += minimum_detectable(e.se_null, e.df);
            n1 += static_cast<double>(e.offer.n);
            n0 += static_cast<double>(e.control.n);
          }
          row.power = reps > 0 ? significant / reps : kNaN;
          std::tie(row.power_low, row.power_high) = wilson(row.power, reps);
          row.rd = trial_band(rd);
          row.rr = trial_band(rr);
          row.offer_risk = trial_band(p1);
          row.control_risk = trial_band(p0);
          row.mde = reps > 0 ? mde / reps : kNaN;
          row.icc = trial_band(icc).mean;
          row.design_effect = trial_band(de).mean;
          row.n_offer = reps > 0 ? n1 / reps : 0;
          row.n_control = reps > 0 ? n0 / reps : 0;
          s.power.push_back(row);
        }
  // The arms' outcomes at the trial's own size.
  const auto n = static_cast<std::size_t>(plan.participants);
  for (std::size_t a = 0; a < count_of<TrialAnalysis>(); ++a)
    for (std::size_t at = 0; at < kFollowUpMonths.size(); ++at) {
      const auto an = static_cast<TrialAnalysis>(a);
      const int month = kFollowUpMonths[at];
      auto add = [&](const std::string& outcome, const std::string& unit, auto value) {
        const auto o = arm_means(run, n, an, at, true, value);
        const auto c = arm_means(run, n, an, at, false, value);
        std::vector<double> d(o.size());
        for (std::size_t k = 0; k < o.size(); ++k) d[k] = o[k] - c[k];
        s.arms.push_back({an, "offer", month, outcome, unit, trial_band(o)});
        s.arms.push_back({an, "control", month, outcome, unit, trial_band(c)});
        s.arms.push_back({an, "difference", month, outcome, unit, trial_band(d)});
        return d;
      };
      std::vector<double> in_work;
      for (std::size_t o = 0; o < count_of<TrialOutcome>(); ++o) {
        const auto oc = static_cast<TrialOutcome>(o);
        auto d = add(std::string(name_of(oc)), "share",
                     [oc](const TrialSnapshot& x) { return x.has(oc) ? 1.0 : 0.0; });
        if (oc == TrialOutcome::InWork) in_work = std::move(d);
      }
      for (std::size_t k = 0; k < kTrialServiceNames.size(); ++k)
        add(std::string(kTrialServiceNames[k]), "per participant since randomised",
            [k](const TrialSnapshot& x) { return static_cast<double>(x.use[k]); });
      const auto cost = add("intervention_cost", "GBP per participant since randomised",
                            [](const TrialSnapshot& x) { return static_cast<double>(x.cost); });
      s.arms.push_back({an, "difference", month, "cost_per_extra_person_in_work",
                        "GBP (ratio of the mean differences; bootstrap band)",
                        ratio_band(cost, in_work, seed + at + 10 * a)});
    }
  // Balance at randomisation, pooled over replications.
  std::map<std::pair<std::string, std::string>, std::array<double, 2>> counts;
  std::array<double, 2> totals{};
  for (const TrialState& t : run.reps)
    for (std::size_t j = 0; j < count_of_first(t, n); ++j) {
      const Participant& p = t.participants[j];
      const std::size_t arm = p.arm == TrialArm::Offer ? 0 : 1;
      ++totals[arm];
      ++counts[{"age", std::string(name_of(p.band))}][arm];
      ++counts[{"sex", std::string(name_of(p.sex))}][arm];
      ++counts[{"condition", std::string(name_of(p.condition))}][arm];
      ++counts[{"benefit", std::string(name_of(p.benefit))}][arm];
    }
  for (const auto& [key, c] : counts)
    s.balance.push_back({key.first, key.second, totals[0] > 0 ? c[0] / totals[0] : kNaN,
                         totals[1] > 0 ? c[1] / totals[1] : kNaN});
  // Recruitment.
  const std::size_t months = run.reps.empty() ? 0 : run.reps.front().recruited_by_month.size();
  for (std::size_t m = 0; m < months; ++m) {
    std::vector<double> v;
    for (const TrialState& t : run.reps) {
      double cum = 0;
      for (std::size_t k = 0; k <= m && k < t.recruited_by_month.size(); ++k)
        cum += t.recruited_by_month[k];
      v.push_back(std::min(cum, static_cast<double>(n)));
    }
    s.recruited.push_back(trial_band(v));
  }
  std::vector<double> recruited, started;
  double refused = 0;
  for (const TrialState& t : run.reps) {
    const std::size_t m = count_of_first(t, n);
    recruited.push_back(static_cast<double>(m));
    double offered = 0, began = 0;
    for (std::size_t j = 0; j < m; ++j)
      if (t.participants[j].arm == TrialArm::Offer) {
        ++offered;
        if (t.participants[j].started) ++began;
      }
    started.push_back(offered > 0 ? began / offered : kNaN);
    refused += static_cast<double>(t.refused);
  }
  s.participants = trial_band(recruited);
  s.offer_started = trial_band(started);
  s.refused = reps > 0 ? refused / reps : 0;
  return s;
}

TrialBorough trial_borough(const Scenario& with_trial, const Scenario& without,
                           const TrialRun& run) {
  if (run.world.reps.size() != run.reps.size() || run.baseline.reps.size() != run.reps.size())
    throw std::logic_error("trial_borough: the trial was run without its baseline");
  const Paired p{without, with_trial, run.baseline, run.world};
  TrialBorough b;
  auto row = [&](const std::string& name, const std::string& label, const std::string& when,
                 std::vector<double> base, std::vector<double> scen) {
    std::vector<double> d(base.size());
    for (std::size_t k = 0; k < d.size(); ++k) d[k] = scen[k] - base[k];
    b.rows.push_back({name, label, indicator(name).unit, when, trial_band(std::move(base)),
                      trial_band(std::move(scen)), trial_band(d), d});
  };
  const int tm = p.target_month();
  const YearMonth start = with_trial.sim.start;
  for (const TargetMeasure& m : target_measures())
    row(m.indicator, m.label, start.plus(tm).str(),
        across_replications(run.baseline, m.indicator, tm),
        across_replications(run.world, m.indicator, tm));
  const auto [g0, g1] = p.gap_year();
  row("ltc_employment_gap", "employment gap for residents with a long-term condition",
      start.plus(g0).str() + " to " + start.plus(g1).str(),
      mean_over(run.baseline, "ltc_employment_gap", g0, g1),
      mean_over(run.world, "ltc_employment_gap", g0, g1));
  b.detectable = detectable_change(p);
  return b;
}

std::string trial_summary_text(const TrialSummary& s) {
  std::string out;
  const TrialPlan& p = s.plan;
  out += fmt::format(
      "  recruited {:.0f} of {} (95% of replications: {:.0f} to {:.0f}); {:.0f}% of the offer arm "
      "started\n",
      s.participants.mean, p.participants, s.participants.low, s.participants.high,
      100 * s.offer_started.mean);
  for (TrialAnalysis a : {TrialAnalysis::IntentionToTreat, TrialAnalysis::PerProtocol}) {
    const PowerRow& r = s.primary_row(a);
    out += fmt::format(
        "  {} at {} months ({}): offer {:.1f}%, control {:.1f}%, difference {:+.1f} points "
        "(95% of replications {:+.1f} to {:+.1f}), risk ratio {:.2f}\n",
        name_of(r.outcome), r.month,
        a == TrialAnalysis::IntentionToTreat ? "intention to treat" : "per protocol",
        100 * r.offer_risk.mean, 100 * r.control_risk.mean, 100 * r.rd.mean, 100 * r.rd.low,
        100 * r.rd.high, r.rr.mean);
    if (a == TrialAnalysis::IntentionToTreat) {
      out += fmt::format(
          "    power {:.0f}% (95% CI {:.0f}-{:.0f}%, {} replications); minimum detectable "
          "difference {:.1f} points at 80% power",
          100 * r.power, 100 * r.power_low, 100 * r.power_high, s.replications, 100 * r.mde);
      if (p.design == TrialDesign::Cluster)
        out += fmt::format("; ICC {:.3f}, design effect {:.2f}", r.icc, r.design_effect);
      out += "\n";
    }
  }
  if (s.sizes.size() > 1) {
    out += "  power by sample size:";
    for (const PowerRow& r : s.power)
      if (r.analysis == TrialAnalysis::IntentionToTreat && r.month == s.primary_month &&
          r.outcome == s.primary)
        out += fmt::format(" {}: {:.0f}%", r.participants, 100 * r.power);
    out += "\n";
  }
  if (s.borough) {
    const BoroughRow& r = s.borough->rows.front();
    const DetectableChange& d = s.borough->detectable;
    out += fmt::format(
        "  the borough with the trial against without it, paired: legacy ESA/IB claimants {} "
        "{:+.0f} (95% of replications {:+.0f} to {:+.0f}); the count could show a change of at "
        "least {:.0f}\n",
        r.when, r.difference.mean, r.difference.low, r.difference.high, std::ceil(d.smallest));
  }
  return out;
}

TranslationCheck translation_check(const TrialSummary& s, const PublishedContrast& p,
                                   double yaml_hr) {
  TranslationCheck t;
  t.published = p;
  const double p1 = treated_risk({p.kind, p.value, p.months, p.control_risk});
  t.published_rd = p1 - p.control_risk;
  t.published_rr = p1 / p.control_risk;
  t.implied_hr = hazard_ratio_of({p.kind, p.value, p.months, p.control_risk});
  t.yaml_hr = yaml_hr;
  for (const PowerRow& r : s.power)
    if (r.participants == s.plan.participants && r.analysis == TrialAnalysis::IntentionToTreat &&
        r.month == p.months && r.outcome == p.outcome)
      t.model = r;
  const bool rr = p.kind == ContrastKind::RiskRatio;
  const double model = rr ? t.model.rr.mean : t.model.rd.mean;
  if (p.has_ci) {
    t.reproduces = model >= p.ci_low && model <= p.ci_high;
  } else {
    const TrialBand& b = rr ? t.model.rr : t.model.rd;
    t.reproduces = p.value >= b.low && p.value <= b.high;
  }
  return t;
}

std::string translation_text(const TranslationCheck& t) {
  const PublishedContrast& p = t.published;
  return fmt::format(
      "  translation check, {} at {} months: published risk ratio {:.2f} (difference {:+.1f} "
      "points on a control risk of {:.1f}%{}); the model gives risk ratio {:.2f} (difference "
      "{:+.1f} points, 95% of replications {:+.1f} to {:+.1f}, on a control risk of {:.1f}%): "
      "{}\n    the published contrast converts to a hazard ratio of {:.2f} on the monthly "
      "chance of entering work; the scenario's is {:.2f}\n",
      name_of(p.outcome), p.months, t.published_rr, 100 * t.published_rd, 100 * p.control_risk,
      p.has_ci ? fmt::format(", 95% CI {} to {}", p.ci_low, p.ci_high) : std::string(),
      t.model.rr.mean, 100 * t.model.rd.mean, 100 * t.model.rd.low, 100 * t.model.rd.high,
      100 * t.model.control_risk.mean,
      t.reproduces
          ? (p.has_ci ? "reproduced: the model's contrast lies in the published 95% interval"
                      : "reproduced: the published contrast lies in the model's band")
          : (p.has_ci
                 ? "NOT reproduced: the model's contrast lies outside the published 95% interval"
                 : "NOT reproduced: the published contrast lies outside the model's band"),
      t.implied_hr, t.yaml_hr);
}

}  // namespace hwsim
