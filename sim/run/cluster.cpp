#include "run/cluster.hpp"

#include <cstdlib>
#include <stdexcept>

#ifdef HWSIM_HAVE_MPI
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#endif

namespace hwsim {

bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
    if (std::getenv(v)) return true;
  return false;
}

int launcher_world_size() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
    if (const char* s = std::getenv(v)) return std::atoi(s);
  return 1;
}

void require_mpi_if_launched(const Cluster& cluster, const std::string& command) {
  if (cluster.size() == 1 && launcher_world_size() > 1)
    throw std::runtime_error(
        "this hwsim was built without MPI, so its processes would each run "
        "the whole " +
        command + ": run it without mpirun, or build with OpenMPI and Boost.MPI");
}

#ifdef HWSIM_HAVE_MPI

struct Cluster::Impl {
  boost::mpi::environment env;
  boost::mpi::communicator world;
  Impl(int& argc, char**& argv) : env(argc, argv, boost::mpi::threading::funneled) {}
};

Cluster::Cluster(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  impl_ = std::make_unique<Impl>(argc, argv);
  rank_ = impl_->world.rank();
  size_ = impl_->world.size();
}

Cluster::~Cluster() = default;

std::vector<std::vector<double>> Cluster::gather(const std::vector<double>& mine) const {
  if (size_ == 1) return {mine};
  std::vector<std::vector<double>> all;
  boost::mpi::all_gather(impl_->world, mine, all);
  return all;
}

std::vector<std::string> Cluster::gather(const std::string& mine) const {
  if (size_ == 1) return {mine};
  std::vector<std::string> all;
  boost::mpi::all_gather(impl_->world, mine, all);
  return all;
}

bool Cluster::agree(bool value) const {
  if (size_ == 1) return value;
  int v = value ? 1 : 0;
  boost::mpi::broadcast(impl_->world, v, 0);
  return v != 0;
}

std::string Cluster::share(const std::string& value) const {
  if (size_ == 1) return value;
  std::string v = value;
  boost::mpi::broadcast(impl_->world, v, 0);
  return v;
}

void Cluster::abort(int code) const {
  if (impl_) impl_->env.abort(code);
  std::exit(code);
}

#else

struct Cluster::Impl {};
Cluster::Cluster(int&, char**&) {}
Cluster::~Cluster() = default;
std::vector<std::vector<double>> Cluster::gather(const std::vector<double>& mine) const {
  return {mine};
}
std::vector<std::string> Cluster::gather(const std::string& mine) const { return {mine}; }
bool Cluster::agree(bool value) const { return value; }
std::string Cluster::share(const std::string& value) const { return value; }
void Cluster::abort(int code) const { std::exit(code); }

#endif

}  // namespace hwsim
