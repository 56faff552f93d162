#include "run/progress.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hwsim {

int Work::add(std::string name, int replications, double weight) {
  arms_.push_back({std::move(name), 0, replications, weight});
  return static_cast<int>(arms_.size()) - 1;
}

void Work::done(int arm, int replications_done) {
  Arm& a = arms_.at(static_cast<std::size_t>(arm));
  a.done = std::clamp(replications_done, 0, a.total);
}

std::string Work::counts() const {
  std::string out;
  for (const Arm& a : arms_)
    out += fmt::format("{}{} {}/{}", out.empty() ? "" : ", ", a.name, a.done, a.total);
  return out;
}

double Work::fraction_done() const {
  double done = 0, all = 0;
  for (const Arm& a : arms_) {
    done += a.done * a.weight;
    all += a.total * a.weight;
  }
  return all > 0 ? done / all : 1.0;
}

double Work::seconds_left(double elapsed) const {
  const double f = fraction_done();
  if (f <= 0) return -1;
  return elapsed * (1 - f) / f;
}

}  // namespace hwsim
