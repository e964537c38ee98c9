#!/usr/bin/env bash
# kiosk_core must stay free of UI, windowing, GL and video code so its logic runs headless in tests.
# Fails if any core source includes ImGui, SDL, OpenGL or VLC headers, or is compiled against them.
# (The top-level CMakeLists.txt also refuses to configure if kiosk_core links any of them.)
set -u
root="$1"
build="$2"
status=0
if grep -rnE '#\s*include\s*[<"](imgui|SDL|GL/|vlc/|backends/)' "$root/kiosk/core"; then
  echo "FAIL: kiosk/core includes UI/SDL/GL/VLC headers (above)"
  status=1
fi
if grep -rqiE 'imgui|SDL2|libvlc|libGL|OpenGL' "$build/kiosk/core/CMakeFiles/kiosk_core.dir/flags.make" 2>/dev/null; then
  echo "FAIL: kiosk_core is compiled against UI/SDL/GL/VLC include paths"
  status=1
fi
[ $status -eq 0 ] && echo "kiosk_core is free of UI, SDL, GL and VLC"
exit $status
