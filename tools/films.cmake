# Films: renders every module's storyboard (content/modules/<id>/film.toml) into film/<lang>.mp4 and
# film/<lang>.vtt with tools/make-film, as part of the default build, so films are made from source like
# code. Included from the top-level CMakeLists.txt. make-film keeps its own stamp (a hash of every input
# and tool version) beside the films, so an unchanged film is never rendered twice, even across build folders.

# The renderer needs three Debian tools and Python 3.11 (tomllib); say how to get them before anything runs.
set(_film_missing "")
foreach(_tool IN ITEMS ffmpeg rsvg-convert espeak-ng)
  string(MAKE_C_IDENTIFIER "${_tool}" _id)
  find_program(KIOSK_FILM_${_id} NAMES ${_tool})
  if(NOT KIOSK_FILM_${_id})
    list(APPEND _film_missing ${_tool})
  endif()
endforeach()
if(_film_missing)
  list(JOIN _film_missing ", " _film_missing)
  message(FATAL_ERROR "The films need ${_film_missing}, which are not installed. "
                      "Run tools/install-deps (it installs ffmpeg, librsvg2-bin and espeak-ng).")
endif()
find_package(Python3 3.11 COMPONENTS Interpreter)
if(NOT Python3_FOUND)
  message(FATAL_ERROR "The films need Python 3.11 or later (for tomllib). Run tools/install-deps.")
endif()

set(_make_film ${PROJECT_SOURCE_DIR}/tools/make-film)
file(GLOB _make_film_modules CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tools/make_film/*.py)
# Every illustration may be used by any storyboard; make-film's own stamp skips work when one that a
# film does not use changes, so depending on all of them costs a second, never a render.
file(GLOB _film_svgs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/assets/illustrations/*.svg)
file(GLOB _storyboards CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/content/modules/*/film.toml)

file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/films)
set(_film_stamps "")
foreach(_storyboard IN LISTS _storyboards)
  get_filename_component(_module_dir ${_storyboard} DIRECTORY)
  get_filename_component(_module ${_module_dir} NAME)
  # This stamp only tells CMake the command ran; the films themselves go into the source tree, where
  # kiosk-author finds them (module.toml names film/en.mp4 and friends).
  set(_stamp ${CMAKE_CURRENT_BINARY_DIR}/films/${_module}.done)
  add_custom_command(
    OUTPUT ${_stamp}
    COMMAND ${Python3_EXECUTABLE} ${_make_film} ${_storyboard} --out ${_module_dir}/film
    COMMAND ${CMAKE_COMMAND} -E touch ${_stamp}
    DEPENDS ${_storyboard} ${_make_film} ${_make_film_modules} ${_film_svgs}
    COMMENT "Rendering the ${_module} film (tools/make-film; a few minutes when it changed)"
    VERBATIM)
  list(APPEND _film_stamps ${_stamp})
endforeach()

add_custom_target(films ALL DEPENDS ${_film_stamps})
