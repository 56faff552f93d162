// Must not build: a file compiled against the model floor's view of sim/ reaches up to io/,
// which that view does not hold (the ctest floors.upward_include_fails). The include of
// model/step.hpp comes first, so the build stops at io/h5.hpp only if the floor's own headers
// are found.
// clang-format off
#include "model/step.hpp"
#include "io/h5.hpp"
// clang-format on

int hwsim_floor_probe_upward() { return 0; }
