# Isotest.cmake: run CTest tests through isotest (fresh namespaces, JUnit report per test).
#
#   find_package(isotest REQUIRED)   # or add_subdirectory(<isotest source>) / FetchContent
#
#   isotest_add_test(NAME n COMMAND cmd [arg...]
#                    [ISOTEST_ARGS opt...]            # isotest options, e.g. --net none
#                    [WORKING_DIRECTORY dir] [CONFIGURATIONS cfg...] [COMMAND_EXPAND_LISTS]
#                    [TIMEOUT seconds] [WILL_FAIL] [SKIP_RETURN_CODE code]
#                    [PROPERTIES prop value ...])     # any other test property
#   isotest_gtest_discover_tests(target [ISOTEST_ARGS opt...] <gtest_discover_tests args>)
#   isotest_isolate_directory([ISOTEST_ARGS opt...])  # every add_test(COMMAND <target>) here
#                                                     # and in every directory added below
# A whole project, unedited: cmake -DCMAKE_PROJECT_TOP_LEVEL_INCLUDES=<package dir>/isotest-all.cmake
#
# Each test writes ${ISOTEST_REPORT_DIR}/<test>.xml (default ${CMAKE_BINARY_DIR}/isotest-reports);
# `cmake --build <dir> --target isotest_merge_reports` merges them into isotest-report.xml.
# ${ISOTEST_KEEP_PATHS} (default: the top source and binary directories) stay visible inside
# (isotest --keep), even under the sandbox's fresh /tmp.
# Test properties are read at the end of each directory, so set_tests_properties() after the
# calls works too: the name, SKIP_RETURN_CODE (--skip-exit-code) and TIMEOUT reach isotest. On
# CMake >= 3.27 CTest itself ends a test at its TIMEOUT with SIGTERM (TIMEOUT_SIGNAL_NAME), which
# isotest passes on, and isotest writes the report within the grace period; on older CMake
# isotest's --timeout fires just before CTest's. See docs/ctest.md.
include_guard(GLOBAL)

if(CMAKE_VERSION VERSION_LESS 3.19)
  message(FATAL_ERROR "Isotest.cmake needs CMake >= 3.19 (cmake_language(DEFER)); this is ${CMAKE_VERSION}")
endif()

# Functions only (no variables): they run in the caller's scope, which may be a directory
# that never saw this file's variables (add_subdirectory of isotest's source).

# CMake >= 3.29 has TEST_LAUNCHER, made for this; older CMake only has CROSSCOMPILING_EMULATOR
# (which add_test() honours without cross-compiling, policy CMP0158 aside).
function(_isotest_launcher_property out_property)
  if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.29)
    set(${out_property} TEST_LAUNCHER PARENT_SCOPE)
  else()
    set(${out_property} CROSSCOMPILING_EMULATOR PARENT_SCOPE)
  endif()
endfunction()

function(_isotest_require_binary)
  if(NOT TARGET isotest::isotest)
    message(FATAL_ERROR "isotest: no isotest::isotest target; call find_package(isotest) or "
                        "add_subdirectory(<isotest source dir>) first")
  endif()
endfunction()

function(_isotest_report_dir out_var)
  if(DEFINED ISOTEST_REPORT_DIR)
    set(${out_var} "${ISOTEST_REPORT_DIR}" PARENT_SCOPE)
  else()
    set(${out_var} "${CMAKE_BINARY_DIR}/isotest-reports" PARENT_SCOPE)
  endif()
endfunction()

# isotest's path, known at configure time: CMake (< 3.29) does not evaluate generator
# expressions in CROSSCOMPILING_EMULATOR when it prefixes add_test() commands.
function(_isotest_binary_path out_var)
  set(target isotest::isotest)
  get_property(aliased TARGET ${target} PROPERTY ALIASED_TARGET)
  if(aliased)
    set(target ${aliased})
  endif()
  get_property(imported TARGET ${target} PROPERTY IMPORTED)
  if(imported)
    get_property(path TARGET ${target} PROPERTY IMPORTED_LOCATION)
    if(NOT path)
      get_property(configurations TARGET ${target} PROPERTY IMPORTED_CONFIGURATIONS)
      list(GET configurations 0 configuration)
      get_property(path TARGET ${target} PROPERTY IMPORTED_LOCATION_${configuration})
    endif()
  else()
    # Built in this tree (add_subdirectory / FetchContent): where a single-config generator puts it.
    get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
    if(multi_config)
      message(FATAL_ERROR "isotest: with a multi-config generator, launchers cannot name isotest "
                          "built in this tree; install isotest and use find_package(isotest)")
    endif()
    get_property(directory TARGET ${target} PROPERTY RUNTIME_OUTPUT_DIRECTORY)
    if(NOT directory)
      get_property(directory TARGET ${target} PROPERTY BINARY_DIR)
    endif()
    get_property(name TARGET ${target} PROPERTY OUTPUT_NAME)
    if(NOT name)
      set(name ${target})
    endif()
    set(path "${directory}/${name}${CMAKE_EXECUTABLE_SUFFIX}")
  endif()
  set(${out_var} "${path}" PARENT_SCOPE)
endfunction()

# The launcher command up to the caller's isotest options: launcher, isotest, report dir, --keep.
function(_isotest_launcher out_var)
  _isotest_require_binary()
  _isotest_report_dir(report_dir)
  _isotest_add_merge_target("${report_dir}")
  _isotest_binary_path(isotest)
  # Tests find their data through paths built at run time, not only through their arguments:
  # keep the project's trees visible even where they lie under the sandbox's fresh /tmp.
  if(DEFINED ISOTEST_KEEP_PATHS)
    set(keep_paths ${ISOTEST_KEEP_PATHS})
  else()
    set(keep_paths "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}")
  endif()
  set(keep_options "")
  foreach(path IN LISTS keep_paths)
    list(APPEND keep_options --keep "${path}")
  endforeach()
  set(${out_var} "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/isotest-ctest-launch" "${isotest}" "${report_dir}"
      ${keep_options} PARENT_SCOPE)
endfunction()

function(_isotest_add_merge_target report_dir)
  if(TARGET isotest_merge_reports)
    return()
  endif()
  add_custom_target(isotest_merge_reports
    COMMAND isotest::isotest merge -o "${CMAKE_BINARY_DIR}/isotest-report.xml" "${report_dir}"
    COMMENT "Merging isotest reports in ${report_dir} into ${CMAKE_BINARY_DIR}/isotest-report.xml"
    VERBATIM)
endfunction()

# Milliseconds in a CTest TIMEOUT ("30", "2.5"); empty when it is not a positive number.
function(_isotest_milliseconds seconds out_var)
  set(${out_var} "" PARENT_SCOPE)
  if(NOT seconds MATCHES "^([0-9]+)(\\.([0-9]*))?$")
    return()
  endif()
  set(whole "${CMAKE_MATCH_1}")
  string(SUBSTRING "${CMAKE_MATCH_3}000" 0 3 fraction)
  # "1${fraction} - 1000": math(EXPR) would read a leading zero as octal.
  math(EXPR ms "${whole} * 1000 + 1${fraction} - 1000")
  if(ms GREATER 0)
    set(${out_var} "${ms}" PARENT_SCOPE)
  endif()
endfunction()

function(_isotest_seconds ms out_var)
  math(EXPR whole "${ms} / 1000")
  math(EXPR fraction "1000 + ${ms} % 1000")
  string(SUBSTRING "${fraction}" 1 3 fraction)
  set(${out_var} "${whole}.${fraction}" PARENT_SCOPE)
endfunction()

# How isotest ends a test it stops: SIGTERM, SIGKILL `kill_after` later, then the report, for
# which `report` is left (measured, see docs/ctest.md "Timeouts"). BEFORE_CTEST: isotest's own
# --timeout must fire that much before CTest's SIGKILL (CMake < 3.27), every millisecond taken
# from the test. AFTER_CTEST_SIGNAL: the grace after CTest's TIMEOUT_SIGNAL_NAME (CMake >= 3.27),
# which costs a passing test nothing, so it can afford the test a moment to clean up and cover
# the slowest stop measured.
function(_isotest_stop_budget mode out_kill_after_ms out_report_ms)
  if(mode STREQUAL "BEFORE_CTEST")
    set(${out_kill_after_ms} 100 PARENT_SCOPE)
    set(${out_report_ms} 400 PARENT_SCOPE)
  else()
    set(${out_kill_after_ms} 500 PARENT_SCOPE)
    set(${out_report_ms} 1500 PARENT_SCOPE)
  endif()
endfunction()

# isotest's --timeout and --kill-after for a CTest TIMEOUT on CMake < 3.27, where CTest kills
# isotest itself with SIGKILL at the TIMEOUT: isotest stops the test the stop budget earlier
# (at most half the TIMEOUT). Empty when the TIMEOUT is not a positive number.
function(_isotest_timeout_options ctest_timeout out_timeout out_kill_after)
  set(${out_timeout} "" PARENT_SCOPE)
  set(${out_kill_after} "" PARENT_SCOPE)
  _isotest_milliseconds("${ctest_timeout}" total)
  if("${total}" STREQUAL "")
    return()
  endif()
  _isotest_stop_budget(BEFORE_CTEST kill_after report)
  math(EXPR margin "${kill_after} + ${report}")
  math(EXPR half "${total} / 2")
  if(margin GREATER half)
    set(margin ${half})
    math(EXPR kill_after "${half} * ${kill_after} / (${kill_after} + ${report})")
  endif()
  math(EXPR timeout "${total} - ${margin}")
  _isotest_seconds(${timeout} timeout)
  _isotest_seconds(${kill_after} kill_after)
  set(${out_timeout} "${timeout}" PARENT_SCOPE)
  set(${out_kill_after} "${kill_after}" PARENT_SCOPE)
endfunction()

# CMake >= 3.27: TIMEOUT_SIGNAL_NAME and TIMEOUT_SIGNAL_GRACE_PERIOD for a test that has none,
# as "name;value" pairs, and isotest's --kill-after to go with the test's (or these) settings.
# A signal the project chose stays: isotest passes on SIGTERM, SIGINT, SIGHUP and SIGQUIT.
function(_isotest_timeout_signal_settings signal grace out_properties out_kill_after)
  _isotest_stop_budget(AFTER_CTEST_SIGNAL kill_after report)
  set(properties "")
  if("${signal}" STREQUAL "")
    math(EXPR grace_ms "${kill_after} + ${report}")
    _isotest_seconds(${grace_ms} grace_seconds)
    set(properties TIMEOUT_SIGNAL_NAME SIGTERM TIMEOUT_SIGNAL_GRACE_PERIOD ${grace_seconds})
  else()
    if("${grace}" STREQUAL "")
      set(grace 1)  # CTest's default
    endif()
    _isotest_milliseconds("${grace}" grace_ms)
    if(NOT "${grace_ms}" STREQUAL "")
      # Within the project's grace: the report's share first, at least half for the test.
      math(EXPR kill_after "${grace_ms} - ${report}")
      math(EXPR half "${grace_ms} / 2")
      if(kill_after LESS half)
        set(kill_after ${half})
      endif()
    endif()
  endif()
  _isotest_seconds(${kill_after} kill_after)
  set(${out_properties} "${properties}" PARENT_SCOPE)
  set(${out_kill_after} "${kill_after}" PARENT_SCOPE)
endfunction()

# Runs once at the end of each directory that uses isotest: per-test name, timeout and skip
# code reach the launcher through the test's environment (the launcher removes them again).
function(_isotest_track_directory)
  get_property(scheduled DIRECTORY PROPERTY _ISOTEST_FINALIZE_SCHEDULED)
  if(NOT scheduled)
    set_property(DIRECTORY PROPERTY _ISOTEST_FINALIZE_SCHEDULED TRUE)
    cmake_language(DEFER CALL _isotest_finalize_directory)
  endif()
endfunction()

function(_isotest_finalize_directory)
  get_property(tests DIRECTORY PROPERTY _ISOTEST_TESTS)
  get_property(launcher DIRECTORY PROPERTY _ISOTEST_DIRECTORY_LAUNCHER)
  if(launcher)
    get_property(all_tests DIRECTORY PROPERTY TESTS)
    list(APPEND tests ${all_tests})
    get_property(targets DIRECTORY PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
      get_property(type TARGET ${target} PROPERTY TYPE)
      if("${type}" STREQUAL "EXECUTABLE")
        _isotest_prefix_launcher(${target} "${launcher}" KEEP)
      endif()
    endforeach()
  endif()
  if(tests)
    list(REMOVE_DUPLICATES tests)
  endif()
  foreach(test IN LISTS tests)
    set(environment "ISOTEST_CTEST_NAME=${test}")
    if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.27)  # CTest sends TIMEOUT_SIGNAL_NAME, then SIGKILL
      get_property(signal TEST "${test}" PROPERTY TIMEOUT_SIGNAL_NAME)
      get_property(grace TEST "${test}" PROPERTY TIMEOUT_SIGNAL_GRACE_PERIOD)
      _isotest_timeout_signal_settings("${signal}" "${grace}" properties kill_after)
      if(properties)
        set_tests_properties("${test}" PROPERTIES ${properties})
      endif()
      list(APPEND environment "ISOTEST_CTEST_KILL_AFTER=${kill_after}")
    else()
      get_property(timeout TEST "${test}" PROPERTY TIMEOUT)
      if("${timeout}" STREQUAL "" AND DEFINED DART_TESTING_TIMEOUT)
        set(timeout "${DART_TESTING_TIMEOUT}")  # CTest's default for tests without TIMEOUT
      endif()
      _isotest_timeout_options("${timeout}" isotest_timeout kill_after)
      if(NOT "${isotest_timeout}" STREQUAL "")
        list(APPEND environment "ISOTEST_CTEST_TIMEOUT=${isotest_timeout}" "ISOTEST_CTEST_KILL_AFTER=${kill_after}")
      endif()
    endif()
    get_property(skip_code TEST "${test}" PROPERTY SKIP_RETURN_CODE)
    if(NOT "${skip_code}" STREQUAL "")
      list(APPEND environment "ISOTEST_CTEST_SKIP_EXIT_CODE=${skip_code}")
    endif()
    set_property(TEST "${test}" APPEND PROPERTY ENVIRONMENT ${environment})
  endforeach()
endfunction()

# Called by variable_watch(CMAKE_CURRENT_LIST_DIR) whenever CMake starts reading a list file,
# in the scope of the directory being read: a directory added below an isolated one is
# isolated too, with the same launcher. (CMake offers no other hook into a directory that
# the project does not call us from; it runs before the directory's own code.)
function(_isotest_enter_list_file variable access)
  if(NOT "${access}" STREQUAL "MODIFIED_ACCESS")
    return()
  endif()
  get_property(seen DIRECTORY PROPERTY _ISOTEST_DIRECTORY_SEEN)
  if(seen)
    return()
  endif()
  set_property(DIRECTORY PROPERTY _ISOTEST_DIRECTORY_SEEN TRUE)
  get_property(parent DIRECTORY PROPERTY PARENT_DIRECTORY)
  if("${parent}" STREQUAL "")
    return()
  endif()
  get_property(launcher DIRECTORY "${parent}" PROPERTY _ISOTEST_DIRECTORY_LAUNCHER)
  if(launcher)
    set_property(DIRECTORY PROPERTY _ISOTEST_DIRECTORY_LAUNCHER "${launcher}")
    _isotest_track_directory()
  endif()
endfunction()

# Puts `launcher` (ending in "--") in front of the target's test command, keeping an emulator
# the project already has (cross-compiling) behind it. A launcher of ours already there stays
# (mode KEEP) or gives way to this one (mode REPLACE: a more specific one, e.g. with a timeout).
function(_isotest_prefix_launcher target launcher mode)
  _isotest_launcher_property(property)
  get_property(current TARGET ${target} PROPERTY ${property})
  list(GET launcher 0 launcher_script)
  if(current)
    list(GET current 0 current_first)
    if("${current_first}" STREQUAL "${launcher_script}")
      if(mode STREQUAL "KEEP")
        return()
      endif()
      list(FIND current "--" end_of_ours)
      math(EXPR count "${end_of_ours} + 1")
      foreach(ours RANGE 1 ${count})
        list(REMOVE_AT current 0)
      endforeach()
    endif()
  endif()
  set_property(TARGET ${target} PROPERTY ${property} ${launcher} ${current})
endfunction()

function(isotest_add_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "WILL_FAIL;COMMAND_EXPAND_LISTS"
    "NAME;WORKING_DIRECTORY;TIMEOUT;SKIP_RETURN_CODE" "COMMAND;ISOTEST_ARGS;CONFIGURATIONS;PROPERTIES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "isotest_add_test: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_NAME OR NOT arg_COMMAND)
    message(FATAL_ERROR "isotest_add_test: NAME and COMMAND are required")
  endif()

  # A target name as the command means its file, as in add_test(); with its emulator if the
  # project cross-compiles.
  set(command ${arg_COMMAND})
  list(GET command 0 program)
  if(TARGET "${program}")
    get_property(type TARGET "${program}" PROPERTY TYPE)
    if("${type}" STREQUAL "EXECUTABLE")
      list(REMOVE_AT command 0)
      set(emulator "")
      if(CMAKE_CROSSCOMPILING)
        get_property(emulator TARGET "${program}" PROPERTY CROSSCOMPILING_EMULATOR)
      endif()
      list(PREPEND command ${emulator} "$<TARGET_FILE:${program}>")
    endif()
  endif()

  _isotest_launcher(launcher)
  set(add_test_args NAME "${arg_NAME}" COMMAND ${launcher} ${arg_ISOTEST_ARGS} -- ${command})
  if(DEFINED arg_WORKING_DIRECTORY)
    list(APPEND add_test_args WORKING_DIRECTORY "${arg_WORKING_DIRECTORY}")
  endif()
  if(arg_CONFIGURATIONS)
    list(APPEND add_test_args CONFIGURATIONS ${arg_CONFIGURATIONS})
  endif()
  if(arg_COMMAND_EXPAND_LISTS)
    list(APPEND add_test_args COMMAND_EXPAND_LISTS)
  endif()
  add_test(${add_test_args})

  if(DEFINED arg_TIMEOUT)
    set_property(TEST "${arg_NAME}" PROPERTY TIMEOUT "${arg_TIMEOUT}")
  endif()
  if(arg_WILL_FAIL)
    set_property(TEST "${arg_NAME}" PROPERTY WILL_FAIL TRUE)
  endif()
  if(DEFINED arg_SKIP_RETURN_CODE)
    set_property(TEST "${arg_NAME}" PROPERTY SKIP_RETURN_CODE "${arg_SKIP_RETURN_CODE}")
  endif()
  if(arg_PROPERTIES)
    set_tests_properties("${arg_NAME}" PROPERTIES ${arg_PROPERTIES})
  endif()

  set_property(DIRECTORY APPEND PROPERTY _ISOTEST_TESTS "${arg_NAME}")
  _isotest_track_directory()
endfunction()

function(isotest_gtest_discover_tests target)
  if(NOT COMMAND gtest_discover_tests)
    include(GoogleTest)
  endif()
  # Split ISOTEST_ARGS off; everything else is gtest_discover_tests' (keywords of 3.10 - 3.31).
  set(gtest_keywords NO_PRETTY_TYPES NO_PRETTY_VALUES TEST_PREFIX TEST_SUFFIX WORKING_DIRECTORY
    TEST_LIST DISCOVERY_TIMEOUT XML_OUTPUT_DIR DISCOVERY_MODE EXTRA_ARGS DISCOVERY_EXTRA_ARGS
    PROPERTIES TEST_FILTER)
  set(isotest_args "")
  set(gtest_args "")
  set(in_isotest_args FALSE)
  foreach(arg IN LISTS ARGN)
    if("${arg}" STREQUAL "ISOTEST_ARGS")
      set(in_isotest_args TRUE)
    elseif(in_isotest_args AND NOT arg IN_LIST gtest_keywords)
      list(APPEND isotest_args "${arg}")
    else()
      set(in_isotest_args FALSE)
      list(APPEND gtest_args "${arg}")
    endif()
  endforeach()

  # Discovered tests appear only at build/test time, so their TIMEOUT and SKIP_RETURN_CODE
  # (from PROPERTIES) go into the launcher itself, and on CMake >= 3.27 the timeout signal
  # into PROPERTIES.
  cmake_parse_arguments(gtest "NO_PRETTY_TYPES;NO_PRETTY_VALUES"
    "TEST_PREFIX;TEST_SUFFIX;WORKING_DIRECTORY;TEST_LIST;DISCOVERY_TIMEOUT;XML_OUTPUT_DIR;DISCOVERY_MODE"
    "EXTRA_ARGS;DISCOVERY_EXTRA_ARGS;PROPERTIES;TEST_FILTER" ${gtest_args})
  set(properties ${gtest_PROPERTIES})
  list(LENGTH properties count)
  set(index 0)
  set(timeout "")
  set(signal "")
  set(grace "")
  while(index LESS count)
    list(GET properties ${index} name)
    math(EXPR value_index "${index} + 1")
    if(value_index LESS count)
      list(GET properties ${value_index} value)
      if("${name}" STREQUAL "TIMEOUT")
        set(timeout "${value}")
      elseif("${name}" STREQUAL "TIMEOUT_SIGNAL_NAME")
        set(signal "${value}")
      elseif("${name}" STREQUAL "TIMEOUT_SIGNAL_GRACE_PERIOD")
        set(grace "${value}")
      elseif("${name}" STREQUAL "SKIP_RETURN_CODE")
        list(APPEND isotest_args --skip-exit-code ${value})
      endif()
    endif()
    math(EXPR index "${index} + 2")
  endwhile()
  if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.27)  # CTest sends TIMEOUT_SIGNAL_NAME, then SIGKILL
    _isotest_timeout_signal_settings("${signal}" "${grace}" signal_properties kill_after)
    list(APPEND isotest_args --kill-after ${kill_after})
    list(FIND gtest_args PROPERTIES properties_at)
    if(signal_properties AND properties_at EQUAL -1)
      list(APPEND gtest_args PROPERTIES ${signal_properties})
    elseif(signal_properties)
      math(EXPR properties_at "${properties_at} + 1")
      list(INSERT gtest_args ${properties_at} ${signal_properties})
    endif()
  else()
    _isotest_timeout_options("${timeout}" isotest_timeout kill_after)
    if(NOT "${isotest_timeout}" STREQUAL "")
      list(APPEND isotest_args --timeout ${isotest_timeout} --kill-after ${kill_after})
    endif()
  endif()

  _isotest_launcher(launcher)
  _isotest_prefix_launcher(${target} "${launcher};${isotest_args};--" REPLACE)
  gtest_discover_tests(${target} ${gtest_args})
endfunction()

function(isotest_isolate_directory)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "" "ISOTEST_ARGS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "isotest_isolate_directory: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  _isotest_launcher(launcher)
  list(APPEND launcher ${arg_ISOTEST_ARGS} --)
  # Target properties set at the end of each directory, no CMAKE_CROSSCOMPILING_EMULATOR
  # variable: try_run() runs its checks under that variable's command, cross-compiling or not.
  set_property(DIRECTORY PROPERTY _ISOTEST_DIRECTORY_SEEN TRUE)
  set_property(DIRECTORY PROPERTY _ISOTEST_DIRECTORY_LAUNCHER "${launcher}")
  _isotest_track_directory()
  get_property(watching GLOBAL PROPERTY _ISOTEST_WATCHING_DIRECTORIES)
  if(NOT watching)
    set_property(GLOBAL PROPERTY _ISOTEST_WATCHING_DIRECTORIES TRUE)
    variable_watch(CMAKE_CURRENT_LIST_DIR _isotest_enter_list_file)
  endif()
endfunction()
