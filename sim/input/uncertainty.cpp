#include "input/uncertainty.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <cmath>
#include <mutex>
#include <tuple>

#include "core/rng.hpp"
#include "input/yaml.hpp"

namespace hwsim {

namespace bm = boost::math;

std::string_view family_name(Family f) {
  static constexpr std::array<std::string_view, 7> n{"normal",  "lognormal",  "beta",     "gamma",
                                                     "uniform", "triangular", "dirichlet"};
  return n[static_cast<std::size_t>(f)];
}

double Distribution::quantile(double u) const {
  switch (family) {
    case Family::Normal:
      return bm::quantile(bm::normal(a, b), u);
    case Family::Lognormal:
      return bm::quantile(bm::lognormal(a, b), u);
    case Family::Beta:
      return bm::quantile(bm::beta_distribution<>(a, b), u);
    case Family::Gamma:
      return bm::quantile(bm::gamma_distribution<>(a, b), u);
    case Family::Uniform:
      return a + u * (b - a);
    case Family::Triangular:
      return bm::quantile(bm::triangular(a, b, c), u);
    case Family::Dirichlet:
      break;
  }
  throw std::logic_error("Distribution::quantile: a Dirichlet has no quantile");
}

double Distribution::mean() const {
  switch (family) {
    case Family::Normal:
      return a;
    case Family::Lognormal:
      return std::exp(a + b * b / 2);
    case Family::Beta:
      return a / (a + b);
    case Family::Gamma:
      return a * b;
    case Family::Uniform:
      return (a + b) / 2;
    case Family::Triangular:
      return (a + b + c) / 3;
    case Family::Dirichlet:
      break;
  }
  throw std::logic_error("Distribution::mean: a Dirichlet's mean is its shares");
}

std::string Distribution::describe() const {
  std::string p;
  switch (family) {
    case Family::Normal:
      p = fmt::format("mean {:.4g}, sd {:.4g}", a, b);
      break;
    case Family::Lognormal:
      p = fmt::format("meanlog {:.4g}, sdlog {:.4g}", a, b);
      break;
    case Family::Beta:
      p = fmt::format("alpha {:.4g}, beta {:.4g}", a, b);
      break;
    case Family::Gamma:
      p = fmt::format("shape {:.4g}, scale {:.4g}", a, b);
      break;
    case Family::Uniform:
      p = fmt::format("min {:.4g}, max {:.4g}", a, b);
      break;
    case Family::Triangular:
      p = fmt::format("min {:.4g}, mode {:.4g}, max {:.4g}", a, b, c);
      break;
    case Family::Dirichlet:
      return fmt::format("dirichlet(concentration {:.4g})", a);
  }
  return fmt::format("{}({}), 5-95% {:.4g} to {:.4g}", family_name(family), p, quantile(0.05),
                     quantile(0.95));
}

EvidenceGroup evidence_group_of(const std::string& key) {
  auto ends = [&](std::string_view s) {
    return key.size() >= s.size() && key.compare(key.size() - s.size(), s.size(), s) == 0;
  };
  if (key.find(".effects.") != std::string::npos) return EvidenceGroup::Effects;
  if (ends(".take_up") || ends(".drop_out") || ends(".give_up") || ends(".referral"))
    return EvidenceGroup::TakeUp;
  if (key.rfind("finance.", 0) == 0 || key.rfind("unit_costs.", 0) == 0 ||
      key.find(".costs.") != std::string::npos || key.rfind("accounting.", 0) == 0)
    return EvidenceGroup::Costs;
  return EvidenceGroup::Model;
}

namespace {

// Fits of two-parameter families to a range, kept: a scenario read once per replication fits
// each range once.
struct FitKey {
  Family f;
  double lo, hi, qlo;
  bool operator<(const FitKey& o) const {
    return std::tie(f, lo, hi, qlo) < std::tie(o.f, o.lo, o.hi, o.qlo);
  }
};
std::mutex fit_mutex;
std::map<FitKey, std::pair<double, double>>& fits() {
  static std::map<FitKey, std::pair<double, double>> m;
  return m;
}

// Bisection for the root of a monotone function on [a, b] (in log space when `log`).
template <typename F>
double bisect(F f, double a, double b, bool log) {
  double fa = f(a);
  for (int i = 0; i < 200; ++i) {
    const double m = log ? std::sqrt(a * b) : (a + b) / 2;
    const double fm = f(m);
    if ((fm < 0) == (fa < 0)) {
      a = m;
      fa = fm;
    } else {
      b = m;
    }
    if (log ? b / a < 1 + 1e-12 : b - a < 1e-14) break;
  }
  return log ? std::sqrt(a * b) : (a + b) / 2;
}

// Boost.Math in double throughout: by default it works in long double, several times slower,
// for digits the fits below do not need.
using Double = bm::policies::policy<bm::policies::promote_double<false>>;

// Beta(alpha, beta) whose quantiles at qlo and 1 - qlo are lo and hi: for each concentration
// the mean that puts the lower quantile at lo, then the concentration that puts the upper at hi.
// Each is found on the distribution function (the quantile at q is x where the cdf at x is q,
// and both move the same way with the mean and the concentration): one incomplete beta per
// step, where the quantile would take several.
std::pair<double, double> fit_beta(double lo, double hi, double qlo) {
  using Beta = bm::beta_distribution<double, Double>;
  auto mean_for = [&](double k) {
    return bisect([&](double m) { return qlo - bm::cdf(Beta(m * k, (1 - m) * k), lo); }, 1e-9,
                  1 - 1e-9, false);
  };
  auto upper_gap = [&](double k) {
    const double m = mean_for(k);
    return (1 - qlo) - bm::cdf(Beta(m * k, (1 - m) * k), hi);
  };
  const double k = bisect(upper_gap, 1e-2, 1e8, true);
  const double m = mean_for(k);
  return {m * k, (1 - m) * k};
}

// Gamma(shape, scale): the ratio of its quantiles depends on the shape alone.
std::pair<double, double> fit_gamma(double lo, double hi, double qlo) {
  auto ratio_gap = [&](double shape) {
    const bm::gamma_distribution<> g(shape, 1.0);
    return bm::quantile(g, 1 - qlo) / bm::quantile(g, qlo) - hi / lo;
  };
  const double shape = bisect(ratio_gap, 1e-2, 1e8, true);
  return {shape, lo / bm::quantile(bm::gamma_distribution<>(shape, 1.0), qlo)};
}

std::pair<double, double> fitted(Family f, double lo, double hi, double qlo) {
  const FitKey k{f, lo, hi, qlo};
  {
    std::lock_guard<std::mutex> g(fit_mutex);
    if (auto it = fits().find(k); it != fits().end()) return it->second;
  }
  const auto p = f == Family::Beta ? fit_beta(lo, hi, qlo) : fit_gamma(lo, hi, qlo);
  std::lock_guard<std::mutex> g(fit_mutex);
  fits()[k] = p;
  return p;
}

double z_of(double qlo) { return -bm::quantile(bm::normal(), qlo); }

thread_local DrawScope* innermost = nullptr;
thread_local TextCache* cache = nullptr;

}  // namespace

Uncertainty read_uncertainty(const std::string& file, const YAML::Node& n, const std::string& key,
                             Kind kind, const std::string& unit, std::optional<double> central,
                             double lo, double hi) {
  const std::string k = key + ".uncertainty";
  if (!n.IsMap())
    fail(file, n, k, "expected a mapping: {distribution: ..., p05: ..., p95: ..., source: ...}");
  check_keys(file, n, k,
             {"distribution", "p05", "p95", "ci95", "mean", "sd", "meanlog", "sdlog", "alpha",
              "beta", "shape", "scale", "min", "max", "mode", "concentration", "group", "source"});
  require_keys(file, n, k, {"distribution", "source"});
  Uncertainty u;
  u.file = file;
  u.line = line_of(n);
  u.source = as_string(file, n["source"], k + ".source");
  if (u.source.empty())
    fail(file, n["source"], k + ".source", "empty: say where the range is from");
  u.group = evidence_group_of(key);
  if (n["group"]) u.group = as_level<EvidenceGroup>(file, n["group"], k + ".group", "group");
  const std::string fam = as_string(file, n["distribution"], k + ".distribution");
  static const std::vector<std::string> families{"normal",  "lognormal",  "beta",     "gamma",
                                                 "uniform", "triangular", "dirichlet"};
  auto fit = std::find(families.begin(), families.end(), fam);
  if (fit == families.end())
    fail(file, n["distribution"], k + ".distribution", unknown("distribution", fam, families));
  Distribution& d = u.dist;
  d.family = static_cast<Family>(fit - families.begin());

  // A table of shares takes a Dirichlet and nothing else; nothing else takes a Dirichlet.
  if (!central) {
    if (d.family != Family::Dirichlet)
      fail(file, n["distribution"], k + ".distribution",
           "a table of shares that add up to 1 varies as a whole: use distribution: dirichlet "
           "with a concentration");
  } else if (d.family == Family::Dirichlet) {
    fail(file, n["distribution"], k + ".distribution",
         "dirichlet is for tables of shares that add up to 1 (population.age_share, "
         "population.severity_share, claims.wca_outcome)");
  }
  auto num = [&](const char* name) { return as_number(file, n[name], k + "." + name); };
  // The ways a distribution may be given; exactly one.
  const bool range = n["p05"] || n["p95"];
  const bool ci = static_cast<bool>(n["ci95"]);
  std::vector<std::string> own;
  for (const char* name : {"mean", "sd", "meanlog", "sdlog", "alpha", "beta", "shape", "scale",
                           "min", "max", "mode", "concentration"})
    if (n[name]) own.push_back(name);
  if (range + ci + !own.empty() > 1)
    fail(file, n, k,
         "give the distribution one way: p05 and p95, ci95: [lo, hi], or its own parameters");
  auto refuse_others = [&](const std::vector<std::string>& allowed) {
    for (const auto& p : own)
      if (std::find(allowed.begin(), allowed.end(), p) == allowed.end())
        fail(file, n[p], k + "." + p,
             fmt::format("a {} takes {}, not '{}'", fam, fmt::join(allowed, " and "), p));
  };
  double rlo = 0, rhi = 0, qlo = 0.05;
  if (range) {
    if (!n["p05"] || !n["p95"]) fail(file, n, k, "a range needs both p05 and p95");
    rlo = num("p05");
    rhi = num("p95");
    if (!(rlo < rhi))
      fail(file, n["p95"], k + ".p95", fmt::format("p05 {} is not below p95 {}", rlo, rhi));
  } else if (ci) {
    const YAML::Node c = n["ci95"];
    if (!c.IsSequence() || c.size() != 2)
      fail(file, c, k + ".ci95", "expected [lower, upper], a 95% interval");
    rlo = as_number(file, c[0], k + ".ci95");
    rhi = as_number(file, c[1], k + ".ci95");
    if (!(rlo < rhi))
      fail(file, c, k + ".ci95", fmt::format("lower {} is not below upper {}", rlo, rhi));
    qlo = 0.025;
  }
  const bool by_range = range || ci;
  const std::string where_range = range ? k + ".p05" : k + ".ci95";
  const YAML::Node range_node = range ? n["p05"] : n["ci95"];
  auto positive_range = [&](const char* what) {
    if (!(rlo > 0))
      fail(file, range_node, where_range,
           fmt::format("a {} is positive: its range must be above 0", what));
  };
  switch (d.family) {
    case Family::Normal:
      if (by_range) {
        d.a = (rlo + rhi) / 2;
        d.b = (rhi - rlo) / (2 * z_of(qlo));
      } else {
        refuse_others({"mean", "sd"});
        require_keys(file, n, k, {"mean", "sd"});
        d.a = num("mean");
        d.b = num("sd");
        if (!(d.b > 0)) fail(file, n["sd"], k + ".sd", "must be positive");
      }
      break;
    case Family::Lognormal:
      if (by_range) {
        positive_range("lognormal");
        d.a = (std::log(rlo) + std::log(rhi)) / 2;
        d.b = (std::log(rhi) - std::log(rlo)) / (2 * z_of(qlo));
      } else {
        refuse_others({"meanlog", "sdlog"});
        require_keys(file, n, k, {"meanlog", "sdlog"});
        d.a = num("meanlog");
        d.b = num("sdlog");
        if (!(d.b > 0)) fail(file, n["sdlog"], k + ".sdlog", "must be positive");
      }
      break;
    case Family::Beta:
      if (by_range) {
        if (!(rlo > 0 && rhi < 1))
          fail(file, range_node, where_range,
               fmt::format("a beta lies between 0 and 1: its range {} to {} must be inside it "
                           "(write the quantity in 0-1 units, or use another distribution)",
                           rlo, rhi));
        std::tie(d.a, d.b) = fitted(Family::Beta, rlo, rhi, qlo);
      } else {
        refuse_others({"alpha", "beta"});
        require_keys(file, n, k, {"alpha", "beta"});
        d.a = num("alpha");
        d.b = num("beta");
        if (!(d.a > 0)) fail(file, n["alpha"], k + ".alpha", "must be positive");
        if (!(d.b > 0)) fail(file, n["beta"], k + ".beta", "must be positive");
      }
      break;
    case Family::Gamma:
      if (by_range) {
        positive_range("gamma");
        std::tie(d.a, d.b) = fitted(Family::Gamma, rlo, rhi, qlo);
      } else {
        refuse_others({"shape", "scale"});
        require_keys(file, n, k, {"shape", "scale"});
        d.a = num("shape");
        d.b = num("scale");
        if (!(d.a > 0)) fail(file, n["shape"], k + ".shape", "must be positive");
        if (!(d.b > 0)) fail(file, n["scale"], k + ".scale", "must be positive");
      }
      break;
    case Family::Uniform:
      if (by_range) {
        const double w = (rhi - rlo) / (1 - 2 * qlo);
        d.a = rlo - qlo * w;
        d.b = rhi + qlo * w;
      } else {
        refuse_others({"min", "max"});
        require_keys(file, n, k, {"min", "max"});
        d.a = num("min");
        d.b = num("max");
        if (!(d.a < d.b)) fail(file, n["max"], k + ".max", "must be above min");
      }
      break;
    case Family::Triangular:
      if (by_range)
        fail(file, range_node, where_range,
             "a triangular is given by min and max (and mode, which defaults to value)");
      refuse_others({"min", "mode", "max"});
      require_keys(file, n, k, {"min", "max"});
      d.a = num("min");
      d.c = num("max");
      d.b = n["mode"] ? num("mode") : central.value_or(0);
      if (!(d.a < d.c)) fail(file, n["max"], k + ".max", "must be above min");
      if (!(d.a <= d.b && d.b <= d.c))
        fail(file, n["mode"] ? n["mode"] : n, k + (n["mode"] ? ".mode" : ""),
             fmt::format("the mode {} is outside min {} to max {}", d.b, d.a, d.c));
      break;
    case Family::Dirichlet:
      if (by_range) fail(file, range_node, where_range, "a dirichlet takes a concentration only");
      refuse_others({"concentration"});
      require_keys(file, n, k, {"concentration"});
      d.a = num("concentration");
      if (!(d.a > 0)) fail(file, n["concentration"], k + ".concentration", "must be positive");
      return u;
  }
  if (!std::isfinite(d.a) || !std::isfinite(d.b) || !std::isfinite(d.c))
    fail(file, n, k, "the distribution's parameters are not finite numbers");
  // The central value lies inside the range the distribution gives.
  const double c = *central;
  const double p_lo = by_range ? rlo : d.quantile(0.05);
  const double p_hi = by_range ? rhi : d.quantile(0.95);
  if (!(p_lo <= c && c <= p_hi))
    fail(file, by_range ? range_node : n, by_range ? where_range : k,
         fmt::format("the range {} to {} ({}) excludes the central value {} {}", p_lo, p_hi,
                     ci ? "95%" : "5-95%", c, unit));
  // Nearly every draw must be a valid value of the quantity.
  for (const double q : {0.001, 0.999}) {
    const double x = d.quantile(q);
    double stored = 0;
    bool ok = convert_unit(kind, unit, x, stored) && stored >= lo && stored <= hi;
    if (ok && x < 0 && c >= 0) ok = false;  // a draw of the other sign than the value
    if (!ok)
      fail(file, n, k,
           fmt::format("{} puts more than 0.1% of its draws outside the quantity's valid range "
                       "(its {} quantile is {:.4g} {}; {}): use a narrower range or a bounded "
                       "distribution (beta, lognormal, gamma)",
                       family_name(d.family), q < 0.5 ? "0.1%" : "99.9%", x, unit,
                       allowed_range(kind, lo, hi)));
  }
  return u;
}

DrawScope::DrawScope(DrawPoint draw, std::vector<UncertainQuantity>* read)
    : draw_(std::move(draw)), read_(read), outer_(innermost) {
  innermost = this;
}
DrawScope::~DrawScope() { innermost = outer_; }
DrawPoint DrawScope::current_points() { return innermost ? innermost->draw_ : DrawPoint{}; }

void note_uncertain(const UncertainQuantity& q) {
  if (innermost && innermost->read_) innermost->read_->push_back(q);
}

std::optional<double> draw_point(const std::string& key, int component) {
  if (!innermost || !innermost->draw_) return std::nullopt;
  return innermost->draw_(key, component);
}

double drawn_value(const std::string& key, const Uncertainty& u, double central) {
  const auto p = draw_point(key);
  if (!p) return central;
  return u.dist.quantile(std::clamp(*p, 1e-9, 1 - 1e-9));
}

void draw_shares(const std::string& key, const Uncertainty& u, int row_index, double* row,
                 std::size_t n) {
  if (!draw_point(key, 0)) return;
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += row[i];
  if (!(sum > 0)) return;
  std::vector<double> g(n, 0.0);
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (row[i] <= 0) continue;
    const auto p = draw_point(key, 1 + row_index * 64 + static_cast<int>(i));
    const double shape = u.dist.a * row[i] / sum;
    g[i] = bm::quantile(bm::gamma_distribution<>(shape, 1.0), std::clamp(*p, 1e-9, 1 - 1e-9));
    total += g[i];
  }
  if (!(total > 0)) return;
  for (std::size_t i = 0; i < n; ++i) row[i] = sum * g[i] / total;
}

double uncertainty_point(std::uint64_t seed, std::uint32_t replication, const std::string& key,
                         int component) {
  // FNV-1a of the key and component: the stream's agent id.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](unsigned char ch) {
    h ^= ch;
    h *= 1099511628211ull;
  };
  for (unsigned char ch : key) mix(ch);
  for (int b = 0; b < 4; ++b) mix(static_cast<unsigned char>((component >> (8 * b)) & 0xff));
  Stream s(seed, replication, h, 0, Process::Uncertainty);
  // 53 bits, strictly inside (0, 1).
  const std::uint64_t hi = s(), lo = s();
  const std::uint64_t bits = ((hi << 32) | lo) >> 11;
  return (static_cast<double>(bits) + 0.5) * 0x1.0p-53;
}

TextCache::TextCache() : outer_(cache) { cache = this; }
TextCache::TextCache(std::map<std::string, std::string> texts)
    : texts_(std::move(texts)), outer_(cache) {
  cache = this;
}
TextCache::~TextCache() { cache = outer_; }
TextCache* TextCache::current() { return cache; }

}  // namespace hwsim
