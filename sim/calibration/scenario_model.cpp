#include "calibration/scenario_model.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>

#include "core/error.hpp"
#include "run/indicators.hpp"
#include "run/simulation.hpp"

namespace hwsim {

ScenarioModel::ScenarioModel(const Scenario& sc, std::vector<Target> targets,
                             std::vector<FittedParam> fitted, int replications)
    : sc_(sc),
      targets_(std::move(targets)),
      fitted_(std::move(fitted)),
      replications_(replications) {
  int last = 0;
  for (const auto& t : targets_) {
    const int m = months_between(sc_.sim.start, t.month);
    if (m < 0 || m >= sc_.sim.months)
      throw InputError(
          t.file, t.line, 1, "targets." + t.name + ".month",
          fmt::format("{} is outside the months the scenario runs ({} to {})", t.month.str(),
                      sc_.sim.start.str(), sc_.sim.start.plus(sc_.sim.months - 1).str()));
    months_.push_back(m);
    last = std::max(last, m);
  }
  // Months after the last target tell the fit nothing.
  sc_.sim.months = last + 1;
  // The synthesis table depends only on population.*, which is never fitted.
  table_ = fit_table(sc_);
}

abc::Outcome ScenarioModel::operator()(const std::vector<double>& theta, std::uint64_t key) const {
  abc::Outcome out;
  try {
    Scenario sc = sc_;
    apply_theta(fitted_, theta, sc);
    std::vector<double> sum(targets_.size(), 0.0);
    for (int r = 0; r < replications_; ++r) {
      const ReplicationResult rep = run_replication(sc, table_, key, static_cast<std::uint32_t>(r));
      for (std::size_t k = 0; k < targets_.size(); ++k)
        sum[k] += indicator(targets_[k].indicator)
                      .value(rep.months.at(static_cast<std::size_t>(months_[k])));
    }
    for (std::size_t k = 0; k < targets_.size(); ++k) {
      const double v = sum[k] / replications_;
      out.values.push_back(v);
      out.distances.push_back(targets_[k].scaled_distance(v));
    }
  } catch (const std::exception&) {
    // A parameter set the model cannot run (e.g. a start-up balance out of reach) is rejected.
    out = abc::Outcome{false, {}, {}};
  }
  return out;
}

std::vector<abc::Outcome> ScenarioModel::evaluate(const std::vector<abc::Candidate>& batch) const {
  std::vector<abc::Outcome> out(batch.size());
  tbb::parallel_for(std::size_t{0}, batch.size(),
                    [&](std::size_t i) { out[i] = (*this)(batch[i].theta, batch[i].key); });
  return out;
}

}  // namespace hwsim
