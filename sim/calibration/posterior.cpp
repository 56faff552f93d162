#include "calibration/posterior.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "io/h5.hpp"
#include "io/result_writer.hpp"

namespace hwsim {

namespace {

constexpr const char* kCheckpointFormat = "hwsim-abc-checkpoint";
constexpr const char* kPosteriorFormat = "hwsim-abc-posterior";
constexpr std::int64_t kFormatVersion = 1;

std::string exact(double v) { return fmt::format("{:.17g}", v); }

std::string now_iso() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : s) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return h;
}

std::string distance_name(abc::Norm n) { return n == abc::Norm::Max ? "max" : "rms"; }

// particle x column matrices of a population, row-major.
std::vector<double> matrix(const std::vector<abc::Particle>& pop,
                           std::vector<double> abc::Particle::*field, std::size_t cols) {
  std::vector<double> m;
  m.reserve(pop.size() * cols);
  for (const auto& p : pop) {
    if ((p.*field).size() != cols) throw std::logic_error("particles of unequal length");
    m.insert(m.end(), (p.*field).begin(), (p.*field).end());
  }
  return m;
}

void write_population(hid_t file, const std::vector<abc::Particle>& pop, std::size_t n_params,
                      const std::string& theta_unit_note) {
  h5::Id g = h5::create_group(file, "particles");
  const std::size_t K = pop.empty() ? 0 : pop.front().distances.size();
  const hsize_t N = pop.size();
  std::vector<double> w, d;
  for (const auto& p : pop) {
    w.push_back(p.weight);
    d.push_back(p.distance);
  }
  h5::write_doubles(g, "theta", {N, n_params}, matrix(pop, &abc::Particle::theta, n_params),
                    theta_unit_note, "parameter values of each particle (particle, parameter)");
  h5::write_doubles(g, "weight", {N}, w, "share", "importance weight of each particle (sum 1)");
  h5::write_doubles(g, "distance", {N}, d, "scaled distance",
                    "distance of each particle: the combined scaled distances");
  h5::write_doubles(g, "scaled_distances", {N, K}, matrix(pop, &abc::Particle::distances, K),
                    "scaled distance",
                    "|simulated - observed| / tolerance, per particle and target");
  h5::write_doubles(g, "simulated", {N, K}, matrix(pop, &abc::Particle::values, K),
                    "each target's unit", "simulated value of each target, per particle");
}

std::vector<abc::Particle> read_population(hid_t file, std::size_t n_params) {
  h5::Id g = h5::open_group(file, "particles");
  std::vector<hsize_t> dt, dd, dv;
  const auto theta = h5::read_doubles(g, "theta", &dt);
  const auto w = h5::read_doubles(g, "weight");
  const auto d = h5::read_doubles(g, "distance");
  const auto ds = h5::read_doubles(g, "scaled_distances", &dd);
  const auto sv = h5::read_doubles(g, "simulated", &dv);
  if (dt.size() != 2 || dd.size() != 2 || dv.size() != 2 || dt[1] != n_params ||
      w.size() != dt[0] || d.size() != dt[0] || dd[0] != dt[0] || dv != dd)
    throw std::runtime_error("the particles' datasets do not fit together");
  const std::size_t N = dt[0], K = dd[1];
  std::vector<abc::Particle> pop(N);
  for (std::size_t i = 0; i < N; ++i) {
    pop[i].theta.assign(theta.begin() + static_cast<std::ptrdiff_t>(i * n_params),
                        theta.begin() + static_cast<std::ptrdiff_t>((i + 1) * n_params));
    pop[i].weight = w[i];
    pop[i].distance = d[i];
    pop[i].distances.assign(ds.begin() + static_cast<std::ptrdiff_t>(i * K),
                            ds.begin() + static_cast<std::ptrdiff_t>((i + 1) * K));
    pop[i].values.assign(sv.begin() + static_cast<std::ptrdiff_t>(i * K),
                         sv.begin() + static_cast<std::ptrdiff_t>((i + 1) * K));
  }
  return pop;
}

void write_history(hid_t file, const std::vector<abc::GenerationSummary>& h) {
  h5::Id g = h5::create_group(file, "generations");
  const hsize_t G = h.size();
  std::vector<std::int64_t> gen, cand, sims, fails;
  std::vector<double> tol, rate, ess, secs;
  for (const auto& s : h) {
    gen.push_back(s.generation);
    cand.push_back(s.candidates);
    sims.push_back(s.simulations);
    fails.push_back(s.failures);
    tol.push_back(s.tolerance);
    rate.push_back(s.acceptance_rate);
    ess.push_back(s.ess);
    secs.push_back(s.seconds);
  }
  h5::write_int64s(g, "generation", {G}, gen, "", "generation (0: drawn from the prior)");
  h5::write_doubles(g, "tolerance", {G}, tol, "scaled distance",
                    "tolerance of the generation (inf for generation 0)");
  h5::write_int64s(g, "candidates", {G}, cand, "candidates",
                   "candidates considered up to the last one accepted");
  h5::write_int64s(g, "simulations", {G}, sims, "simulations", "simulations run");
  h5::write_int64s(g, "failures", {G}, fails, "simulations",
                   "candidates the model could not run (rejected)");
  h5::write_doubles(g, "acceptance_rate", {G}, rate, "share", "particles / candidates");
  h5::write_doubles(g, "ess", {G}, ess, "particles", "effective sample size, 1 / sum w^2");
  h5::write_doubles(g, "seconds", {G}, secs, "s", "wall time of the generation");
}

std::vector<abc::GenerationSummary> read_history(hid_t file) {
  h5::Id g = h5::open_group(file, "generations");
  const auto gen = h5::read_int64s(g, "generation");
  const auto cand = h5::read_int64s(g, "candidates");
  const auto sims = h5::read_int64s(g, "simulations");
  const auto fails = h5::read_int64s(g, "failures");
  const auto tol = h5::read_doubles(g, "tolerance");
  const auto rate = h5::read_doubles(g, "acceptance_rate");
  const auto ess = h5::read_doubles(g, "ess");
  const auto secs = h5::read_doubles(g, "seconds");
  const std::size_t G = gen.size();
  for (std::size_t n :
       {cand.size(), sims.size(), fails.size(), tol.size(), rate.size(), ess.size(), secs.size()})
    if (n != G) throw std::runtime_error("the generations' datasets do not fit together");
  std::vector<abc::GenerationSummary> h(G);
  for (std::size_t i = 0; i < G; ++i)
    h[i] = {static_cast<int>(gen[i]), tol[i], cand[i], sims[i], fails[i], rate[i], ess[i], secs[i]};
  return h;
}

void write_fingerprint(hid_t file, const Fingerprint& fp) {
  h5::Id g = h5::create_group(file, "fingerprint");
  std::vector<std::string> names, values;
  for (const auto& [n, v] : fp) {
    names.push_back(n);
    values.push_back(v);
  }
  h5::write_strings(g, "name", names, "what the run was made with");
  h5::write_strings(g, "value", values, "its value");
}

}  // namespace

Fingerprint calibration_fingerprint(const CalibrationConfig& c, const Scenario& sc,
                                    const std::vector<Target>& targets,
                                    const std::vector<FittedParam>& fitted,
                                    const std::string& version) {
  const auto& st = c.settings;
  Fingerprint fp{{"version", version},
                 {"seed", std::to_string(st.seed)},
                 {"particles", std::to_string(st.particles)},
                 {"max_generations", std::to_string(st.max_generations)},
                 {"quantile", exact(st.quantile)},
                 {"min_tolerance", exact(st.min_tolerance)},
                 {"min_acceptance_rate", exact(st.min_acceptance)},
                 {"min_round", std::to_string(st.min_round)},
                 {"distance", distance_name(st.norm)},
                 {"replications_per_particle", std::to_string(c.replications)}};
  for (const auto& f : fitted)
    fp.emplace_back(
        "prior " + f.name,
        fmt::format("{} {} {} {} {} {} {} {}", f.key, f.level, f.unit, f.distribution,
                    exact(f.prior.a), exact(f.prior.b), exact(f.prior.lo), exact(f.prior.hi)));
  for (const auto& t : targets)
    fp.emplace_back("target " + t.name, fmt::format("{} {} {} {}", t.indicator, t.month.str(),
                                                    exact(t.observed), exact(t.tolerance)));
  fp.emplace_back("scenario months", fmt::format("{} from {}, spin-up {}", sc.sim.months,
                                                 sc.sim.start.str(), sc.sim.spin_up_months));
  for (const auto& [key, rp] : sc.provenance)
    fp.emplace_back("scenario " + key, rp.value_yaml + " " + rp.unit);
  std::string texts;
  for (const auto& t : sc.texts) texts += t;
  fp.emplace_back("scenario files", fmt::format("{:016x}", fnv1a(texts)));
  return fp;
}

void write_checkpoint(const std::string& path, const abc::State& state, const Fingerprint& fp) {
  write_atomically(path, [&](const std::string& tmp) {
    h5::Id file = h5::create_file(tmp);
    h5::attr_string(file, "format", kCheckpointFormat);
    h5::attr_int64(file, "format_version", kFormatVersion);
    h5::attr_int64(file, "generations_done", state.generations_done);
    h5::attr_int64(file, "finished", state.finished ? 1 : 0);
    h5::attr_string(file, "stop_reason", state.stop_reason);
    h5::attr_string(file, "written", now_iso());
    write_fingerprint(file, fp);
    std::size_t P = 0;
    for (const auto& [n, v] : fp) P += n.rfind("prior ", 0) == 0 ? 1 : 0;
    write_population(file, state.population, P, "each parameter's unit");
    write_history(file, state.history);
    if (H5Fflush(file, H5F_SCOPE_GLOBAL) < 0) throw std::runtime_error("cannot flush " + tmp);
  });
}

abc::State read_checkpoint(const std::string& path, const Fingerprint& fp) {
  auto refuse = [&](const std::string& why) -> InputError {
    return InputError(path, 0, 0, "", "cannot resume: " + why);
  };
  if (!std::filesystem::exists(path))
    throw refuse("there is no checkpoint here (was the calibration started with this --out?)");
  abc::State state;
  Fingerprint saved;
  try {
    h5::Id file = h5::open_file(path);
    if (!H5Aexists(file, "format") || h5::read_attr_string(file, "format") != kCheckpointFormat)
      throw refuse("not a calibration checkpoint");
    if (h5::read_attr_int64(file, "format_version") != kFormatVersion)
      throw refuse("the checkpoint's format is of another version of hwsim");
    h5::Id g = h5::open_group(file, "fingerprint");
    const auto names = h5::read_strings(g, "name");
    const auto values = h5::read_strings(g, "value");
    if (names.size() != values.size()) throw std::runtime_error("fingerprint");
    for (std::size_t i = 0; i < names.size(); ++i) saved.emplace_back(names[i], values[i]);
    // Mismatch first: it is the likelier mistake, and it says what differs.
    std::map<std::string, std::string> now(fp.begin(), fp.end()), then(saved.begin(), saved.end());
    std::vector<std::string> diffs;
    for (const auto& [n, v] : fp) {
      const auto it = then.find(n);
      if (it == then.end())
        diffs.push_back(fmt::format("{} is '{}' now but absent from the checkpoint", n, v));
      else if (it->second != v)
        diffs.push_back(fmt::format("{} is '{}' in the checkpoint but '{}' now", n, it->second, v));
    }
    for (const auto& [n, v] : saved)
      if (!now.count(n))
        diffs.push_back(fmt::format("{} ('{}') is in the checkpoint but not in this run", n, v));
    if (!diffs.empty())
      throw refuse(fmt::format(
          "it was made with different settings: {}{}; resume with the files and seed it was made "
          "with, or start afresh in another folder",
          diffs.front(), diffs.size() > 1 ? fmt::format(" (and {} more)", diffs.size() - 1) : ""));
    std::size_t P = 0;
    for (const auto& [n, v] : fp) P += n.rfind("prior ", 0) == 0 ? 1 : 0;
    state.generations_done = static_cast<int>(h5::read_attr_int64(file, "generations_done"));
    state.finished = h5::read_attr_int64(file, "finished") != 0;
    state.stop_reason = h5::read_attr_string(file, "stop_reason");
    state.population = read_population(file, P);
    state.history = read_history(file);
    if (state.generations_done < 0 ||
        state.history.size() != static_cast<std::size_t>(state.generations_done) ||
        (state.generations_done > 0 && state.population.empty()))
      throw std::runtime_error("generations");
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw refuse(fmt::format(
        "the checkpoint is damaged or truncated ({}); start afresh in another folder", e.what()));
  }
  return state;
}

WeightedBand band_of_column(const std::vector<abc::Particle>& pop,
                            std::vector<double> abc::Particle::*field, std::size_t k) {
  std::vector<double> x, w;
  for (const auto& p : pop) {
    x.push_back((p.*field).at(k));
    w.push_back(p.weight);
  }
  return {abc::weighted_quantile(x, w, 0.05), abc::weighted_quantile(x, w, 0.5),
          abc::weighted_quantile(x, w, 0.95)};
}

void write_posterior_h5(const std::string& path, const abc::State& state,
                        const CalibrationConfig& c, const Scenario& sc,
                        const std::vector<Target>& targets, const std::vector<FittedParam>& fitted,
                        const CalibrationInfo& info) {
  h5::Id file = h5::create_file(path);
  h5::attr_string(file, "format", kPosteriorFormat);
  h5::attr_int64(file, "format_version", kFormatVersion);
  const std::size_t P = fitted.size();
  write_population(file, state.population, P, "each parameter's unit (/parameters/unit)");
  write_history(file, state.history);
  {
    h5::Id g = h5::create_group(file, "parameters");
    std::vector<std::string> name, key, level, unit, dist, reason;
    std::vector<double> a, b, lo, hi, q05, q95, p05, p50, p95;
    for (std::size_t q = 0; q < P; ++q) {
      const auto& f = fitted[q];
      name.push_back(f.name);
      key.push_back(f.key);
      level.push_back(f.level);
      unit.push_back(f.unit);
      dist.push_back(f.distribution);
      reason.push_back(f.reason);
      a.push_back(f.prior.a);
      b.push_back(f.prior.b);
      lo.push_back(f.prior.lo);
      hi.push_back(f.prior.hi);
      q05.push_back(f.prior.quantile(0.05));
      q95.push_back(f.prior.quantile(0.95));
      const WeightedBand wb = band_of_column(state.population, &abc::Particle::theta, q);
      p05.push_back(wb.p05);
      p50.push_back(wb.p50);
      p95.push_back(wb.p95);
    }
    h5::write_strings(g, "name", name, "name of the fitted parameter in priors.yaml");
    h5::write_strings(g, "key", key, "registry key of the parameter");
    h5::write_strings(g, "level", level, "level of a table parameter ('' for a scalar)");
    h5::write_strings(g, "unit", unit, "unit of the prior and of /particles/theta");
    h5::write_strings(g, "distribution", dist, "prior: uniform, log_uniform or normal");
    h5::write_strings(g, "reason", reason, "the reason for the prior's range");
    const hsize_t n = P;
    h5::write_doubles(g, "prior_a", {n}, a, "each unit", "uniform: min; normal: mean");
    h5::write_doubles(g, "prior_b", {n}, b, "each unit", "uniform: max; normal: sd");
    h5::write_doubles(g, "prior_min", {n}, lo, "each unit", "lower end of the prior's support");
    h5::write_doubles(g, "prior_max", {n}, hi, "each unit", "upper end of the prior's support");
    h5::write_doubles(g, "prior_p05", {n}, q05, "each unit", "5th percentile of the prior");
    h5::write_doubles(g, "prior_p95", {n}, q95, "each unit", "95th percentile of the prior");
    h5::write_doubles(g, "posterior_p05", {n}, p05, "each unit", "weighted 5th percentile");
    h5::write_doubles(g, "posterior_p50", {n}, p50, "each unit", "weighted median");
    h5::write_doubles(g, "posterior_p95", {n}, p95, "each unit", "weighted 95th percentile");
  }
  {
    h5::Id g = h5::create_group(file, "targets");
    std::vector<std::string> name, ind, month, source;
    std::vector<double> obs, tol;
    for (const auto& t : targets) {
      name.push_back(t.name);
      ind.push_back(t.indicator);
      month.push_back(t.month.str());
      source.push_back(t.source);
      obs.push_back(t.observed);
      tol.push_back(t.tolerance);
    }
    const hsize_t n = targets.size();
    h5::write_strings(g, "name", name, "target name in targets.yaml");
    h5::write_strings(g, "indicator", ind, "the indicator compared");
    h5::write_strings(g, "month", month, "the month compared, YYYY-MM");
    h5::write_strings(g, "source", source, "source of the observed figure");
    h5::write_doubles(g, "observed", {n}, obs, "the indicator's unit", "observed figure");
    h5::write_doubles(g, "tolerance", {n}, tol, "the indicator's unit",
                      "absolute tolerance: distances are scaled by it");
  }
  {
    h5::Id g = h5::create_group(file, "meta");
    h5::write_string(g, "calibration", c.text);
    std::string scenario_text;
    for (std::size_t k = 0; k < sc.files.size(); ++k)
      scenario_text += fmt::format("# ---- {} ----\n{}\n", sc.files[k], sc.texts[k]);
    h5::write_string(g, "scenario", scenario_text);
    h5::write_string(g, "parameters", resolved_parameters_yaml(sc));
    auto file_text = [](const std::string& p) {
      std::ifstream in(p, std::ios::binary);
      return std::string(std::istreambuf_iterator<char>(in), {});
    };
    h5::write_string(g, "targets", file_text(c.targets_path));
    h5::write_string(g, "priors", file_text(c.priors_path));
    h5::write_string(g, "command_line", info.command_line);
    h5::attr_string(g, "version", info.version);
    h5::attr_string(g, "created", now_iso());
    h5::attr_uint64(g, "seed", c.settings.seed);
    h5::attr_int64(g, "particles", c.settings.particles);
    h5::attr_int64(g, "max_generations", c.settings.max_generations);
    h5::attr_int64(g, "generations", state.generations_done);
    h5::attr_double(g, "quantile", c.settings.quantile);
    h5::attr_double(g, "min_tolerance", c.settings.min_tolerance);
    h5::attr_double(g, "min_acceptance_rate", c.settings.min_acceptance);
    h5::attr_int64(g, "min_round", c.settings.min_round);
    h5::attr_string(g, "distance", distance_name(c.settings.norm));
    h5::attr_int64(g, "replications_per_particle", c.replications);
    h5::attr_string(g, "stop_reason", state.stop_reason);
    h5::attr_string(g, "scenario_name", sc.name);
    h5::attr_string(g, "scenario_path", sc.path);
    h5::attr_int64(g, "ranks", info.ranks);
    h5::attr_int64(g, "threads", info.threads);
    h5::attr_double(g, "seconds_last_session", info.seconds);
  }
  if (H5Fflush(file, H5F_SCOPE_GLOBAL) < 0) throw std::runtime_error("cannot flush " + path);
}

void write_fit_csv(const std::string& path, const abc::State& state,
                   const std::vector<Target>& targets) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << "target,indicator,month,observed,tolerance,simulated_median,simulated_p05,"
         "simulated_p95,within_tolerance\n";
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const auto& t = targets[k];
    const WeightedBand b = band_of_column(state.population, &abc::Particle::values, k);
    out << fmt::format("{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{}\n", t.name, t.indicator,
                       t.month.str(), t.observed, t.tolerance, b.p50, b.p05, b.p95,
                       t.scaled_distance(b.p50) <= 1.0 ? "yes" : "no");
  }
  out.flush();
  if (!out) throw std::runtime_error("error while writing " + path);
}

std::size_t Posterior::draw(std::uint64_t seed, std::uint32_t replication) const {
  Stream s(seed, replication, 0, 0, Process::Posterior);
  const double u = s.uniform();
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
  return std::min(static_cast<std::size_t>(it - cumulative.begin()), weight.size() - 1);
}

void Posterior::apply(std::uint64_t seed, std::uint32_t replication, Scenario& sc) const {
  apply_theta(fitted, theta[draw(seed, replication)], sc);
}

Posterior load_posterior(const std::string& path) {
  auto bad = [&](const std::string& why) { return InputError(path, 0, 0, "", why); };
  Posterior p;
  p.path = path;
  try {
    h5::Id file = h5::open_file(path);
    if (!H5Aexists(file, "format") || h5::read_attr_string(file, "format") != kPosteriorFormat)
      throw bad("not a posterior written by hwsim calibrate");
    if (h5::read_attr_int64(file, "format_version") != kFormatVersion)
      throw bad("the posterior's format is of another version of hwsim");
    h5::Id g = h5::open_group(file, "parameters");
    const auto key = h5::read_strings(g, "key");
    const auto level = h5::read_strings(g, "level");
    const auto unit = h5::read_strings(g, "unit");
    const auto name = h5::read_strings(g, "name");
    if (level.size() != key.size() || unit.size() != key.size() || name.size() != key.size())
      throw std::runtime_error("the parameters' datasets do not fit together");
    for (std::size_t q = 0; q < key.size(); ++q) {
      try {
        p.fitted.push_back(fitted_param(key[q], level[q], unit[q]));
        p.fitted.back().name = name[q];
      } catch (const std::invalid_argument& e) {
        throw bad(fmt::format("does not fit this version's parameters: {}", e.what()));
      }
    }
    const auto pop = read_population(file, key.size());
    if (pop.empty()) throw bad("holds no particles");
    h5::Id meta = h5::open_group(file, "meta");
    p.calibration_seed = h5::read_attr_uint64(meta, "seed");
    double total = 0;
    for (const auto& x : pop) {
      for (std::size_t q = 0; q < key.size(); ++q) {
        try {
          p.fitted[q].stored(x.theta[q]);
        } catch (const std::domain_error& e) {
          throw bad(e.what());
        }
      }
      if (!(x.weight >= 0)) throw bad("holds a negative weight");
      p.theta.push_back(x.theta);
      p.weight.push_back(x.weight);
      total += x.weight;
    }
    if (!(total > 0)) throw bad("its weights add up to zero");
    double c = 0;
    for (auto& w : p.weight) p.cumulative.push_back(c += (w /= total));
    p.cumulative.back() = 1.0;
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw bad(fmt::format("cannot read the posterior: {}", e.what()));
  }
  return p;
}

}  // namespace hwsim
