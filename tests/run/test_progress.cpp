// The progress of a command's arms of replications, and the time left for all of it.
#include <catch2/catch.hpp>

#include "run/progress.hpp"

using hwsim::Work;

TEST_CASE("the time left is for all the work still to do, over every arm", "[run][progress]") {
  Work w;
  const int base = w.add("baseline", 20, 137);
  const int scen = w.add("scenario", 20, 137);
  CHECK(w.counts() == "baseline 0/20, scenario 0/20");
  CHECK(w.seconds_left(5) < 0);  // not known before anything is done
  w.done(base, 5);
  // A quarter of the first arm took 10 s: 35 replications of the same cost are left.
  CHECK(w.seconds_left(10) == Approx(70));
  w.done(base, 20);
  // The first arm is done in 40 s; the second, as long, is still to run. (A clock and counter
  // per arm would say 0 s now, or, once the second arm has started, 40 s / 1 x 19 = 760 s.)
  CHECK(w.counts() == "baseline 20/20, scenario 0/20");
  CHECK(w.seconds_left(40) == Approx(40));
  w.done(scen, 1);
  CHECK(w.seconds_left(42) == Approx(42.0 * 19 / 21));
  w.done(scen, 20);
  CHECK(w.fraction_done() == 1);
  CHECK(w.seconds_left(80) == 0);
}

TEST_CASE("arms of unequal cost weigh by it", "[run][progress]") {
  Work w;
  const int a = w.add("short", 10, 1);
  w.add("long", 10, 3);
  w.done(a, 10);  // a quarter of the work
  CHECK(w.fraction_done() == Approx(0.25));
  CHECK(w.seconds_left(10) == Approx(30));
  CHECK(w.counts() == "short 10/10, long 0/10");
}
