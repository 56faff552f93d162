#include "run/cohorts.hpp"

#include <fmt/format.h>

#include <numeric>

namespace hwsim {

std::vector<CohortPeriod> cohort_periods(YearMonth start, int months) {
  std::vector<CohortPeriod> out;
  const int last = months - 1;  // the last month stepped
  auto month_of = [&](int year, int month) { return months_between(start, {year, month}); };
  const YearMonth end = start.plus(last);
  for (int y = start.year; y <= end.year; ++y)
    for (int q = 0; q < 4; ++q) {
      const int a = month_of(y, 3 * q + 1), b = month_of(y, 3 * q + 3);
      if (a >= 1 && b <= last) out.push_back({fmt::format("{}Q{}", y, q + 1), a, b});
    }
  for (int y = start.year; y <= end.year; ++y) {
    const int a = month_of(y, 1), b = month_of(y, 12);
    if (a >= 1 && b <= last) out.push_back({fmt::format("{}", y), a, b});
  }
  return out;
}

namespace {

// Counts by the month the claims began.
struct ByStart {
  std::array<Persons, 2> claims{};
  std::array<Counts<CohortStatus>, kCheckpoints> at{};
  std::array<std::array<Persons, 2>, 2> work{};
};

template <typename A>
void add_into(A& a, const A& b) {
  add_counts(a, b);
}

}  // namespace

std::array<std::vector<CohortCounts>, count_of<CohortKind>()> cohort_counts(
    std::span<const MonthRecord> months, const std::vector<CohortPeriod>& periods) {
  const int n = static_cast<int>(months.size());
  std::array<std::vector<CohortCounts>, count_of<CohortKind>()> out;
  for (std::size_t k = 0; k < count_of<CohortKind>(); ++k) {
    std::vector<ByStart> by(static_cast<std::size_t>(std::max(n, 1)));
    for (int m = 1; m < n; ++m) {
      const Tally& t = months[static_cast<std::size_t>(m)].tally;
      add_into(by[static_cast<std::size_t>(m)].claims, t.cohort_starts[k]);
      for (std::size_t c = 0; c < kCheckpoints; ++c) {
        const int s = m - kCohortCheckpointMonths[c];
        if (s >= 1) add_into(by[static_cast<std::size_t>(s)].at[c], t.cohort_checkpoint[k][c]);
      }
      if (m - kCohortWorkTo >= 1)
        add_into(by[static_cast<std::size_t>(m - kCohortWorkTo)].work, t.cohort_work[k]);
      // A follow-up ended `since` months after its claim counts at every checkpoint from then
      // on that the run reached.
      for (int since = 1; since <= kCohortFollowMonths; ++since) {
        const int s = m - since;
        if (s < 1) break;
        const auto& ended = t.cohort_ended[k][static_cast<std::size_t>(since)];
        for (std::size_t c = 0; c < kCheckpoints; ++c)
          if (kCohortCheckpointMonths[c] >= since && s + kCohortCheckpointMonths[c] < n)
            add_into(by[static_cast<std::size_t>(s)].at[c], ended);
      }
    }
    for (const CohortPeriod& p : periods) {
      CohortCounts cc;
      for (int s = p.first; s <= p.last && s < n; ++s) {
        const ByStart& b = by[static_cast<std::size_t>(s)];
        add_into(cc.claims, b.claims);
        add_into(cc.at, b.at);
        add_into(cc.work, b.work);
      }
      for (std::size_t c = 0; c < kCheckpoints; ++c)
        cc.reached[c] = p.last + kCohortCheckpointMonths[c] < n;
      cc.work_reached = p.last + kCohortWorkTo < n;
      out[k].push_back(cc);
    }
  }
  return out;
}

Cohorts cohorts_of(const RunResult& r, YearMonth start, int months) {
  Cohorts c;
  c.periods = cohort_periods(start, months);
  for (const auto& rep : r.reps) c.reps.push_back(cohort_counts(rep.months, c.periods));
  return c;
}

namespace {

std::optional<double> share(Persons part, Persons whole) {
  if (whole <= 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}
Persons total(const Counts<CohortStatus>& v) {
  return std::accumulate(v.begin(), v.end(), Persons{0});
}

std::vector<CohortMeasure> make_measures() {
  std::vector<CohortMeasure> v;
  v.push_back({"new_claims", "claims", "new claims made in the period",
               [](const CohortCounts& c) -> std::optional<double> {
                 return static_cast<double>(c.claims[0] + c.claims[1]);
               }});
  v.push_back(
      {"worked_before", "share",
       "share of the new claims made by people in work in the month before",
       [](const CohortCounts& c) { return share(c.claims[1], c.claims[0] + c.claims[1]); }});
  for (std::size_t k = 0; k < kCheckpoints; ++k)
    v.push_back({fmt::format("still_claiming_{}w", kCohortCheckpointWeeks[k]), "share",
                 fmt::format("share of the claims still claiming (ESA or UC on health grounds, "
                             "without a break) {} weeks after the claim",
                             kCohortCheckpointWeeks[k]),
                 [k](const CohortCounts& c) -> std::optional<double> {
                   if (!c.reached[k]) return std::nullopt;
                   return share(c.at[k][idx(CohortStatus::StillClaiming)], total(c.at[k]));
                 }});
  auto work = [](int wb) {
    return [wb](const CohortCounts& c) -> std::optional<double> {
      if (!c.work_reached) return std::nullopt;
      Persons in = 0, all = 0;
      for (int b = 0; b < 2; ++b)
        if (wb < 0 || wb == b) {
          in += c.work[static_cast<std::size_t>(b)][1];
          all += c.work[static_cast<std::size_t>(b)][0] + c.work[static_cast<std::size_t>(b)][1];
        }
      return share(in, all);
    };
  };
  const char* window =
      "in work in any month 12 to 18 months after the claim, of the claims followed that long "
      "(still resident, no new claim)";
  v.push_back({"in_work_12_18m", "share", fmt::format("share {}", window), work(-1)});
  v.push_back({"in_work_12_18m_worked_before", "share",
               fmt::format("share {}, of those in work in the month before the claim", window),
               work(1)});
  v.push_back({"in_work_12_18m_not_worked_before", "share",
               fmt::format("share {}, of those not in work in the month before the claim", window),
               work(0)});
  constexpr std::size_t last = kCheckpoints - 1;
  for (std::size_t s = 1; s < count_of<CohortStatus>(); ++s) {
    static constexpr std::array<const char*, count_of<CohortStatus>()> where{
        "", "to work", "to JSA or UC searching for work",
        "to anything else (no benefit and not in work, or another benefit)",
        "by dying, moving away or turning 65 while on the claim"};
    static constexpr std::array<const char*, count_of<CohortStatus>()> name{
        "", "to_work", "to_searching", "to_other", "left_population"};
    v.push_back({fmt::format("leavers_104w_{}", name[s]), "share",
                 fmt::format("share of the claims ended within 104 weeks that left {}", where[s]),
                 [s](const CohortCounts& c) -> std::optional<double> {
                   if (!c.reached[last]) return std::nullopt;
                   const Persons left =
                       total(c.at[last]) - c.at[last][idx(CohortStatus::StillClaiming)];
                   return share(c.at[last][s], left);
                 }});
  }
  return v;
}

}  // namespace

const std::vector<CohortMeasure>& cohort_measures() {
  static const std::vector<CohortMeasure> m = make_measures();
  return m;
}

}  // namespace hwsim
