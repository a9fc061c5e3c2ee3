"""requirements.lock is what gets installed: every pin in requirements*.txt is in it, at that
version, with hashes (make lock regenerates it)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pins(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", line)
        if match:
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


def test_every_direct_pin_is_locked_at_its_version_with_hashes():
    lock_text = (ROOT / "requirements.lock").read_text()
    locked = _pins(lock_text)
    direct = {
        **_pins((ROOT / "requirements.txt").read_text()),
        **_pins((ROOT / "requirements-dev.txt").read_text()),
    }
    assert direct
    assert {name: locked.get(name) for name in direct} == direct
    for block in re.split(r"\n(?=[A-Za-z0-9])", lock_text.split("\n", 2)[2]):
        assert "--hash=sha256:" in block, block.splitlines()[0]
