# Precompiled headers for the CI builds (option CHRONICLE_PCH, on in the `ci` and `asan` presets).
#
# A clean build is most of CI's time: two full builds (`ci`, `asan`) on two cores. Nearly every
# translation unit parses the same standard headers and fmt, and every test file GoogleTest's,
# which is more time than many of the files themselves take. Compiled once per target, they are
# read back in a fraction of that. Off by default: an incremental `dev` build gains little, and
# ccache cannot cache a compilation that uses a precompiled header. The `dev` build, without
# them, also keeps every file honest about its own includes.

set(chronicle_pch_common
  <algorithm> <cstdint> <filesystem> <functional> <map> <memory> <optional> <set> <string>
  <string_view> <unordered_map> <utility> <variant> <vector> <fmt/format.h>)

# Every executable and library target defined in `dir` and the folders below it.
function(chronicle_targets_below dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    chronicle_targets_below(${sub} more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# GCC 12 keeps its warnings about the standard library's inlined code quiet because that code is
# in a system header, but not when the header comes from a precompiled one: then its known false
# positives (GCC bugs 105329, 105651, on std::string's find and append with a bound it cannot
# prove) stop the -Werror build, though the code is the code the `dev` build compiles quietly.
set(chronicle_pch_quiet
  "$<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-stringop-overread;-Wno-restrict;-Wno-stringop-overflow>")

function(chronicle_pch target)
  target_precompile_headers(${target} PRIVATE ${ARGN})
  target_compile_options(${target} PRIVATE ${chronicle_pch_quiet})
endfunction()

function(chronicle_precompile_headers)
  chronicle_pch(chronicle_lib ${chronicle_pch_common})
  chronicle_pch(chronicle ${chronicle_pch_common})
  if(BUILD_TESTING AND TARGET GTest::gtest)
    chronicle_targets_below(${PROJECT_SOURCE_DIR}/tests test_targets)
    foreach(t IN LISTS test_targets)
      get_target_property(type ${t} TYPE)
      if(type STREQUAL "EXECUTABLE")
        chronicle_pch(${t} ${chronicle_pch_common} <gtest/gtest.h>)
      endif()
    endforeach()
  endif()
endfunction()
