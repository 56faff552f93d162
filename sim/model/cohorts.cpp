// Cohort statistics of new health claims (MODEL.md section 8), as DWP publishes them for ESA:
// each new claim is followed for 104 weeks on the claimant's own row (Population::cohort_start,
// cohort_flags), and the month's tally counts the claims reaching each checkpoint. Quarters of
// claims are formed from these counts after the run (run/cohorts.hpp).
#include "model/step.hpp"

namespace hwsim {

namespace {

constexpr std::uint8_t kWorkedBefore = 1u << 0, kUcClaim = 1u << 1, kInWorkWindow = 1u << 5;
constexpr unsigned kStatusShift = 2;
constexpr std::uint8_t kStatusMask = 0x7u << kStatusShift;

CohortStatus status_of(std::uint8_t flags) {
  return static_cast<CohortStatus>((flags & kStatusMask) >> kStatusShift);
}
std::uint8_t with_status(std::uint8_t flags, CohortStatus s) {
  return static_cast<std::uint8_t>((flags & ~kStatusMask) | (idx(s) << kStatusShift));
}
std::size_t kind_of(std::uint8_t flags) {
  return idx(flags & kUcClaim ? CohortKind::UcHealth : CohortKind::Esa);
}

// Where a person leaving a health claim went.
CohortStatus destination(const Population& pop, std::size_t i) {
  if (pop.labour[i] == Labour::Employed) return CohortStatus::Work;
  if (legacy_equivalent(pop.benefit[i]) == Benefit::Jsa) return CohortStatus::Searching;
  return CohortStatus::Other;
}

// The follow-up ends before 104 weeks: it counts with `status` at every checkpoint from
// month `since` (months since the claim began) on.
void end_early(std::uint16_t start, std::uint8_t flags, CohortStatus status, int month, Tally& t) {
  const int since = month - start;
  if (since > kCohortFollowMonths) return;
  ++t.cohort_ended[kind_of(flags)][static_cast<std::size_t>(since)][idx(status)];
}

}  // namespace

void follow_claim(const StepContext& c, Population& pop, std::size_t i, Labour labour0,
                  Benefit benefit0, Tally& t) {
  const bool on = on_health_claim(pop.benefit[i]), was = on_health_claim(benefit0);
  const bool new_claim = on && !was;
  if (pop.cohort_start[i]) {
    std::uint8_t flags = pop.cohort_flags[i];
    const int since = c.month - pop.cohort_start[i];
    if (was && !on && status_of(flags) == CohortStatus::StillClaiming)
      flags = with_status(flags, destination(pop, i));
    if (new_claim) {
      // A new claim after leaving the followed one: that follow-up ends with where they went.
      const CohortStatus s = status_of(flags);
      end_early(pop.cohort_start[i], flags,
                s == CohortStatus::StillClaiming ? CohortStatus::Other : s, c.month, t);
      pop.cohort_start[i] = 0;
    } else {
      const std::size_t kind = kind_of(flags);
      if (since >= kCohortWorkFrom && since <= kCohortWorkTo && pop.labour[i] == Labour::Employed)
        flags |= kInWorkWindow;
      for (std::size_t k = 0; k < kCohortCheckpointMonths.size(); ++k)
        if (since == kCohortCheckpointMonths[k])
          ++t.cohort_checkpoint[kind][k][idx(status_of(flags))];
      if (since == kCohortWorkTo)
        ++t.cohort_work[kind][flags & kWorkedBefore ? 1 : 0][flags & kInWorkWindow ? 1 : 0];
      if (since >= kCohortFollowMonths) pop.cohort_start[i] = 0;
    }
    pop.cohort_flags[i] = flags;
  }
  if (new_claim) {
    const bool worked = labour0 == Labour::Employed;
    const bool uc = is_uc(pop.benefit[i]);
    pop.cohort_start[i] = static_cast<std::uint16_t>(c.month);
    pop.cohort_flags[i] =
        static_cast<std::uint8_t>((worked ? kWorkedBefore : 0u) | (uc ? kUcClaim : 0u));
    ++t.cohort_starts[idx(uc ? CohortKind::UcHealth : CohortKind::Esa)][worked ? 1 : 0];
  }
}

void end_follow_on_exit(const StepContext& c, std::uint16_t start, std::uint8_t flags, Tally& t) {
  if (!start) return;
  const CohortStatus s = status_of(flags);
  end_early(start, flags, s == CohortStatus::StillClaiming ? CohortStatus::LeftPopulation : s,
            c.month, t);
}

}  // namespace hwsim
