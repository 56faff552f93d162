// Writers of the cohort statistics of new health claims (run/cohorts.hpp): the /cohorts group
// of a result file and cohorts.csv (layouts in outputs/README.md).
#pragma once
#include <hdf5.h>

#include <string>
#include <utility>
#include <vector>

#include "run/cohorts.hpp"

namespace hwsim {

// Writes group `cohorts` under `parent`: the counts by replication, kind, period, checkpoint
// and status, and each measure of cohort_measures() (NaN where it has no value).
void write_cohorts_h5(hid_t parent, const Cohorts& c);
// cohorts.csv: one row per scenario, kind of claim, period and measure with a value in at
// least one replication: mean, 5-95% band across the replications with a value, and their
// number.
void write_cohorts_csv(const std::string& path,
                       const std::vector<std::pair<std::string, const Cohorts*>>& scenarios);

}  // namespace hwsim
