# Every third-party lookup in one place, so Debian packages and Conan's generated configs both
# resolve to the same target names: JPEG::JPEG, PNG::PNG, thumbkit_dep::deflate, thumbkit_dep::webp,
# thumbkit_dep::lcms2, hwy::hwy. Conan's CMakeDeps configs (see conanfile.py) are tried first, then Debian's
# CMake modules and pkg-config files.
find_package(PkgConfig REQUIRED)
find_package(JPEG REQUIRED)
find_package(PNG REQUIRED)

find_package(hwy CONFIG QUIET)
if(NOT TARGET hwy::hwy)
  pkg_check_modules(HWY REQUIRED IMPORTED_TARGET libhwy)
  add_library(hwy::hwy ALIAS PkgConfig::HWY)
endif()

# libdeflate (PNG encode): Conan's config, else pkg-config (Debian ships no CMake config).
add_library(thumbkit_dep_deflate INTERFACE)
add_library(thumbkit_dep::deflate ALIAS thumbkit_dep_deflate)
find_package(libdeflate CONFIG QUIET)
if(TARGET libdeflate::libdeflate)
  target_link_libraries(thumbkit_dep_deflate INTERFACE libdeflate::libdeflate)
else()
  pkg_check_modules(DEFLATE REQUIRED IMPORTED_TARGET libdeflate)
  target_link_libraries(thumbkit_dep_deflate INTERFACE PkgConfig::DEFLATE)
endif()

# Optional codecs and colour management: the thumbkit_dep:: targets exist either way (empty
# when switched off), so the rest of the build links them unconditionally.
add_library(thumbkit_dep_webp INTERFACE)
add_library(thumbkit_dep::webp ALIAS thumbkit_dep_webp)
set(THUMBKIT_PC_OPTIONAL_MODULES "")
if(THUMBKIT_WITH_WEBP)
  find_package(WebP CONFIG QUIET)
  if(TARGET WebP::webp AND TARGET WebP::webpdemux AND TARGET WebP::libwebpmux)
    target_link_libraries(thumbkit_dep_webp INTERFACE WebP::webp WebP::webpdemux WebP::libwebpmux)
  else()
    pkg_check_modules(WEBP REQUIRED IMPORTED_TARGET libwebp libwebpdemux libwebpmux)
    target_link_libraries(thumbkit_dep_webp INTERFACE PkgConfig::WEBP)
  endif()
  list(APPEND THUMBKIT_PC_OPTIONAL_MODULES libwebp libwebpdemux libwebpmux)
endif()

add_library(thumbkit_dep_lcms2 INTERFACE)
add_library(thumbkit_dep::lcms2 ALIAS thumbkit_dep_lcms2)
if(THUMBKIT_WITH_LCMS)
  find_package(lcms CONFIG QUIET)
  if(TARGET lcms::lcms)
    target_link_libraries(thumbkit_dep_lcms2 INTERFACE lcms::lcms)
  else()
    pkg_check_modules(LCMS2 REQUIRED IMPORTED_TARGET lcms2)
    target_link_libraries(thumbkit_dep_lcms2 INTERFACE PkgConfig::LCMS2)
  endif()
  list(APPEND THUMBKIT_PC_OPTIONAL_MODULES lcms2)
endif()

# pkg-config names for Requires.private in thumbkit.pc, and for a static consumer's lookups in
# thumbkitConfig.cmake.
list(JOIN THUMBKIT_PC_OPTIONAL_MODULES " " THUMBKIT_PC_OPTIONAL_MODULES)
set(THUMBKIT_PC_REQUIRES_PRIVATE "libjpeg libpng libdeflate ${THUMBKIT_PC_OPTIONAL_MODULES} libhwy")
string(REGEX REPLACE " +" " " THUMBKIT_PC_REQUIRES_PRIVATE "${THUMBKIT_PC_REQUIRES_PRIVATE}")
