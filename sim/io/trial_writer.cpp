#include "io/trial_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>

#include "io/h5.hpp"
#include "io/run_h5.hpp"
#include "scenario/scenario.hpp"

namespace hwsim {

namespace {

// A number for a CSV cell: empty where undefined.
std::string cell(double v, int digits = 4) {
  if (!std::isfinite(v)) return "";
  return fmt::format("{:.{}f}", v, digits);
}

std::ofstream open_csv(const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  return out;
}

void finish(std::ofstream& out, const std::string& path) {
  out.flush();
  if (!out) throw std::runtime_error("cannot write " + path + " (is the disk full?)");
}

}  // namespace

void write_trial_h5(const std::string& path, const Scenario& sc, const TrialRun& run,
                    const TrialSummary& s, const RunInfo& info) {
  using namespace h5;
  Id file = create_file(path);
  detail::write_format(file, kTrialFormat, kResultFormatVersion);
  {
    Id g = create_group(file, "meta");
    std::string text;
    for (std::size_t k = 0; k < sc.files.size(); ++k)
      text += fmt::format("# ---- {} ----\n{}\n", sc.files[k], sc.texts[k]);
    for (const auto& a : sc.set) text += "--set " + a + "\n";
    dataset_string(g, "scenario", text);
    dataset_string(g, "command_line", info.command_line);
    attr_string(g, "scenario_name", sc.name);
    attr_string(g, "scenario_path", sc.path);
    attr_string(g, "version", info.version);
    attr_string(g, "created", utc_now_iso());
    attr_string(g, "start_month", sc.sim.start.str());
    attr_scalar<std::uint64_t>(g, "seed", H5T_NATIVE_UINT64, run.seed);
    attr_scalar<std::int32_t>(g, "replications", H5T_NATIVE_INT32,
                              static_cast<std::int32_t>(run.reps.size()));
    attr_scalar<std::int32_t>(g, "months", H5T_NATIVE_INT32, sc.sim.months);
    attr_scalar<std::int32_t>(g, "threads", H5T_NATIVE_INT32, info.threads);
  }
  const TrialPlan& p = s.plan;
  Id g = create_group(file, "trial");
  attr_string(g, "description",
              "a controlled trial inside the population run: each replication's estimates by "
              "sample size, analysis, follow-up point and outcome (outputs/README.md)");
  attr_string(g, "intervention",
              sc.interventions.list[static_cast<std::size_t>(p.intervention)].name);
  attr_string(g, "design", std::string(name_of(p.design)));
  attr_int64(g, "participants", p.participants);
  attr_string(g, "recruitment_from", p.recruit_from.str());
  attr_string(g, "recruitment_to", p.recruit_to.str());
  attr_double(g, "allocation_ratio", p.allocation_ratio);
  attr_int64(g, "clusters_per_arm", p.design == TrialDesign::Cluster ? p.clusters_per_arm : 0);
  attr_double(g, "contamination", p.contamination);
  attr_double(g, "not_taken_up", p.not_taken_up);
  const auto R = static_cast<hsize_t>(run.reps.size());
  const auto S = static_cast<hsize_t>(s.sizes.size());
  const auto A = static_cast<hsize_t>(count_of<TrialAnalysis>());
  const auto F = static_cast<hsize_t>(kFollowUpMonths.size());
  const auto O = static_cast<hsize_t>(count_of<TrialOutcome>());
  scale_index(g, "replication", R, "replication, 0 to R-1");
  {
    std::vector<std::string> v;
    for (int n : s.sizes) v.push_back(std::to_string(n));
    scale_labels(g, "sample_size", v, "the first this many participants randomised");
  }
  scale_labels(
      g, "analysis", {"itt", "per_protocol"},
      "intention to treat; per protocol (offer arm who started, controls without the help)");
  {
    std::vector<std::string> v;
    for (int m : kFollowUpMonths) v.push_back(std::to_string(m));
    scale_labels(g, "follow_up", v, "months after randomisation");
  }
  scale_labels(g, "outcome", {kTrialOutcomeNames.begin(), kTrialOutcomeNames.end()},
               "binary outcome of each participant");
  const std::vector<TrialEstimate> est = trial_estimates(run, s.sizes);
  const std::vector<hsize_t> dims{R, S, A, F, O};
  const std::vector<std::string> names{"replication", "sample_size", "analysis", "follow_up",
                                       "outcome"};
  auto field = [&](const std::string& name, const std::string& unit, const std::string& desc,
                   auto get) {
    std::vector<double> v;
    v.reserve(est.size());
    for (const auto& e : est) v.push_back(get(e));
    dataset_nd(g, name, H5T_NATIVE_DOUBLE, dims, v, unit, desc, names);
  };
  field("risk_difference", "share", "offer minus control", [](const auto& e) { return e.rd; });
  field("risk_difference_low", "share", "95% CI, lower", [](const auto& e) { return e.rd_low; });
  field("risk_difference_high", "share", "95% CI, upper", [](const auto& e) { return e.rd_high; });
  field("risk_ratio", "ratio", "offer over control", [](const auto& e) { return e.rr; });
  field("risk_ratio_low", "ratio", "95% CI, lower", [](const auto& e) { return e.rr_low; });
  field("risk_ratio_high", "ratio", "95% CI, upper", [](const auto& e) { return e.rr_high; });
  field("p_value", "probability", "two-sided p of no difference",
        [](const auto& e) { return e.p_value; });
  field("significant", "0/1", "p < 0.05", [](const auto& e) { return e.significant ? 1.0 : 0.0; });
  field("offer_n", "persons", "offer arm analysed",
        [](const auto& e) { return double(e.offer.n); });
  field("offer_events", "persons", "offer arm with the outcome",
        [](const auto& e) { return double(e.offer.x); });
  field("control_n", "persons", "control arm analysed",
        [](const auto& e) { return double(e.control.n); });
  field("control_events", "persons", "control arm with the outcome",
        [](const auto& e) { return double(e.control.x); });
  field("icc", "correlation", "intra-cluster correlation (cluster designs)",
        [](const auto& e) { return e.icc; });
  std::vector<std::int64_t> rec;
  const auto M = static_cast<hsize_t>(run.reps.empty() ? 0 : run.reps[0].recruited_by_month.size());
  for (const auto& t : run.reps)
    rec.insert(rec.end(), t.recruited_by_month.begin(), t.recruited_by_month.end());
  scale_index(g, "month", M, "month of the run, 0 first");
  dataset_nd(g, "randomised", H5T_NATIVE_INT64, {R, M}, rec, "persons",
             "participants randomised in each month of the run", {"replication", "month"});
  if (s.borough) {
    // The borough with the trial minus without it, by replication (borough.csv has the bands).
    Id b = create_group(file, "borough");
    attr_string(b, "description",
                "the borough with the trial minus the same borough without the trialled "
                "intervention, each replication paired on common random numbers");
    scale_index(b, "replication", R, "replication, 0 to R-1");
    for (const BoroughRow& r : s.borough->rows)
      dataset_nd(b, r.indicator, H5T_NATIVE_DOUBLE, {R}, r.by_replication, r.unit,
                 r.label + ", " + r.when + ": with the trial minus without", {"replication"});
  }
}

void write_trial_csv(const std::string& path, const TrialSummary& s) {
  auto out = open_csv(path);
  out << "analysis,arm,months_after_randomisation,outcome,unit,mean,low_2_5,high_97_5,"
         "replications\n";
  for (const ArmRow& r : s.arms)
    out << fmt::format("{},{},{},{},\"{}\",{},{},{},{}\n", name_of(r.analysis), r.arm, r.month,
                       r.outcome, r.unit, cell(r.value.mean), cell(r.value.low), cell(r.value.high),
                       s.replications);
  finish(out, path);
}

void write_power_csv(const std::string& path, const TrialSummary& s) {
  auto out = open_csv(path);
  out << "participants,analysis,months_after_randomisation,outcome,power,power_low,power_high,"
         "risk_difference,risk_difference_low_2_5,risk_difference_high_97_5,risk_ratio,"
         "minimum_detectable_difference,offer_risk,control_risk,offer_followed,control_followed,"
         "icc,design_effect,replications\n";
  for (const PowerRow& r : s.power)
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", r.participants,
                       name_of(r.analysis), r.month, name_of(r.outcome), cell(r.power),
                       cell(r.power_low), cell(r.power_high), cell(r.rd.mean), cell(r.rd.low),
                       cell(r.rd.high), cell(r.rr.mean), cell(r.mde), cell(r.offer_risk.mean),
                       cell(r.control_risk.mean), cell(r.n_offer, 1), cell(r.n_control, 1),
                       s.plan.design == TrialDesign::Cluster ? cell(r.icc) : "",
                       cell(r.design_effect), s.replications);
  finish(out, path);
}

void write_recruitment_csv(const std::string& path, const Scenario& sc, const TrialSummary& s) {
  auto out = open_csv(path);
  out << "month,date,randomised_to_date,low_2_5,high_97_5,replications\n";
  for (std::size_t m = 0; m < s.recruited.size(); ++m) {
    const YearMonth d = sc.sim.start.plus(static_cast<int>(m));
    if (d.index() < s.plan.recruit_from.index() || d.index() > s.plan.recruit_to.index()) continue;
    out << fmt::format("{},{},{},{},{},{}\n", m, d.str(), cell(s.recruited[m].mean, 1),
                       cell(s.recruited[m].low, 1), cell(s.recruited[m].high, 1), s.replications);
  }
  finish(out, path);
}

void write_balance_csv(const std::string& path, const TrialSummary& s) {
  auto out = open_csv(path);
  out << "characteristic,level,offer_share,control_share,replications\n";
  for (const BalanceRow& b : s.balance)
    out << fmt::format("{},{},{},{},{}\n", b.characteristic, b.level, cell(b.offer),
                       cell(b.control), s.replications);
  finish(out, path);
}

void write_borough_csv(const std::string& path, const TrialSummary& s) {
  auto out = open_csv(path);
  out << "measure,when,unit,without_trial,without_low_2_5,without_high_97_5,with_trial,"
         "with_low_2_5,with_high_97_5,difference,difference_low_2_5,difference_high_97_5,"
         "smallest_detectable_change,replications\n";
  if (s.borough) {
    for (const BoroughRow& r : s.borough->rows) {
      const bool legacy = r.indicator == s.borough->detectable.indicator;
      out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", r.indicator, r.when, r.unit,
                         cell(r.baseline.mean), cell(r.baseline.low), cell(r.baseline.high),
                         cell(r.with_trial.mean), cell(r.with_trial.low), cell(r.with_trial.high),
                         cell(r.difference.mean), cell(r.difference.low), cell(r.difference.high),
                         legacy ? cell(s.borough->detectable.smallest) : "", s.replications);
    }
  }
  finish(out, path);
}

void write_translation_csv(const std::string& path, const TranslationCheck& t) {
  auto out = open_csv(path);
  const PublishedContrast& p = t.published;
  out << "measure,outcome,months_after_randomisation,published,model_mean,model_low_2_5,"
         "model_high_97_5,unit\n";
  auto row = [&](const std::string& m, double pub, const TrialBand& b, const std::string& unit) {
    out << fmt::format("{},{},{},{},{},{},{},{}\n", m, name_of(p.outcome), p.months, cell(pub),
                       cell(b.mean), cell(b.low), cell(b.high), unit);
  };
  row("risk_ratio", t.published_rr, t.model.rr, "ratio");
  row("risk_difference", t.published_rd, t.model.rd, "share");
  row("control_risk", p.control_risk, t.model.control_risk, "share");
  row("offer_risk", p.control_risk + t.published_rd, t.model.offer_risk, "share");
  out << fmt::format("hazard_ratio_implied,{},{},{},{},,,hazard_ratio\n", name_of(p.outcome),
                     p.months, cell(t.implied_hr), cell(t.yaml_hr));
  out << fmt::format("reproduced,{},{},,{},,,0/1\n", name_of(p.outcome), p.months,
                     t.reproduces ? 1 : 0);
  finish(out, path);
}

}  // namespace hwsim
