# All build options of hwsim, one place (prefix HWSIM_).
option(HWSIM_BUILD_TESTS "Build the Catch2 test suite" ON)
option(HWSIM_WITH_MPI "Look for OpenMPI + Boost.MPI (used by calibration)" ON)
option(HWSIM_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" ON)
set(HWSIM_SANITIZER "" CACHE STRING "Sanitizer to build with: address, undefined, thread or empty")

function(hwsim_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wno-restrict  # GCC 12 false positives inside std::string (GCC bug 105329)
    $<$<BOOL:${HWSIM_WARNINGS_AS_ERRORS}>:-Werror>)
endfunction()

if(HWSIM_SANITIZER)
  add_compile_options(-fsanitize=${HWSIM_SANITIZER} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${HWSIM_SANITIZER})
endif()
