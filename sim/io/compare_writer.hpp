// The output set of `hwsim compare` (the analysis is in compare/). Writes DIR/result.h5 (/baseline,
// /scenario, /difference, /equality, /meta), difference.csv, target.csv, equality.csv, finance.csv,
// cashflow.csv, report.html, interventions.csv and manifest.json; layout in outputs/README.md.
#pragma once
#include <string>
#include <vector>

#include "compare/finance.hpp"
#include "io/manifest.hpp"
#include "io/result_writer.hpp"

namespace hwsim {

// `finance` is appraise_paired(p) (compare/finance.hpp), worked out once by the caller. The
// files go into `files`, which the caller commits. Returns the files manifest.json lists.
std::vector<ManifestFile> write_compare(const std::string& dir, const Paired& p,
                                        const FinanceResult& finance, const RunInfo& info,
                                        FileSet& files);

}  // namespace hwsim
