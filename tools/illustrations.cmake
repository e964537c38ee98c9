# Module pictures: every `image = "images/NAME.png"` in a module.toml whose drawing is an SVG in
# assets/illustrations/NAME.svg is rendered from it with rsvg-convert as part of the default build (the
# kiosk shows PNG or JPEG only), so the SVG is the source and the PNG is never edited by hand or stale.
# Included from the top-level CMakeLists.txt after films.cmake (which finds rsvg-convert). A picture with
# no SVG of that name (a photograph, say) is a file the trainer keeps beside the module, under another
# folder name than images/ (see content/README.md).
file(GLOB _module_tomls CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/content/modules/*/module.toml)
set(_illustration_pngs "")
foreach(_toml IN LISTS _module_tomls)
  # Which pictures a module names is read here, at configure time: edit a module.toml and CMake looks again.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_toml})
  get_filename_component(_module_dir ${_toml} DIRECTORY)
  file(STRINGS ${_toml} _image_lines REGEX "^[ \t]*image[ \t]*=[ \t]*\"images/[A-Za-z0-9_-]+\\.png\"")
  foreach(_line IN LISTS _image_lines)
    string(REGEX REPLACE ".*\"images/([A-Za-z0-9_-]+)\\.png\".*" "\\1" _name "${_line}")
    set(_svg ${PROJECT_SOURCE_DIR}/assets/illustrations/${_name}.svg)
    set(_png ${_module_dir}/images/${_name}.png)
    if(EXISTS ${_svg} AND NOT _png IN_LIST _illustration_pngs)
      add_custom_command(
        OUTPUT ${_png}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${_module_dir}/images
        COMMAND ${KIOSK_FILM_rsvg_convert} ${_svg} -o ${_png}
        DEPENDS ${_svg}
        COMMENT "Rendering assets/illustrations/${_name}.svg for a module"
        VERBATIM)
      list(APPEND _illustration_pngs ${_png})
    endif()
  endforeach()
endforeach()
add_custom_target(illustrations ALL DEPENDS ${_illustration_pngs})
