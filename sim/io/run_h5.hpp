// The parts of result.h5 that `hwsim run` and `hwsim compare` share (result_writer.cpp): a run's
// groups, its provenance, the dimension scales its groups share, and the root's format.
#pragma once
#include <hdf5.h>

#include <string>

#include "io/result_writer.hpp"
#include "run/cohorts.hpp"
#include "run/indicators.hpp"

namespace hwsim::detail {

// indicators/, states/, interventions/, finance/ and cohorts/ of one run, under `group` (a file
// or a group), written as the replications come: the datasets are made first, each
// replication's rows written by add (in replication order) and nothing of it kept but its cohort
// counts and start-up balance (the text meta/balance holds); cohorts/ by finish, after the last.
// Once finished, its values are read back from the datasets (RunValues), so the views of a run
// (summary.csv, target.csv, interventions.csv) are views of the file.
class RunRecorder final : public RunValues {
 public:
  RunRecorder(hid_t group, const Scenario& sc, std::size_t replications);
  void add(std::uint32_t replication, ReplicationView r);
  void finish();
  const Cohorts& cohorts() const { return cohorts_; }
  // meta/balance: the start-up balance of each replication, as YAML.
  const std::string& balance() const { return balance_; }

  std::size_t replications() const override { return replications_; }
  int months() const override;
  std::vector<double> indicator(const std::string& name) const override;
  std::vector<double> measure(std::size_t k, const Intervention& iv,
                              const std::string& measure) const override;

 private:
  void check_finished() const;
  hid_t group_;
  const Scenario& sc_;
  std::size_t replications_, added_ = 0;
  bool finished_ = false;
  Cohorts cohorts_;
  std::string balance_;
};

// A run kept in memory, written through a RunRecorder.
void write_run(hid_t file, const Scenario& sc, const RunResult& r);
// meta/: provenance of a run of `replications` replications on `seed`, with the start-up
// balance of each (RunRecorder::balance).
void write_meta(hid_t file, const std::string& name, const Scenario& sc, const std::string& balance,
                std::size_t replications, std::uint64_t seed, const RunInfo& info);
// The start-up balance of a run kept in memory, as RunRecorder::balance gives it.
std::string balance_yaml(const RunResult& r);
// The dimension scales of `group` that a run's datasets share: `replication` (0..R-1) and
// `month` (YYYY-MM, month 0 first). A new group of [replication, month, ...] datasets calls it
// before writing them with h5::dataset_nd.
void write_run_scales(hid_t group, const Scenario& sc, hsize_t replications);
// The root attributes `format` and `format_version` that say what a file is.
void write_format(hid_t file, const std::string& format, std::int64_t version);

}  // namespace hwsim::detail
