# cmake --install: headers, library, CMake package config (thumbkit::thumbkit) and thumbkit.pc.
include(CMakePackageConfigHelpers)
set(THUMBKIT_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/thumbkit")

install(TARGETS thumbkit EXPORT thumbkitTargets
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(FILES "${PROJECT_SOURCE_DIR}/include/thumbkit/thumbkit.h"
              "${PROJECT_BINARY_DIR}/include/thumbkit/thumbkit_export.h"
              "${PROJECT_BINARY_DIR}/include/thumbkit/thumbkit_version.h"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/thumbkit")
install(EXPORT thumbkitTargets NAMESPACE thumbkit:: DESTINATION "${THUMBKIT_CMAKE_DIR}")
# libthumbkit.a beside the shared library: its own export set, so shared-only consumers never
# need the dependencies' development files.
if(TARGET thumbkit_static)
  set(THUMBKIT_STATIC_COMPONENT ON)
  install(TARGETS thumbkit_static EXPORT thumbkitStaticTargets
    ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
    INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
  install(EXPORT thumbkitStaticTargets NAMESPACE thumbkit:: DESTINATION "${THUMBKIT_CMAKE_DIR}")
else()
  set(THUMBKIT_STATIC_COMPONENT OFF)
endif()

if(BUILD_SHARED_LIBS)
  set(THUMBKIT_MAIN_IS_STATIC OFF)
else()
  set(THUMBKIT_MAIN_IS_STATIC ON)
endif()
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/thumbkitConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/thumbkitConfig.cmake" INSTALL_DESTINATION "${THUMBKIT_CMAKE_DIR}")
# 0.x releases may break the ABI between minor versions.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(THUMBKIT_COMPATIBILITY SameMinorVersion)
else()
  set(THUMBKIT_COMPATIBILITY SameMajorVersion)
endif()
write_basic_package_version_file("${PROJECT_BINARY_DIR}/thumbkitConfigVersion.cmake"
  COMPATIBILITY ${THUMBKIT_COMPATIBILITY})
install(FILES "${PROJECT_BINARY_DIR}/thumbkitConfig.cmake"
              "${PROJECT_BINARY_DIR}/thumbkitConfigVersion.cmake"
        DESTINATION "${THUMBKIT_CMAKE_DIR}")

# Absolute or prefix-relative install dirs both give a usable .pc.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(THUMBKIT_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  set(THUMBKIT_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(THUMBKIT_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(THUMBKIT_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/thumbkit.pc.in" "${PROJECT_BINARY_DIR}/thumbkit.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/thumbkit.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
