#include "calibration/cluster.hpp"

namespace hwsim {

abc::Evaluate spread(const Cluster& cluster, abc::Evaluate local) {
  if (cluster.size() == 1) return local;
  return [&cluster, local = std::move(local)](const std::vector<abc::Candidate>& batch) {
    const auto size = static_cast<std::size_t>(cluster.size());
    std::vector<abc::Candidate> mine;
    for (std::size_t i = 0; i < batch.size(); ++i)
      if (cluster.mine(i)) mine.push_back(batch[i]);
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
    const std::vector<std::vector<double>> all = cluster.gather(flat);
    std::vector<abc::Outcome> out(batch.size());
    for (std::size_t r = 0; r < size; ++r) {
      const auto& f = all[r];
      std::size_t pos = 0;
      for (std::size_t i = r; i < batch.size(); i += size) {
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

}  // namespace hwsim
