"`cot-si curate --band/--weak/--gap`: bad thresholds end in one line `error: …` (exit 2) before any model loads or anything is written."
import json, os, subprocess, sys
from pathlib import Path
import datasets, pytest

def cli(*args):
    return subprocess.run([sys.executable, '-m', 'cot_si.cli', *map(str, args)], capture_output=True, text=True, timeout=300, env=dict(os.environ))

@pytest.fixture(scope='module')
def folder(tmp_path_factory):
    "A generation folder whose generator is a model that does not exist: any attempt to load it would fail differently"
    d = tmp_path_factory.mktemp('sel')
    datasets.Dataset.from_list([dict(id='a', question='What is 2 + 2?', answer='4', status='kept', reason=None)]).save_to_disk(str(d/'dataset'))
    (d/'summary.json').write_text(json.dumps(dict(generator=dict(model='no-such-org/no-such-model', engine='transformers'))))
    return d

@pytest.mark.parametrize('args,msg', [
    (['--band', '0.9,0.1'], '--band needs 0 <= LO <= HI <= 1'),
    (['--band', '0.2'], '--band expects LO,HI'),
    (['--band', '0.2,1.5'], '--band needs 0 <= LO <= HI <= 1'),
    (['--weak', 'tiny', '--gap', '1,2'], "--gap expects 'autodata'"),
    (['--weak', 'tiny', '--gap', '0.5,0.9,0.6,0.2'], 'STRONG_MIN < STRONG_MAX'),
    (['--weak', 'tiny', '--gap', 'strict'], "--gap expects 'autodata'"),
    (['--method', 'rip', '--band', '0.2,0.8'], 'not on RIP'),
])
def test_bad_thresholds(folder, args, msg):
    r = cli('curate', '--input', folder, '--quiet', *args)
    assert r.returncode == 2, r.stderr[-2000:]
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith('error: ') and msg in lines[0], r.stderr[-2000:]
    assert not (folder/'curated').exists() and not list(folder.glob('cache*.sqlite'))  # nothing written, no cache opened
