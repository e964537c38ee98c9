# make-film's video and sound: each shot's picture panned and faded by ffmpeg, piped into one x264 + AAC
# encoder per language with the narration; and the narration track written as a WAV file.
import array
import os
import subprocess
import sys
import wave

from errors import UserError, run, where
from film_format import FADE_FRAMES, FPS, HEIGHT, PAPER, SLACK_X, SLACK_Y, WIDTH
from frames import frame_svg


# ---------------------------------------------------------------------------------------------- encoding
def shot_frames(png, frames, index):
    """ffmpeg arguments that turn one still into `frames` raw frames: a slow pan, faded in and out."""
    # Each shot pans a different way (cycling through four diagonals) so consecutive shots feel different.
    x0, y0 = [(0, 0), (SLACK_X, 0), (0, SLACK_Y), (SLACK_X, SLACK_Y)][index % 4]
    dx, dy = SLACK_X - 2 * x0, SLACK_Y - 2 * y0
    last = max(1, frames - 1)
    fade = min(FADE_FRAMES, frames // 2)
    # Convert to YUV once (BT.709, as HD players expect) and loop that frame: per frame only the crop, the
    # fades and a 4:4:4 to 4:2:0 step remain, about twice as fast as converting RGB every frame.
    vf = ("scale=out_color_matrix=bt709:out_range=tv,format=yuv444p,loop=loop=-1:size=1,"
          f"crop=w={WIDTH}:h={HEIGHT}:x='floor({x0}+{dx}*n/{last})':y='floor({y0}+{dy}*n/{last})',"
          f"fade=t=in:s=0:n={fade}:c=0x{PAPER[1:]},fade=t=out:s={frames - fade}:n={fade}:c=0x{PAPER[1:]},"
          "format=yuv420p")
    return ["ffmpeg", "-nostdin", "-v", "error", "-framerate", str(FPS), "-i", png,
            "-vf", vf, "-frames:v", str(frames), "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"]


def encode(board, lang, timeline, wav, out_mp4, work):
    keyframes = ",".join(str(t["start"]) for t in timeline)  # an IDR at every shot: chapter jumps are instant
    encoder = ["ffmpeg", "-nostdin", "-v", "error", "-y",
               "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{WIDTH}x{HEIGHT}", "-r", str(FPS), "-i", "pipe:0",
               "-i", wav, "-map", "0:v", "-map", "1:a",
               # A slow pan moves a pixel every few frames: frames identical to the one before are dropped
               # (variable frame rate), so a player decodes, converts and draws only pictures that change.
               "-vf", "mpdecimate=hi=1:lo=1:frac=0", "-fps_mode", "vfr",
               "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "28",
               "-profile:v", "high", "-level:v", "3.1", "-pix_fmt", "yuv420p", "-threads", "1",
               "-force_key_frames", keyframes,
               "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
               "-c:a", "aac", "-b:a", "32k", "-ac", "1", "-ar", "22050",
               # No version strings, dates or metadata, one x264 thread: the same inputs give the same bytes.
               "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
               "-map_metadata", "-1", "-map_chapters", "-1", "-movflags", "+faststart", "-f", "mp4", out_mp4]
    errors = os.path.join(work, f"{lang}-encoder.log")
    with open(errors, "wb") as log:
        try:
            enc = subprocess.Popen(encoder, stdin=subprocess.PIPE, stderr=log)
        except OSError as e:
            raise UserError(f"cannot run ffmpeg: {e.strerror}")
        try:
            for t in timeline:
                shot = t["shot"]
                svg = os.path.join(work, f"{lang}-{shot['id']}.svg")
                png = os.path.join(work, f"{lang}-{shot['id']}.png")
                with open(svg, "w", encoding="utf-8") as f:
                    f.write(frame_svg(shot, lang, where(board.path, board.line_of(shot["index"]))))
                run(["rsvg-convert", "-w", str(WIDTH + SLACK_X), "-h", str(HEIGHT + SLACK_Y), "-f", "png",
                     "-o", png, svg])
                # The shot's frames go straight into the encoder's stdin: one continuous x264 stream.
                res = subprocess.run(shot_frames(png, t["seconds"] * FPS, shot["index"]), stdout=enc.stdin,
                                     stderr=subprocess.PIPE)
                if res.returncode != 0:
                    msg = res.stderr.decode("utf-8", "replace").strip().splitlines()
                    raise UserError(f"ffmpeg failed on shot '{shot['id']}': {msg[-1] if msg else res.returncode}")
        except BrokenPipeError:
            pass  # the encoder stopped early; its own error is reported below
        except BaseException:  # an error, Ctrl-C or SIGTERM: stop the encoder now, not after a full film
            enc.kill()
            raise
        finally:
            try:
                enc.stdin.close()
            except BrokenPipeError:
                pass
            enc.wait()
    if enc.returncode != 0:
        with open(errors, encoding="utf-8", errors="replace") as f:
            msg = f.read().strip().splitlines()
        raise UserError(f"ffmpeg could not encode {out_mp4}: {msg[-1] if msg else enc.returncode}")


def write_wav(path, rate, track):
    if sys.byteorder == "big":
        track = array.array("h", track)
        track.byteswap()
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(track.tobytes())
