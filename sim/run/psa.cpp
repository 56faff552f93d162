#include "run/psa.hpp"

#include <cmath>
#include <limits>
#include <set>

namespace hwsim {

DrawPoint psa_points(std::uint64_t seed, std::uint32_t replication) {
  return [seed, replication](const std::string& key, int component) -> std::optional<double> {
    return uncertainty_point(seed, replication, key, component);
  };
}

ReplicationSetup psa_setup(std::uint64_t seed, ReplicationSetup then,
                           const Scenario* finance_from) {
  return reread_setup([seed](std::uint32_t rep) { return psa_points(seed, rep); }, std::move(then),
                      finance_from);
}

ReplicationSetup reread_setup(std::function<DrawPoint(std::uint32_t)> points_of,
                              ReplicationSetup then, const Scenario* finance_from) {
  return [points_of = std::move(points_of), then = std::move(then), finance_from](std::uint32_t rep,
                                                                                  Scenario& sc) {
    const DrawPoint points = points_of(rep);
    Scenario drawn = reread_scenario(sc, points);
    if (finance_from) drawn.finance = reread_scenario(*finance_from, points).finance;
    sc = std::move(drawn);
    if (then) then(rep, sc);
  };
}

PsaDraws psa_draws(const std::vector<UncertainQuantity>& quantities, std::uint64_t seed,
                   int replications) {
  PsaDraws d;
  d.quantities = quantities;
  for (int r = 0; r < replications; ++r) {
    std::vector<double> pt, val;
    for (const auto& q : quantities) {
      const double p = uncertainty_point(seed, static_cast<std::uint32_t>(r), q.key, 0);
      pt.push_back(p);
      val.push_back(q.u.dist.family == Family::Dirichlet ? std::numeric_limits<double>::quiet_NaN()
                                                         : q.u.dist.quantile(p));
    }
    d.point.push_back(std::move(pt));
    d.value.push_back(std::move(val));
  }
  return d;
}

std::vector<UncertainQuantity> union_of(const std::vector<UncertainQuantity>& a,
                                        const std::vector<UncertainQuantity>& b) {
  std::vector<UncertainQuantity> out = a;
  std::set<std::string> seen;
  for (const auto& q : a) seen.insert(q.key);
  for (const auto& q : b)
    if (seen.insert(q.key).second) out.push_back(q);
  return out;
}

}  // namespace hwsim
