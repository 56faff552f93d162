#include "compare/psa.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numeric>

#include "run/stats.hpp"
#include "run/target.hpp"

namespace hwsim {

PsaOutcomes psa_outcomes(const Paired& p, const FinanceResult& f) {
  PsaOutcomes o;
  const int m = p.target_month();
  o.claimants = paired_difference(p, "esa_ib_claimants", m);
  o.incapacity = paired_difference(p, "incapacity_benefits_claimants", m);
  const auto& measures = target_measures();
  for (std::size_t k = 0; k < 2 && k < measures.size(); ++k) {
    o.met[k] = target_met(p.scen, p.scenario.sim, measures[k].indicator);
    o.base_met[k] = target_met(p.base, p.baseline.sim, measures[k].indicator);
  }
  o.jobs = paired_total_difference(p, "sustained_jobs_6_months");
  o.months_off = paired_total_difference(p, "incapacity_benefits_claimants");
  for (double& x : o.months_off) x = -x;
  const std::size_t total = kPositions - 1;
  for (const auto& a : f.reps) {
    o.cost.push_back(a.before[total].cost);
    o.net_cost.push_back(-a.before[total].npv);
    for (std::size_t k = 0; k < kPositions; ++k) {
      o.npv_before[k].push_back(a.before[k].npv);
      o.npv_after[k].push_back(a.npv_after[k]);
    }
  }
  return o;
}

std::vector<double> wtp_grid() {
  std::vector<double> w;
  for (int k = 0; k <= 40; ++k) w.push_back(2500.0 * k);  // 0 to 100,000 pounds
  return w;
}

namespace {

double share_above(const std::vector<double>& v, double x) {
  if (v.empty()) return 0;
  return static_cast<double>(std::count_if(v.begin(), v.end(), [&](double y) { return y > x; })) /
         static_cast<double>(v.size());
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double ma = mean_of(a), mb = mean_of(b);
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0;
}

// Least squares fitted values of y on the columns of x (an intercept added), by the normal
// equations with a very small ridge for stability.
std::vector<double> fitted_values(const std::vector<std::vector<double>>& x,
                                  const std::vector<double>& y) {
  const std::size_t n = y.size(), k = x.size() + 1;
  auto col = [&](std::size_t j, std::size_t i) { return j == 0 ? 1.0 : x[j - 1][i]; };
  std::vector<double> a(k * k, 0.0), b(k, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t r = 0; r < k; ++r) {
      b[r] += col(r, i) * y[i];
      for (std::size_t c = 0; c < k; ++c) a[r * k + c] += col(r, i) * col(c, i);
    }
  for (std::size_t r = 1; r < k; ++r) a[r * k + r] *= 1 + 1e-9;
  // Gaussian elimination with partial pivoting.
  std::vector<double> beta(k, 0.0);
  std::vector<std::size_t> piv(k);
  std::iota(piv.begin(), piv.end(), 0);
  for (std::size_t c = 0; c < k; ++c) {
    std::size_t best = c;
    for (std::size_t r = c + 1; r < k; ++r)
      if (std::abs(a[r * k + c]) > std::abs(a[best * k + c])) best = r;
    if (std::abs(a[best * k + c]) < 1e-300) continue;
    if (best != c) {
      for (std::size_t j = 0; j < k; ++j) std::swap(a[c * k + j], a[best * k + j]);
      std::swap(b[c], b[best]);
    }
    for (std::size_t r = c + 1; r < k; ++r) {
      const double f = a[r * k + c] / a[c * k + c];
      for (std::size_t j = c; j < k; ++j) a[r * k + j] -= f * a[c * k + j];
      b[r] -= f * b[c];
    }
  }
  for (std::size_t c = k; c-- > 0;) {
    if (std::abs(a[c * k + c]) < 1e-300) continue;
    double s = b[c];
    for (std::size_t j = c + 1; j < k; ++j) s -= a[c * k + j] * beta[j];
    beta[c] = s / a[c * k + c];
  }
  std::vector<double> fit(n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < k; ++j) fit[i] += beta[j] * col(j, i);
  return fit;
}

}  // namespace

std::vector<double> evppi(const PsaDraws& draws, const std::vector<std::size_t>& columns,
                          const std::vector<double>& jobs, const std::vector<double>& net_cost,
                          const std::vector<double>& wtp, int* used) {
  const std::size_t n = jobs.size();
  std::vector<double> out(wtp.size(), 0.0);
  if (used) *used = 0;
  if (n < 10 || columns.empty()) return out;
  // Normal scores of each quantity's points (a Dirichlet's one point stands for many and is left
  // out).
  const boost::math::normal z;
  std::vector<std::vector<double>> scores;
  for (std::size_t c : columns) {
    if (draws.quantities[c].u.dist.family == Family::Dirichlet) continue;
    std::vector<double> sc(n);
    for (std::size_t r = 0; r < n; ++r) sc[r] = boost::math::quantile(z, draws.point[r][c]);
    scores.push_back(std::move(sc));
  }
  if (scores.empty()) return out;
  // At most one regressor per ten replications: at each willingness to pay, the quantities most
  // correlated with that net benefit, with their squares where there is room for both.
  const std::size_t room = std::max<std::size_t>(1, n / 10);
  const bool squares = scores.size() * 2 <= room;
  std::vector<double> nb(n);
  for (std::size_t w = 0; w < wtp.size(); ++w) {
    for (std::size_t r = 0; r < n; ++r) nb[r] = wtp[w] * jobs[r] - net_cost[r];
    std::vector<std::pair<double, std::size_t>> strength;
    for (std::size_t k = 0; k < scores.size(); ++k)
      strength.emplace_back(std::abs(correlation(scores[k], nb)), k);
    std::stable_sort(strength.begin(), strength.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::vector<double>> x;
    for (const auto& [corr, k] : strength) {
      if (x.size() >= room) break;
      x.push_back(scores[k]);
      if (squares) {
        std::vector<double> sq(n);
        for (std::size_t r = 0; r < n; ++r) sq[r] = scores[k][r] * scores[k][r];
        x.push_back(std::move(sq));
      }
    }
    if (used) *used = std::max(*used, static_cast<int>(x.size()));
    const auto g = fitted_values(x, nb);
    double best = 0, sum = 0;
    for (double v : g) {
      best += std::max(0.0, v);
      sum += v;
    }
    out[w] = best / static_cast<double>(n) - std::max(0.0, sum / static_cast<double>(n));
  }
  return out;
}

PsaSummary summarise_psa(const PsaOutcomes& o, const PsaDraws& draws) {
  PsaSummary s;
  for (std::size_t k = 0; k < 2; ++k) {
    s.p_met[k] = mean_of(o.met[k]);
    s.p_base_met[k] = mean_of(o.base_met[k]);
  }
  for (std::size_t k = 0; k < kPositions; ++k) {
    s.p_npv_before[k] = share_above(o.npv_before[k], 0);
    s.p_npv_after[k] = share_above(o.npv_after[k], 0);
  }
  s.wtp = wtp_grid();
  for (double w : s.wtp) {
    std::vector<double> nb(o.jobs.size());
    for (std::size_t r = 0; r < nb.size(); ++r) nb[r] = w * o.jobs[r] - o.net_cost[r];
    s.ceac.push_back(share_above(nb, 0));
  }
  std::vector<std::size_t> all(draws.quantities.size());
  std::iota(all.begin(), all.end(), 0);
  s.evpi = evppi(draws, all, o.jobs, o.net_cost, s.wtp, &s.regressors_used);
  for (std::size_t g = 0; g < count_of<EvidenceGroup>(); ++g) {
    std::vector<std::size_t> cols;
    for (std::size_t c = 0; c < draws.quantities.size(); ++c)
      if (static_cast<std::size_t>(draws.quantities[c].u.group) == g) cols.push_back(c);
    s.group_size[g] = static_cast<int>(cols.size());
    s.evppi[g] = evppi(draws, cols, o.jobs, o.net_cost, s.wtp);
  }
  return s;
}

std::string psa_summary_text(const PsaSummary& s) {
  auto pct = [](double x) { return fmt::format("{:.1f}%", 100 * x); };
  std::string out = "  probabilistic sensitivity analysis (evidence drawn in every replication):\n";
  out += fmt::format(
      "    P(target met): legacy ESA/IB {}, all incapacity benefits {} (baseline {}, {})\n",
      pct(s.p_met[0]), pct(s.p_met[1]), pct(s.p_base_met[0]), pct(s.p_base_met[1]));
  std::string before, after;
  for (std::size_t k = 0; k < kPositions; ++k) {
    before += fmt::format("{}{} {}", k ? ", " : "", position_name(k), pct(s.p_npv_before[k]));
    after += fmt::format("{}{} {}", k ? ", " : "", position_name(k), pct(s.p_npv_after[k]));
  }
  out += "    P(NPV > 0) before gain sharing: " + before + "\n";
  out += "    P(NPV > 0) after gain sharing:  " + after + "\n";
  std::string ce, ev;
  for (double w : {10000.0, 30000.0, 50000.0}) {
    const auto it = std::find(s.wtp.begin(), s.wtp.end(), w);
    if (it == s.wtp.end()) continue;
    const auto k = static_cast<std::size_t>(it - s.wtp.begin());
    ce += fmt::format("{}£{:.0f}k {}", ce.empty() ? "" : ", ", w / 1000, pct(s.ceac[k]));
    ev += fmt::format("{}£{:.0f}k £{:.0f}", ev.empty() ? "" : ", ", w / 1000, s.evpi[k]);
  }
  out += "    P(cost-effective) at a value per extra sustained job of " + ce + "\n";
  out += "    expected value of perfect information at the same values: " + ev + "\n";
  return out;
}

std::string psa_note(const Scenario& sc) {
  std::array<int, count_of<EvidenceGroup>()> n{};
  for (const auto& q : sc.uncertain) ++n[static_cast<std::size_t>(q.u.group)];
  if (sc.uncertain.empty())
    return "  --psa: the scenario has no uncertain quantities; every replication is as without "
           "it\n";
  std::string parts;
  for (std::size_t g = 0; g < n.size(); ++g)
    parts += fmt::format("{}{} {}", g ? ", " : "", kEvidenceGroupNames[g], n[g]);
  return fmt::format("  --psa: {} uncertain quantities drawn in every replication ({})\n",
                     sc.uncertain.size(), parts);
}

}  // namespace hwsim
