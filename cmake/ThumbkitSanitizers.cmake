# THUMBKIT_SANITIZE=address,undefined (or thread) instruments everything built in this tree.
set(THUMBKIT_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")
if(THUMBKIT_SANITIZE)
  add_compile_options(-fsanitize=${THUMBKIT_SANITIZE} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${THUMBKIT_SANITIZE})
endif()
