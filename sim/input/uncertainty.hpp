// Uncertainty of a number at the YAML boundary (issue: uncertainty a decision can rest on). Any
// quantity {value, unit, source} may carry
//
//   uncertainty: {distribution: beta, p05: 0.3, p95: 0.7, source: "..."}
//
// a distribution of the value in the quantity's own unit, given by a 5-95% range (p05, p95), a
// 95% interval (ci95: [lo, hi]) or the distribution's own parameters. On a table (a value by
// level) it is the distribution of one factor that multiplies every level, except that tables of
// shares adding up to 1 take a Dirichlet (concentration N: as if observed in N people).
//
// Which value a scenario is read with is set by a DrawScope around the load: with none, every
// quantity takes its central `value`; with one, each uncertain quantity takes the quantile of
// its distribution at the point the scope gives for its key (the same key, the same point, in
// every file and every arm: common random numbers for evidence as for chance).
#pragma once
#include <yaml-cpp/yaml.h>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/enums.hpp"
#include "input/units.hpp"

namespace hwsim {

enum class Family : std::uint8_t { Normal, Lognormal, Beta, Gamma, Uniform, Triangular, Dirichlet };
std::string_view family_name(Family f);

struct Distribution {
  Family family = Family::Normal;
  // normal: mean, sd; lognormal: meanlog, sdlog; beta: alpha, beta; gamma: shape, scale;
  // uniform: min, max; triangular: min, mode, max; dirichlet: concentration.
  double a = 0, b = 0, c = 0;
  double quantile(double u) const;  // u in (0, 1); not for a Dirichlet
  double mean() const;
  // "beta(alpha 6.2, beta 6.2), 5-95% 0.30 to 0.70"
  std::string describe() const;
};

// Which part of the evidence a quantity belongs to, for the value of information by group.
enum class EvidenceGroup : std::uint8_t { Effects, TakeUp, Costs, Model, Count };
inline constexpr std::array<std::string_view, 4> kEvidenceGroupNames{"effects", "take_up", "costs",
                                                                     "model"};
// The group of a quantity by its key: interventions' effects; take-up, drop-out, waiting-list
// give-up and referral; costs, unit costs and finance; the rest of the model's parameters.
EvidenceGroup evidence_group_of(const std::string& key);
template <>
constexpr auto& names_of<EvidenceGroup>() {
  return kEvidenceGroupNames;
}

struct Uncertainty {
  Distribution dist;    // of the value in its written unit, or of the factor on a table
  bool factor = false;  // a table's factor on every level
  EvidenceGroup group = EvidenceGroup::Model;
  std::string source;
  std::string file;
  int line = 0;
};

// One uncertain quantity of a scenario, as the last file that gives it wrote it.
struct UncertainQuantity {
  std::string key;  // the name --set takes: labour.job_entry, interventions.x.effects.job_entry_hr
  Kind kind = Kind::Ratio;
  std::string unit;
  std::string central;  // the value as written (flow-style YAML)
  Uncertainty u;
  double lo = 0, hi = 0;  // the quantity's valid stored range
  bool certain = false;   // read without uncertainty (a later file or --set fixed it)
};

// Reads and checks the `uncertainty:` block `n` of the quantity at `key`, written in `unit` of
// `kind` with stored range [lo, hi]. `central`: the value as written for a scalar, 1 for the
// factor of a table, nothing for a table of shares (which must take a Dirichlet). Refuses an
// unknown distribution or key, impossible parameters (sd <= 0, a beta range outside 0-1, p05 at
// or above p95), a range that excludes the central value, and a distribution that puts more than
// 0.1% of its draws in either tail outside the quantity's valid range; file, line and key.
Uncertainty read_uncertainty(const std::string& file, const YAML::Node& n, const std::string& key,
                             Kind kind, const std::string& unit, std::optional<double> central,
                             double lo, double hi);

// The point (a quantile, in (0, 1)) at which each uncertain quantity is drawn; nothing means its
// central value. `component` tells apart the independent draws of one key (the levels of a
// Dirichlet); 0 for everything else.
using DrawPoint = std::function<std::optional<double>(const std::string& key, int component)>;

// While alive, the scenario files read on this thread take their uncertain quantities at the
// points `draw` gives, and every uncertain quantity read is listed in `read` (if not null).
// Scopes nest; the innermost applies.
class DrawScope {
 public:
  DrawScope(DrawPoint draw, std::vector<UncertainQuantity>* read);
  ~DrawScope();
  // The points of the innermost scope on this thread (empty without one), to pass to an inner one.
  static DrawPoint current_points();
  DrawScope(const DrawScope&) = delete;
  DrawScope& operator=(const DrawScope&) = delete;

 private:
  DrawPoint draw_;
  std::vector<UncertainQuantity>* read_;
  DrawScope* outer_;
  friend void note_uncertain(const UncertainQuantity& q);
  friend std::optional<double> draw_point(const std::string& key, int component);
};

// Lists an uncertain quantity read under the current scope, if any.
void note_uncertain(const UncertainQuantity& q);
// The point the current scope gives `key`, or nothing (no scope, or its central value).
std::optional<double> draw_point(const std::string& key, int component = 0);

// The value of an uncertain scalar (or table factor) in its written unit: its quantile at the
// current scope's point, or `central` when there is none.
double drawn_value(const std::string& key, const Uncertainty& u, double central);
// A table of shares drawn from its Dirichlet at the current scope's points: `row` (shares adding
// up to 1) is replaced in place; unchanged without a point.
void draw_shares(const std::string& key, const Uncertainty& u, int row_index, double* row,
                 std::size_t n);

// A uniform point in (0, 1) for `key` in replication `replication` of master seed `seed`, from
// the counter-based generator (the same for any thread count and for every arm).
double uncertainty_point(std::uint64_t seed, std::uint32_t replication, const std::string& key,
                         int component);

// Files read while a TextCache is alive on this thread are kept in it, and read from it when they
// are read again: a scenario re-read for each replication sees the files as they were first read.
class TextCache {
 public:
  TextCache();
  explicit TextCache(std::map<std::string, std::string> texts);
  ~TextCache();
  TextCache(const TextCache&) = delete;
  TextCache& operator=(const TextCache&) = delete;
  const std::map<std::string, std::string>& texts() const { return texts_; }
  static TextCache* current();
  std::map<std::string, std::string> texts_;

 private:
  TextCache* outer_;
};

}  // namespace hwsim
