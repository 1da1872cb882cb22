# tinyxml2 as a static library, for a statically linked isotest (ISOTEST_STATIC): Debian ships
# only libtinyxml2.so, so the same release is built from Debian's own source tarball, fetched
# from the Debian archive and checked against the hash in the package's .dsc.
include(FetchContent)
FetchContent_Declare(isotest_tinyxml2_source
  URL http://deb.debian.org/debian/pool/main/t/tinyxml2/tinyxml2_9.0.0+dfsg.orig.tar.xz
  URL_HASH SHA256=96510f47a5db537f70dff3e83dd71fd2180cbba4aa76c589a549467e7f34bc9b
  DOWNLOAD_EXTRACT_TIMESTAMP ON)
FetchContent_GetProperties(isotest_tinyxml2_source)
if(NOT isotest_tinyxml2_source_POPULATED)
  # Only the one source file is built: tinyxml2's own CMake project would add its tests and
  # install rules to ours.
  FetchContent_Populate(isotest_tinyxml2_source)
endif()
add_library(isotest_tinyxml2 STATIC ${isotest_tinyxml2_source_SOURCE_DIR}/tinyxml2.cpp)
target_include_directories(isotest_tinyxml2 SYSTEM BEFORE PUBLIC ${isotest_tinyxml2_source_SOURCE_DIR})
target_compile_options(isotest_tinyxml2 PRIVATE -w)  # third-party code: not ours to -Werror
set_target_properties(isotest_tinyxml2 PROPERTIES POSITION_INDEPENDENT_CODE ON)
