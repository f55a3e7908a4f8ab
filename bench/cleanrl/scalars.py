"""Stands in for torch.utils.tensorboard's SummaryWriter (tensorboard is not a Debian package) in the
CleanRL side-by-side runs of docs/performance.md: every scalar becomes a row of scalars.csv
(tag, value, global step, seconds since the writer was made)."""
import csv
import os
import time


class SummaryWriter:
    def __init__(self, log_dir):
        os.makedirs(log_dir, exist_ok=True)
        self._start = time.time()
        self._file = open(os.path.join(log_dir, "scalars.csv"), "w", newline="")
        self._csv = csv.writer(self._file)
        self._csv.writerow(["tag", "value", "step", "wall_s"])

    def add_scalar(self, tag, value, step):
        self._csv.writerow([tag, float(value), int(step), round(time.time() - self._start, 4)])

    def add_text(self, tag, text):
        pass

    def close(self):
        self._file.close()
