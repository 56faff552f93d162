// Could the borough see it? The smallest change in the legacy ESA/IB claimant count at the
// target month (March 2019) that an observer of the published count could tell from the count's
// own noise, against the change the scenario causes there.
//
// Two noises, both measured on the baseline:
//  - month to month: how far a month's count wobbles about its local trend, over the 12 months
//    up to and including the target month (fewer if the run is shorter). The local trend of a
//    replication is the path all replications share (their mean, month by month) plus the
//    replication's own least-squares line; the residual standard deviation about it is pooled
//    over replications (residual sum of squares over (R - 1)(n - 2) degrees of freedom). This
//    is the noise a reader of the monthly series sees from one month to the next once the trend
//    is taken out. The shared path matters: in the year to March 2019 new claims move to UC full
//    service and the legacy count turns from flat to falling by about 250 a month; a straight
//    line per replication would count that bend, an administrative change every replication
//    makes at the same month, as noise (about 100 claimants instead of about 20 in 10
//    replications of the baseline; in years without a bend the two agree).
//  - replication to replication: the standard deviation across replications of the count at
//    the target month: how far chance alone moves the March 2019 figure between equally likely
//    histories of the borough.
// The smallest detectable change (MDC) is the change a before/after reading of the count could
// tell from noise at two-sided 5% with 80% power (detectable.cpp gives the reasoning):
//   MDC = (z_0.975 + z_0.80) * sqrt(2) * sigma,  sigma = sqrt(sd_month^2 + sd_replication^2).
#pragma once
#include <string>
#include <vector>

#include "compare/paired.hpp"

namespace hwsim {

struct DetectableChange {
  std::string indicator;       // esa_ib_claimants, the legacy count the target is written in
  int month = 0;               // the target month
  int first_month = 0;         // the first month of the local trend (month .. month - 11)
  int trend_months = 0;        // months in the local trend window
  int replications = 0;        // baseline replications
  double sd_month = 0;         // persons: month-to-month noise (pooled residual SD about the trend)
  double sd_replication = 0;   // persons: replication-to-replication SD at the target month
  double sigma = 0;            // persons: sqrt(sd_month^2 + sd_replication^2), noise of one reading
  double smallest = 0;         // persons: the smallest detectable change (MDC)
  std::vector<double> change;  // per replication: scenario minus baseline at the target month
  double change_mean = 0;      // persons: the scenario's change (mean of `change`)
  bool detectable = false;     // |change_mean| >= smallest, and not 0
};

// The month-to-month noise of R series of equal length n (one per replication, over the same
// months): each series less the mean path across series, about its own least-squares line in
// x = 0, 1, ..., n-1; sqrt(residual sum of squares / ((R - 1)(n - 2))). NaN with fewer than two
// series or three months.
double trend_residual_sd(const std::vector<std::vector<double>>& series);
// Sample standard deviation (n - 1); NaN with fewer than two values.
double sample_sd(const std::vector<double>& v);
// (z_0.975 + z_0.80) * sqrt(2) * sqrt(sd_month^2 + sd_replication^2).
double smallest_detectable_change(double sd_month, double sd_replication);

// The figures from the baseline's count per replication over the trend window (each series
// ending at the target month) and the paired change at the target month. indicator, month and
// first_month are left for the caller.
DetectableChange detectable_change(const std::vector<std::vector<double>>& baseline_window,
                                   const std::vector<double>& paired_change);
// The figures of a comparison, on the legacy ESA/IB count at the target month.
DetectableChange detectable_change(const Paired& p);

// The line `hwsim compare` prints (compare/summary.hpp), dated by the scenario's start.
std::string detectable_change_text(const DetectableChange& d, YearMonth start);

}  // namespace hwsim
