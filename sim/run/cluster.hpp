// The processes of a command: one, or several started by mpirun/mpiexec (Boost.MPI). Every
// process runs the same command on the same inputs; the work that is spread (replications of a
// run, simulations of a calibration's or a plan's batch) is dealt out round-robin by index and
// gathered back in index order, so the result is the one a single process gives. Process 0
// writes files and prints; decisions that must agree (stopping, a resumed state) come from it.
// MPI calls come from the main thread only; TBB workers never call MPI.
#pragma once
#include <memory>
#include <string>
#include <vector>

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
  // Whether item `index` of a spread list is this process's (round-robin).
  bool mine(std::size_t index) const {
    return index % static_cast<std::size_t>(size_) == static_cast<std::size_t>(rank_);
  }

  // Every process's `mine`, by rank, on every process.
  std::vector<std::vector<double>> gather(const std::vector<double>& mine) const;
  std::vector<std::string> gather(const std::string& mine) const;
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

// Throws std::runtime_error when the launcher started several processes but this hwsim was
// built without MPI (each would run the whole `command`).
void require_mpi_if_launched(const Cluster& cluster, const std::string& command);

}  // namespace hwsim
