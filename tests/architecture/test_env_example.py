"""`.env.example` lists every variable the settings read, and nothing they do not."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(r'env(?:\.(?:bool|int|float|list|path|db|str))?\(\s*"([A-Z][A-Z0-9_]+)"')


def test_every_variable_the_settings_read_is_listed():
    read = {
        name
        for path in (ROOT / "training" / "settings").glob("*.py")
        for name in READ.findall(path.read_text())
    }
    listed = set(re.findall(r"^# ([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no env() reads found: the pattern is stale"
    assert sorted(read - listed) == []
    assert sorted(listed - read - {"DJANGO_SETTINGS_MODULE"}) == []
