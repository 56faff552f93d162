// DWP-style cohort statistics of new health claims (MODEL.md section 8), formed after a run
// from each month's cohort counts (model/cohorts.cpp): for each calendar quarter's (and
// year's) new ESA claims and UC health claims, the share still claiming at 13, 26, 52, 65 and
// 104 weeks, the share in work 12 to 18 months after the claim (by work in the month before
// it), and where leavers went.
#pragma once
#include <array>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/tally.hpp"
#include "run/simulation.hpp"

namespace hwsim {

// Claims made in simulation months first..last (a calendar quarter "2015Q1" or year "2015"
// wholly inside the months stepped).
struct CohortPeriod {
  std::string label;
  int first = 0, last = 0;
};
// Calendar quarters, then calendar years, wholly inside months 1..months-1 of a run starting at
// `start`.
std::vector<CohortPeriod> cohort_periods(YearMonth start, int months);

inline constexpr std::size_t kCheckpoints = kCohortCheckpointMonths.size();

// One replication's counts for one kind of claim and one period.
struct CohortCounts {
  std::array<Persons, 2> claims{};                      // by work in the month before (0/1)
  std::array<Counts<CohortStatus>, kCheckpoints> at{};  // status at each checkpoint
  std::array<bool, kCheckpoints> reached{};             // every claim of the period reached it
  std::array<std::array<Persons, 2>, 2> work{};         // [worked before][in work 12-18 months]
  bool work_reached = false;                            // every claim reached 18 months
};

struct Cohorts {
  std::vector<CohortPeriod> periods;
  // [replication][kind][period]
  std::vector<std::array<std::vector<CohortCounts>, count_of<CohortKind>()>> reps;
};
// The counts of one replication's months (months[0] is month 0; claims are followed from 1).
std::array<std::vector<CohortCounts>, count_of<CohortKind>()> cohort_counts(
    std::span<const MonthRecord> months, const std::vector<CohortPeriod>& periods);
Cohorts cohorts_of(const RunResult& r, YearMonth start, int months);

// A measure of a period's claims; no value where the period did not reach it or has no one
// to count.
struct CohortMeasure {
  std::string name, unit, description;
  std::function<std::optional<double>(const CohortCounts&)> value;
};
const std::vector<CohortMeasure>& cohort_measures();

}  // namespace hwsim
