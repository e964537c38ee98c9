# Watches a process and all its descendants from outside, for the benchmarks that compare the kiosk
# (one process) with Chromium (a tree of processes): peak memory summed over the tree (PSS, so pages
# Chromium's processes share count once; RSS sums too) and CPU time of the whole tree between two
# moments. Reads /proc only; samples every 10 ms on its own thread.
import os
import threading
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _children_map():
    """parent pid -> [child pids] for every process now."""
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(name))
    return children


def tree(root):
    """root and every descendant alive now."""
    children, found, todo = _children_map(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    fields = stat[stat.rfind(")") + 2:].split()
    return int(fields[11]) + int(fields[12])  # utime + stime of all its threads


def _memory_kib(pid):
    """(PSS, RSS) in KiB."""
    pss = rss = 0
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
    return pss, rss


class Monitor:
    """Samples the tree under `root` until stop(). cpu_seconds() is the tree's CPU so far, counting
    processes that have already exited at their last sample (an exited child loses at most 10 ms)."""

    def __init__(self, root, interval=0.01):
        self.root, self.interval = root, interval
        self.peak_pss_kib = self.peak_rss_kib = 0
        self.max_processes = 0
        self._ticks = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self):
        pss_sum = rss_sum = 0
        pids = tree(self.root)
        for pid in pids:
            try:
                ticks = _cpu_ticks(pid)
                pss, rss = _memory_kib(pid)
            except (OSError, ValueError):
                continue  # exited between the listing and the read
            pss_sum += pss
            rss_sum += rss
            with self._lock:
                self._ticks[pid] = ticks
        with self._lock:
            self.peak_pss_kib = max(self.peak_pss_kib, pss_sum)
            self.peak_rss_kib = max(self.peak_rss_kib, rss_sum)
            self.max_processes = max(self.max_processes, len(pids))

    def _run(self):
        while not self._stop.is_set():
            self._sample()
            time.sleep(self.interval)

    def cpu_seconds(self):
        self._sample()
        with self._lock:
            return sum(self._ticks.values()) / CLK_TCK

    def stop(self):
        self._stop.set()
        self._thread.join()
