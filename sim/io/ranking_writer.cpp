#include "io/ranking_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "io/compare_writer.hpp"
#include "io/manifest.hpp"
#include "report/ranking.hpp"

namespace hwsim {

namespace fs = std::filesystem;

namespace {

std::string band_cells(const Band& b) {
  return fmt::format("{:.6g},{:.6g},{:.6g}", b.mean, b.p05, b.p95);
}

std::string ratio_cells(const RatioSummary& r) {
  // No band without a replication that has the ratio; no value without a mean outcome.
  auto cell = [](double v) { return std::isfinite(v) ? fmt::format("{:.6g}", v) : std::string(); };
  return fmt::format("{},{},{},{}", cell(r.value), cell(r.n ? r.band.p05 : kNaN),
                     cell(r.n ? r.band.p95 : kNaN), r.n);
}

}  // namespace

void write_ranking_csv(const std::string& path, const std::vector<RankedScenario>& ranking,
                       std::size_t replications, const std::string& date) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  auto three = [](const std::string& name) {
    return fmt::format("{0}_mean,{0}_p05,{0}_p95", name);
  };
  out << "rank,scenario,month," << three("esa_ib_claimants_change") << ",probability_target_met,"
      << three("ltc_employment_gap_change") << "," << three("extra_sustained_jobs") << ","
      << three("total_cost");
  for (std::size_t k = 0; k < kPositions; ++k)
    out << "," << three(fmt::format("npv_{}", k < kPartners ? kPartnerNames[k] : "total"));
  out << "," << three("cost_per_claimant_off") << ",cost_per_claimant_off_replications,"
      << three("cost_per_sustained_job") << ",cost_per_sustained_job_replications,replications\n";
  for (const auto& r : ranking) {
    out << fmt::format("{},{},{},{},{:.4g},{},{},{}", r.rank, r.name, date,
                       band_cells(r.claimants_change), r.p_target_met, band_cells(r.gap_change),
                       band_cells(r.extra_jobs), band_cells(r.cost));
    for (std::size_t k = 0; k < kPositions; ++k) out << "," << band_cells(r.npv[k]);
    out << fmt::format(",{},{},{}\n", ratio_cells(r.cost_per_off), ratio_cells(r.cost_per_job),
                       replications);
  }
  if (!out) throw std::runtime_error("error while writing " + path);
}

void write_ranked_compare(const std::string& dir, const std::vector<Paired>& paired,
                          const std::vector<FinanceResult>& finance,
                          const std::vector<RankedScenario>& ranking, const RunInfo& info,
                          FileSet& files) {
  const fs::path d(dir);
  const Paired& first = paired.front();
  Manifest manifest{"compare", nullptr, &first.baseline, first.scen.seed, first.scen.reps.size(),
                    {}};
  for (std::size_t k = 0; k < paired.size(); ++k) {
    const std::string name = paired[k].scenario.name;
    manifest.scenarios.push_back(&paired[k].scenario);
    for (const auto& f : write_compare((d / name).string(), paired[k], finance[k], info, files))
      manifest.files.push_back({name + "/" + f.name, f.description});
    manifest.files.push_back(
        {name + "/manifest.json", "what made the files of " + name + "/ and what each holds"});
  }
  const std::string date = first.scenario.sim.start.plus(first.target_month()).str();
  files.write((d / "ranking.csv").string(), [&](const std::string& tmp) {
    write_ranking_csv(tmp, ranking, first.scen.reps.size(), date);
  });
  manifest.files.push_back(
      {"ranking.csv",
       "the scenarios ranked by the change in legacy ESA/IB claimants at the target date: per "
       "scenario the change, P(target met), the change in the LTC employment gap, extra "
       "sustained jobs, total cost, NPV per partner, cost per claimant off benefit and per "
       "sustained job, each with its 5-95% band"});
  files.write((d / "report.html").string(), [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    out << render_ranking(paired, finance, ranking);
    if (!out) throw std::runtime_error("cannot write " + tmp);
  });
  manifest.files.push_back({"report.html",
                            "a self-contained page ranking the scenarios, with charts, that opens "
                            "offline; each scenario links to its own report"});
  write_manifest(dir, manifest, info, &files);
}

}  // namespace hwsim
