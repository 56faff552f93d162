#include "compare/sensitivity.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>

#include "compare/paired.hpp"
#include "run/stats.hpp"

namespace hwsim {

double outcome_of(const SensitivityOutcome& o, TornadoOutcome outcome) {
  return outcome == TornadoOutcome::Claimants ? o.claimants : o.npv;
}

namespace {

bool named(const std::string& key, const std::vector<std::string>& only) {
  return only.empty() || std::any_of(only.begin(), only.end(), [&](const std::string& prefix) {
           return key.rfind(prefix, 0) == 0;
         });
}

}  // namespace

std::vector<UncertainQuantity> varied_quantities(const Scenario& baseline, const Scenario& scenario,
                                                 const std::vector<std::string>& only) {
  std::vector<UncertainQuantity> varied;
  for (const auto& q : union_of(scenario.uncertain, baseline.uncertain))
    if (q.u.dist.family != Family::Dirichlet && named(q.key, only)) varied.push_back(q);
  return varied;
}

Sensitivity one_way_sensitivity(const Scenario& baseline, const Scenario& scenario,
                                std::uint64_t seed, int replications,
                                const std::function<void(int, int)>& progress,
                                const StopRequested& stop, const std::vector<std::string>& only,
                                const Cluster* cluster, const std::string& scratch) {
  Sensitivity s;
  s.seed = seed;
  s.replications = replications;
  for (const auto& q : union_of(scenario.uncertain, baseline.uncertain))
    if (q.u.dist.family == Family::Dirichlet && named(q.key, only)) s.left_out.push_back(q.key);
  const std::vector<UncertainQuantity> varied = varied_quantities(baseline, scenario, only);
  // Arm 0: every quantity central; then each quantity low, then high.
  const std::size_t arms = 1 + 2 * varied.size();
  std::vector<SensitivityOutcome> out(arms);
  // This process's arms (all of them, but for a cluster of several).
  std::vector<std::size_t> mine;
  for (std::size_t a = 0; a < arms; ++a)
    if (!cluster || cluster->mine(a)) mine.push_back(a);
  const int share = cluster ? cluster->size() : 1;
  const int total = static_cast<int>(arms) * 2 * replications;
  std::atomic<int> done{0};
  std::mutex tell;
  auto one_done = [&](int, int) {
    const int d = ++done;
    if (progress) {
      std::lock_guard<std::mutex> g(tell);
      progress(std::min(total, d * share), total);
    }
  };
  tbb::parallel_for(std::size_t{0}, mine.size(), [&](std::size_t m) {
    const std::size_t a = mine[m];
    DrawPoint points;
    if (a > 0) {
      const std::string key = varied[(a - 1) / 2].key;
      const double at = (a - 1) % 2 == 0 ? 0.05 : 0.95;
      points = [key, at](const std::string& k, int) {
        return k == key ? std::optional<double>(at) : std::nullopt;
      };
    }
    // Arm 0 is the plain comparison (the baseline is already costed with the scenario's
    // finance); the others read both again at their points, the baseline costed likewise.
    const auto points_of = [points](std::uint32_t) { return points; };
    const ReplicationSetup base_setup =
        a == 0 ? ReplicationSetup{} : reread_setup(points_of, {}, &scenario);
    const ReplicationSetup scen_setup = a == 0 ? ReplicationSetup{} : reread_setup(points_of);
    // The two share each replication's start-up where they start alike (run_arms).
    const std::vector<RunResult> both = run_arms({{&baseline, base_setup, one_done, {}, scratch},
                                                  {&scenario, scen_setup, one_done, {}, scratch}},
                                                 seed, replications, stop);
    const RunResult& b = both[0];
    const RunResult& r = both[1];
    // The paired analysis reads the arms' own scenarios only for their settings, which the
    // points do not change.
    const Paired p{baseline, scenario, b, r};
    const FinanceResult f = appraise_paired(p);
    out[a].claimants = mean_of(paired_difference(p, "esa_ib_claimants", p.target_month()));
    out[a].npv = mean_of(measure_values(f, kPositions - 1, 2));
  });
  if (cluster && cluster->size() > 1) {
    // Each process's arms, gathered back in arm order (MPI from this thread only).
    std::vector<double> flat;
    for (const std::size_t a : mine) {
      flat.push_back(out[a].claimants);
      flat.push_back(out[a].npv);
    }
    const std::vector<std::vector<double>> all = cluster->gather(flat);
    const auto size = static_cast<std::size_t>(cluster->size());
    for (std::size_t a = 0; a < arms; ++a) {
      const auto& f = all.at(a % size);
      out[a].claimants = f.at(2 * (a / size));
      out[a].npv = f.at(2 * (a / size) + 1);
    }
  }
  s.central = out[0];
  for (std::size_t q = 0; q < varied.size(); ++q) {
    TornadoBar bar;
    bar.quantity = varied[q];
    bar.low_value = varied[q].u.dist.quantile(0.05);
    bar.high_value = varied[q].u.dist.quantile(0.95);
    bar.low = out[1 + 2 * q];
    bar.high = out[2 + 2 * q];
    s.bars.push_back(std::move(bar));
  }
  return s;
}

std::vector<TornadoBar> sorted_by_swing(const Sensitivity& s, TornadoOutcome outcome) {
  std::vector<TornadoBar> bars = s.bars;
  std::stable_sort(bars.begin(), bars.end(), [&](const TornadoBar& a, const TornadoBar& b) {
    return std::abs(outcome_of(a.high, outcome) - outcome_of(a.low, outcome)) >
           std::abs(outcome_of(b.high, outcome) - outcome_of(b.low, outcome));
  });
  return bars;
}

}  // namespace hwsim
