// Synthesis of the month-0 population from the seed's targets (MODEL.md section 4):
// a joint table age band x sex x condition x severity x labour/benefit group is seeded
// from relative odds and fitted to the target margins by iterative proportional fitting,
// rounded to whole people by systematic sampling, and each person then gets a single-year
// age, a GP practice and durations drawn from the stationary distribution of the model's
// own hazards. ESA/IB claimants get their claim history by reconstruction (backcast.cpp).
#pragma once
#include <cstdint>
#include <vector>

#include "model/hazards.hpp"
#include "population/population.hpp"
#include "scenario/scenario.hpp"

namespace hwsim {

// Labour/benefit groups of the fitted table.
enum class Group : std::uint8_t { Employed, Unemployed, Jsa, Inactive, Claimant, Count };

// One margin of the fit: cell -> class (or -1), with a target per class.
struct Margin {
  std::string name;
  std::vector<int> cls;        // per cell
  std::vector<double> target;  // per class
};

struct SynthesisTable {
  // Cells indexed by cell_index(a, s, c, v, g).
  std::vector<double> cells;
  std::vector<Margin> margins;
  int iterations = 0;
  double max_rel_error = 0;
  static std::size_t cell_index(std::size_t a, std::size_t s, std::size_t c, std::size_t v,
                                std::size_t g);
  static constexpr std::size_t size() {
    return count_of<AgeBand>() * count_of<Sex>() * count_of<Condition>() * count_of<Severity>() *
           count_of<Group>();
  }
};

// Builds and fits the table; throws InputError if the targets cannot be met together.
SynthesisTable fit_table(const Scenario& s);

// Builds the month-0 population of one replication.
Population synthesise(const Scenario& s, const SynthesisTable& table, std::uint64_t seed,
                      std::uint32_t replication);

// Redraws the months out of work of non-claimants from the stationary distribution of their
// job-entry hazard at the balanced levels (the first draw, before the balance, used the
// reference levels).
void redraw_durations(const Scenario& s, const Levels& levels, Population& pop, std::uint64_t seed,
                      std::uint32_t replication);

// Draws months in a state from the stationary distribution of a piecewise-constant monthly
// exit hazard h[band of duration], capped at max_months.
int sample_stationary_duration(const std::array<double, 4>& h, int max_months, double u1,
                               double u2);

}  // namespace hwsim
