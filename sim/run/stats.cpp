#include "run/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hwsim {

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

Band band_of(const std::vector<double>& v) {
  Band b;
  if (v.empty()) return b;
  b.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  b.p05 = quantile(v, 0.05);
  b.p50 = quantile(v, 0.50);
  b.p95 = quantile(v, 0.95);
  return b;
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

}  // namespace hwsim
