# Hands a benchmark's figures to tools/bench/run. When BENCH_RESULTS names a file, emit() appends one
# JSON line: the table row it belongs to and the samples measured, for our side or the web baseline's.
# Each script still prints its own figures for people; run only assembles the table.
import json
import os


def emit(row, ours=None, baseline=None):
    """row: a key of tools/bench/run's ROWS; ours/baseline: lists of samples (one per run)."""
    path = os.environ.get("BENCH_RESULTS")
    if not path:
        return
    with open(path, "a") as f:
        f.write(json.dumps({"row": row, "ours": ours, "baseline": baseline}) + "\n")
