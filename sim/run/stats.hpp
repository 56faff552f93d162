// Summaries across replications: mean and the 5-95% band.
#pragma once
#include <vector>

namespace hwsim {

struct Band {
  double mean = 0, p05 = 0, p50 = 0, p95 = 0;
};

// Quantile by linear interpolation between order statistics (Hyndman & Fan type 7).
double quantile(std::vector<double> v, double q);
Band band_of(const std::vector<double>& v);
// The mean (0 for none).
double mean_of(const std::vector<double>& v);

}  // namespace hwsim
