# Every test of a project through isotest, without editing the project:
#
#   cmake -S <project> -B <build> \
#         -DCMAKE_PROJECT_TOP_LEVEL_INCLUDES=<prefix>/lib/cmake/isotest/isotest-all.cmake \
#         [-DISOTEST_ARGS="--net;none"] [-DISOTEST_REPORT_DIR=<dir>]
#
# CMake (>= 3.24) includes this file in the project's first project() call; from there on,
# every add_test(COMMAND <executable target>) in every directory runs under isotest, with its
# name, TIMEOUT and SKIP_RETURN_CODE honoured. try_run() checks are left alone. See
# docs/ctest.md "A whole project, unedited".
include_guard(GLOBAL)

if(CMAKE_VERSION VERSION_LESS 3.24)
  message(FATAL_ERROR "isotest-all.cmake is meant for CMAKE_PROJECT_TOP_LEVEL_INCLUDES (CMake >= 3.24); "
                      "this is ${CMAKE_VERSION}")
endif()
find_package(isotest REQUIRED CONFIG PATHS "${CMAKE_CURRENT_LIST_DIR}" NO_DEFAULT_PATH)
isotest_isolate_directory(ISOTEST_ARGS ${ISOTEST_ARGS})
