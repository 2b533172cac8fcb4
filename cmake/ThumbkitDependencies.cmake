# Every third-party lookup in one place, so Debian packages and Conan's generated configs both
# resolve to the same target names: JPEG::JPEG, PNG::PNG, thumbkit_dep::deflate,
# thumbkit_dep::webp, thumbkit_dep::lcms2, hwy::hwy. Conan's CMakeDeps configs (see conanfile.py)
# are tried first, then Debian's CMake modules and pkg-config files.
find_package(PkgConfig REQUIRED)
find_package(JPEG REQUIRED)
find_package(PNG REQUIRED)

find_package(hwy CONFIG QUIET)
if(NOT TARGET hwy::hwy)
  pkg_check_modules(HWY REQUIRED IMPORTED_TARGET libhwy)
  add_library(hwy::hwy ALIAS PkgConfig::HWY)
endif()

# thumbkit_dep::<NAME>, an interface target linking either every target of TARGETS from the
# CMake package PACKAGE (Conan's CMakeDeps config) or, failing that, the pkg-config MODULES
# (Debian ships no CMake config for these). OPTION OFF leaves the target empty.
function(thumbkit_dependency name)
  cmake_parse_arguments(ARG "" "PACKAGE;OPTION" "TARGETS;MODULES" ${ARGN})
  add_library(thumbkit_dep_${name} INTERFACE)
  add_library(thumbkit_dep::${name} ALIAS thumbkit_dep_${name})
  if(ARG_OPTION AND NOT ${ARG_OPTION})
    return()
  endif()
  find_package(${ARG_PACKAGE} CONFIG QUIET)
  set(found TRUE)
  foreach(target IN LISTS ARG_TARGETS)
    if(NOT TARGET ${target})
      set(found FALSE)
    endif()
  endforeach()
  if(found)
    target_link_libraries(thumbkit_dep_${name} INTERFACE ${ARG_TARGETS})
  else()
    string(TOUPPER "THUMBKIT_PC_${name}" prefix)
    pkg_check_modules(${prefix} REQUIRED IMPORTED_TARGET ${ARG_MODULES})
    target_link_libraries(thumbkit_dep_${name} INTERFACE PkgConfig::${prefix})
  endif()
endfunction()

thumbkit_dependency(deflate PACKAGE libdeflate TARGETS libdeflate::libdeflate MODULES libdeflate)
# Optional codecs and colour management: the targets exist either way, empty when switched off.
thumbkit_dependency(webp PACKAGE WebP OPTION THUMBKIT_WITH_WEBP
                    TARGETS WebP::webp WebP::webpdemux WebP::libwebpmux
                    MODULES libwebp libwebpdemux libwebpmux)
thumbkit_dependency(lcms2 PACKAGE lcms OPTION THUMBKIT_WITH_LCMS TARGETS lcms::lcms MODULES lcms2)

set(THUMBKIT_PC_OPTIONAL_MODULES "")
if(THUMBKIT_WITH_WEBP)
  list(APPEND THUMBKIT_PC_OPTIONAL_MODULES libwebp libwebpdemux libwebpmux)
endif()
if(THUMBKIT_WITH_LCMS)
  list(APPEND THUMBKIT_PC_OPTIONAL_MODULES lcms2)
endif()

# pkg-config names for Requires.private in thumbkit.pc, and for a static consumer's lookups in
# thumbkitConfig.cmake.
list(JOIN THUMBKIT_PC_OPTIONAL_MODULES " " THUMBKIT_PC_OPTIONAL_MODULES)
set(THUMBKIT_PC_REQUIRES_PRIVATE "libjpeg libpng libdeflate ${THUMBKIT_PC_OPTIONAL_MODULES} libhwy")
string(REGEX REPLACE " +" " " THUMBKIT_PC_REQUIRES_PRIVATE "${THUMBKIT_PC_REQUIRES_PRIVATE}")
