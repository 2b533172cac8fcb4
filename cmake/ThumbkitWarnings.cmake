# Warnings as errors on our own code only (dependencies' headers are SYSTEM includes).
# GCC 12 reports false -Wrestrict overlaps inside std::string's own code at -O2 (GCC PR 105329):
# the code it flags is the standard library's, so the check is off for GCC.
function(thumbkit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor
                                           -Wcast-align -Wunused -Woverloaded-virtual -Wformat=2
                                           $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
endfunction()
