# Every third-party lookup in one place, so Debian packages and Conan's generated configs both
# resolve to the same target names: JPEG::JPEG, PNG::PNG, thumbkit_dep::webp, thumbkit_dep::lcms2,
# hwy::hwy.
find_package(PkgConfig REQUIRED)
find_package(JPEG REQUIRED)
find_package(PNG REQUIRED)

find_package(hwy CONFIG QUIET)
if(NOT TARGET hwy::hwy)
  pkg_check_modules(HWY REQUIRED IMPORTED_TARGET libhwy)
  add_library(hwy::hwy ALIAS PkgConfig::HWY)
endif()

find_package(WebP CONFIG QUIET)
if(TARGET WebP::webp AND TARGET WebP::webpdemux AND TARGET WebP::libwebpmux)
  add_library(thumbkit_dep_webp INTERFACE)
  target_link_libraries(thumbkit_dep_webp INTERFACE WebP::webp WebP::webpdemux WebP::libwebpmux)
else()
  pkg_check_modules(WEBP REQUIRED IMPORTED_TARGET libwebp libwebpdemux libwebpmux)
  add_library(thumbkit_dep_webp INTERFACE)
  target_link_libraries(thumbkit_dep_webp INTERFACE PkgConfig::WEBP)
endif()
add_library(thumbkit_dep::webp ALIAS thumbkit_dep_webp)

find_package(lcms CONFIG QUIET)
add_library(thumbkit_dep_lcms2 INTERFACE)
if(TARGET lcms::lcms)
  target_link_libraries(thumbkit_dep_lcms2 INTERFACE lcms::lcms)
else()
  pkg_check_modules(LCMS2 REQUIRED IMPORTED_TARGET lcms2)
  target_link_libraries(thumbkit_dep_lcms2 INTERFACE PkgConfig::LCMS2)
endif()
add_library(thumbkit_dep::lcms2 ALIAS thumbkit_dep_lcms2)

# pkg-config names for Requires.private in thumbkit.pc.
set(THUMBKIT_PC_REQUIRES_PRIVATE "libjpeg libpng libwebp libwebpdemux libwebpmux lcms2 libhwy")
