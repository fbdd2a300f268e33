"""Long command-line steps say how far they are on a terminal, and nothing in a pipe."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "pages"


def _dump(tmp_path: Path, on_terminal: bool) -> str:
    """The standard error of ``sahel-ld dump``, written to a pseudo-terminal or to a pipe."""
    command = [sys.executable, "-m", "sahel_ld.cli", "dump", "--root", str(FIXTURE), str(tmp_path)]
    if not on_terminal:
        return subprocess.run(command, capture_output=True, text=True, check=True).stderr
    ours, theirs = pty.openpty()
    try:
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=theirs, check=True)
        os.close(theirs)
        chunks = []
        while True:
            try:
                chunk = os.read(ours, 4096)
            except OSError:  # the terminal's other end is closed: everything is read
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode()
    finally:
        os.close(ours)


def test_steps_and_their_times_are_shown_on_a_terminal(tmp_path):
    shown = _dump(tmp_path, on_terminal=True)
    assert "load and infer ..." in shown and "write dumps ..." in shown and " s\r\n" in shown


def test_nothing_is_shown_in_a_pipe(tmp_path):
    assert _dump(tmp_path, on_terminal=False) == ""
