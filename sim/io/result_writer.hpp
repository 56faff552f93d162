// Writers of a run's results: result.h5 (the complete record; layout in outputs/README.md)
// and summary.csv (a view of it). Files are written under a temporary name in the output
// folder and renamed only when complete, so a failed run leaves nothing that looks finished.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/output_set.hpp"
#include "run/indicators.hpp"
#include "run/simulation.hpp"
#include "scenario/scenario.hpp"

namespace hwsim {

// What result.h5 is, in its root attributes `format` and `format_version`: the record of a run,
// or of a comparison (/baseline, /scenario, /difference, ...). The version goes up when the
// layout changes in a way a reader must know.
inline constexpr const char* kResultFormat = "hwsim-result";
inline constexpr const char* kComparisonFormat = "hwsim-comparison";
inline constexpr std::int64_t kResultFormatVersion = 1;

struct RunInfo {
  std::string command_line;
  std::string version;
  int threads = 0;
  // With --posterior: the file, and the particle each replication drew.
  std::string posterior;
  std::vector<std::int64_t> posterior_particles;
  // With --psa: what the replications drew and what follows (io/psa_writer.hpp).
  const struct PsaReport* psa = nullptr;
};

// The output set of `hwsim run` in `dir`, made as the replications come: result.h5 is created
// first and filled replication by replication (add: a ReplicationSink), so memory does not grow
// with the replications (each keeps only its cohort counts and start-up balance); after the
// last, finish writes the views of it (summary.csv, target.csv, cohorts.csv, interventions.csv
// for a scenario with interventions, psa.csv and psa-replications.csv with a PSA), the
// provenance into result.h5, then manifest.json. Everything goes through `files` (under a
// temporary name until files.commit()).
class RunOutputs {
 public:
  RunOutputs(const std::string& dir, const Scenario& sc, std::size_t replications, FileSet& files);
  ~RunOutputs();
  RunOutputs(const RunOutputs&) = delete;
  RunOutputs& operator=(const RunOutputs&) = delete;
  void add(std::uint32_t replication, ReplicationView r);
  // Once every replication is added: the run's values, read back from result.h5.
  const RunValues& values();
  // Returns the names of the files written, manifest.json last.
  std::vector<std::string> finish(std::uint64_t seed, const RunInfo& info);

 private:
  struct Open;
  std::string dir_, h5_;
  const Scenario& sc_;
  FileSet& files_;
  std::unique_ptr<Open> open_;
  bool finished_ = false;
};

// The output set of a run kept in memory, written through RunOutputs.
std::vector<std::string> write_run_outputs(const std::string& dir, const Scenario& sc,
                                           const RunResult& r, const RunInfo& info, FileSet& files);

void write_summary_csv(const std::string& path, const Scenario& sc, const RunValues& r);
// target.csv of a run: the target on the legacy count and on all incapacity benefits
// (probability met), and the change in the legacy count since month 0 with its parts.
void write_target_csv(const std::string& path, const Scenario& sc, const RunValues& r);
// interventions.csv: each intervention's measures by month (only for scenarios with any).
void write_interventions_csv(const std::string& path, const Scenario& sc, const RunValues& r);

// Creates `dir` if missing and checks a file can be written in it (before a run's work goes
// into filling it); throws std::runtime_error naming the folder.
void ensure_writable_dir(const std::string& dir);

// Writes `path` via `path.partial` + rename; `write` gets the temporary path.
template <typename F>
void write_atomically(const std::string& path, F&& write);

}  // namespace hwsim

#include <filesystem>
#include <system_error>

namespace hwsim {
template <typename F>
void write_atomically(const std::string& path, F&& write) {
  const std::string tmp = path + ".partial";
  try {
    write(tmp);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw;
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace hwsim
