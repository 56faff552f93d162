#include "io/cohorts_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <stdexcept>

#include "io/h5.hpp"
#include "run/stats.hpp"

namespace hwsim {

void write_cohorts_h5(hid_t parent, const Cohorts& c) {
  using h5::dataset_nd;
  using h5::H5Id;
  H5Id g(H5Gcreate2(parent, "cohorts", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
         "create cohorts");
  const hsize_t R = c.reps.size(), K = count_of<CohortKind>(), P = c.periods.size(),
                C = kCheckpoints, S = count_of<CohortStatus>();
  std::vector<std::string> labels, kinds, statuses, checkpoints;
  std::vector<std::int64_t> first, last;
  for (const auto& p : c.periods) {
    labels.push_back(p.label);
    first.push_back(p.first);
    last.push_back(p.last);
  }
  for (auto k : kCohortKindNames) kinds.emplace_back(k);
  for (auto s : kCohortStatusNames) statuses.emplace_back(s);
  for (int w : kCohortCheckpointWeeks) checkpoints.push_back(fmt::format("{} weeks", w));
  // The dimensions of the group's datasets, as HDF5 dimension scales (in `measures` too).
  auto scales = [&](hid_t group, bool all) {
    h5::scale_index(group, "replication", R, "replication, 0 to R-1");
    h5::scale_labels(group, "claim_type", kinds,
                     "kind of new health claim: ESA (new-style included), or UC on health "
                     "grounds (awaiting the WCA, LCW or LCWRA)");
    h5::scale_labels(group, "period", labels,
                     "period the claims began in: a calendar quarter (2015Q1) or year (2015)");
    if (!all) return;
    h5::scale_labels(group, "checkpoint", checkpoints,
                     "time since the claim: 13, 26, 52, 65 and 104 weeks (3, 6, 12, 15 and 24 "
                     "months)");
    h5::scale_labels(group, "status", statuses,
                     "status at a checkpoint: still on the claim, or where a leaver went");
    h5::scale_labels(group, "worked_before", {"no", "yes"},
                     "whether the person was in work in the month before the claim");
    h5::scale_labels(group, "in_work", {"no", "yes"},
                     "whether the person was in work in any month 12 to 18 months after the claim");
  };
  scales(g, true);
  dataset_nd(g, "period_first_month", H5T_NATIVE_INT64, {P}, first, "month index",
             "first simulation month of the period (0 is the base month)", {"period"});
  dataset_nd(g, "period_last_month", H5T_NATIVE_INT64, {P}, last, "month index",
             "last simulation month of the period", {"period"});
  dataset_nd(
      g, "checkpoint_weeks", H5T_NATIVE_INT64, {C},
      std::vector<std::int64_t>(kCohortCheckpointWeeks.begin(), kCohortCheckpointWeeks.end()),
      "weeks", "weeks since the claim", {"checkpoint"});

  std::vector<std::int64_t> claims(R * K * P * 2), at(R * K * P * C * S), work(R * K * P * 4);
  std::vector<std::int64_t> reached(P * C), work_reached(P);
  for (hsize_t r = 0; r < R; ++r)
    for (hsize_t k = 0; k < K; ++k)
      for (hsize_t p = 0; p < P; ++p) {
        const CohortCounts& cc = c.reps[r][k][p];
        const hsize_t rkp = (r * K + k) * P + p;
        for (hsize_t b = 0; b < 2; ++b) claims[rkp * 2 + b] = cc.claims[b];
        for (hsize_t x = 0; x < C; ++x)
          for (hsize_t s = 0; s < S; ++s) at[(rkp * C + x) * S + s] = cc.at[x][s];
        for (hsize_t b = 0; b < 2; ++b)
          for (hsize_t w = 0; w < 2; ++w) work[rkp * 4 + b * 2 + w] = cc.work[b][w];
        if (r == 0 && k == 0) {
          for (hsize_t x = 0; x < C; ++x) reached[p * C + x] = cc.reached[x];
          work_reached[p] = cc.work_reached;
        }
      }
  dataset_nd(g, "new_claims", H5T_NATIVE_INT64, {R, K, P, 2}, claims, "claims",
             "new claims, by whether the person was in work in the month before (0 no, 1 yes)",
             {"replication", "claim_type", "period", "worked_before"});
  dataset_nd(g, "status_at_checkpoint", H5T_NATIVE_INT64, {R, K, P, C, S}, at, "claims",
             "the period's claims by status at each checkpoint (zero where the run ended first: "
             "see checkpoint_reached)",
             {"replication", "claim_type", "period", "checkpoint", "status"});
  dataset_nd(g, "checkpoint_reached", H5T_NATIVE_INT64, {P, C}, reached, "flag",
             "1 if every claim of the period reached the checkpoint before the run ended",
             {"period", "checkpoint"});
  dataset_nd(g, "in_work_12_18m", H5T_NATIVE_INT64, {R, K, P, 2, 2}, work, "claims",
             "claims followed 18 months (still resident, no new claim), by work in the month "
             "before (0/1) and in any month 12 to 18 months after (0/1)",
             {"replication", "claim_type", "period", "worked_before", "in_work"});
  dataset_nd(g, "in_work_window_reached", H5T_NATIVE_INT64, {P}, work_reached, "flag",
             "1 if every claim of the period reached 18 months before the run ended", {"period"});

  H5Id shares(H5Gcreate2(g, "measures", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
              "create cohorts/measures");
  scales(shares, false);
  for (const auto& m : cohort_measures()) {
    std::vector<double> v(R * K * P);
    for (hsize_t r = 0; r < R; ++r)
      for (hsize_t k = 0; k < K; ++k)
        for (hsize_t p = 0; p < P; ++p)
          v[(r * K + k) * P + p] = m.value(c.reps[r][k][p]).value_or(std::nan(""));
    dataset_nd(shares, m.name, H5T_NATIVE_DOUBLE, {R, K, P}, v, m.unit,
               m.description + " (NaN: no value)", {"replication", "claim_type", "period"});
  }
}

void write_cohorts_csv(const std::string& path,
                       const std::vector<std::pair<std::string, const Cohorts*>>& scenarios) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << "scenario,claim_type,period,measure,unit,mean,p05,p50,p95,replications\n";
  for (const auto& [name, c] : scenarios)
    for (std::size_t k = 0; k < count_of<CohortKind>(); ++k)
      for (std::size_t p = 0; p < c->periods.size(); ++p)
        for (const auto& m : cohort_measures()) {
          std::vector<double> v;
          for (const auto& rep : c->reps)
            if (auto x = m.value(rep[k][p])) v.push_back(*x);
          if (v.empty()) continue;
          const Band b = band_of(v);
          out << fmt::format("{},{},{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{}\n", name,
                             kCohortKindNames[k], c->periods[p].label, m.name, m.unit, b.mean,
                             b.p05, b.p50, b.p95, v.size());
        }
  out.flush();
  if (!out) throw std::runtime_error("error while writing " + path);
}

}  // namespace hwsim
