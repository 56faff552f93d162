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
  shared_start_ = same_start(sc_, base_);
}

Prepared SimulationEvaluator::start_of(int replication) {
  {
    const std::lock_guard lock(mu_);
    if (auto it = starts_.find(replication); it != starts_.end()) return *it->second;
  }
  // Made outside the lock; two threads wanting the same replication make the same start-up.
  auto made = std::make_shared<const Prepared>(
      prepare_replication(base_, base_table_, plan_.seed, static_cast<std::uint32_t>(replication)));
  const std::lock_guard lock(mu_);
  return *starts_.try_emplace(replication, std::move(made)).first->second;
}

std::vector<double> SimulationEvaluator::baseline_levels(const std::vector<int>& replications) {
  run_baseline(replications);
  const std::lock_guard lock(mu_);
  std::vector<double> out;
  for (const int r : replications)
    out.push_back(indicator(plan_.measure)
                      .value(base_reps_.at(r)->months.at(static_cast<std::size_t>(month_))));
  return out;
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
        run_months(base_, start_of(missing[i]), seed, rep, stop_));
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
    // A candidate's start-up is the baseline's (levers change what happens from month 1).
    s.reps.push_back(run_months(sc,
                                shared_start_ && same_start(sc, base_)
                                    ? start_of(batch[k].replication)
                                    : prepare_replication(sc, sc_table_, seed, rep),
                                seed, rep, stop_));
    const Paired paired{base_, sc, b, s};
    const FinanceResult f = appraise_paired(paired);
    const Appraisal& a = f.reps.at(0);
    Observation o;
    const auto& ind = indicator(plan_.measure);
    const auto m = static_cast<std::size_t>(month_);
    o.level = ind.value(s.reps[0].at(m));
    o.effect = o.level - ind.value(b.reps[0].at(m));
    for (std::size_t p = 0; p < kPositions; ++p) {
      o.cost.push_back(a.before[p].cost);
      o.npv.push_back(a.before[p].npv);
    }
    o.peak_spend = peak_spend(a);
    out[k] = std::move(o);
  });
  return out;
}

namespace {

void flatten(const Observation& o, std::vector<double>& flat) {
  flat.push_back(o.effect);
  flat.push_back(o.level);
  for (const auto* v : {&o.cost, &o.npv, &o.peak_spend}) {
    flat.push_back(static_cast<double>(v->size()));
    flat.insert(flat.end(), v->begin(), v->end());
  }
}

Observation unflatten(const std::vector<double>& f, std::size_t& pos) {
  Observation o;
  o.effect = f.at(pos++);
  o.level = f.at(pos++);
  for (auto* v : {&o.cost, &o.npv, &o.peak_spend}) {
    const auto n = static_cast<std::size_t>(f.at(pos++));
    if (pos + n > f.size()) throw std::logic_error("a process sent a short observation");
    v->assign(f.begin() + static_cast<std::ptrdiff_t>(pos),
              f.begin() + static_cast<std::ptrdiff_t>(pos + n));
    pos += n;
  }
  return o;
}

}  // namespace

Evaluator spread(const Cluster& cluster, Evaluator local) {
  if (cluster.size() == 1) return local;
  return [&cluster, local = std::move(local)](const std::vector<Request>& batch) {
    const auto size = static_cast<std::size_t>(cluster.size());
    std::vector<Request> mine;
    for (std::size_t i = static_cast<std::size_t>(cluster.rank()); i < batch.size(); i += size)
      mine.push_back(batch[i]);
    std::vector<double> flat;
    for (const auto& o : local(mine)) flatten(o, flat);
    const std::vector<std::vector<double>> all = cluster.gather(flat);
    std::vector<Observation> out(batch.size());
    for (std::size_t r = 0; r < size; ++r) {
      std::size_t pos = 0;
      for (std::size_t i = r; i < batch.size(); i += size) out[i] = unflatten(all.at(r), pos);
    }
    return out;
  };
}

double baseline_level(const Cluster& cluster, SimulationEvaluator& evaluator, int n) {
  const int size = cluster.size();
  std::vector<int> mine;
  for (int r = cluster.rank(); r < n; r += size) mine.push_back(r);
  const std::vector<std::vector<double>> all = cluster.gather(evaluator.baseline_levels(mine));
  // Summed in replication order, as one process would.
  double sum = 0;
  for (int r = 0; r < n; ++r)
    sum += all.at(static_cast<std::size_t>(r % size)).at(static_cast<std::size_t>(r / size));
  return n > 0 ? sum / static_cast<double>(n) : 0.0;
}

}  // namespace hwsim::plan
