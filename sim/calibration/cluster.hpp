// The processes of a calibration: one, or several started by mpirun/mpiexec (Boost.MPI).
// Every process runs the same ABC-SMC loop on the same state; only the simulations of a batch
// are spread, round-robin by candidate index, and gathered back in index order on every
// process, so each holds the same results as a single process would. Process 0 writes files
// and prints; decisions that must agree (stopping, the resumed state) come from it.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "calibration/abc_smc.hpp"

namespace hwsim {

// True when this process was started by an MPI launcher.
bool launched_by_mpi();
// The number of processes the launcher started (1 when none did).
int launcher_world_size();

class Cluster {
 public:
  // Starts MPI if the process was started by an MPI launcher and hwsim was built with MPI;
  // otherwise a cluster of one.
  Cluster(int& argc, char**& argv);
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool root() const { return rank_ == 0; }

  // `local` evaluates this process's share of each batch; the result is the whole batch.
  abc::Evaluate spread(abc::Evaluate local) const;
  // Every process's `mine`, by rank, on every process.
  std::vector<std::vector<double>> gather(const std::vector<double>& mine) const;
  // Process 0's value, on every process.
  bool agree(bool value) const;
  std::string share(const std::string& value) const;
  // Ends every process at once (an error on one process would leave the others waiting).
  [[noreturn]] void abort(int code) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int rank_ = 0, size_ = 1;
};

}  // namespace hwsim
