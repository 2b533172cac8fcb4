// Include libjpeg through here: jpeglib.h uses size_t and FILE without including their headers,
// so they must come first, which include sorting would undo.
#pragma once

// clang-format off
#include <cstddef>
#include <cstdio>
#include <jpeglib.h>
#include <jerror.h>
// clang-format on
