#!/usr/bin/env bash
# The layering the build relies on (kiosk/core/README.md, ARCHITECTURE.md):
# - kiosk_core stays free of UI, windowing, GL and video code, so its logic runs headless in tests: no core
#   source includes ImGui, SDL, OpenGL or VLC headers, or is compiled against them (the top-level
#   CMakeLists.txt also refuses to configure if kiosk_core links any of them);
# - inside core, each folder includes only the folders below it (the table in kiosk/core/README.md);
# - core never includes the kiosk's ui, platform or app; ui never includes platform or app; the
#   authoring compiler and kiosk-report never include the kiosk's ui, platform or app.
# Usage: check_core_deps.sh PROJECT_ROOT BUILD_DIR
set -u
root="$1"
build="$2"
status=0
fail() { echo "FAIL: $*"; status=1; }

if grep -rnE '#\s*include\s*[<"](imgui|SDL|GL/|vlc/|backends/)' "$root/kiosk/core"; then
  fail "kiosk/core includes UI/SDL/GL/VLC headers (above)"
fi
if grep -rqiE 'imgui|SDL2|libvlc|libGL|OpenGL' "$build/kiosk/core/CMakeFiles/kiosk_core.dir/flags.make" 2>/dev/null; then
  fail "kiosk_core is compiled against UI/SDL/GL/VLC include paths"
fi

# folder -> the core folders it may include (besides itself).
declare -A allowed=(
  [util]=""
  [trust]="util"
  [pack]="util trust"
  [session]="util pack"
  [records]="util pack session"
  [control]="util pack session"
  [install]="util trust pack records"
  [usb]="util trust pack records install"
  [admin]="util trust pack session records"
)
for dir in "$root"/kiosk/core/*/; do
  folder="$(basename "$dir")"
  if [ -z "${allowed[$folder]+set}" ]; then
    fail "kiosk/core/$folder/ has no rule: add it to tests/check_core_deps.sh and kiosk/core/README.md"
    continue
  fi
  while IFS=: read -r file line used; do
    [ "$used" = "$folder" ] && continue
    if [[ " ${allowed[$folder]} " != *" $used "* ]]; then
      fail "${file#"$root"/}:$line: core/$folder may not include core/$used (allowed: ${allowed[$folder]:-nothing})"
    fi
  done < <(grep -rnoE '#\s*include\s*"core/[a-z_]+/' "$dir" | sed -E 's|^([^:]+):([0-9]+):.*core/([a-z_]+)/$|\1:\2:\3|')
done
for f in "$root"/kiosk/core/*.h "$root"/kiosk/core/*.cpp; do
  [ -e "$f" ] && fail "${f#"$root"/}: a core source outside the concern folders"
done

if grep -rnE '#\s*include\s*"(ui|platform|app)/' "$root/kiosk/core"; then fail "kiosk/core includes the kiosk's ui, platform or app (above)"; fi
if grep -rnE '#\s*include\s*"(platform|app)/' "$root/kiosk/ui"; then fail "kiosk/ui includes platform or app (above)"; fi
if grep -rnE '#\s*include\s*"(ui|platform|app)/' "$root/authoring" "$root/tools/report"; then
  fail "authoring or kiosk-report includes the kiosk's ui, platform or app (above)"
fi
[ $status -eq 0 ] && echo "kiosk_core is free of UI, SDL, GL and VLC, and its folders keep their one-way rules"
exit $status
