// Must build: a file compiled against the model floor's view of sim/ including its own floor
// and one below (the ctest floors.own_floor_include_builds), so floors.upward_include_fails
// fails only because of the upward include.
#include "core/rng.hpp"
#include "model/step.hpp"

int hwsim_floor_probe_own() { return 0; }
