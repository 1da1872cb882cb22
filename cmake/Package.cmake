# The installable package: `cpack` in the build directory makes a .deb and a .tar.gz of what
# `cmake --install` installs (the binary, man page, CMake package, Bazel files, docs) plus the
# AppArmor profile, which goes to /etc/apparmor.d/isotest whatever the prefix (that is where
# AppArmor reads profiles): it is the install component "apparmor", left out of a plain
# `cmake --install` (into a user's prefix, a test's scratch prefix) and installed by
# `cmake --install BUILD --component apparmor` and by the packages. scripts/package-check.sh
# builds, installs and removes them.
install(FILES README.md docs/ctest.md docs/bazel.md docs/remote-execution.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY bazel/ DESTINATION ${CMAKE_INSTALL_DATADIR}/isotest/bazel USE_SOURCE_PERMISSIONS)
install(FILES packaging/apparmor/isotest DESTINATION /etc/apparmor.d COMPONENT apparmor EXCLUDE_FROM_ALL)

set(CPACK_GENERATOR "DEB;TGZ")
# Everything a plain install installs, and the profile.
set(CPACK_INSTALL_CMAKE_PROJECTS "${PROJECT_BINARY_DIR};isotest;ALL;/" "${PROJECT_BINARY_DIR};isotest;apparmor;/")
set(CPACK_PACKAGE_NAME isotest)
set(CPACK_PACKAGE_VENDOR "isotest")
set(CPACK_PACKAGE_CONTACT "isotest maintainers <isotest@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "run a test in fresh Linux namespaces, with a JUnit XML report")
set(CPACK_PACKAGE_DESCRIPTION "isotest runs a test command in fresh user, PID, mount, network, IPC
and UTS namespaces, without root, a setuid bit or a daemon, passes its exit status and output
through unchanged and can write a JUnit XML report. For CTest, Bazel and CI.")
# Installed with DESTDIR set, so that the profile's absolute /etc destination lands inside the
# package, under the prefix /usr (whatever CMAKE_INSTALL_PREFIX this tree was configured with).
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY OFF)  # the tarball's paths are relative to /
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_FILE_NAME "isotest_${PROJECT_VERSION}_${CMAKE_SYSTEM_PROCESSOR}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS uidmap)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS apparmor)
# A static isotest needs nothing at run time; a dynamic one (offline build) its libraries.
if(NOT isotest_link_static)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_OUTPUT_FILE_PREFIX packages)
include(CPack)
