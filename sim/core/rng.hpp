// Counter-based random streams (STYLE example 5). Every decision site draws from its own
// stream keyed by (seed, replication, agent id, month, process): Random123's Philox4x32-10
// turns that key and a block counter into four 32-bit words. No engine state is shared
// between agents or threads, so results do not depend on scheduling, and a draw added in
// one process does not shift any other process's draws (common random numbers).
#pragma once
#include <cstdint>
#include <limits>

#include <Random123/philox.h>
#include <boost/random/uniform_01.hpp>

namespace hwsim {

// Decision sites. Each has its own stream; never reuse a number for two sites.
enum class Process : std::uint32_t {
  Synthesis = 1,      // building the month-0 population
  Backcast = 2,       // reconstructing claim histories of month-0 claimants
  Demography = 3,
  Health = 4,
  Claims = 5,
  Labour = 6,
  Entrant = 7,        // attributes of people who join the population
  Services = 8,       // reserved: service contacts and interventions
};

// A Boost.Random-compatible uniform random bit generator over one Philox stream.
class Stream {
 public:
  using result_type = std::uint32_t;
  Stream(std::uint64_t seed, std::uint32_t replication, std::uint64_t agent, std::uint32_t month,
         Process process)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
        ctr_{{static_cast<std::uint32_t>(agent), month,
              (static_cast<std::uint32_t>(process) << 24) |
                  static_cast<std::uint32_t>((agent >> 32) & 0xffffffu),
              replication}} {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    if (pos_ == 4) refill();
    return out_.v[pos_++];
  }
  // Uniform on [0, 1) with 32 bits of resolution.
  double uniform() { return static_cast<double>((*this)()) * 0x1.0p-32; }
  bool bernoulli(double p) { return uniform() < p; }
  // Index drawn from cumulative probabilities cum[0..n-1] (cum[n-1] may be < 1: the
  // remainder means "none", returned as n).
  template <typename It>
  std::size_t choose(It cum_begin, It cum_end) {
    const double u = uniform();
    std::size_t i = 0;
    for (It it = cum_begin; it != cum_end; ++it, ++i)
      if (u < *it) return i;
    return i;
  }

 private:
  using Philox = r123::Philox4x32;
  void refill() {
    // The block counter lives in the high byte of word 1 (month < 2^24 months).
    Philox::ctr_type c = ctr_;
    c.v[1] ^= block_ << 24;
    out_ = Philox{}(c, key_);
    ++block_;
    pos_ = 0;
  }
  Philox::key_type key_;
  Philox::ctr_type ctr_;
  Philox::ctr_type out_{};
  std::uint32_t block_ = 0;
  unsigned pos_ = 4;
};

// Boost.Random's uniform_01 over a stream, for code that wants a distribution object.
inline double uniform01(Stream& s) { return boost::random::uniform_01<double>{}(s); }

}  // namespace hwsim
