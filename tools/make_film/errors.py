# make-film's errors: a UserError is printed as one line (tools/make-film's main), never as a traceback;
# run() turns a failing tool into one. Used by every other part.
import os
import subprocess


# ---------------------------------------------------------------------------------------------- errors
class UserError(Exception):
    """A problem the person running make-film can fix; printed as one line, never as a traceback."""


def where(path, line=None, column=None):
    return f"{path}:{line}:{column}" if column else f"{path}:{line}" if line else str(path)


def run(cmd, **kw):
    """Runs a tool; a failure becomes one line naming the tool and its last message."""
    try:
        result = subprocess.run(cmd, capture_output=True, **kw)
    except OSError as e:
        raise UserError(f"cannot run {cmd[0]}: {e.strerror}")
    if result.returncode != 0:
        last = (result.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise UserError(f"{os.path.basename(cmd[0])} failed (exit {result.returncode}): {last[-1] if last else ''}")
    return result
