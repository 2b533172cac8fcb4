# Conan 2 recipe for thumbkit, in ConanCenter style. The version comes from CMakeLists.txt
# (project(VERSION)), the one place it is written.
import os
import re

from conan import ConanFile
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy, load, rmdir

required_conan_version = ">=2.0"


class ThumbkitConan(ConanFile):
    name = "thumbkit"
    description = "Safe, fast thumbnails of untrusted images behind one stable C ABI"
    # No licence has been chosen for thumbkit yet; ConanCenter will need one.
    license = "LicenseRef-thumbkit-unlicensed"
    url = "https://github.com/thumbkit/thumbkit"
    homepage = "https://github.com/thumbkit/thumbkit"
    topics = ("image", "thumbnail", "resize", "jpeg", "png", "webp", "simd")
    package_type = "library"
    settings = "os", "arch", "compiler", "build_type"
    options = {
        "shared": [True, False],
        "fPIC": [True, False],
        "with_webp": [True, False],
        "with_lcms": [True, False],
    }
    default_options = {
        "shared": False,
        "fPIC": True,
        "with_webp": True,
        "with_lcms": True,
    }
    exports_sources = ("CMakeLists.txt", "cmake/*", "include/*", "lib/*")

    def set_version(self):
        cmakelists = load(self, os.path.join(self.recipe_folder, "CMakeLists.txt"))
        self.version = re.search(r"project\(thumbkit VERSION ([0-9.]+)", cmakelists).group(1)

    def config_options(self):
        if self.settings.os == "Windows":
            del self.options.fPIC

    def configure(self):
        if self.options.shared:
            self.options.rm_safe("fPIC")

    def layout(self):
        cmake_layout(self)

    def requirements(self):
        # Only the C header is public: every dependency stays private to the library.
        self.requires("libjpeg-turbo/[>=2.1 <4]")
        self.requires("libpng/[>=1.6 <2]")
        self.requires("libdeflate/[>=1.14 <2]")
        self.requires("highway/[>=1.0.3 <2]")
        if self.options.with_webp:
            self.requires("libwebp/[>=1.2 <2]")
        if self.options.with_lcms:
            self.requires("lcms/[>=2.14 <3]")

    def validate(self):
        check_min_cppstd(self, 20)

    def generate(self):
        tc = CMakeToolchain(self)
        tc.cache_variables["THUMBKIT_WITH_WEBP"] = bool(self.options.with_webp)
        tc.cache_variables["THUMBKIT_WITH_LCMS"] = bool(self.options.with_lcms)
        tc.cache_variables["THUMBKIT_INSTALL_STATIC"] = False
        for part in ("TESTS", "BENCH", "CLI", "BINDINGS", "FUZZ", "SERVER", "LAMBDA"):
            tc.cache_variables[f"THUMBKIT_BUILD_{part}"] = False
        tc.generate()

        # The names cmake/ThumbkitDependencies.cmake looks for, whatever the dependencies'
        # recipes call themselves (as ConanCenter's libjxl maps highway).
        deps = CMakeDeps(self)
        deps.set_property("libjpeg-turbo", "cmake_file_name", "JPEG")
        deps.set_property("libjpeg-turbo::jpeg", "cmake_target_name", "JPEG::JPEG")
        deps.set_property("libpng", "cmake_file_name", "PNG")
        deps.set_property("libpng", "cmake_target_name", "PNG::PNG")
        deps.set_property("libdeflate", "cmake_file_name", "libdeflate")
        deps.set_property("libdeflate", "cmake_target_name", "libdeflate::libdeflate")
        deps.set_property("highway", "cmake_file_name", "hwy")
        deps.set_property("highway::hwy", "cmake_target_name", "hwy::hwy")
        if self.options.with_webp:
            deps.set_property("libwebp", "cmake_file_name", "WebP")
            deps.set_property("libwebp::webp", "cmake_target_name", "WebP::webp")
            deps.set_property("libwebp::webpdemux", "cmake_target_name", "WebP::webpdemux")
            deps.set_property("libwebp::webpmux", "cmake_target_name", "WebP::libwebpmux")
        if self.options.with_lcms:
            deps.set_property("lcms", "cmake_file_name", "lcms")
            deps.set_property("lcms", "cmake_target_name", "lcms::lcms")
        deps.generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def package(self):
        copy(self, "LICENSE*", src=self.source_folder, dst=os.path.join(self.package_folder, "licenses"))
        cmake = CMake(self)
        cmake.install()
        # Conan's generators describe the package; our own CMake and pkg-config files would
        # name Debian's dependencies.
        rmdir(self, os.path.join(self.package_folder, "lib", "cmake"))
        rmdir(self, os.path.join(self.package_folder, "lib", "pkgconfig"))

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "thumbkit")
        self.cpp_info.set_property("cmake_target_name", "thumbkit::thumbkit")
        self.cpp_info.set_property("pkg_config_name", "thumbkit")
        self.cpp_info.libs = ["thumbkit"]
        self.cpp_info.requires = ["libjpeg-turbo::jpeg", "libpng::libpng", "libdeflate::libdeflate",
                                  "highway::hwy"]
        if self.options.with_webp:
            self.cpp_info.requires += ["libwebp::webp", "libwebp::webpdemux", "libwebp::webpmux"]
        if self.options.with_lcms:
            self.cpp_info.requires.append("lcms::lcms")
        if self.settings.os in ("Linux", "FreeBSD"):
            self.cpp_info.system_libs = ["m", "pthread"]
        if not self.options.shared:
            # A C program linking the static library needs the C++ runtime.
            self.cpp_info.system_libs.append("stdc++")
