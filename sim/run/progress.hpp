// The progress of a long command's replications: its arms (a run has one, a comparison two: the
// baseline, then the scenario), each with its replications done and in all, and the time left
// for all the work still to do, at the pace so far.
#pragma once
#include <string>
#include <vector>

namespace hwsim {

class Work {
 public:
  // An arm of `replications`, each costing `weight` (e.g. the months it steps, spin-up included).
  // Returns its index.
  int add(std::string name, int replications, double weight = 1);
  void done(int arm, int replications_done);
  // "baseline 12/20, scenario 0/20"
  std::string counts() const;
  // The share of the work done, weighted, from 0 to 1.
  double fraction_done() const;
  // Seconds left for every arm's remaining replications after `elapsed` seconds of all the work
  // so far: elapsed x work left / work done. Negative (unknown) before any is done.
  double seconds_left(double elapsed) const;

 private:
  struct Arm {
    std::string name;
    int done = 0, total = 0;
    double weight = 1;
  };
  std::vector<Arm> arms_;
};

}  // namespace hwsim
