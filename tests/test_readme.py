"""The README's demo output comes from the current code: the digest it prints equals the digest of today's sources."""
import re
from pathlib import Path
from cot_si.demo import code_digest

README = Path(__file__).resolve().parent.parent/'README.md'

def test_readme_demo_output_is_current():
    m = re.search(r'demo code ([0-9a-f]{12})', README.read_text())
    assert m, 'README.md shows no demo output (a line "cot_si <version>, demo code <digest>")'
    assert m.group(1) == code_digest(), (
        f'README.md shows demo output from other code ({m.group(1)}; the code is now {code_digest()}): re-run the demo cell of '
        'nbs/index.ipynb (`python tools/run_nb.py nbs/index.ipynb`; its samples come from the cache) and `python tools/readme.py`')
