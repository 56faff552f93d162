// The monthly step (MODEL.md section 3; STYLE example 8). One pass over the agents, each
// going through the numbered phases in order; each agent writes only its own row, so the
// pass runs in parallel and, with counter-based streams, gives the same result for any
// thread count.
#pragma once
#include <cstdint>
#include <vector>

#include "interventions/interventions.hpp"
#include "model/hazards.hpp"
#include "model/tally.hpp"
#include "params/policy.hpp"
#include "population/population.hpp"

namespace hwsim {

// Mean service use and exp(-mean) by service, condition, severity and work (0/1), computed
// from the parameters once per run (run_months), or by step_month when none is given.
struct TrialState;

struct ServiceTable {
  std::array<
      std::array<std::array<std::array<double, 2>, count_of<Severity>()>, count_of<Condition>()>,
      count_of<Service>()>
      mean{}, exp_minus_mean{};
  // 16-bit thresholds of the Poisson CDF for counts 0..kCounts-1 (65536 = beyond reach): the
  // monthly means are below 4, so nearly every draw is a look-up.
  static constexpr unsigned kCounts = 12;
  std::array<std::array<std::array<std::array<std::array<std::uint32_t, kCounts>, 2>,
                                   count_of<Severity>()>,
                        count_of<Condition>()>,
             count_of<Service>()>
      cdf16{};
  static ServiceTable of(const Params& P);
};

// Cumulative monthly onset probabilities of each condition for someone without one, by age band
// and work (0/1): the sums step_health would add up agent by agent, added once a month.
struct OnsetTable {
  std::array<std::array<std::array<double, count_of<Condition>() - 1>, 2>, count_of<AgeBand>()>
      cum{};
  static OnsetTable of(const Params& P, const Levels& L);
};

// The agent field holding each service's use this month, by Service.
inline constexpr std::array<std::vector<std::uint8_t> Population::*, count_of<Service>()>
    kServiceUse{&Population::use_gp, &Population::use_iapt,      &Population::use_mh,
                &Population::use_ae, &Population::use_inpatient, &Population::use_rx};

// What one month of the step reads. Built with designated initialisers, naming each field.
struct StepContext {
  const Params& P;
  const Levels& L;
  std::uint64_t seed = 0;
  std::uint32_t replication = 0;
  int month = 0;                           // simulation month being entered (1, 2, ...)
  bool ib_migration_open = false;          // IB reassessment running in this calendar month
  std::uint64_t id_base = 0;               // ids of entrants: id_base + month * size + slot
  const ServiceTable* services = nullptr;  // ServiceTable::of(P); step_month makes one if null
  bool record_services = true;             // off in the spin-up, whose services go unused
  const Interventions* interventions = nullptr;  // the scenario's interventions (none: baseline)
  YearMonth date{};                              // calendar month being entered
  PolicyMonth policy{};                          // the policy timeline's rules this month
  bool follow_claims = false;  // follow new health claims for the cohort statistics (not in
                               // the spin-up, whose claims begin before month 0)
  // A controlled trial of one of the interventions (model/trial.hpp), or none. Written only by
  // the sequential allocation of places.
  TrialState* trial = nullptr;
  const OnsetTable* onset = nullptr;  // set by step_month
  // A month in which phases 1-4 change nothing but the age takes a shortcut past them
  // (quiet_month in step.cpp). Off, every agent goes through the four phases; the results are
  // the same bit for bit either way (a test runs both).
  bool quiet_shortcut = true;
};

// A referral to an intervention (or a place kept on its waiting list) this month.
struct Candidate {
  std::uint32_t agent;
  std::uint8_t intervention;    // index
  std::uint8_t months_waiting;  // 0 for a new referral
  std::uint8_t severity;
  std::uint16_t months_on_benefit;
  std::uint32_t tie;  // random tie-break
};

// 5b. Interventions, per agent: time in the intervention, drop-out and completion, the waiting
// list, and new referrals along the network's routes (collected, then allocated in order).
void step_interventions(const StepContext& c, Population& pop, std::size_t i, Tally& t,
                        std::vector<Candidate>& candidates);
// 5c. Places: each intervention's candidates are served in its stated order up to its free
// places; the rest wait (if it keeps a waiting list). Sequential and deterministic.
void allocate_places(const StepContext& c, Population& pop, std::vector<Candidate>& candidates,
                     Tally& t, Stocks& s);
// Hazard ratio of agent i's intervention (in it, or decaying after it) on one outcome.
double intervention_hr_slow(const StepContext& c, const Population& pop, std::size_t i,
                            double Effects::*outcome);
inline double intervention_hr(const StepContext& c, const Population& pop, std::size_t i,
                              double Effects::*outcome) {
  // Most agents have never been in an intervention: no call, no lookup.
  if (!c.interventions || (!pop.intervention[i] && !pop.last_intervention[i])) return 1.0;
  return intervention_hr_slow(c, pop, i, outcome);
}

// The month-0 population, from which migrants and new 16-year-olds take their attributes: rows
// grouped by age band (in slot order within a band), each with its relative chance of moving
// (in-migrants resemble out-migrants). Drawn at random, so kept as rows (AgentRecord).
struct Donors {
  struct Row {
    AgentRecord agent;
    double weight;
  };
  std::vector<Row> rows;
  std::array<std::size_t, count_of<AgeBand>() + 1> band_begin{};  // rows of band b: [b, b+1)
  std::vector<std::uint32_t> row_of;                              // the row of month-0 slot j
  double max_weight = 1;
  std::size_t size() const { return row_of.size(); }
  std::size_t band_size(std::size_t b) const { return band_begin[b + 1] - band_begin[b]; }
  static Donors of(const Population& p, const Params& P);
};
// Relative chance of moving home of agent i (the hazard ratio on migration).
double migration_weight(const Params& P, const Population& p, std::size_t i);

class Stream;

// Phases of the step, one file each (STYLE example 9).
// 1. Demography: ageing, exits at 65, deaths, migration out; the slot is refilled by an
//    entrant. Returns true if the slot now holds a new person (who sits out this month).
bool step_demography(const StepContext& c, Population& pop, std::size_t i, const Donors& d,
                     Stream& rng, Tally& t);
// 2. Health: onset, remission, severity, comorbid depression.
void step_health(const StepContext& c, Population& pop, std::size_t i, Stream& rng, Tally& t);
// 3. Claims and assessment: new ESA claims, WCA, appeals, reassessment, time limit, IB.
void step_claims(const StepContext& c, Population& pop, std::size_t i, Stream& rng, Tally& t);
// 4. Labour market: job loss, job entry, job search, JSA.
void step_labour(const StepContext& c, Population& pop, std::size_t i, Stream& rng, Tally& t);

// 5. Services: NHS services used this month.
void step_services(const StepContext& c, Population& pop, std::size_t i, Stream& rng, Tally& t);

// 6. Cohorts: starts following a new health claim (ESA or UC) and counts the followed claim
// at its checkpoints (model/cohorts.cpp). labour0 and benefit0 are the states the month began in.
void follow_claim(const StepContext& c, Population& pop, std::size_t i, Labour labour0,
                  Benefit benefit0, Tally& t);
// The person followed from month `start` (0: nobody) with `flags` has left the population.
void end_follow_on_exit(const StepContext& c, std::uint16_t start, std::uint8_t flags, Tally& t);

// State changes that keep the tallies (used by every phase).
void set_benefit(Population& pop, std::size_t i, Benefit b, Tally& t);
// A new claim for JSA-type support: JSA, or UC searching for work where the policy timeline
// sends it there (full service; the live service for single people).
void new_jobseeker_claim(const StepContext& c, Population& pop, std::size_t i, Stream& rng,
                         Tally& t);
void set_labour(Population& pop, std::size_t i, Labour l, Tally& t);

// Adds agent i to the month's stocks.
void count_stocks(const Population& pop, std::size_t i, Stocks& s);

// Runs one month over the whole population; returns the month's flows and end stocks.
struct MonthResult {
  Tally tally;
  Stocks stocks;
};
MonthResult step_month(const StepContext& c, Population& pop, const Donors& d);
Stocks count_all_stocks(const Population& pop);

}  // namespace hwsim
