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

// A run's values as its views (summary.csv, target.csv, interventions.csv, the terminal
// summary) read them: each indicator's, and each intervention measure's, for every replication
// and month (R x M, row-major). From replications kept in memory (KeptValues), or read back from
// result.h5 when the replications were streamed to it (io/result_values.hpp).
class RunValues {
 public:
  virtual ~RunValues() = default;
  virtual std::size_t replications() const = 0;
  virtual int months() const = 0;
  virtual std::vector<double> indicator(const std::string& name) const = 0;
  // Measure `measure` of intervention k, `iv`.
  virtual std::vector<double> measure(std::size_t k, const Intervention& iv,
                                      const std::string& measure) const = 0;
  // One indicator's values across replications at one month.
  std::vector<double> across(const std::string& name, int month) const;
  // Month `month` of each replication, from `all` (R x M, as indicator and measure give).
  std::vector<double> column(const std::vector<double>& all, int month) const;
};

class KeptValues final : public RunValues {
 public:
  // A run's replications kept in memory, of a simulation starting in `start`.
  KeptValues(const RunResult& r, YearMonth start) : r_(r), start_(start) {}
  std::size_t replications() const override { return r_.reps.size(); }
  int months() const override;
  std::vector<double> indicator(const std::string& name) const override;
  std::vector<double> measure(std::size_t k, const Intervention& iv,
                              const std::string& measure) const override;

 private:
  const RunResult& r_;
  YearMonth start_;
};

const InterventionMeasure& intervention_measure(const std::string& name);

// Per replication: intervention k's starts, and job starts by its participants (in it or after),
// over the whole run.
struct InterventionTotals {
  std::vector<double> starts, job_starts;
};
InterventionTotals intervention_totals(const RunValues& v, std::size_t k, const Intervention& iv);

// One indicator's values across replications at one month.
std::vector<double> across_replications(const RunResult& r, const std::string& name, int month);

}  // namespace hwsim
