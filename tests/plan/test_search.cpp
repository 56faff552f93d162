// The planner's search on a toy plan with a known optimum: two levers with linear effects and
// costs, an analytic evaluator with noise shared by every candidate in a replication (common
// random numbers) and a little of each candidate's own.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>

#include "core/error.hpp"
#include "plan/search.hpp"

using Catch::Detail::Approx;
using namespace hwsim::plan;

namespace {

double normal(std::uint64_t a, std::uint64_t b) {
  // Two uniforms from a hash, Box-Muller.
  auto h = [](std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  };
  const double u1 = (static_cast<double>(h(a * 7919 + b) >> 11) + 0.5) * 0x1.0p-53;
  const double u2 = (static_cast<double>(h(a * 104729 + b + 1) >> 11) + 0.5) * 0x1.0p-53;
  return std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

// Lever a: 10 fewer claimants a unit at 100 a unit (payer p1); lever b: 5 fewer at 150 (p2).
// The level is 1000 plus the effect plus the replication's shock (SD 3).
Observation toy(const Request& q) {
  const double a = q.levers[0], b = q.levers[1];
  const auto r = static_cast<std::uint64_t>(q.replication);
  const auto id = static_cast<std::uint64_t>(a * 100 + b);
  Observation o;
  o.effect = -10 * a - 5 * b + 1.0 * normal(r, 1000 + id);
  o.level = 1000 + o.effect + 3 * normal(r, 7);
  o.cost = {100 * a, 150 * b, 100 * a + 150 * b};
  o.npv = {100 * a, -150 * b, 100 * a - 150 * b};
  o.peak_spend = o.cost;
  return o;
}

struct Counted {
  std::int64_t calls = 0;
  std::vector<Observation> operator()(const std::vector<Request>& batch) {
    std::vector<Observation> out;
    for (const auto& q : batch) out.push_back(toy(q));
    calls += static_cast<std::int64_t>(batch.size());
    return out;
  }
};

Settings toy_settings() {
  Settings s;
  s.levers = {{"a", 0, 10, 1}, {"b", 0, 10, 1}};
  s.positions = {"p1", "p2", "total"};
  s.goal = Goal::LeastCost;
  s.threshold = 940;  // 60 fewer claimants, with the shock
  s.probability = 0.8;
  s.budget_per_year = {kNone, kNone, kNone};
  s.seed = 42;
  s.initial = 12;
  s.rungs = {4, 8, 16};
  s.refine_rounds = 3;
  s.keep = 6;
  s.max_new = 16;
  return s;
}

std::vector<double> levers_of(const State& st, std::size_t i) { return st.candidates[i].levers; }

}  // namespace

TEST_CASE("plan search finds the cheapest portfolio that meets a toy target", "[plan]") {
  const Settings s = toy_settings();
  Counted eval;
  State st;
  search(
      s, [&](const std::vector<Request>& b) { return eval(b); }, st);
  REQUIRE(st.finished);
  const auto rec = recommend(s, st);
  REQUIRE(rec);
  REQUIRE(rec->met);
  // 7 units of a: 70 fewer, P(met) near 1 at cost 700; 6 units meet it only half the time.
  CHECK(levers_of(st, *rec->chosen) == std::vector<double>{7, 0});
  CHECK(summarise(s, st.candidates[*rec->chosen]).cost[2] == Approx(700));
  // Far fewer simulations than the dense grid at the last rung (121 points x 16).
  CHECK(st.simulations == eval.calls);
  CHECK(st.simulations < 121 * 16 / 2);
}

TEST_CASE("plan frontier points do not dominate one another", "[plan]") {
  const Settings s = toy_settings();
  Counted eval;
  State st;
  search(
      s, [&](const std::vector<Request>& b) { return eval(b); }, st);
  const auto f = frontier(s, st);
  REQUIRE(f.size() >= 3);
  for (auto i : f)
    for (auto j : f) {
      if (i == j) continue;
      const auto a = summarise(s, st.candidates[i]), b = summarise(s, st.candidates[j]);
      const bool dominates = a.cost[2] <= b.cost[2] && a.effect <= b.effect &&
                             (a.cost[2] < b.cost[2] || a.effect < b.effect);
      CHECK_FALSE(dominates);
    }
  // By cost, the frontier's effect falls.
  for (std::size_t k = 1; k < f.size(); ++k)
    CHECK(summarise(s, st.candidates[f[k]]).effect < summarise(s, st.candidates[f[k - 1]]).effect);
}

TEST_CASE("plan search within a budget that rules the target out says so", "[plan]") {
  Settings s = toy_settings();
  s.budget_per_year = {kNone, kNone, 500};
  Counted eval;
  State st;
  search(
      s, [&](const std::vector<Request>& b) { return eval(b); }, st);
  const auto rec = recommend(s, st);
  REQUIRE(rec);
  CHECK_FALSE(rec->met);
  CHECK_FALSE(rec->chosen);
  // The most that can be reached: all the budget on lever a.
  CHECK(levers_of(st, rec->nearest) == std::vector<double>{5, 0});
  for (auto i : frontier(s, st)) CHECK(summarise(s, st.candidates[i]).peak_spend[2] <= 500);
}

TEST_CASE("plan search for most NPV for a payer", "[plan]") {
  Settings s = toy_settings();
  s.goal = Goal::MostNpv;
  s.npv_position = 0;  // p1 gains 100 a unit of a
  Counted eval;
  State st;
  search(
      s, [&](const std::vector<Request>& b) { return eval(b); }, st);
  const auto rec = recommend(s, st);
  REQUIRE(rec);
  REQUIRE(rec->chosen);
  CHECK(levers_of(st, *rec->chosen)[0] == 10);
}

TEST_CASE("plan search resumed from a checkpoint ends where an uninterrupted one does", "[plan]") {
  const Settings s = toy_settings();
  Counted e1;
  State whole;
  search(
      s, [&](const std::vector<Request>& b) { return e1(b); }, whole);

  // Stopped after the third stage, with its checkpoint saved as text.
  std::string saved;
  int stages = 0;
  Hooks hooks;
  hooks.stage_done = [&](const State& st) {
    saved = to_text(st);
    ++stages;
  };
  hooks.stop = [&] { return stages >= 3; };
  Counted e2;
  State part;
  CHECK_THROWS_AS(search(
                      s, [&](const std::vector<Request>& b) { return e2(b); }, part, hooks),
                  hwsim::Stopped);
  CHECK(part.stages_done == 3);
  State resumed = from_text(saved);
  CHECK(to_text(resumed) == saved);
  Counted e3;
  search(
      s, [&](const std::vector<Request>& b) { return e3(b); }, resumed);
  CHECK(to_text(resumed) == to_text(whole));
  CHECK(e2.calls + e3.calls == e1.calls);
}

TEST_CASE("plan grid runs every point of the levers' grid at the last rung", "[plan]") {
  Settings s = toy_settings();
  s.grid = true;
  CHECK(grid_size(s.levers) == 121);
  CHECK(stage_count(s) == 2);  // 64 points a stage
  CHECK(grid_size({{"a", 0, 10, 1}, {"c", 0, 1, 0}}) == 0);  // a continuous lever has no grid
  Counted eval;
  State grid;
  search(
      s, [&](const std::vector<Request>& b) { return eval(b); }, grid);
  REQUIRE(grid.finished);
  REQUIRE(grid.candidates.size() == 121);
  CHECK(grid.simulations == 121 * 16);
  for (const auto& c : grid.candidates) CHECK(c.obs.size() == 16);
  CHECK(grid.candidates.front().levers == std::vector<double>{0, 0});
  CHECK(grid.candidates[1].levers == std::vector<double>{0, 1});  // the last lever fastest
  CHECK(grid.candidates.back().levers == std::vector<double>{10, 10});
  // The race's frontier against the grid's: the band of each race point up to the recommended
  // one (where the least-cost search spends its simulations) holds the grid's best change at no
  // more cost; beyond it, nearly every point does (the race need not try every portfolio there).
  Settings r = toy_settings();
  State race;
  Counted race_eval;
  search(
      r, [&](const std::vector<Request>& b) { return race_eval(b); }, race);
  const auto rec = recommend(r, race);
  REQUIRE(rec);
  REQUIRE(rec->chosen);
  const double rec_cost = summarise(r, race.candidates[*rec->chosen]).cost[2];
  const auto gf = frontier(s, grid);
  const auto rf = frontier(r, race);
  std::size_t within = 0;
  for (auto i : rf) {
    const Summary a = summarise(r, race.candidates[i]);
    double best = 0;
    for (auto j : gf) {
      const Summary g = summarise(s, grid.candidates[j]);
      if (g.cost[2] <= a.cost[2] + 1e-9) best = std::min(best, g.effect);
    }
    INFO("race point " << a.cost[2] << ", " << a.effect << " (" << a.effect_p05 << " to "
                       << a.effect_p95 << "); grid best at no more cost " << best);
    if (a.cost[2] <= rec_cost) CHECK(best >= a.effect_p05 - 1e-9);
    within += best >= a.effect_p05 - 1e-9 ? 1 : 0;
  }
  CHECK(static_cast<double>(within) >= 0.9 * static_cast<double>(rf.size()));
  CHECK(race.simulations < grid.simulations / 2);
}
