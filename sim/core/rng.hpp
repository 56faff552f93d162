// Counter-based random streams (STYLE example 5). Every decision site draws from its own
// stream keyed by (seed, replication, agent id, month, process): Random123's Philox4x32-10
// turns that key and a block counter into four 32-bit words. No engine state is shared
// between agents or threads, so results do not depend on scheduling, and a draw added in
// one process does not shift any other process's draws (common random numbers).
#pragma once
#include <Random123/philox.h>

#include <array>
#include <cstdint>
#include <limits>

namespace hwsim {

// Decision sites. Each has its own stream; never reuse a number for two sites.
enum class Process : std::uint32_t {
  Synthesis = 1,  // building the month-0 population
  Backcast = 2,   // reconstructing claim histories of month-0 claimants
  Demography = 3,
  Health = 4,
  Claims = 5,
  Labour = 6,
  Entrant = 7,       // attributes of people who join the population
  Services = 8,      // NHS service use (and, later, referrals to interventions)
  Month = 9,         // the shared first block of an agent-month (see MonthBlock)
  Referral = 10,     // referrals, take-up, drop-out and waiting lists of interventions
  Calibration = 11,  // ABC-SMC: proposals and simulation seeds, by (generation, candidate)
  Posterior = 12,    // the posterior particle drawn for each replication of a run
  Earnings = 13,     // pay drawn when a job starts
  Uncertainty = 14,  // the evidence's draws of a replication (input/uncertainty.hpp), by key
  Trial = 15,        // a trial's randomisation: each participant's arm, or the practices' arms
};

// A Boost.Random-compatible uniform random bit generator over one Philox stream.
class Stream {
 public:
  using result_type = std::uint32_t;
  // Counter layout (128 bits): word 0 counts blocks within the stream; word 1 holds the
  // agent id's low 32 bits; word 2 its next 8 bits and the month (24 bits); word 3 the
  // process (8 bits) and the replication (24 bits). The key is the 64-bit seed.
  Stream(std::uint64_t seed, std::uint32_t replication, std::uint64_t agent, std::uint32_t month,
         Process process)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
        ctr_{{0u, static_cast<std::uint32_t>(agent),
              (static_cast<std::uint32_t>((agent >> 32) & 0xffu) << 24) | (month & 0xffffffu),
              (static_cast<std::uint32_t>(process) << 24) | (replication & 0xffffffu)}} {}

  // A stream whose first word is given (a word of the agent-month's shared block); later
  // words come from the stream's own counter, so each process's draws stay its own.
  Stream(std::uint64_t seed, std::uint32_t replication, std::uint64_t agent, std::uint32_t month,
         Process process, std::uint32_t first_word)
      : Stream(seed, replication, agent, month, process) {
    out_.v[3] = first_word;
    pos_ = 3;
  }

  // A stream whose first block was computed already (first_blocks below): its four words come
  // first, then the stream's own counter from block 1.
  Stream(std::uint64_t seed, std::uint32_t replication, std::uint64_t agent, std::uint32_t month,
         Process process, const std::array<std::uint32_t, 4>& first_block)
      : Stream(seed, replication, agent, month, process) {
    for (unsigned k = 0; k < 4; ++k) out_.v[k] = first_block[k];
    ctr_.v[0] = 1;
    pos_ = 0;
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    if (pos_ == 4) refill();
    return out_.v[pos_++];
  }
  // Uniform on [0, 1) with 32 bits of resolution.
  double uniform() { return static_cast<double>((*this)()) * 0x1.0p-32; }
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
    out_ = Philox{}(ctr_, key_);
    ++ctr_.v[0];
    pos_ = 0;
  }
  Philox::key_type key_;
  Philox::ctr_type ctr_;
  Philox::ctr_type out_{};
  unsigned pos_ = 4;
};

// One Philox block per agent-month, whose four words start the streams of the four monthly
// processes (demography, health, claims, labour). Most agents need one draw per process, so
// a month usually costs one block instead of four, and a process that needs more draws
// continues on its own stream without shifting any other process's draws.
class MonthBlock {
 public:
  // From the block already computed (first_blocks with Process::Month).
  MonthBlock(std::uint64_t seed, std::uint32_t replication, std::uint64_t agent,
             std::uint32_t month, const std::array<std::uint32_t, 4>& words)
      : seed_(seed), replication_(replication), agent_(agent), month_(month), words_(words) {}
  MonthBlock(std::uint64_t seed, std::uint32_t replication, std::uint64_t agent,
             std::uint32_t month)
      : seed_(seed), replication_(replication), agent_(agent), month_(month) {
    Stream s(seed, replication, agent, month, Process::Month);
    for (auto& w : words_) w = s();
  }
  // slot 0..3: the word that starts this process's stream.
  Stream stream(Process process, unsigned slot) const {
    return Stream(seed_, replication_, agent_, month_, process, words_[slot & 3u]);
  }

 private:
  std::uint64_t seed_;
  std::uint32_t replication_;
  std::uint64_t agent_;
  std::uint32_t month_;
  std::array<std::uint32_t, 4> words_{};
};

// The first block (four words) of the streams of many agents in one month and process: the same
// words as Stream(seed, replication, agents[k], month, process) draws first, computed several
// agents at a time with vector instructions where the processor has them (core/rng.cpp).
void first_blocks(std::uint64_t seed, std::uint32_t replication, std::uint32_t month,
                  Process process, const std::uint64_t* agents, std::size_t n,
                  std::array<std::uint32_t, 4>* out);

}  // namespace hwsim
