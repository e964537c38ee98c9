# make-film's picture and film format: the design grid, the rendered size and frame rate, the pan's slack,
# the fades, colours and font. Shared by the frames (frames.py), the encoder (encoding.py) and tools/make-film.

# Shots are laid out on a 1280x720 design grid and rendered at 960x540: on a 1920x1080 kiosk the film
# scene shows the picture at about 650x370 (beside the controls and chapters), so more pixels would only
# cost decoding, conversion and upload on every frame without being seen.
DESIGN_W, DESIGN_H = 1280, 720
WIDTH, HEIGHT, FPS = 960, 540, 25
# Each shot is drawn on a canvas with 24x13 px more paper on every side, and a 960x540 window pans across
# it by whole pixels: gentle motion that x264 predicts almost for free (a shifted copy), unlike a zoom,
# which changes every pixel; and nothing is ever cut off, since the design itself fills the window.
SLACK_X, SLACK_Y = 48, 27
DESIGN_SLACK_X, DESIGN_SLACK_Y = SLACK_X * DESIGN_W / WIDTH, SLACK_Y * DESIGN_H / HEIGHT
FADE_FRAMES = 10                      # 0.4 s dip to the paper colour at each end of a shot
PAPER, INK, ACCENT, HEADING = "#F5F1E8", "#1E2328", "#D9922E", "#1F5F5B"
FONT = "Noto Sans, DejaVu Sans, sans-serif"  # both have Welsh ŵ and ŷ (fonts-noto-core, fonts-dejavu-core)
