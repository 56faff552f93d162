#include "plan/search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"
#include "run/stats.hpp"

namespace hwsim::plan {

namespace {

// SplitMix64 (Steele, Lea and Flood 2014) of the seed and a counter: every random choice of a
// stage is drawn from (seed, stage, purpose, index), so a resumed search draws the same.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Stream {
 public:
  Stream(std::uint64_t seed, std::uint64_t a, std::uint64_t b) : x_(mix(mix(seed ^ a) ^ b)) {}
  std::uint64_t next() { return x_ = mix(x_); }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t x_;
};

double snap(const LeverRange& l, double v) {
  v = std::clamp(v, l.lo, l.hi);
  if (l.step > 0) {
    v = l.lo + std::round((v - l.lo) / l.step) * l.step;
    if (v > l.hi + 1e-9 * l.step) v -= l.step;
    v = std::clamp(v, l.lo, l.hi);
  }
  return v;
}

bool same_levers(const std::vector<double>& a, const std::vector<double>& b) {
  for (std::size_t j = 0; j < a.size(); ++j)
    if (std::abs(a[j] - b[j]) > 1e-9 * (1 + std::abs(a[j]))) return false;
  return true;
}

bool known(const State& st, const std::vector<double>& v) {
  return std::any_of(st.candidates.begin(), st.candidates.end(),
                     [&](const Candidate& c) { return same_levers(c.levers, v); });
}

void add(State& st, std::vector<double> v, int round) {
  if (known(st, v)) return;
  Candidate c;
  c.levers = std::move(v);
  c.round = round;
  st.candidates.push_back(std::move(c));
}

std::size_t total_position(const Settings& s) { return s.positions.size() - 1; }

// The objective's criteria of one replication, each lower is better: total cost, the change in
// the measure and, for most_npv, the payer's NPV negated.
std::vector<double> criteria(const Settings& s, const Observation& o) {
  std::vector<double> c{o.cost.at(total_position(s)), o.effect};
  if (s.goal == Goal::MostNpv) c.push_back(-o.npv.at(s.npv_position));
  return c;
}

std::vector<double> mean_criteria(const Settings& s, const Candidate& c) {
  std::vector<double> m;
  for (const auto& o : c.obs) {
    const auto k = criteria(s, o);
    if (m.empty()) m.assign(k.size(), 0.0);
    for (std::size_t j = 0; j < k.size(); ++j) m[j] += k[j];
  }
  for (double& x : m) x /= static_cast<double>(c.obs.size());
  return m;
}

bool dominates_on_means(const std::vector<double>& a, const std::vector<double>& b) {
  bool strict = false;
  for (std::size_t j = 0; j < a.size(); ++j) {
    const double tol = 1e-9 * (1 + std::abs(a[j]) + std::abs(b[j]));
    if (a[j] > b[j] + tol) return false;
    if (a[j] < b[j] - tol) strict = true;
  }
  return strict;
}

bool same_means(const std::vector<double>& a, const std::vector<double>& b) {
  for (std::size_t j = 0; j < a.size(); ++j)
    if (std::abs(a[j] - b[j]) > 1e-9 * (1 + std::abs(a[j]) + std::abs(b[j]))) return false;
  return true;
}

// Whether a and b gave the same figures in each of their first n replications (a lever that
// does nothing where another is at zero, such as the start of a service with no staff).
bool same_results(const Settings& s, const Candidate& a, const Candidate& b, std::size_t n) {
  if (n == 0) return false;
  for (std::size_t r = 0; r < n; ++r)
    if (!same_means(criteria(s, a.obs[r]), criteria(s, b.obs[r]))) return false;
  return true;
}

// Whether a dominates b with confidence over their first n replications (paired): the upper
// one-sided bound of the mean paired difference of each criterion is at most zero (within a
// tolerance for ties, such as two candidates that cost the same), and below zero for one.
bool dominates_with_confidence(const Settings& s, const Candidate& a, const Candidate& b,
                               std::size_t n) {
  if (n < 2) return false;
  const std::size_t k = criteria(s, a.obs[0]).size();
  bool strict = false;
  for (std::size_t j = 0; j < k; ++j) {
    double sum = 0, sum2 = 0, scale = 0;
    for (std::size_t r = 0; r < n; ++r) {
      const double x = criteria(s, a.obs[r])[j], y = criteria(s, b.obs[r])[j];
      const double d = x - y;
      sum += d;
      sum2 += d * d;
      scale = std::max({scale, std::abs(x), std::abs(y)});
    }
    const double nn = static_cast<double>(n);
    const double mean = sum / nn;
    const double var = std::max(0.0, (sum2 - nn * mean * mean) / (nn - 1));
    const double upper = mean + s.z * std::sqrt(var / nn);
    const double tol = 1e-9 * (1 + scale);
    if (upper > tol) return false;
    if (upper < -tol) strict = true;
  }
  return strict;
}

// Over a budget with confidence: the lower bound of the mean peak spend above the budget.
std::optional<std::size_t> over_budget(const Settings& s, const Candidate& c) {
  const double n = static_cast<double>(c.obs.size());
  for (std::size_t p = 0; p < s.positions.size(); ++p) {
    if (p >= s.budget_per_year.size() || s.budget_per_year[p] == kNone) continue;
    double sum = 0, sum2 = 0;
    for (const auto& o : c.obs) {
      sum += o.peak_spend[p];
      sum2 += o.peak_spend[p] * o.peak_spend[p];
    }
    const double mean = sum / n;
    const double var = n > 1 ? std::max(0.0, (sum2 - n * mean * mean) / (n - 1)) : 0.0;
    if (mean - s.z * std::sqrt(var / n) > s.budget_per_year[p] * (1 + 1e-12)) return p;
  }
  return std::nullopt;
}

// Pareto ranks (0: non-dominated) of `pts`, and the crowding distance within each rank (Deb,
// Pratap, Agarwal and Meyarivan 2002, NSGA-II).
std::vector<std::size_t> ranks_of(const std::vector<std::vector<double>>& pts) {
  std::vector<std::size_t> rank(pts.size(), 0);
  std::vector<bool> placed(pts.size(), false);
  std::size_t left = pts.size(), r = 0;
  while (left > 0) {
    std::vector<std::size_t> front;
    for (std::size_t i = 0; i < pts.size(); ++i) {
      if (placed[i]) continue;
      bool dominated = false;
      for (std::size_t j = 0; j < pts.size() && !dominated; ++j)
        dominated = j != i && !placed[j] && dominates_on_means(pts[j], pts[i]);
      if (!dominated) front.push_back(i);
    }
    for (auto i : front) {
      placed[i] = true;
      rank[i] = r;
    }
    left -= front.size();
    ++r;
  }
  return rank;
}

std::vector<double> crowding(const std::vector<std::vector<double>>& pts,
                             const std::vector<std::size_t>& members) {
  std::vector<double> d(pts.size(), 0.0);
  if (members.empty()) return d;
  for (std::size_t j = 0; j < pts[members[0]].size(); ++j) {
    std::vector<std::size_t> o = members;
    std::stable_sort(o.begin(), o.end(),
                     [&](std::size_t a, std::size_t b) { return pts[a][j] < pts[b][j]; });
    const double span = pts[o.back()][j] - pts[o.front()][j];
    d[o.front()] = d[o.back()] = kNone;
    for (std::size_t k = 1; k + 1 < o.size(); ++k)
      if (span > 0) d[o[k]] += (pts[o[k + 1]][j] - pts[o[k - 1]][j]) / span;
  }
  return d;
}

std::vector<std::size_t> alive_ids(const State& st) {
  std::vector<std::size_t> a;
  for (std::size_t i = 0; i < st.candidates.size(); ++i)
    if (st.candidates[i].alive) a.push_back(i);
  return a;
}

// The non-dominated candidates on means among `ids`, within budget on means.
std::vector<std::size_t> non_dominated(const Settings& s, const State& st,
                                       const std::vector<std::size_t>& ids) {
  std::vector<std::size_t> in;
  for (auto i : ids)
    if (!st.candidates[i].obs.empty() && summarise(s, st.candidates[i]).within_budget)
      in.push_back(i);
  std::vector<std::vector<double>> m;
  for (auto i : in) m.push_back(mean_criteria(s, st.candidates[i]));
  std::vector<std::size_t> out;
  for (std::size_t a = 0; a < in.size(); ++a) {
    bool dominated = false;
    for (std::size_t b = 0; b < in.size() && !dominated; ++b)
      dominated = b != a && (dominates_on_means(m[b], m[a]) ||
                             (b < a && !dominates_on_means(m[a], m[b]) &&
                              !dominates_on_means(m[b], m[a]) && same_means(m[a], m[b])));
    if (!dominated) out.push_back(in[a]);
  }
  std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
    const std::size_t t = total_position(s);
    return summarise(s, st.candidates[a]).cost[t] < summarise(s, st.candidates[b]).cost[t];
  });
  return out;
}

// Round 0: the Latin hypercube and the corners. Later rounds: a step either side of each
// frontier point along each lever, the step a quarter of the range halved each round (at least
// one step of the lever's grid), taken in turn from each frontier point up to max_new.
void propose(const Settings& s, State& st, int round) {
  const std::size_t L = s.levers.size();
  if (round == 0) {
    std::vector<double> lo(L), hi(L);
    for (std::size_t j = 0; j < L; ++j) {
      lo[j] = s.levers[j].lo;
      hi[j] = s.levers[j].hi;
    }
    add(st, lo, 0);
    add(st, hi, 0);
    const auto n = static_cast<std::size_t>(std::max(1, s.initial));
    std::vector<std::vector<double>> pts(n, std::vector<double>(L));
    for (std::size_t j = 0; j < L; ++j) {
      Stream rng(s.seed, 1, j);
      std::vector<std::size_t> perm(n);
      std::iota(perm.begin(), perm.end(), std::size_t{0});
      for (std::size_t i = n; i > 1; --i) std::swap(perm[i - 1], perm[rng.below(i)]);
      const LeverRange& l = s.levers[j];
      for (std::size_t i = 0; i < n; ++i) {
        const double u = (static_cast<double>(perm[i]) + rng.uniform()) / static_cast<double>(n);
        pts[i][j] = snap(l, l.lo + u * (l.hi - l.lo));
      }
    }
    for (auto& p : pts) add(st, p, 0);
    return;
  }
  const auto front = non_dominated(s, st, alive_ids(st));
  std::vector<std::vector<std::vector<double>>> moves(front.size());
  for (std::size_t f = 0; f < front.size(); ++f) {
    const auto& base = st.candidates[front[f]].levers;
    for (std::size_t j = 0; j < L; ++j) {
      const LeverRange& l = s.levers[j];
      if (l.hi <= l.lo) continue;
      double delta = (l.hi - l.lo) / 4 / std::pow(2.0, round - 1);
      if (l.step > 0) delta = std::max(l.step, std::round(delta / l.step) * l.step);
      for (double sign : {-1.0, 1.0}) {
        auto v = base;
        v[j] = snap(l, base[j] + sign * delta);
        if (!same_levers(v, base)) moves[f].push_back(v);
      }
    }
    Stream rng(s.seed, 2 + static_cast<std::uint64_t>(round), f);
    for (std::size_t i = moves[f].size(); i > 1; --i)
      std::swap(moves[f][i - 1], moves[f][rng.below(i)]);
  }
  const std::size_t before = st.candidates.size();
  for (std::size_t k = 0;; ++k) {
    bool any = false;
    for (std::size_t f = 0; f < front.size(); ++f) {
      if (k >= moves[f].size()) continue;
      any = true;
      if (st.candidates.size() - before >= static_cast<std::size_t>(s.max_new)) return;
      add(st, moves[f][k], round);
    }
    if (!any) return;
  }
}

// The candidates the answer hangs on, which the halving keeps whatever their crowding: on the
// frontier (on means so far), for least_cost the cheapest that meets the target often enough,
// those cheaper that meet it in some replications, and the next cheaper; for the others the two
// best on the objective.
std::vector<std::size_t> decision_region(const Settings& s, const State& st) {
  const auto front = non_dominated(s, st, alive_ids(st));  // by cost
  std::vector<std::size_t> out;
  if (front.empty()) return out;
  if (s.goal == Goal::LeastCost) {
    std::size_t stop = front.size();
    for (std::size_t k = 0; k < front.size(); ++k)
      if (summarise(s, st.candidates[front[k]]).p_met >= s.probability) {
        stop = k;
        break;
      }
    std::size_t first = stop;
    for (std::size_t k = 0; k < front.size() && k <= stop; ++k) {
      const bool some = summarise(s, st.candidates[front[k]]).p_met > 0;
      if (k == stop || some) {
        if (first == stop || k < first) first = k;
        out.push_back(front[k]);
      }
    }
    if (first > 0 && first <= front.size()) out.push_back(front[std::min(first, front.size()) - 1]);
    if (stop == front.size()) out.push_back(front.back());
    return out;
  }
  std::vector<std::size_t> by = front;
  std::stable_sort(by.begin(), by.end(), [&](std::size_t a, std::size_t b) {
    const auto x = summarise(s, st.candidates[a]), y = summarise(s, st.candidates[b]);
    if (s.goal == Goal::MostNpv) return x.npv[s.npv_position] > y.npv[s.npv_position];
    return x.effect < y.effect;
  });
  by.resize(std::min<std::size_t>(2, by.size()));
  return by;
}

void eliminate(const Settings& s, State& st, int rung) {
  const auto entering = alive_ids(st);
  for (auto i : entering) {
    Candidate& c = st.candidates[i];
    if (const auto p = over_budget(s, c)) {
      c.alive = false;
      c.dropped = fmt::format("over the {} budget", s.positions[*p]);
    }
  }
  const auto within = alive_ids(st);
  std::vector<std::string> why(st.candidates.size());
  for (auto b : within)
    for (auto a : within) {
      if (a == b) continue;
      const std::size_t n = std::min(st.candidates[a].obs.size(), st.candidates[b].obs.size());
      if (dominates_with_confidence(s, st.candidates[a], st.candidates[b], n)) {
        why[b] = fmt::format("dominated by candidate {} with confidence", a);
        break;
      }
      if (a < b && why[a].empty() && same_results(s, st.candidates[a], st.candidates[b], n)) {
        why[b] = fmt::format("the same results as candidate {}", a);
        break;
      }
    }
  for (auto b : within)
    if (!why[b].empty()) {
      st.candidates[b].alive = false;
      st.candidates[b].dropped = why[b];
    }
  if (rung + 1 >= static_cast<int>(s.rungs.size())) return;  // the round's last rung: no halving
  // Halving among the candidates the next rung would give more replications (those raced in an
  // earlier round already have them, and cost nothing more to keep).
  const auto next = static_cast<std::size_t>(s.rungs[static_cast<std::size_t>(rung) + 1]);
  std::vector<std::size_t> alive;
  std::size_t entering_short = 0;
  for (auto i : entering)
    if (st.candidates[i].obs.size() < next) ++entering_short;
  for (auto i : alive_ids(st))
    if (st.candidates[i].obs.size() < next) alive.push_back(i);
  const std::size_t cap = std::max<std::size_t>(static_cast<std::size_t>(std::max(1, s.keep)),
                                                (entering_short + 1) / 2);
  if (alive.size() <= cap) return;
  const auto focus = decision_region(s, st);
  std::vector<std::vector<double>> pts;
  for (auto i : alive) pts.push_back(mean_criteria(s, st.candidates[i]));
  const auto rank = ranks_of(pts);
  std::vector<double> crowd(alive.size(), 0.0);
  for (std::size_t r = 0; r < alive.size(); ++r) {
    std::vector<std::size_t> members;
    for (std::size_t k = 0; k < alive.size(); ++k)
      if (rank[k] == r) members.push_back(k);
    if (members.empty()) break;
    const auto d = crowding(pts, members);
    for (auto k : members) crowd[k] = d[k];
  }
  auto in_focus = [&](std::size_t k) {
    return std::find(focus.begin(), focus.end(), alive[k]) != focus.end();
  };
  std::vector<std::size_t> order(alive.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (in_focus(a) != in_focus(b)) return in_focus(a);
    if (rank[a] != rank[b]) return rank[a] < rank[b];
    return crowd[a] > crowd[b];
  });
  for (std::size_t k = cap; k < order.size(); ++k) {
    if (in_focus(order[k])) continue;
    Candidate& c = st.candidates[alive[order[k]]];
    c.alive = false;
    c.dropped = "halved: far from the frontier at this rung";
  }
}

std::int64_t left_estimate(const Settings& s, const State& st, int stage, std::int64_t in_batch) {
  const int K = static_cast<int>(s.rungs.size());
  const int round = stage / K, rung = stage % K;
  double alive = static_cast<double>(alive_ids(st).size());
  double left = static_cast<double>(in_batch);
  for (int k = rung + 1; k < K; ++k) {
    alive = std::max<double>(s.keep, std::ceil(alive / 2));
    left +=
        alive * (s.rungs[static_cast<std::size_t>(k)] - s.rungs[static_cast<std::size_t>(k - 1)]);
  }
  for (int r = round + 1; r <= s.refine_rounds; ++r) {
    double a = s.max_new;
    left += a * s.rungs[0];
    for (int k = 1; k < K; ++k) {
      a = std::max<double>(s.keep, std::ceil(a / 2));
      left += a * (s.rungs[static_cast<std::size_t>(k)] - s.rungs[static_cast<std::size_t>(k - 1)]);
    }
  }
  return static_cast<std::int64_t>(left);
}

void run_stage(const Settings& s, const Evaluator& evaluate, State& st, int stage,
               const Hooks& hooks) {
  const int K = static_cast<int>(s.rungs.size());
  const int round = stage / K, rung = stage % K;
  if (rung == 0) propose(s, st, round);
  const int n = s.rungs[static_cast<std::size_t>(rung)];
  std::vector<Request> requests;
  std::vector<std::size_t> owner;
  for (auto i : alive_ids(st))
    for (int r = static_cast<int>(st.candidates[i].obs.size()); r < n; ++r) {
      requests.push_back({st.candidates[i].levers, r});
      owner.push_back(i);
    }
  // In chunks, for the progress line and a prompt stop; the result does not depend on them.
  constexpr std::size_t kChunk = 8;
  for (std::size_t from = 0; from < requests.size(); from += kChunk) {
    if (hooks.stop && hooks.stop()) throw Stopped();
    const std::size_t to = std::min(requests.size(), from + kChunk);
    if (hooks.progress)
      hooks.progress(
          st.simulations,
          left_estimate(s, st, stage, static_cast<std::int64_t>(requests.size() - from)));
    const std::vector<Request> batch(requests.begin() + static_cast<std::ptrdiff_t>(from),
                                     requests.begin() + static_cast<std::ptrdiff_t>(to));
    const auto out = evaluate(batch);
    if (out.size() != batch.size()) throw std::logic_error("the evaluator gave the wrong count");
    for (std::size_t k = 0; k < out.size(); ++k)
      st.candidates[owner[from + k]].obs.push_back(out[k]);
    st.simulations += static_cast<std::int64_t>(out.size());
  }
  eliminate(s, st, rung);
}

// The levels of each lever on its grid.
std::size_t levels_of(const LeverRange& l) {
  return static_cast<std::size_t>(std::floor((l.hi - l.lo) / l.step + 1e-9)) + 1;
}

// Grid stage `stage`: points stage x kGridStage onwards (the first lever varying slowest), each
// at the last rung's replications.
void run_grid_stage(const Settings& s, const Evaluator& evaluate, State& st, int stage,
                    const Hooks& hooks) {
  const std::int64_t size = grid_size(s.levers);
  const std::int64_t from = stage * kGridStage, to = std::min(size, from + kGridStage);
  for (std::int64_t k = from; k < to; ++k) {
    std::vector<double> v(s.levers.size());
    std::int64_t rest = k;
    for (std::size_t j = s.levers.size(); j-- > 0;) {
      const auto n = static_cast<std::int64_t>(levels_of(s.levers[j]));
      v[j] = snap(s.levers[j], s.levers[j].lo + static_cast<double>(rest % n) * s.levers[j].step);
      rest /= n;
    }
    Candidate c;  // grid points are distinct: no search for a twin
    c.levers = std::move(v);
    st.candidates.push_back(std::move(c));
  }
  const int n = s.rungs.back();
  std::vector<Request> requests;
  std::vector<std::size_t> owner;
  for (std::size_t i = static_cast<std::size_t>(from); i < st.candidates.size(); ++i)
    for (int r = 0; r < n; ++r) {
      requests.push_back({st.candidates[i].levers, r});
      owner.push_back(i);
    }
  const std::size_t chunk = static_cast<std::size_t>(n) * 4;
  for (std::size_t a = 0; a < requests.size(); a += chunk) {
    if (hooks.stop && hooks.stop()) throw Stopped();
    const std::size_t b = std::min(requests.size(), a + chunk);
    if (hooks.progress)
      hooks.progress(st.simulations, (size - from) * n - static_cast<std::int64_t>(a));
    const std::vector<Request> batch(requests.begin() + static_cast<std::ptrdiff_t>(a),
                                     requests.begin() + static_cast<std::ptrdiff_t>(b));
    const auto out = evaluate(batch);
    if (out.size() != batch.size()) throw std::logic_error("the evaluator gave the wrong count");
    for (std::size_t k = 0; k < out.size(); ++k) st.candidates[owner[a + k]].obs.push_back(out[k]);
    st.simulations += static_cast<std::int64_t>(out.size());
  }
  // Over a budget with confidence: out, as in the race.
  for (std::size_t i = static_cast<std::size_t>(from); i < st.candidates.size(); ++i)
    if (const auto p = over_budget(s, st.candidates[i])) {
      st.candidates[i].alive = false;
      st.candidates[i].dropped = fmt::format("over the {} budget", s.positions[*p]);
    }
}

}  // namespace

std::int64_t grid_size(const std::vector<LeverRange>& levers) {
  std::int64_t n = 1;
  for (const auto& l : levers) {
    if (!(l.step > 0)) return 0;
    n *= static_cast<std::int64_t>(levels_of(l));
    if (n > (std::int64_t{1} << 40)) return n;
  }
  return n;
}

int stage_count(const Settings& s) {
  if (s.grid) return static_cast<int>((grid_size(s.levers) + kGridStage - 1) / kGridStage);
  return (s.refine_rounds + 1) * static_cast<int>(s.rungs.size());
}

void search(const Settings& s, const Evaluator& evaluate, State& state, const Hooks& hooks) {
  const int stages = stage_count(s);
  while (state.stages_done < stages) {
    if (hooks.stop && hooks.stop()) throw Stopped();
    State next = state;  // left as it was if the stage stops part way
    if (s.grid)
      run_grid_stage(s, evaluate, next, state.stages_done, hooks);
    else
      run_stage(s, evaluate, next, state.stages_done, hooks);
    ++next.stages_done;
    next.finished = next.stages_done == stages;
    state = std::move(next);
    if (hooks.stage_done) hooks.stage_done(state);
  }
  state.finished = true;
}

Summary summarise(const Settings& s, const Candidate& c) {
  Summary out;
  out.replications = static_cast<int>(c.obs.size());
  const std::size_t P = s.positions.size();
  out.cost.assign(P, 0.0);
  out.npv.assign(P, 0.0);
  out.peak_spend.assign(P, 0.0);
  if (c.obs.empty()) return out;
  std::vector<double> effects;
  int met = 0;
  for (const auto& o : c.obs) {
    effects.push_back(o.effect);
    if (o.level <= s.threshold) ++met;
    for (std::size_t p = 0; p < P; ++p) {
      out.cost[p] += o.cost[p];
      out.npv[p] += o.npv[p];
      out.peak_spend[p] += o.peak_spend[p];
    }
  }
  const double n = static_cast<double>(c.obs.size());
  for (std::size_t p = 0; p < P; ++p) {
    out.cost[p] /= n;
    out.npv[p] /= n;
    out.peak_spend[p] /= n;
    if (p < s.budget_per_year.size() && s.budget_per_year[p] != kNone &&
        out.peak_spend[p] > s.budget_per_year[p] * (1 + 1e-12))
      out.within_budget = false;
  }
  const Band b = band_of(effects);
  out.effect = b.mean;
  out.effect_p05 = b.p05;
  out.effect_p95 = b.p95;
  out.p_met = met / n;
  return out;
}

std::vector<std::size_t> frontier(const Settings& s, const State& state) {
  std::vector<std::size_t> full;
  for (auto i : alive_ids(state))
    if (static_cast<int>(state.candidates[i].obs.size()) >= s.rungs.back()) full.push_back(i);
  return non_dominated(s, state, full);
}

std::optional<Recommendation> recommend(const Settings& s, const State& state) {
  const auto f = frontier(s, state);
  if (f.empty()) return std::nullopt;
  std::vector<Summary> m;
  for (auto i : f) m.push_back(summarise(s, state.candidates[i]));
  const std::size_t t = total_position(s);
  Recommendation r;
  std::size_t best = 0;
  switch (s.goal) {
    case Goal::LeastCost:
      for (std::size_t k = 0; k < f.size(); ++k)
        if (m[k].p_met >= s.probability && (!r.chosen || m[k].cost[t] < m[best].cost[t])) {
          r.chosen = f[k];
          best = k;
        }
      if (r.chosen) {
        r.met = true;
        r.nearest = *r.chosen;
        return r;
      }
      for (std::size_t k = 1; k < f.size(); ++k)
        if (m[k].p_met > m[best].p_met ||
            (m[k].p_met == m[best].p_met && m[k].effect < m[best].effect))
          best = k;
      r.nearest = f[best];
      return r;
    case Goal::MostOffBenefit:
      for (std::size_t k = 1; k < f.size(); ++k)
        if (m[k].effect < m[best].effect) best = k;
      break;
    case Goal::MostNpv:
      for (std::size_t k = 1; k < f.size(); ++k)
        if (m[k].npv[s.npv_position] > m[best].npv[s.npv_position]) best = k;
      break;
  }
  r.chosen = f[best];
  r.nearest = f[best];
  r.met = true;
  return r;
}

namespace {

std::string hex(double v) { return fmt::format("{:a}", v); }

void put(std::string& out, const std::vector<double>& v) {
  out += fmt::format(" {}", v.size());
  for (double x : v) out += " " + hex(x);
}

std::vector<double> get(std::istringstream& in) {
  std::size_t n = 0;
  if (!(in >> n) || n > 1000000) throw std::runtime_error("the plan checkpoint is malformed");
  std::vector<double> v(n);
  for (auto& x : v) {
    std::string w;
    if (!(in >> w)) throw std::runtime_error("the plan checkpoint is malformed");
    x = std::strtod(w.c_str(), nullptr);
  }
  return v;
}

}  // namespace

std::string to_text(const State& st) {
  std::string out = fmt::format("hwsim-plan-state 1\nstages_done {}\nsimulations {}\nfinished {}\n",
                                st.stages_done, st.simulations, st.finished ? 1 : 0);
  out += fmt::format("candidates {}\n", st.candidates.size());
  for (const auto& c : st.candidates) {
    out += fmt::format("c {} {}", c.alive ? 1 : 0, c.round);
    put(out, c.levers);
    out += fmt::format(" {}\n", c.obs.size());
    out += "d " + c.dropped + "\n";
    for (const auto& o : c.obs) {
      out += "o " + hex(o.effect) + " " + hex(o.level);
      put(out, o.cost);
      put(out, o.npv);
      put(out, o.peak_spend);
      out += "\n";
    }
  }
  return out + "end\n";
}

State from_text(const std::string& text) {
  std::istringstream all(text);
  std::string line;
  auto next = [&]() -> std::istringstream {
    if (!std::getline(all, line)) throw std::runtime_error("the plan checkpoint is cut short");
    return std::istringstream(line);
  };
  auto expect = [&](std::istringstream& in, const std::string& word) {
    std::string w;
    if (!(in >> w) || w != word)
      throw std::runtime_error(fmt::format("the plan checkpoint is malformed (expected {})", word));
  };
  State st;
  {
    auto in = next();
    expect(in, "hwsim-plan-state");
    int version = 0;
    if (!(in >> version) || version != 1)
      throw std::runtime_error("the plan checkpoint is of another version");
  }
  int finished = 0;
  std::size_t n = 0;
  {
    auto in = next();
    expect(in, "stages_done");
    in >> st.stages_done;
  }
  {
    auto in = next();
    expect(in, "simulations");
    in >> st.simulations;
  }
  {
    auto in = next();
    expect(in, "finished");
    in >> finished;
    st.finished = finished != 0;
  }
  {
    auto in = next();
    expect(in, "candidates");
    in >> n;
  }
  for (std::size_t i = 0; i < n; ++i) {
    Candidate c;
    auto in = next();
    expect(in, "c");
    int alive = 0;
    std::size_t obs = 0;
    in >> alive >> c.round;
    c.alive = alive != 0;
    c.levers = get(in);
    if (!(in >> obs)) throw std::runtime_error("the plan checkpoint is malformed");
    next();
    if (line.rfind("d ", 0) != 0) throw std::runtime_error("the plan checkpoint is malformed");
    c.dropped = line.substr(2);
    for (std::size_t k = 0; k < obs; ++k) {
      auto o = next();
      expect(o, "o");
      Observation x;
      std::string a, b;
      o >> a >> b;
      x.effect = std::strtod(a.c_str(), nullptr);
      x.level = std::strtod(b.c_str(), nullptr);
      x.cost = get(o);
      x.npv = get(o);
      x.peak_spend = get(o);
      c.obs.push_back(std::move(x));
    }
    st.candidates.push_back(std::move(c));
  }
  auto in = next();
  expect(in, "end");
  return st;
}

}  // namespace hwsim::plan
