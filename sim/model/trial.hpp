// A controlled trial of one intervention inside a population run (hwsim trial). While the trial
// recruits, each resident referred to the intervention who is eligible and consents (take-up) is
// randomised: to the offer (the intervention as the scenario runs it) or to usual services (no
// place, nothing taken from the intervention's capacity). Individual randomisation draws each
// participant's arm; cluster randomisation draws whole GP practices, and the intervention then
// runs in the offer practices only. Participants are followed month by month from
// randomisation: work, benefit, NHS services used and the cost of any intervention they join,
// with snapshots at 6, 12, 18 and 24 months (the analysis is in compare/trial.hpp).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/enums.hpp"
#include "population/population.hpp"

namespace hwsim {

struct Interventions;
struct StepContext;

enum class TrialDesign : std::uint8_t { Individual, Cluster, Count };
inline constexpr std::array<std::string_view, 2> kTrialDesignNames{"individual", "cluster"};
template <>
constexpr auto& names_of<TrialDesign>() {
  return kTrialDesignNames;
}

// Arm of a participant (Population::trial_arm).
enum class TrialArm : std::uint8_t { None, Offer, Control };

// The design of a trial: what is randomised, how many, when.
struct TrialPlan {
  int intervention = -1;  // index in the scenario's interventions
  TrialDesign design = TrialDesign::Individual;
  int participants = 0;  // to recruit; recruitment stops there or at recruit_to
  YearMonth recruit_from{}, recruit_to{};
  double allocation_ratio = 1;  // offer : control (2 = two offered for each control)
  int clusters_per_arm = 2;     // GP practices in each arm (cluster design)
  double contamination = 0;     // share of controls who get the same help elsewhere
  double not_taken_up = 0;      // share of the offer arm who never start
  int follow_up_months = 24;
};

// Months after randomisation at which outcomes are measured.
inline constexpr std::array<int, 4> kFollowUpMonths{6, 12, 18, 24};

// Services whose use is followed (Population::use_*), in this order.
inline constexpr std::array<std::string_view, 4> kTrialServiceNames{
    "gp_consultations", "iapt_sessions", "secondary_mh_contacts", "ae_attendances"};

// Outcomes that are yes or no for each participant at a follow-up point.
enum class TrialOutcome : std::uint8_t {
  InWork,            // in work (ILO employed) that month
  Worked13Weeks,     // in work 3+ months (13 weeks) of the last 12 (or of those since randomised)
  OffHealthBenefit,  // not on ESA, IB or UC on health grounds
  SustainedJob6,     // a job begun after randomisation that has lasted 6 months
  SustainedJob12,    // ... 12 months
  WorkedSince,       // in work in any month since randomisation (a trial's "any employment
                     // during follow-up"; a job shorter than a month may be missed)
  Count
};
inline constexpr std::array<std::string_view, 6> kTrialOutcomeNames{
    "in_work",         "worked_13_weeks",  "off_health_benefit",
    "sustained_job_6", "sustained_job_12", "worked_since_randomisation"};
template <>
constexpr auto& names_of<TrialOutcome>() {
  return kTrialOutcomeNames;
}

// What a participant was at a follow-up point, if still in the population there.
struct TrialSnapshot {
  bool reached = false;
  std::uint8_t outcomes = 0;           // bit k: TrialOutcome k
  std::array<std::uint16_t, 4> use{};  // services used since randomisation (kTrialServiceNames)
  float cost = 0;                      // pounds spent on interventions since randomisation
  bool has(TrialOutcome o) const { return (outcomes >> static_cast<int>(o)) & 1u; }
};

struct Participant {
  std::uint32_t agent = 0;  // slot in the population
  std::uint64_t id = 0;     // the person (a slot refilled by an entrant has another id)
  std::uint16_t month = 0;  // month randomised
  TrialArm arm = TrialArm::None;
  std::uint8_t practice = 0;
  bool not_taken_up = false;  // offer arm: chose not to start
  bool contaminated = false;  // control arm: got the same help elsewhere
  bool started = false;       // was in the intervention while followed (offer arm: the per-protocol
                              // analysis keeps these; control arm: the contaminated)
  // At randomisation, for the balance of the arms.
  AgeBand band{};
  Sex sex{};
  Condition condition{};
  Benefit benefit{};
  // Follow-up.
  bool lost = false;            // left the population (died, moved away, reached 65)
  std::uint16_t followed = 0;   // months followed
  std::uint16_t work_bits = 0;  // bit 0: in work in the latest month followed, bit 1 the one before
  bool sustained6 = false, sustained12 = false;
  bool worked = false;  // in work in a month since randomisation
  std::array<std::uint32_t, 4> use{};
  double cost = 0;
  std::array<TrialSnapshot, kFollowUpMonths.size()> at{};
};

// The trial of one replication: the plan, the practices' arms, and the participants in the
// order they were randomised.
struct TrialState {
  TrialPlan plan;
  std::uint64_t seed = 0;
  std::uint32_t replication = 0;
  std::vector<TrialArm> practice_arm;  // cluster design: each practice's arm (None: not in it)
  std::vector<Participant> participants;
  std::vector<std::int32_t> recruited_by_month;  // randomised in each month of the run
  std::int64_t refused = 0;  // referrals not served: outside the cluster trial's practices

  // Draws the practices of a cluster design (none for an individual one), keyed by seed and
  // replication: 2 x clusters_per_arm of `practices`, half of them offered.
  TrialState(const TrialPlan& plan, std::uint64_t seed, std::uint32_t replication, int practices,
             int months);
  bool recruiting(YearMonth date) const;
};

// What becomes of a new referral to the intervention under trial (in allocate_places).
enum class TrialAdmission { Serve, Withhold, Refuse };
// Randomises agent i, referred to the trial's intervention in month c.month, while the trial
// recruits; records the participant and sets pop.trial_arm. Serve: allocate a place as usual;
// Withhold: a control (or an offered person who does not take it up) gets no place; Refuse: a
// cluster design does not run the intervention in the agent's practice.
TrialAdmission admit_to_trial(const StepContext& c, Population& pop, std::size_t i, TrialState& t);
// After month c.month: each participant's month (work, benefit, services, costs) and the
// snapshots of those reaching 6, 12, 18 or 24 months.
void follow_participants(const StepContext& c, const Population& pop, TrialState& t);

}  // namespace hwsim
