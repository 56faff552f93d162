#include "plan/evaluate.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>

#include "compare/finance.hpp"
#include "compare/paired.hpp"
#include "core/error.hpp"
#include "finance/finance.hpp"
#include "run/indicators.hpp"
#include "startup/startup.hpp"

namespace hwsim::plan {

namespace {

// Each position's largest extra intervention spend in one financial year of the appraisal
// (undiscounted, with any optimism bias), from the appraisal's cash flows by year.
std::vector<double> peak_spend(const Appraisal& a) {
  std::vector<double> peak(kPositions, 0.0);
  for (const auto& year : a.year_flow) {
    std::vector<double> spend(kPositions, 0.0);
    for (std::size_t l = 0; l < kLines; ++l) {
      if (!kLineInfo[l].intervention) continue;
      const double s = -year[l];  // extra spending is negative in the flow
      spend[static_cast<std::size_t>(kLineInfo[l].partner)] += s;
      spend[kPartners] += s;
    }
    for (std::size_t p = 0; p < kPositions; ++p) peak[p] = std::max(peak[p], spend[p]);
  }
  return peak;
}

}  // namespace

SimulationEvaluator::SimulationEvaluator(const PlanFile& plan, StopRequested stop)
    : plan_(plan), stop_(std::move(stop)), sc_(load_scenario(plan.scenario_path)) {
  base_ = load_scenario(plan.baseline_path);
  // Costed with the scenario's unit costs and payers, so the ledgers differ only by what people
  // do (as hwsim compare does).
  base_.finance = sc_.finance;
  if (!(base_.sim.start == sc_.sim.start) || base_.sim.months != sc_.sim.months)
    throw InputError(
        plan.path, 0, 0, "baseline",
        fmt::format("the scenario runs {} months from {}, but the baseline runs {} "
                    "months from {}: a paired comparison needs the same months",
                    sc_.sim.months, sc_.sim.start.str(), base_.sim.months, base_.sim.start.str()));
  month_ = months_between(sc_.sim.start, plan.at);
  sc_table_ = fit_table(sc_);
  base_table_ = fit_table(base_);
}

std::int64_t SimulationEvaluator::baseline_replications() const {
  const std::lock_guard lock(mu_);
  return static_cast<std::int64_t>(base_reps_.size());
}

double SimulationEvaluator::baseline_level() const {
  const std::lock_guard lock(mu_);
  double sum = 0;
  for (const auto& [r, rep] : base_reps_)
    sum += indicator(plan_.measure).value(rep->months.at(static_cast<std::size_t>(month_)));
  return base_reps_.empty() ? 0.0 : sum / static_cast<double>(base_reps_.size());
}

void SimulationEvaluator::run_baseline(const std::vector<int>& replications) {
  const std::uint64_t seed = plan_.seed;
  // The baseline's replications not yet run.
  std::vector<int> missing;
  {
    const std::lock_guard lock(mu_);
    for (const int r : replications)
      if (!base_reps_.count(r) && std::find(missing.begin(), missing.end(), r) == missing.end())
        missing.push_back(r);
  }
  std::vector<std::shared_ptr<const ReplicationResult>> ran(missing.size());
  tbb::parallel_for(std::size_t{0}, missing.size(), [&](std::size_t i) {
    const auto rep = static_cast<std::uint32_t>(missing[i]);
    ran[i] = std::make_shared<const ReplicationResult>(
        run_months(base_, prepare_replication(base_, base_table_, seed, rep), seed, rep, stop_));
  });
  const std::lock_guard lock(mu_);
  for (std::size_t i = 0; i < missing.size(); ++i) base_reps_[missing[i]] = ran[i];
}

std::vector<Observation> SimulationEvaluator::operator()(const std::vector<Request>& batch) {
  const std::uint64_t seed = plan_.seed;
  std::vector<int> reps;
  for (const auto& q : batch) reps.push_back(q.replication);
  run_baseline(reps);
  // Each distinct candidate's scenario, read once (the files, then its levers as --set).
  std::vector<std::vector<double>> distinct;
  std::vector<std::size_t> which(batch.size());
  for (std::size_t k = 0; k < batch.size(); ++k) {
    auto it = std::find(distinct.begin(), distinct.end(), batch[k].levers);
    which[k] = static_cast<std::size_t>(it - distinct.begin());
    if (it == distinct.end()) distinct.push_back(batch[k].levers);
  }
  std::vector<Scenario> scenarios;
  for (const auto& v : distinct)
    scenarios.push_back(load_scenario(plan_.scenario_path, assignments(plan_, v)));

  std::vector<Observation> out(batch.size());
  tbb::parallel_for(std::size_t{0}, batch.size(), [&](std::size_t k) {
    const Scenario& sc = scenarios[which[k]];
    const auto rep = static_cast<std::uint32_t>(batch[k].replication);
    std::shared_ptr<const ReplicationResult> base_rep;
    {
      const std::lock_guard lock(mu_);
      base_rep = base_reps_.at(batch[k].replication);
    }
    RunResult b, s;
    b.seed = s.seed = seed;
    b.reps.push_back(*base_rep);
    s.reps.push_back(
        run_months(sc, prepare_replication(sc, sc_table_, seed, rep), seed, rep, stop_));
    const Paired paired{base_, sc, b, s};
    const FinanceResult f = appraise_paired(paired);
    const Appraisal& a = f.reps.at(0);
    Observation o;
    const auto& ind = indicator(plan_.measure);
    const auto m = static_cast<std::size_t>(month_);
    o.level = ind.value(s.reps[0].months.at(m));
    o.effect = o.level - ind.value(b.reps[0].months.at(m));
    for (std::size_t p = 0; p < kPositions; ++p) {
      o.cost.push_back(a.before[p].cost);
      o.npv.push_back(a.before[p].npv);
    }
    o.peak_spend = peak_spend(a);
    out[k] = std::move(o);
  });
  return out;
}

}  // namespace hwsim::plan
