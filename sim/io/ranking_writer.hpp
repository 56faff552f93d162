// The output set of `hwsim compare` with several scenarios: each scenario's comparison with the
// baseline in DIR/<scenario name>/ (the files of a one-scenario compare, io/compare_writer.hpp,
// each folder a complete set that `hwsim finance` reads), and beside them the ranking:
// DIR/ranking.csv, DIR/report.html and DIR/manifest.json (listing every file, those of the
// subfolders too, and written last). Layout in outputs/README.md.
#pragma once
#include <string>
#include <vector>

#include "compare/ranking.hpp"
#include "io/result_writer.hpp"

namespace hwsim {

// `paired[k]` with `finance[k]` is scenario k's comparison, each scenario's name a folder name
// unique among them; `ranking` is rank_scenarios(paired, finance). `files` is a FileSet made for
// `dir`, which the caller commits.
void write_ranked_compare(const std::string& dir, const std::vector<Paired>& paired,
                          const std::vector<FinanceResult>& finance,
                          const std::vector<RankedScenario>& ranking, const RunInfo& info,
                          FileSet& files);

// ranking.csv: one row per scenario in rank order (columns in outputs/README.md).
void write_ranking_csv(const std::string& path, const std::vector<RankedScenario>& ranking,
                       std::size_t replications, const std::string& date);

}  // namespace hwsim
