#include "compare/detectable.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "run/indicators.hpp"
#include "run/stats.hpp"
#include "run/target.hpp"

namespace hwsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kTrendMonths = 12;  // a year of the monthly series up to the target month

}  // namespace

double trend_residual_sd(const std::vector<std::vector<double>>& series) {
  const std::size_t R = series.size();
  const std::size_t n = R ? series[0].size() : 0;
  for (const auto& y : series)
    if (y.size() != n) throw std::invalid_argument("trend_residual_sd: series of unequal length");
  if (R < 2 || n < 3) return kNaN;
  // The path every replication shares (the mean across replications, month by month): what
  // the borough's count is expected to do, falls by policy included.
  std::vector<double> path(n, 0.0);
  for (const auto& y : series)
    for (std::size_t i = 0; i < n; ++i) path[i] += y[i] / static_cast<double>(R);
  // Each replication's departure from it, about its own least-squares line in x = 0..n-1.
  const double xbar = static_cast<double>(n - 1) / 2;
  double sxx = 0;
  for (std::size_t i = 0; i < n; ++i)
    sxx += (static_cast<double>(i) - xbar) * (static_cast<double>(i) - xbar);
  double rss = 0;
  for (const auto& y : series) {
    double ebar = 0, sxy = 0;
    for (std::size_t i = 0; i < n; ++i) ebar += (y[i] - path[i]) / static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i)
      sxy += (static_cast<double>(i) - xbar) * (y[i] - path[i] - ebar);
    const double slope = sxy / sxx;
    for (std::size_t i = 0; i < n; ++i) {
      const double r = y[i] - path[i] - ebar - slope * (static_cast<double>(i) - xbar);
      rss += r * r;
    }
  }
  // The model y[k][i] = path[i] + a_k + b_k i + e has n + 2R - 2 free parameters (a common
  // line moves between the path and the replications' lines), leaving (R - 1)(n - 2).
  return std::sqrt(rss / static_cast<double>((R - 1) * (n - 2)));
}

double sample_sd(const std::vector<double>& v) {
  if (v.size() < 2) return kNaN;
  const double m = mean_of(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

// Why this formula. An observer has one history of the borough and reads the published count
// twice: the March 2019 figure and the figure it is judged against (the count before, or the
// count it would otherwise have been). Each reading is off its expected value by the month's
// wobble about the trend (sd_month) and by where chance has taken the series (sd_replication);
// taken as independent, one reading has variance sigma^2 = sd_month^2 + sd_replication^2 and
// the difference of two has standard error sqrt(2) * sigma. A true change D is told from noise
// by a two-sided 5% test with 80% power when D >= (z_0.975 + z_0.80) * SE, the minimum
// detectable effect (Bloom 1995, Evaluation Review 19:547-556; as the trial's minimum_detectable,
// compare/trial.hpp, with the normal). With SE = sqrt(2) * sigma this is the smallest detectable
// change of measurement studies, 1.96 * sqrt(2) * SEM (Weir 2005, J Strength Cond Res
// 19:231-240; de Vet et al. 2006, J Clin Epidemiol 59:1033-1039), with the power term added.
// It errs on the cautious side: the spread across replications at one month already holds that
// month's wobble, so adding sd_month^2 counts the wobble twice (sigma^2 is overstated by at most
// sd_month^2).
double smallest_detectable_change(double sd_month, double sd_replication) {
  const double sigma = std::sqrt(sd_month * sd_month + sd_replication * sd_replication);
  const boost::math::normal z;
  return (boost::math::quantile(z, 0.975) + boost::math::quantile(z, 0.8)) * std::sqrt(2.0) * sigma;
}

DetectableChange detectable_change(const std::vector<std::vector<double>>& baseline_window,
                                   const std::vector<double>& paired_change) {
  DetectableChange d;
  d.replications = static_cast<int>(baseline_window.size());
  d.trend_months = baseline_window.empty() ? 0 : static_cast<int>(baseline_window[0].size());
  std::vector<double> at_month;
  for (const auto& y : baseline_window)
    if (!y.empty()) at_month.push_back(y.back());
  d.sd_month = trend_residual_sd(baseline_window);
  d.sd_replication = sample_sd(at_month);
  d.sigma = std::sqrt(d.sd_month * d.sd_month + d.sd_replication * d.sd_replication);
  d.smallest = smallest_detectable_change(d.sd_month, d.sd_replication);
  d.change = paired_change;
  d.change_mean = mean_of(paired_change);
  // NaN compares false: without an MDC nothing is called detectable.
  d.detectable = d.change_mean != 0 && std::abs(d.change_mean) >= d.smallest;
  return d;
}

DetectableChange detectable_change(const Paired& p) {
  // The legacy ESA/IB count, the first of the measures the target is judged on (run/target.hpp).
  const std::string& name = target_measures().front().indicator;
  const int tm = p.target_month();
  const int first = std::max(0, tm - (kTrendMonths - 1));
  std::vector<std::vector<double>> window(p.base.reps.size());
  for (int m = first; m <= tm; ++m) {
    const auto x = across_replications(p.base, name, m);
    for (std::size_t k = 0; k < window.size(); ++k) window[k].push_back(x[k]);
  }
  DetectableChange d = detectable_change(window, paired_difference(p, name, tm));
  d.indicator = name;
  d.month = tm;
  d.first_month = first;
  return d;
}

std::string detectable_change_text(const DetectableChange& d, YearMonth start) {
  const std::string head = fmt::format("  legacy ESA/IB claimants {}: ", start.plus(d.month).str());
  if (!std::isfinite(d.smallest))
    return head + fmt::format(
                      "the smallest change the borough count could show needs 2 or more "
                      "replications and 3 or more months up to the target (have {} and {}); "
                      "this scenario changes it by {:+.0f}\n",
                      d.replications, d.trend_months, d.change_mean);
  return head +
         fmt::format(
             "the borough count could show a change of at least {:.0f} claimants (noise SD {:.0f} "
             "month to month, {:.0f} between replications); this scenario changes it by {:+.0f} "
             "({} in the count alone)\n",
             std::ceil(d.smallest), d.sd_month, d.sd_replication, d.change_mean,
             d.detectable ? "detectable" : "not detectable");
}

}  // namespace hwsim
