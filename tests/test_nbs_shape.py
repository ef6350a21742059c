"The notebooks read like lessons: no exported cell over 40 lines, no exported stretch over 60 lines without a usage cell, and stderr (progress bars, warnings) under 5% of committed outputs (`tools/check_nbs.py`)."
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT/'tools'))
from check_nbs import check

def test_notebook_shape():
    probs, counts = check(ROOT/'nbs')
    assert not [p for p in probs if 'stderr output:' not in p and not p.startswith('stderr outputs:')], probs
    assert counts['stderr'] < 0.05 * counts['outputs'], (counts, [p for p in probs if 'stderr' in p][:20])
