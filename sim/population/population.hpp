// The population as a struct of arrays (STYLE example 7). The field list below is the one
// declaration: allocation, rows of agents (AgentRecord, the donors of entrants), snapshots and
// tests all go through HWSIM_AGENT_FIELDS.
#pragma once
#include <cstdint>
#include <vector>

#include "core/enums.hpp"

namespace hwsim {

// X(type, name, description)
#define HWSIM_AGENT_FIELDS(X)                                                                    \
  X(std::uint64_t, id, "stable agent id (keys the random streams)")                              \
  X(std::uint16_t, age_months, "age in months")                                                  \
  X(Sex, sex, "sex")                                                                             \
  X(std::uint8_t, gp, "GP practice, 0..35")                                                      \
  X(Condition, condition, "primary health condition")                                            \
  X(Severity, severity, "severity of the primary condition")                                     \
  X(std::uint8_t, comorbid, "1 if depression comorbid with a physical condition")                \
  X(Labour, labour, "ILO labour state")                                                          \
  X(Benefit, benefit, "benefit state")                                                           \
  X(std::uint16_t, months_labour, "months in the current labour state")                          \
  X(std::uint16_t, months_benefit, "months in the current benefit state (phase)")                \
  X(std::uint16_t, months_claim, "months since the current ESA/IB claim began")                  \
  X(std::uint8_t, contrib_only, "1 if on contribution-based ESA only (12-month limit in WRAG)")  \
  X(std::uint8_t, appeal, "1 if appealing a fit-for-work decision")                              \
  X(std::uint8_t, uc_beside, "1 if on new-style ESA with Universal Credit beside it")            \
  X(std::uint8_t, uc_route,                                                                      \
    "how a UC claim began: 0 none, 1 a new claim, 2 natural migration, "                         \
    "3 managed migration (UcRoute)")                                                             \
  X(std::uint8_t, no_wra, "1 if the health claim began after the WRA component was abolished")   \
  X(std::uint8_t, use_gp, "GP consultations this month")                                         \
  X(std::uint8_t, use_iapt, "IAPT sessions this month")                                          \
  X(std::uint8_t, use_mh, "secondary mental health contacts this month")                         \
  X(std::uint8_t, use_ae, "A&E attendances this month")                                          \
  X(std::uint8_t, use_inpatient, "inpatient days this month")                                    \
  X(std::uint8_t, use_rx, "prescription items dispensed this month")                             \
  X(float, earnings, "established pay of the job, a month (2014/15 pounds; drawn at its start)") \
  X(std::uint8_t, intervention, "intervention the agent is in (index + 1; 0 = none)")            \
  X(std::uint16_t, months_intervention, "months in the current intervention")                    \
  X(std::uint8_t, waiting, "intervention whose waiting list the agent is on (index + 1)")        \
  X(std::uint8_t, months_waiting, "months on that waiting list")                                 \
  X(std::uint8_t, last_intervention, "last intervention left (index + 1; 0 = none)")             \
  X(std::uint16_t, months_since_intervention, "months since leaving it")                         \
  X(std::uint8_t, trial_arm,                                                                     \
    "arm of the trial of an intervention the agent was randomised to: 0 none, 1 the offer, "     \
    "2 usual services (TrialArm)")                                                               \
  X(std::uint16_t, cohort_start, "month a followed health claim began (0: none followed)")       \
  X(std::uint8_t, cohort_flags,                                                                  \
    "the followed claim: bit 0 worked the month before, bit 1 a UC claim, bits 2-4 status "      \
    "(CohortStatus; 0 still on it), bit 5 in work 12-18 months after")

// How a person came to be on Universal Credit (Population::uc_route).
enum class UcRoute : std::uint8_t { None, NewClaim, NaturalMigration, ManagedMigration, Count };

// One agent's fields side by side: a row, for tables read at random (a row is two cache lines,
// where a copy across the arrays below touches one line in each).
struct AgentRecord {
#define HWSIM_RECORD(type, name, desc) type name{};
  HWSIM_AGENT_FIELDS(HWSIM_RECORD)
#undef HWSIM_RECORD
};

struct Population {
#define HWSIM_DECLARE(type, name, desc) std::vector<type> name;
  HWSIM_AGENT_FIELDS(HWSIM_DECLARE)
#undef HWSIM_DECLARE

  std::size_t size() const { return id.size(); }
  void resize(std::size_t n) {
#define HWSIM_RESIZE(type, name, desc) name.resize(n);
    HWSIM_AGENT_FIELDS(HWSIM_RESIZE)
#undef HWSIM_RESIZE
  }
  AgentRecord record(std::size_t i) const {
    AgentRecord r;
#define HWSIM_GET(type, name, desc) r.name = name[i];
    HWSIM_AGENT_FIELDS(HWSIM_GET)
#undef HWSIM_GET
    return r;
  }
  void set_record(std::size_t i, const AgentRecord& r) {
#define HWSIM_SET(type, name, desc) name[i] = r.name;
    HWSIM_AGENT_FIELDS(HWSIM_SET)
#undef HWSIM_SET
  }
  int age_years(std::size_t i) const { return age_months[i] / 12; }
  AgeBand band(std::size_t i) const { return age_band_of_months(age_months[i]); }
};

}  // namespace hwsim
