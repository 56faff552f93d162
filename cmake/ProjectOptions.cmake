# All build options of hwsim, one place (prefix HWSIM_).
option(HWSIM_BUILD_TESTS "Build the Catch2 test suite" ON)
option(HWSIM_WITH_MPI "Look for OpenMPI + Boost.MPI (used by calibration)" ON)
option(HWSIM_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" ON)
option(HWSIM_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer (README, Tests)"
       OFF)
set(HWSIM_SANITIZER "" CACHE STRING "Sanitizer to build with: address, undefined, thread or empty")
if(HWSIM_SANITIZE AND NOT HWSIM_SANITIZER)
  set(HWSIM_SANITIZER address,undefined)
endif()

function(hwsim_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wno-restrict  # GCC 12 false positives inside std::string (GCC bug 105329)
    $<$<BOOL:${HWSIM_WARNINGS_AS_ERRORS}>:-Werror>)
  if(HWSIM_SANITIZER)
    # Under -fsanitize=address,undefined GCC 12 says that Boost.Graph's named_graph.hpp (line 513,
    # a boost::optional returned empty) uses a value uninitialized: a false warning of its flow
    # analysis after inlining, which the system-header rule cannot silence because it is raised
    # in hwsim's files that include the header. It is off in sanitizer builds only.
    target_compile_options(${target} PRIVATE -Wno-uninitialized)
  endif()
endfunction()

if(HWSIM_SANITIZER)
  add_compile_options(-fsanitize=${HWSIM_SANITIZER} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${HWSIM_SANITIZER})
  if(HWSIM_SANITIZER MATCHES "undefined")
    # Undefined behaviour fails the test that meets it rather than printing and going on.
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
endif()
