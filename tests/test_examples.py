"""The bundled examples work as the README says."""

import filecmp
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_the_library_example_runs():
    result = subprocess.run([sys.executable, str(EXAMPLES / "use_the_library.py")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "training-annual-hours: 4 violation(s)" in result.stdout


def test_the_example_data_is_what_its_generator_writes(tmp_path):
    subprocess.run([sys.executable, str(EXAMPLES / "make_kuangqu.py"), str(tmp_path)], check=True, timeout=120)
    names = sorted(p.name for p in (EXAMPLES / "kuangqu").glob("*.jsonl"))
    assert names == sorted(p.name for p in tmp_path.glob("*.jsonl"))
    match, mismatch, errors = filecmp.cmpfiles(EXAMPLES / "kuangqu", tmp_path, names, shallow=False)
    assert mismatch == errors == [], "run: python examples/make_kuangqu.py"
