// The parts of result.h5 that `hwsim run` and `hwsim compare` share (result_writer.cpp): a run's
// groups, its provenance, the dimension scales its groups share, and the root's format.
#pragma once
#include <hdf5.h>

#include <string>

#include "io/result_writer.hpp"

namespace hwsim::detail {

// indicators/, states/, interventions/ and finance/ of one run, under `file` (a file or a group).
void write_run(hid_t file, const Scenario& sc, const RunResult& r);
// meta/: provenance of a run.
void write_meta(hid_t file, const std::string& name, const Scenario& sc, const RunResult& r,
                const RunInfo& info);
// The dimension scales of `group` that a run's datasets share: `replication` (0..R-1) and
// `month` (YYYY-MM, month 0 first). A new group of [replication, month, ...] datasets calls it
// before writing them with h5::dataset_nd.
void write_run_scales(hid_t group, const Scenario& sc, hsize_t replications);
// The root attributes `format` and `format_version` that say what a file is.
void write_format(hid_t file, const std::string& format, std::int64_t version);

}  // namespace hwsim::detail
