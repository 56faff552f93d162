// `hwsim calibrate`: ABC-SMC fit of the status quo's uncertain parameters to the targets, on
// one process (TBB threads) or several (mpirun), checkpointed after each generation.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace hwsim {

struct CalibrateOptions {
  std::string config;
  std::string out;     // --out
  std::string resume;  // --resume
  std::optional<std::uint64_t> seed;
  int threads = 0;
  double max_hours = 0;  // 0: no budget
  bool quiet = false;
  int stop_after_generation = -1;  // test hook: stop as if the budget ran out after it
  std::string command_line;
};

// Exit codes: 0 done, 1 failure, 2 bad input, 3 stopped early with a resumable checkpoint.
int calibrate_command(const CalibrateOptions& o, int& argc, char**& argv);

}  // namespace hwsim
