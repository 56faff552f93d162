// The planner's search (issue 14, item 2): which portfolio of levers - an intervention's staff or
// places, its start, an eligibility switch, a parameter - reaches the objective at least cost,
// searched with the simulation itself. It knows nothing of the simulation: it asks an Evaluator
// for replications of candidates and decides which candidates deserve more of them, so tests
// drive it with a cheap analytic evaluator.
//
// The method, in stages:
//
//  1. A space-filling initial design: a Latin hypercube over the lever box (McKay, Beckman and
//     Conover 1979), with the box's two corners (every lever at its minimum, every lever at its
//     maximum) to anchor the ends of the frontier, each at the first rung's few replications.
//  2. Racing inside a successive-halving schedule: the replications per candidate rise rung by
//     rung (for example 4, 8, 16); after each rung a candidate is dropped when another dominates
//     it with confidence - on the objective's criteria (cost; change in the measure; for most_npv
//     also the payer's NPV), the bound on the paired difference over their common replications
//     (every candidate is run on the same replication indices with the same seed: common random
//     numbers) - or when it is over a budget with confidence, and at most half the candidates
//     go on to the next rung (Pareto rank, then crowding distance). Racing as in F-Race (Birattari,
//     Stuetzle, Paquete and Varrentrapp 2002, "A racing algorithm for configuring
//     metaheuristics", GECCO), with a paired t bound in place of the Friedman test, as the
//     replications are paired; the halving of Jamieson and Talwalkar (2016, "Non-stochastic best
//     arm identification and hyperparameter optimization", AISTATS), so simulations go to the
//     candidates near the cost-effect frontier, not to a blind grid.
//  3. Local refinement: new candidates a step either side of each frontier point along each lever
//     (the step a quarter of the lever's range, halved each round), raced in the same way with
//     the survivors (a pattern search around the frontier with a shrinking step).
//
// Each stage (a rung of a round) ends in a State that can be saved; a search resumed from it ends
// where an uninterrupted one does, as every random choice is drawn from the seed and the stage.
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace hwsim::plan {

inline constexpr double kNone = std::numeric_limits<double>::infinity();

// One lever's range, in the numbers the search works in: a number (staff, places, a rate), a month
// as its index (year x 12 + month - 1), or the index of a choice. step > 0 keeps values on the
// grid lo, lo + step, ...; 0 leaves them continuous.
struct LeverRange {
  std::string name;
  double lo = 0, hi = 0, step = 0;
};

// What one replication of a candidate gives against the paired replication of the baseline.
struct Observation {
  double effect = 0;  // the measure at the target month, candidate minus baseline (claimants)
  double level = 0;   // the candidate's measure at the target month
  // By position (each payer, then the total): present value of the extra intervention spend, the
  // net present value (before gain sharing), and the largest extra spend in one financial year.
  std::vector<double> cost, npv, peak_spend;
};

struct Request {
  std::vector<double> levers;
  int replication = 0;
};
// Evaluates a batch (in any order, in parallel if it likes); one Observation per request, in the
// requests' order. May throw Stopped (core/error.hpp).
using Evaluator = std::function<std::vector<Observation>(const std::vector<Request>&)>;

enum class Goal {
  LeastCost,       // least total cost such that P(measure <= threshold) >= probability
  MostOffBenefit,  // the largest fall in the measure within the budgets
  MostNpv          // the largest NPV for one payer within the budgets
};

struct Settings {
  std::vector<LeverRange> levers;
  std::vector<std::string> positions;  // payers, then "total" (the last)
  Goal goal = Goal::LeastCost;
  double threshold = 0;    // the target: measure <= threshold
  double probability = 0;  // q, for LeastCost
  std::size_t npv_position = 0;
  std::vector<double> budget_per_year;  // by position; kNone for no budget
  std::uint64_t seed = 1;
  int initial = 16;                  // Latin hypercube points (the corners are added)
  std::vector<int> rungs{4, 8, 16};  // replications a candidate has after each rung
  int refine_rounds = 2;
  int keep = 8;      // the halving never keeps fewer than this many
  int max_new = 24;  // new candidates a refinement round adds at most
  double z = 1.645;  // one-sided bound: 95%
  // Instead of the race: every point of the levers' grid (each lever from its minimum to its
  // maximum by its step), each run at the last rung's replications, in stages of kGridStage
  // points. Slow; it is there to check the race against.
  bool grid = false;
};

inline constexpr std::int64_t kGridStage = 64;
// The number of points of the levers' grid; 0 when a lever has no step (continuous).
std::int64_t grid_size(const std::vector<LeverRange>& levers);

struct Candidate {
  std::vector<double> levers;
  std::vector<Observation> obs;  // replications 0, 1, ... in order
  bool alive = true;
  std::string dropped;  // why it left the race
  int round = 0;        // the round it was proposed in
};

struct State {
  std::vector<Candidate> candidates;
  int stages_done = 0;
  std::int64_t simulations = 0;  // candidate replications evaluated (baseline ones not counted)
  bool finished = false;
};

int stage_count(const Settings& s);

struct Hooks {
  std::function<bool()> stop;  // asked between stages: true throws Stopped
  // After each stage, with the state to save (a checkpoint).
  std::function<void(const State&)> stage_done;
  // Before each batch: simulations done, and an estimate of those still to run.
  std::function<void(std::int64_t done, std::int64_t left)> progress;
};

// Runs the stages left in `state` (none after a finished search). Throws Stopped when asked to
// stop; `state` is then as at the last stage_done.
void search(const Settings& s, const Evaluator& evaluate, State& state, const Hooks& hooks = {});

// A candidate's figures across its replications.
struct Summary {
  int replications = 0;
  double effect = 0, effect_p05 = 0, effect_p95 = 0;  // mean and 5-95% band
  double p_met = 0;                           // share of replications with level <= threshold
  std::vector<double> cost, npv, peak_spend;  // means by position
  bool within_budget = true;
};
Summary summarise(const Settings& s, const Candidate& c);

// The non-dominated candidates still in the race with every replication, within budget, on the
// objective's criteria (means), by cost. After a finished search: the frontier.
std::vector<std::size_t> frontier(const Settings& s, const State& state);

// What the plan recommends: the frontier point that meets the objective, or, when none does
// (LeastCost: no point reaches P >= q), nothing and the point nearest to it.
struct Recommendation {
  std::optional<std::size_t> chosen;
  std::size_t nearest = 0;  // with `chosen`, the same
  bool met = false;
};
std::optional<Recommendation> recommend(const Settings& s, const State& state);

// Text form of a State (a checkpoint), exact to the last bit, and back. from_text throws
// std::runtime_error on a malformed text.
std::string to_text(const State& state);
State from_text(const std::string& text);

}  // namespace hwsim::plan
