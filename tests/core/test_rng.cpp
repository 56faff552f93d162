#include <array>
#include <boost/random/normal_distribution.hpp>
#include <catch2/catch.hpp>
#include <set>
#include <vector>

#include "core/rng.hpp"

using namespace hwsim;

TEST_CASE("the same key gives the same draws and any change of key changes them", "[rng]") {
  Stream a(42, 0, 7, 3, Process::Health), b(42, 0, 7, 3, Process::Health);
  std::vector<std::uint32_t> da, db;
  for (int k = 0; k < 20; ++k) {
    da.push_back(a());
    db.push_back(b());
  }
  CHECK(da == db);
  auto first = [](Stream s) {
    std::vector<std::uint32_t> v;
    for (int k = 0; k < 8; ++k) v.push_back(s());
    return v;
  };
  const auto base = first(Stream(42, 0, 7, 3, Process::Health));
  CHECK(first(Stream(43, 0, 7, 3, Process::Health)) != base);                 // seed
  CHECK(first(Stream(42, 1, 7, 3, Process::Health)) != base);                 // replication
  CHECK(first(Stream(42, 0, 8, 3, Process::Health)) != base);                 // agent
  CHECK(first(Stream(42, 0, 7, 4, Process::Health)) != base);                 // month
  CHECK(first(Stream(42, 0, 7, 3, Process::Claims)) != base);                 // process
  CHECK(first(Stream(42, 0, (1ull << 32) + 7, 3, Process::Health)) != base);  // high id bits
}

TEST_CASE("uniforms are in the unit interval with the right mean and distinct blocks", "[rng]") {
  Stream s(1, 0, 0, 0, Process::Synthesis);
  double sum = 0;
  std::set<std::uint32_t> seen;
  const int n = 200000;
  for (int k = 0; k < n; ++k) {
    const double u = s.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
  }
  CHECK(sum / n == Approx(0.5).margin(0.005));
  Stream t(1, 0, 0, 0, Process::Synthesis);
  for (int k = 0; k < 4000; ++k) seen.insert(t());
  CHECK(seen.size() > 3990);  // successive blocks do not repeat
}

TEST_CASE("a stream drives Boost.Random distributions", "[rng]") {
  Stream s(9, 2, 5, 1, Process::Labour);
  boost::random::normal_distribution<double> normal(10.0, 2.0);
  double sum = 0, sq = 0;
  const int n = 50000;
  for (int k = 0; k < n; ++k) {
    const double x = normal(s);
    sum += x;
    sq += x * x;
  }
  const double mean = sum / n, sd = std::sqrt(sq / n - mean * mean);
  CHECK(mean == Approx(10.0).margin(0.05));
  CHECK(sd == Approx(2.0).margin(0.05));
}

TEST_CASE("processes of an agent-month draw independently of each other", "[rng]") {
  const MonthBlock a(5, 1, 99, 12), b(5, 1, 99, 12);
  Stream h1 = a.stream(Process::Health, 1), h2 = b.stream(Process::Health, 1);
  Stream l1 = a.stream(Process::Labour, 3);
  // Drawing more from one process leaves the other's sequence unchanged.
  for (int k = 0; k < 50; ++k) (void)l1();
  Stream l2 = b.stream(Process::Labour, 3);
  std::vector<std::uint32_t> x, y, u, v;
  for (int k = 0; k < 10; ++k) {
    x.push_back(h1());
    y.push_back(h2());
  }
  CHECK(x == y);
  Stream l3 = a.stream(Process::Labour, 3);
  for (int k = 0; k < 10; ++k) {
    u.push_back(l2());
    v.push_back(l3());
  }
  CHECK(u == v);
  CHECK(x != u);
  // A different month or agent changes every process's first word.
  const MonthBlock c(5, 1, 99, 13);
  CHECK(c.stream(Process::Health, 1)() != a.stream(Process::Health, 1)());
}

TEST_CASE("first_blocks gives the words each stream draws first, for any batch length", "[rng]") {
  // Agent ids past 32 bits, months past 8 bits, seeds past 32 bits, and batches that are not a
  // multiple of the eight lanes.
  Stream pick(20150715, 0, 0, 0, Process::Synthesis);
  for (const std::size_t n : {1u, 7u, 8u, 9u, 61u, 256u}) {
    const std::uint64_t seed = (std::uint64_t{pick()} << 32) | pick();
    const std::uint32_t rep = pick() & 0xffffffu, month = pick() & 0xffffffu;
    std::vector<std::uint64_t> agents(n);
    for (auto& a : agents) a = (std::uint64_t{pick() & 0x3ffu} << 32) | pick();
    for (const Process p : {Process::Month, Process::Services}) {
      std::vector<std::array<std::uint32_t, 4>> out(n);
      first_blocks(seed, rep, month, p, agents.data(), n, out.data());
      for (std::size_t k = 0; k < n; ++k) {
        Stream s(seed, rep, agents[k], month, p);
        Stream t(seed, rep, agents[k], month, p, out[k]);
        for (int w = 0; w < 4; ++w) REQUIRE(out[k][static_cast<std::size_t>(w)] == s());
        // The stream built from the block goes on where the plain one does.
        Stream u(seed, rep, agents[k], month, p);
        for (int w = 0; w < 12; ++w) REQUIRE(t() == u());
      }
    }
  }
}
