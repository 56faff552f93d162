// The output dictionary (STYLE example 11): every indicator written to result.h5 and
// summary.csv, with its unit and description, computed from a month's stocks and flows.
// outputs/README.md documents the same list.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "run/simulation.hpp"

namespace hwsim {

struct Indicator {
  std::string name;
  std::string unit;
  std::string description;
  std::function<double(const MonthRecord&)> value;
};

const std::vector<Indicator>& indicators();
const Indicator& indicator(const std::string& name);

// Measures of each intervention, month by month (result.h5 /interventions/<name>/<measure>,
// interventions.csv). value(record, k, intervention, date).
struct InterventionMeasure {
  std::string name;
  std::string unit;
  std::string description;
  std::function<double(const MonthRecord&, std::size_t, const Intervention&, YearMonth)> value;
};
const std::vector<InterventionMeasure>& intervention_measures();

// Per replication: intervention k's starts, and job starts by its participants (in it or after),
// over the whole run.
struct InterventionTotals {
  std::vector<double> starts, job_starts;
};
InterventionTotals intervention_totals(const RunResult& r, std::size_t k);

// One indicator's values across replications at one month.
std::vector<double> across_replications(const RunResult& r, const std::string& name, int month);

}  // namespace hwsim
