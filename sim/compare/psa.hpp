// What a probabilistic sensitivity analysis of a comparison says (issue: uncertainty a decision
// can rest on): per replication, the outcomes a decision rests on (the replications drew every
// uncertain quantity, run/psa.hpp); across them, the chance the target is met and that each
// partner gains, the cost-effectiveness plane and acceptability curve over a willingness to pay
// per sustained job, and the expected value of perfect information, overall and by group of
// evidence (effects, take-up, costs, the model's other parameters).
#pragma once
#include <array>
#include <string>
#include <vector>

#include "compare/finance.hpp"
#include "compare/paired.hpp"
#include "run/psa.hpp"

namespace hwsim {

// Per replication (scenario minus baseline unless said).
struct PsaOutcomes {
  std::vector<double> claimants;                // legacy ESA/IB at the target month
  std::vector<double> incapacity;               // all incapacity benefits at the target month
  std::array<std::vector<double>, 2> met;       // the scenario meets the target: legacy, all (0/1)
  std::array<std::vector<double>, 2> base_met;  // the baseline does
  std::vector<double> jobs;                     // extra sustained jobs (6 months) over the run
  std::vector<double> months_off;               // claimant months off incapacity benefits
  std::vector<double> cost;                     // present value of the extra intervention spend
  std::vector<double> net_cost;                 // cost less saving: -NPV over all partners
  std::array<std::vector<double>, kPositions> npv_before, npv_after;
};
PsaOutcomes psa_outcomes(const Paired& p, const FinanceResult& f);

// Willingness to pay per extra sustained job, pounds: the acceptability curve's grid.
std::vector<double> wtp_grid();

struct PsaSummary {
  std::array<double, 2> p_met{}, p_base_met{};  // legacy, all incapacity benefits
  std::array<double, kPositions> p_npv_before{}, p_npv_after{};
  std::vector<double> wtp;   // pounds per sustained job
  std::vector<double> ceac;  // P(net benefit > 0) at each wtp: lambda x jobs - net cost
  // Expected value of perfect information (pounds, for the decision as a whole) at each wtp:
  // all uncertain quantities, and each group (kEvidenceGroupNames) alone.
  std::vector<double> evpi;
  std::array<std::vector<double>, count_of<EvidenceGroup>()> evppi;
  std::array<int, count_of<EvidenceGroup>()> group_size{};
  int regressors_used = 0;  // of the overall EVPI regression
};

// The expected value of perfect information on the quantities `columns` of the draws, by the
// regression method of Strong, Oakley & Brennan (2014, Med Decis Making 34:311): net benefit
// (lambda x jobs - net cost) at each willingness to pay regressed on the quantities' normal
// scores (linear and, where the replications allow, squared terms; at most one regressor per ten
// replications, those most correlated with that net benefit), so that chance variation between
// replications does not count as information. Returns the EVPI at each wtp, and sets `used` to the
// regressors kept.
std::vector<double> evppi(const PsaDraws& draws, const std::vector<std::size_t>& columns,
                          const std::vector<double>& jobs, const std::vector<double>& net_cost,
                          const std::vector<double>& wtp, int* used = nullptr);

PsaSummary summarise_psa(const PsaOutcomes& o, const PsaDraws& draws);

// The summary's lines for the terminal.
std::string psa_summary_text(const PsaSummary& s);
// "  --psa: 84 uncertain quantities drawn in every replication (effects 12, ...)"
std::string psa_note(const Scenario& sc);

}  // namespace hwsim
