# Compile options every throng target links privately: warnings, -Werror in CI,
# and the sanitizers chosen with THRONG_SANITIZE.
add_library(throng_options INTERFACE)
target_compile_options(throng_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(THRONG_WERROR)
  target_compile_options(throng_options INTERFACE -Werror)
endif()

if(THRONG_SANITIZE)
  string(REPLACE ";" "," _throng_sanitizers "${THRONG_SANITIZE}")
  # Sanitizers must reach every object, Boost's compiled sources included, so
  # they are set globally rather than on throng_options.
  add_compile_options(-fsanitize=${_throng_sanitizers} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_throng_sanitizers})
  # What a program linking the sanitized libraries needs too (the install test).
  set(THRONG_SANITIZER_FLAGS "-fsanitize=${_throng_sanitizers} -fno-omit-frame-pointer")
  if("thread" IN_LIST THRONG_SANITIZE)
    # GCC 12 warns that TSan cannot see std::atomic_thread_fence (used in Asio);
    # with -Werror that would stop the build.
    add_compile_options(-Wno-tsan)
  endif()
  if("undefined" IN_LIST THRONG_SANITIZE)
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
endif()
