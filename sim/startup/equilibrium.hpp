// The start-up balance. The seed reports a caseload flat for fifteen years (section 4.3): on
// that evidence the model starts in balance. Exit hazards (job loss, leaving ESA, remission,
// WCA, deaths, ...) come from the evidence in the parameter file; the levels of the matching
// entry hazards are then set so that, at month 0, the expected inflow to each stock equals
// its expected outflow, stock by stock, in dependency order (each multiplier scales only
// the inflow to its own stock, so the solution is direct):
//   1. onset of each condition, by condition and age band, against remission, deaths,
//      ageing between bands and 16-year-old entrants;
//   2. new ESA claims, by condition, severity and age band, against every way of leaving
//      ESA/IB;
//   3. job entry of non-claimants, by condition and age band, against job loss and claims;
//   4. JSA claims, by age band, against JSA exits;
//   5. starting to look for work, by age band, against the ILO-unemployed non-claimants' exits;
//   6. inactive non-claimants ceasing to be inactive through sickness, by age band, against
//      the inflows to that stock (people leaving ESA or work through ill health).
// Severity rises at the rate that keeps each condition's severity mix (detailed balance).
#pragma once
#include <string>
#include <vector>

#include "model/hazards.hpp"
#include "population/population.hpp"
#include "scenario/scenario.hpp"

namespace hwsim {

struct Balance {
  Levels levels = Levels::ones();
  std::vector<std::string> warnings;  // e.g. a stock whose fixed inflows exceed its outflows
};

// With `aim`, each balanced stock is also steered towards its size in `aim`, closing the
// gap over `aim_months` (used in the spin-up, so the settling state keeps the seed's
// stocks while its composition relaxes).
Balance balance_levels(const Scenario& sc, const Population& pop, const Population* aim = nullptr,
                       double aim_months = 6.0);

// The replacement rule that keeps the age structure of month 0 (MODEL.md section 1: the
// working-age total stays near 160,000): per age band, in-migrants make up for people ageing
// out of the band, deaths and out-migrants, less people ageing in; 16-year-olds enter at the
// rate people leave the youngest band by turning 25. Fills levels.entrant16 and
// levels.migrant_band_cum.
struct DemographyPlan {
  double exits = 0;            // expected a month
  double entrants16 = 0;       // expected a month
  Vec<AgeBand> migrants_in{};  // expected a month, by band
  Vec<AgeBand> band_size{};
  Vec<AgeBand> band_weight{};  // sum of migration weights (donor selection), by band
};
DemographyPlan plan_demography(const Params& P, const Population& pop, Levels& levels);

// Levels with no balancing (equilibrium disabled): the reference levels of the file.
Levels reference_levels(const Scenario& sc, const Population& pop);

}  // namespace hwsim
