// The outputs of `hwsim trial` (layout in outputs/README.md): result.h5 (the trial's estimates in
// every replication, /trial, and the provenance, /meta), trial.csv (each arm's outcomes at 6, 12,
// 18 and 24 months), power.csv (power, the estimates and the minimum detectable effect for each
// sample size, analysis, point and outcome), recruitment.csv (participants by month) and
// balance.csv (the arms at randomisation).
#pragma once
#include <string>

#include "compare/trial.hpp"
#include "io/result_writer.hpp"

namespace hwsim {

inline constexpr const char* kTrialFormat = "hwsim-trial";

void write_trial_h5(const std::string& path, const Scenario& sc, const TrialRun& run,
                    const TrialSummary& s, const RunInfo& info);
void write_trial_csv(const std::string& path, const TrialSummary& s);
void write_power_csv(const std::string& path, const TrialSummary& s);
void write_recruitment_csv(const std::string& path, const Scenario& sc, const TrialSummary& s);
void write_balance_csv(const std::string& path, const TrialSummary& s);
// borough.csv: the borough with the trial against without it (paired), and what its count can
// detect.
void write_borough_csv(const std::string& path, const TrialSummary& s);
// translation.csv: a recreated published trial's contrast beside the model's.
void write_translation_csv(const std::string& path, const TranslationCheck& t);

}  // namespace hwsim
