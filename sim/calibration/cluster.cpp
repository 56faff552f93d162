#include "calibration/cluster.hpp"

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

#ifdef HWSIM_HAVE_MPI

struct Cluster::Impl {
  // MPI calls come from the main thread only; TBB workers never call MPI.
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

abc::Evaluate Cluster::spread(abc::Evaluate local) const {
  if (size_ == 1) return local;
  return [this, local = std::move(local)](const std::vector<abc::Candidate>& batch) {
    std::vector<abc::Candidate> mine;
    for (std::size_t i = static_cast<std::size_t>(rank_); i < batch.size();
         i += static_cast<std::size_t>(size_))
      mine.push_back(batch[i]);
    const std::vector<abc::Outcome> done = local(mine);
    // Flattened: per candidate ok, n, distances, n, values.
    std::vector<double> flat;
    for (const auto& o : done) {
      flat.push_back(o.ok ? 1.0 : 0.0);
      flat.push_back(static_cast<double>(o.distances.size()));
      flat.insert(flat.end(), o.distances.begin(), o.distances.end());
      flat.push_back(static_cast<double>(o.values.size()));
      flat.insert(flat.end(), o.values.begin(), o.values.end());
    }
    const std::vector<std::vector<double>> all = gather(flat);
    std::vector<abc::Outcome> out(batch.size());
    for (int r = 0; r < size_; ++r) {
      const auto& f = all[static_cast<std::size_t>(r)];
      std::size_t pos = 0;
      for (std::size_t i = static_cast<std::size_t>(r); i < batch.size();
           i += static_cast<std::size_t>(size_)) {
        abc::Outcome o;
        o.ok = f.at(pos++) != 0.0;
        const auto nd = static_cast<std::size_t>(f.at(pos++));
        o.distances.assign(f.begin() + static_cast<std::ptrdiff_t>(pos),
                           f.begin() + static_cast<std::ptrdiff_t>(pos + nd));
        pos += nd;
        const auto nv = static_cast<std::size_t>(f.at(pos++));
        o.values.assign(f.begin() + static_cast<std::ptrdiff_t>(pos),
                        f.begin() + static_cast<std::ptrdiff_t>(pos + nv));
        pos += nv;
        out[i] = std::move(o);
      }
    }
    return out;
  };
}

std::vector<std::vector<double>> Cluster::gather(const std::vector<double>& mine) const {
  if (size_ == 1) return {mine};
  std::vector<std::vector<double>> all;
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
abc::Evaluate Cluster::spread(abc::Evaluate local) const { return local; }
std::vector<std::vector<double>> Cluster::gather(const std::vector<double>& mine) const {
  return {mine};
}
bool Cluster::agree(bool value) const { return value; }
std::string Cluster::share(const std::string& value) const { return value; }
void Cluster::abort(int code) const { std::exit(code); }

#endif

}  // namespace hwsim
