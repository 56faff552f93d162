#include "io/psa_writer.hpp"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

#include "io/h5.hpp"
#include "run/stats.hpp"
#include "run/target.hpp"

namespace hwsim {

namespace {

std::vector<std::string> keys_of(const PsaDraws& d) {
  std::vector<std::string> k;
  for (const auto& q : d.quantities) k.push_back(q.key);
  return k;
}

// The value a quantity drew, in its unit: a table's factor says so.
std::string unit_of(const UncertainQuantity& q) {
  if (q.u.dist.family == Family::Dirichlet) return "shares (one draw per share)";
  return q.u.factor ? "factor on every level of " + q.unit : q.unit;
}

}  // namespace

PsaReport psa_of_run(const Scenario& sc, std::uint64_t seed, const RunValues& r) {
  PsaReport p;
  p.draws = psa_draws(sc.uncertain, seed, static_cast<int>(r.replications()));
  const auto& measures = target_measures();
  for (std::size_t k = 0; k < 2 && k < measures.size(); ++k)
    p.run_met[k] = target_met(r, sc.sim, measures[k].indicator);
  return p;
}

PsaReport psa_of_comparison(const Paired& p, const FinanceResult& f) {
  PsaReport out;
  out.draws = psa_draws(union_of(p.scenario.uncertain, p.baseline.uncertain), p.scen.seed,
                        static_cast<int>(p.scen.reps.size()));
  out.outcomes = psa_outcomes(p, f);
  out.run_met = out.outcomes->met;
  out.summary = summarise_psa(*out.outcomes, out.draws);
  return out;
}

void write_psa_h5(hid_t file, const PsaReport& psa) {
  const auto& d = psa.draws;
  const auto R = static_cast<hsize_t>(d.point.size());
  const auto Q = static_cast<hsize_t>(d.quantities.size());
  h5::Id g = h5::create_group(file, "psa");
  h5::attr_string(g, "description",
                  "probabilistic sensitivity analysis: each replication drew every uncertain "
                  "quantity from its distribution (outputs/README.md)");
  h5::scale_index(g, "replication", R, "replication, 0 to R-1");
  h5::scale_labels(g, "quantity", keys_of(d), "the key of each uncertain quantity");
  std::vector<std::string> groups, dists, units, sources;
  for (const auto& q : d.quantities) {
    groups.emplace_back(kEvidenceGroupNames[static_cast<std::size_t>(q.u.group)]);
    dists.push_back(q.u.dist.describe());
    units.push_back(unit_of(q));
    sources.push_back(q.u.source);
  }
  h5::dataset_strings(g, "group", groups, "evidence group: effects, take_up, costs or model",
                      {"quantity"});
  h5::dataset_strings(g, "distribution", dists, "the distribution each value is drawn from",
                      {"quantity"});
  h5::dataset_strings(g, "unit", units, "the unit of each drawn value", {"quantity"});
  h5::dataset_strings(g, "source", sources, "the source of each distribution", {"quantity"});
  std::vector<double> pts, vals;
  for (hsize_t r = 0; r < R; ++r) {
    pts.insert(pts.end(), d.point[r].begin(), d.point[r].end());
    vals.insert(vals.end(), d.value[r].begin(), d.value[r].end());
  }
  if (Q > 0) {
    h5::dataset_nd(g, "point", H5T_NATIVE_DOUBLE, {R, Q}, pts, "quantile",
                   "the point (0-1) of each quantity's distribution each replication drew",
                   {"replication", "quantity"});
    h5::dataset_nd(g, "value", H5T_NATIVE_DOUBLE, {R, Q}, vals, "see unit",
                   "the value each quantity drew (NaN: a Dirichlet's shares)",
                   {"replication", "quantity"});
  }
  const char* met_names[2] = {"target_met_legacy", "target_met_incapacity_benefits"};
  for (std::size_t k = 0; k < 2; ++k)
    if (!psa.run_met[k].empty())
      h5::dataset_nd(g, met_names[k], H5T_NATIVE_DOUBLE, {R}, psa.run_met[k], "0 or 1",
                     k == 0 ? "1 where the (scenario's) legacy ESA/IB count met the target"
                            : "1 where all incapacity benefits met the target",
                     {"replication"});
  if (psa.outcomes) {
    const auto& o = *psa.outcomes;
    auto put = [&](const char* name, const std::vector<double>& v, const char* unit,
                   const char* what) {
      h5::dataset_nd(g, name, H5T_NATIVE_DOUBLE, {R}, v, unit, what, {"replication"});
    };
    put("claimants", o.claimants, "persons",
        "scenario minus baseline: legacy ESA/IB at the target");
    put("incapacity_benefits", o.incapacity, "persons",
        "scenario minus baseline: all incapacity benefits at the target month");
    put("sustained_jobs", o.jobs, "persons", "extra jobs sustained 6 months, over the run");
    put("claimant_months_off", o.months_off, "person-months",
        "claimant months off incapacity benefits, over the run");
    put("cost", o.cost, "GBP (present value)", "extra intervention spend, all partners");
    put("net_cost", o.net_cost, "GBP (present value)",
        "cost less saving, all partners (minus the total NPV)");
    std::vector<std::string> pos;
    for (std::size_t k = 0; k < kPositions; ++k) pos.push_back(position_name(k));
    h5::scale_labels(g, "position", pos, "partner, or total");
    std::vector<double> before, after;
    for (hsize_t r = 0; r < R; ++r)
      for (std::size_t k = 0; k < kPositions; ++k) {
        before.push_back(o.npv_before[k][r]);
        after.push_back(o.npv_after[k][r]);
      }
    h5::dataset_nd(g, "npv_before_sharing", H5T_NATIVE_DOUBLE, {R, kPositions}, before,
                   "GBP (present value)", "NPV by partner before gain sharing",
                   {"replication", "position"});
    h5::dataset_nd(g, "npv_after_sharing", H5T_NATIVE_DOUBLE, {R, kPositions}, after,
                   "GBP (present value)", "NPV by partner after gain sharing",
                   {"replication", "position"});
  }
  if (psa.summary) {
    const auto& s = *psa.summary;
    h5::scale_labels(
        g, "wtp",
        [&] {
          std::vector<std::string> w;
          for (double x : s.wtp) w.push_back(fmt::format("{:.0f}", x));
          return w;
        }(),
        "willingness to pay per extra sustained job, GBP");
    h5::dataset_nd(g, "acceptability", H5T_NATIVE_DOUBLE, {s.wtp.size()}, s.ceac, "probability",
                   "P(net benefit > 0) at each willingness to pay per sustained job", {"wtp"});
    h5::dataset_nd(g, "evpi", H5T_NATIVE_DOUBLE, {s.wtp.size()}, s.evpi, "GBP",
                   "expected value of perfect information on every uncertain quantity", {"wtp"});
    std::vector<std::string> gnames(kEvidenceGroupNames.begin(), kEvidenceGroupNames.end());
    h5::scale_labels(g, "evidence_group", gnames, "groups of uncertain quantities");
    std::vector<double> ev;
    for (const auto& row : s.evppi) ev.insert(ev.end(), row.begin(), row.end());
    h5::dataset_nd(g, "evppi", H5T_NATIVE_DOUBLE, {gnames.size(), s.wtp.size()}, ev, "GBP",
                   "expected value of perfect information on each group of quantities",
                   {"evidence_group", "wtp"});
  }
}

void write_psa_csv(const std::string& path, const PsaReport& psa) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  const std::size_t R = psa.draws.point.size();
  out << "measure,of,wtp_gbp_per_sustained_job,value,unit,replications\n";
  const char* of[2] = {"legacy_esa_ib", "incapacity_benefits"};
  for (std::size_t k = 0; k < 2; ++k)
    if (!psa.run_met[k].empty())
      out << fmt::format("p_target_met,{},,{:.4f},probability,{}\n", of[k], mean_of(psa.run_met[k]),
                         R);
  if (psa.summary) {
    const auto& s = *psa.summary;
    for (std::size_t k = 0; k < 2; ++k)
      out << fmt::format("p_target_met_baseline,{},,{:.4f},probability,{}\n", of[k],
                         s.p_base_met[k], R);
    for (std::size_t k = 0; k < kPositions; ++k)
      out << fmt::format("p_npv_positive_before_sharing,{},,{:.4f},probability,{}\n",
                         position_name(k), s.p_npv_before[k], R);
    for (std::size_t k = 0; k < kPositions; ++k)
      out << fmt::format("p_npv_positive_after_sharing,{},,{:.4f},probability,{}\n",
                         position_name(k), s.p_npv_after[k], R);
    for (std::size_t w = 0; w < s.wtp.size(); ++w)
      out << fmt::format("p_cost_effective,total,{:.0f},{:.4f},probability,{}\n", s.wtp[w],
                         s.ceac[w], R);
    for (std::size_t w = 0; w < s.wtp.size(); ++w)
      out << fmt::format("evpi,all,{:.0f},{:.0f},GBP,{}\n", s.wtp[w], s.evpi[w], R);
    for (std::size_t g = 0; g < s.evppi.size(); ++g)
      for (std::size_t w = 0; w < s.wtp.size(); ++w)
        out << fmt::format("evppi,{},{:.0f},{:.0f},GBP,{}\n", kEvidenceGroupNames[g], s.wtp[w],
                           s.evppi[g][w], R);
  }
  out.flush();
  if (!out) throw std::runtime_error("error while writing " + path);
}

void write_psa_replications_csv(const std::string& path, const PsaReport& psa) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  const auto& d = psa.draws;
  std::string head = "replication";
  if (psa.outcomes) {
    head +=
        ",claimants_difference,incapacity_benefits_difference,target_met_legacy,"
        "target_met_incapacity_benefits,extra_sustained_jobs,claimant_months_off,cost_gbp,"
        "net_cost_gbp";
    for (std::size_t k = 0; k < kPositions; ++k)
      head +=
          fmt::format(",npv_{0}_before_sharing_gbp,npv_{0}_after_sharing_gbp", position_name(k));
  } else {
    head += ",target_met_legacy,target_met_incapacity_benefits";
  }
  for (const auto& q : d.quantities) head += ",\"" + q.key + " (" + unit_of(q) + ")\"";
  out << head << "\n";
  for (std::size_t r = 0; r < d.point.size(); ++r) {
    std::string row = std::to_string(r);
    if (psa.outcomes) {
      const auto& o = *psa.outcomes;
      row += fmt::format(",{:.6g},{:.6g},{:.0f},{:.0f},{:.6g},{:.6g},{:.0f},{:.0f}", o.claimants[r],
                         o.incapacity[r], o.met[0][r], o.met[1][r], o.jobs[r], o.months_off[r],
                         o.cost[r], o.net_cost[r]);
      for (std::size_t k = 0; k < kPositions; ++k)
        row += fmt::format(",{:.0f},{:.0f}", o.npv_before[k][r], o.npv_after[k][r]);
    } else {
      row += fmt::format(",{:.0f},{:.0f}", psa.run_met[0][r], psa.run_met[1][r]);
    }
    for (double v : d.value[r]) row += std::isnan(v) ? std::string(",") : fmt::format(",{:.6g}", v);
    out << row << "\n";
  }
  out.flush();
  if (!out) throw std::runtime_error("error while writing " + path);
}

void write_tornado_csv(const std::string& path, const Sensitivity& s) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << "outcome,outcome_unit,rank,quantity,group,quantity_unit,value_at_p05,value_at_p95,"
         "outcome_at_p05,outcome_at_p95,outcome_central,swing,replications\n";
  const std::pair<TornadoOutcome, const char*> outcomes[]{
      {TornadoOutcome::Claimants, "claimants_difference_at_target,persons"},
      {TornadoOutcome::Npv, "npv_total,GBP (present value)"}};
  for (const auto& [o, name] : outcomes) {
    const double c = outcome_of(s.central, o);
    int rank = 0;
    for (const auto& b : sorted_by_swing(s, o)) {
      const double lo = outcome_of(b.low, o), hi = outcome_of(b.high, o);
      out << fmt::format("{},{},\"{}\",{},\"{}\",{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{}\n",
                         name, ++rank, b.quantity.key,
                         kEvidenceGroupNames[static_cast<std::size_t>(b.quantity.u.group)],
                         unit_of(b.quantity), b.low_value, b.high_value, lo, hi, c,
                         std::abs(hi - lo), s.replications);
    }
  }
  out.flush();
  if (!out) throw std::runtime_error("error while writing " + path);
}

}  // namespace hwsim
