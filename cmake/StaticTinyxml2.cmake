# tinyxml2 as a static library, for a statically linked isotest (ISOTEST_STATIC): Debian ships
# only libtinyxml2.so, so the same release is built from Debian's own source tarball, which
# scripts/tinyxml2-source.sh gets through apt's source mechanism (deb-src entries derived from
# the machine's apt configuration, checked by apt and against a pinned SHA-256) and caches.
# When it cannot be had (offline), isotest is linked dynamically instead: one line says so, and
# isotest_link_static is set OFF. Sets isotest_tinyxml2_target when the static library is made.
set(ISOTEST_TINYXML2_SOURCE_CACHE "/var/tmp/isotest-tinyxml2-source" CACHE PATH
    "Where scripts/tinyxml2-source.sh caches Debian's tinyxml2 source tarball")
execute_process(
  COMMAND bash "${PROJECT_SOURCE_DIR}/scripts/tinyxml2-source.sh" "${ISOTEST_TINYXML2_SOURCE_CACHE}"
  OUTPUT_VARIABLE isotest_tinyxml2_tarball OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_VARIABLE isotest_tinyxml2_error ERROR_STRIP_TRAILING_WHITESPACE
  RESULT_VARIABLE isotest_tinyxml2_result)
if(NOT isotest_tinyxml2_result EQUAL 0)
  message(NOTICE "isotest: building a dynamically linked isotest (~1 ms slower per launch): "
                 "no static tinyxml2, because ${isotest_tinyxml2_error}. Once the Debian archive "
                 "is reachable, configure again for the static binary; -DISOTEST_STATIC=OFF "
                 "silences this.")
  set(isotest_link_static OFF)
  return()
endif()

set(isotest_tinyxml2_dir "${CMAKE_CURRENT_BINARY_DIR}/tinyxml2-source")
if(NOT EXISTS "${isotest_tinyxml2_dir}/tinyxml2-9.0.0/tinyxml2.cpp")
  file(REMOVE_RECURSE "${isotest_tinyxml2_dir}")
  file(ARCHIVE_EXTRACT INPUT "${isotest_tinyxml2_tarball}" DESTINATION "${isotest_tinyxml2_dir}")
endif()
set(isotest_tinyxml2_source_dir "${isotest_tinyxml2_dir}/tinyxml2-9.0.0")
# Only the one source file is built: tinyxml2's own CMake project would add its tests and
# install rules to ours.
add_library(isotest_tinyxml2 STATIC ${isotest_tinyxml2_source_dir}/tinyxml2.cpp)
target_include_directories(isotest_tinyxml2 SYSTEM BEFORE PUBLIC ${isotest_tinyxml2_source_dir})
target_compile_options(isotest_tinyxml2 PRIVATE -w)  # third-party code: not ours to -Werror
set_target_properties(isotest_tinyxml2 PROPERTIES POSITION_INDEPENDENT_CODE ON)
set(isotest_tinyxml2_target isotest_tinyxml2)
