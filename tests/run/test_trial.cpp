// A controlled trial inside the population run (model/trial.hpp, run/trial.hpp): randomisation,
// the arms' treatment, follow-up, and the analysis over replications (compare/trial.hpp).
#include <tbb/global_control.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <set>

#include "compare/trial.hpp"
#include "helpers.hpp"
#include "run/indicators.hpp"
#include "run/trial.hpp"
#include "scenario/scenario.hpp"

using namespace hwsim;

namespace {

std::string trial_file() { return test::source_path("tests/run/data/trial-tiny.yaml"); }

struct Setup {
  Scenario sc;
  TrialPlan plan;
};

// The tiny trial scenario, its plan changed by `edit`, and its effect set to none if `null`.
Setup setup(bool null, const std::function<void(TrialPlan&)>& edit = {}) {
  Scenario sc = load_scenario(trial_file());
  REQUIRE(sc.trial);
  TrialPlan plan = sc.trial->plan;
  if (edit) edit(plan);
  if (null)
    sc.interventions.list[static_cast<std::size_t>(plan.intervention)].effects.job_entry_hr = 1;
  return {trial_scenario(sc, plan), plan};
}

}  // namespace

TEST_CASE("the trial's scenario runs long enough to follow the last recruit for 24 months",
          "[trial]") {
  const Setup s = setup(false);
  CHECK(s.sc.sim.start.plus(s.sc.sim.months - 1).index() >= s.plan.recruit_to.index() + 24);
  const TrialRun run = run_trial(s.sc, s.plan, 3, 2);
  for (const TrialState& t : run.reps) {
    REQUIRE(t.participants.size() == 200);
    for (const Participant& p : t.participants) {
      // Everyone still in the population is measured at every point.
      if (!p.lost) CHECK(p.at.back().reached);
      CHECK(p.month >= months_between(s.sc.sim.start, s.plan.recruit_from));
      CHECK(p.month <= months_between(s.sc.sim.start, s.plan.recruit_to));
    }
  }
}

TEST_CASE(
    "controls get no place; the offer arm starts unless it declines; the shares follow the plan",
    "[trial]") {
  const Setup s = setup(false, [](TrialPlan& p) {
    p.contamination = 0.2;
    p.not_taken_up = 0.3;
  });
  const TrialRun run = run_trial(s.sc, s.plan, 11, 4);
  double offer = 0, declined = 0, control = 0, contaminated = 0;
  for (const TrialState& t : run.reps)
    for (const Participant& p : t.participants) {
      if (p.arm == TrialArm::Offer) {
        ++offer;
        declined += p.not_taken_up;
        // Unlimited places: whoever takes the offer starts; whoever declines never does.
        CHECK(p.started == !p.not_taken_up);
      } else {
        REQUIRE(p.arm == TrialArm::Control);
        ++control;
        contaminated += p.contaminated;
        CHECK(p.started == p.contaminated);
      }
    }
  // 800 participants: each share within 4 standard errors.
  CHECK(std::abs(declined / offer - 0.3) < 4 * std::sqrt(0.3 * 0.7 / offer));
  CHECK(std::abs(contaminated / control - 0.2) < 4 * std::sqrt(0.2 * 0.8 / control));
  CHECK(std::abs(offer / (offer + control) - 0.5) < 4 * std::sqrt(0.25 / (offer + control)));
}

TEST_CASE("a trial without a sample size recruits everyone referred in its window", "[trial]") {
  const Setup s = setup(false, [](TrialPlan& p) { p.participants = 0; });
  const TrialRun run = run_trial(s.sc, s.plan, 3, 1);
  // The tiny scenario's referrals supply about 250 in the year (the test of the CLI's refusal
  // of 5,000 says how many).
  CHECK(run.reps[0].participants.size() > 200);
  const TrialSummary sum = summarise_trial(
      run,
      [&] {
        TrialPlan p = s.plan;
        p.participants = static_cast<int>(run.reps[0].participants.size());
        return p;
      }(),
      {}, TrialOutcome::InWork, 12, 3);
  CHECK(sum.participants.mean == run.reps[0].participants.size());
}

TEST_CASE("an allocation ratio of 2 offers two for each control", "[trial]") {
  const Setup s = setup(false, [](TrialPlan& p) { p.allocation_ratio = 2; });
  const TrialRun run = run_trial(s.sc, s.plan, 5, 4);
  double offer = 0, all = 0;
  for (const TrialState& t : run.reps)
    for (const Participant& p : t.participants) offer += p.arm == TrialArm::Offer, ++all;
  CHECK(std::abs(offer / all - 2.0 / 3) < 4 * std::sqrt(2.0 / 9 / all));
}

TEST_CASE("randomisation balances the arms on age, sex and condition within chance",
          "[trial][statistics]") {
  const Setup s = setup(false);
  const TrialRun run = run_trial(s.sc, s.plan, 21, 10);
  // Pooled over 2,000 participants: for each level of each characteristic, the arms' shares
  // differ by less than 4 standard errors of a difference of two proportions.
  std::map<std::string, std::array<double, 2>> count;
  std::array<double, 2> n{};
  for (const TrialState& t : run.reps)
    for (const Participant& p : t.participants) {
      const std::size_t a = p.arm == TrialArm::Offer ? 0 : 1;
      ++n[a];
      ++count["age " + std::string(name_of(p.band))][a];
      ++count["sex " + std::string(name_of(p.sex))][a];
      ++count["condition " + std::string(name_of(p.condition))][a];
    }
  REQUIRE(n[0] + n[1] == 2000);
  for (const auto& [level, c] : count) {
    const double p0 = c[0] / n[0], p1 = c[1] / n[1], pooled = (c[0] + c[1]) / (n[0] + n[1]);
    const double se = std::sqrt(pooled * (1 - pooled) * (1 / n[0] + 1 / n[1]));
    INFO(level << ": offer " << p0 << ", control " << p1);
    CHECK(std::abs(p0 - p1) <= 4 * se + 1e-12);
  }
}

TEST_CASE("a cluster design assigns whole practices, two or more an arm", "[trial]") {
  const Setup s = setup(false, [](TrialPlan& p) {
    p.design = TrialDesign::Cluster;
    p.clusters_per_arm = 3;
    p.participants = 20;
  });
  const TrialRun run = run_trial(s.sc, s.plan, 9, 3);
  std::set<std::vector<TrialArm>> layouts;
  for (const TrialState& t : run.reps) {
    int offered = 0, controls = 0;
    for (TrialArm a : t.practice_arm)
      offered += a == TrialArm::Offer, controls += a == TrialArm::Control;
    CHECK(offered == 3);
    CHECK(controls == 3);
    layouts.insert(t.practice_arm);
    REQUIRE(t.participants.size() == 20);
    for (const Participant& p : t.participants) {
      // Each participant's arm is the practice's.
      REQUIRE(p.practice < t.practice_arm.size());
      CHECK(p.arm == t.practice_arm[p.practice]);
    }
    const TrialEstimate e =
        analyse(t, 20, TrialAnalysis::IntentionToTreat, 1, TrialOutcome::InWork);
    CHECK(e.df == 4);
  }
  // Each replication draws its own practices.
  CHECK(layouts.size() == 3);
}

TEST_CASE("a trial gives the same participants and outcomes for 1 and 2 threads",
          "[trial][determinism]") {
  const Setup s = setup(false, [](TrialPlan& p) { p.contamination = 0.1; });
  auto with = [&](int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    return run_trial(s.sc, s.plan, 13, 2);
  };
  const TrialRun one = with(1), two = with(2);
  REQUIRE(one.reps.size() == two.reps.size());
  for (std::size_t r = 0; r < one.reps.size(); ++r) {
    const auto& a = one.reps[r].participants;
    const auto& b = two.reps[r].participants;
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      CHECK(a[k].id == b[k].id);
      CHECK(a[k].arm == b[k].arm);
      CHECK(a[k].cost == b[k].cost);
      for (std::size_t j = 0; j < a[k].at.size(); ++j) {
        CHECK(a[k].at[j].outcomes == b[k].at[j].outcomes);
        CHECK(a[k].at[j].use == b[k].at[j].use);
      }
    }
  }
}

TEST_CASE("with the effect set to none, about 5% of simulated trials find one",
          "[trial][statistics]") {
  const Setup s = setup(true);
  const TrialRun run = run_trial(s.sc, s.plan, 20150715, 400);
  const TrialSummary sum = summarise_trial(run, s.plan, {}, TrialOutcome::InWork, 12, 20150715);
  const PowerRow& r = sum.primary_row();
  INFO("false-positive rate " << r.power << " over 400 trials of 200");
  // 400 trials: the 99.9% binomial band of a 5% rate is 1.5% to 9.0%.
  CHECK(r.power >= 0.015);
  CHECK(r.power <= 0.090);
  CHECK(std::abs(r.rd.mean) < 0.01);
}

TEST_CASE("power rises with the sample size, and a strong effect is found by a large trial",
          "[trial][statistics]") {
  const Setup s = setup(false, [](TrialPlan& p) { p.participants = 200; });
  const TrialRun run = run_trial(s.sc, s.plan, 7, 40);
  const TrialSummary sum = summarise_trial(run, s.plan, {20, 60, 200}, TrialOutcome::InWork, 12, 7);
  std::map<int, double> power;
  for (const PowerRow& r : sum.power)
    if (r.analysis == TrialAnalysis::IntentionToTreat && r.month == 12 &&
        r.outcome == TrialOutcome::InWork)
      power[r.participants] = r.power;
  REQUIRE(power.size() == 3);
  INFO("power at 20, 60, 200: " << power[20] << ", " << power[60] << ", " << power[200]);
  CHECK(power[20] < power[200]);
  CHECK(power[60] <= power[200]);
  CHECK(power[200] > 0.5);
  // Smaller samples have wider minimum detectable differences.
  double mde20 = 0, mde200 = 0;
  for (const PowerRow& r : sum.power)
    if (r.analysis == TrialAnalysis::IntentionToTreat && r.month == 12 &&
        r.outcome == TrialOutcome::InWork) {
      if (r.participants == 20) mde20 = r.mde;
      if (r.participants == 200) mde200 = r.mde;
    }
  CHECK(mde20 > 2 * mde200);
}

TEST_CASE(
    "a trial paired with its baseline: the baseline is the borough without the trial, as a "
    "run of it would be",
    "[trial]") {
  const Setup s = setup(false);
  const TrialRun paired = run_trial(s.sc, s.plan, 17, 3, {}, {}, {}, TrialPairing::WithBaseline);
  REQUIRE(paired.world.reps.size() == 3);
  REQUIRE(paired.baseline.reps.size() == 3);
  // The baseline shares the trial's month-0 population; a run of its own gives the same months.
  const Scenario without = trial_baseline(s.sc, s.plan);
  CHECK(!without.interventions.list[static_cast<std::size_t>(s.plan.intervention)].active(
      s.plan.recruit_from));
  const RunResult alone = run(without, 17, 3);
  for (const char* name : {"esa_ib_claimants", "employment_rate", "ltc_employment_gap"})
    for (int m = 0; m < s.sc.sim.months; ++m)
      REQUIRE(across_replications(alone, name, m) == across_replications(paired.baseline, name, m));
  // The same trial unpaired recruits the same participants.
  const TrialRun unpaired = run_trial(s.sc, s.plan, 17, 3);
  for (std::size_t r = 0; r < 3; ++r)
    CHECK(unpaired.reps[r].participants.size() == paired.reps[r].participants.size());
  // The borough's figures are the paired differences; a coach four times as good at finding
  // work takes claimants off the count.
  const TrialBorough b = trial_borough(s.sc, without, paired);
  REQUIRE(b.rows.size() == 3);
  CHECK(b.rows[0].indicator == "esa_ib_claimants");
  CHECK(b.rows[0].difference.mean ==
        Catch::Detail::Approx(b.rows[0].with_trial.mean - b.rows[0].baseline.mean));
  CHECK(b.detectable.replications == 3);
  CHECK(b.detectable.smallest > 0);
  CHECK(b.rows[0].difference.mean < 0);
  // Unpaired runs have nothing to set the trial beside.
  CHECK_THROWS(trial_borough(s.sc, without, unpaired));
}
