# Warnings as errors on our own code only (dependencies' headers are SYSTEM includes).
function(thumbkit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor
                                           -Wcast-align -Wunused -Woverloaded-virtual -Wformat=2)
endfunction()
