"Bad input to the `cot-si` command: one line `error: …` on stderr, exit status 2, and the folder's earlier output intact."
import hashlib, os, shutil, subprocess, sys
from pathlib import Path
import pytest
from cot_si.models import tiny_model

@pytest.fixture(scope='session', autouse=True)
def tiny(): return tiny_model()  # build it once, before any subprocess needs it

def cli(*args, module=False, env=None, timeout=600):
    cmd = [sys.executable, '-m', 'cot_si.cli'] if module else ['cot-si']
    return subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})})

def snapshot(folder:Path) -> dict:
    "Every file under `folder` with the hash of its bytes"
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob('*')) if p.is_file()}

@pytest.fixture(scope='module')
def earlier(tmp_path_factory):
    "A finished generation run: the output a bad later command must not touch"
    out = tmp_path_factory.mktemp('earlier')/'run'
    r = cli('generate', '--model', 'tiny', '--max_tokens', '16', '--batch_size', '4', '--n', '2', '--budget_calls', '4', '--quiet', '--out', out)
    assert r.returncode == 0, r.stderr[-3000:]
    assert (out/'summary.json').exists() and (out/'cache.sqlite').exists()
    return out

BAD_SEEDS = {  # file name, content, what the one line must say
    'broken': ('seeds.jsonl', '{"question": "What is 2+2?"}\n{"question": "What is\n', 'seeds.jsonl line 2: bad JSON'),
    'missing_field': ('seeds.jsonl', '{"question": "What is 2+2?"}\n{"problem": "What is 3+3?"}\n', "seeds.jsonl line 2: missing prompt field 'question'"),
    'wrong_type': ('seeds.jsonl', '{"question": "What is 2+2?"}\n{"question": 42}\n', "seeds.jsonl line 2: prompt field 'question' holds int, not text"),
    'no_prompt_field': ('seeds.jsonl', '{"q": "What is 2+2?", "a": 4}\n', "no prompt field among"),
    'not_records': ('seeds.json', '{"a": [1], "b": [2]}', "expected a list of records"),
    'binary': ('seeds.jsonl', bytes(range(256)) * 8, 'seeds.jsonl: a binary file, not .jsonl text'),
    'empty': ('seeds.jsonl', '', 'seeds.jsonl: empty file, no seeds'),
    'blank_lines': ('seeds.jsonl', '\n\n   \n', 'seeds.jsonl: no seeds (it holds no records)'),
    'header_only': ('seeds.csv', 'id,question\n', 'seeds.csv: no seeds (it holds no records)'),
    'not_utf8': ('seeds.jsonl', '{"question": "Caf\xe9?"}\n'.encode('latin-1'), 'seeds.jsonl line 1: not UTF-8 text'),
    'wrong_suffix': ('seeds.txt', 'What is 2+2?\n', "unsupported file type '.txt'"),
}

@pytest.mark.parametrize('case', list(BAD_SEEDS))
def test_bad_seed_file(tmp_path, earlier, case):
    name, content, says = BAD_SEEDS[case]
    seeds = tmp_path/name
    seeds.write_bytes(content) if isinstance(content, bytes) else seeds.write_text(content)
    out = tmp_path/'run'; shutil.copytree(earlier, out)
    before = snapshot(out)
    r = cli('generate', '--model', 'tiny', '--seeds', seeds, '--n', '1', '--quiet', '--out', out)
    assert r.returncode == 2, (r.returncode, r.stderr[-2000:])
    assert r.stderr.count('\n') == 1 and r.stderr.startswith('error: '), r.stderr[-2000:]  # one line, no traceback
    assert says in r.stderr, r.stderr
    assert snapshot(out) == before  # the earlier run's output is intact, nothing added

def test_missing_seed_file_and_folder(tmp_path, earlier):
    out = tmp_path/'run'; shutil.copytree(earlier, out)
    before = snapshot(out)
    for seeds, says in [(tmp_path/'nope.jsonl', 'no seed file'), (tmp_path, 'is a folder, not a seed file')]:
        r = cli('generate', '--model', 'tiny', '--seeds', seeds, '--quiet', '--out', out)
        assert (r.returncode, r.stderr.count('\n')) == (2, 1) and says in r.stderr, r.stderr[-2000:]
    assert snapshot(out) == before

def test_module_entry_point_and_debug(tmp_path):
    "`python -m cot_si.cli` behaves the same; --debug or COT_SI_DEBUG=1 shows the traceback"
    seeds = tmp_path/'seeds.jsonl'; seeds.write_text('{"question": "ok"}\n{broken\n')
    args = ['generate', '--model', 'tiny', '--seeds', seeds, '--quiet', '--out', tmp_path/'run']
    r = cli(*args, module=True)
    assert (r.returncode, r.stderr.count('\n')) == (2, 1) and 'seeds.jsonl line 2: bad JSON' in r.stderr, r.stderr[-2000:]
    for r in (cli(*args, '--debug'), cli(*args, env={'COT_SI_DEBUG': '1'})):
        assert r.returncode != 0 and 'Traceback (most recent call last)' in r.stderr and 'SeedError' in r.stderr
    assert not (tmp_path/'run').exists()  # refused before anything was written

def test_usage_errors_are_one_line(tmp_path, capsys):
    "The same entry point in-process (the subprocess path is covered above): one line, status 2"
    from cot_si.cli import main
    for args, says in [(['frobnicate'], "unknown command 'frobnicate'"),
                       (['generate', '--n', 'many'], "argument --n: invalid int value: 'many'"),
                       (['generate', '--family', 'poetry'], "--family must be 'reasoning' or 'instruction'"),
                       (['generate', '--frobnicate'], 'unrecognized arguments: --frobnicate'),
                       (['curate', '--input', tmp_path/'nothing'], 'cot-si generate'),
                       (['eval', '--benchmarks', 'mmlu'], "unknown benchmarks ['mmlu']")]:
        with pytest.raises(SystemExit) as e: main(list(map(str, args)))
        err = capsys.readouterr().err
        assert (e.value.code, err.count('\n')) == (2, 1) and err.startswith('error: ') and says in err, (args, err[-2000:])

def test_flags_and_version():
    r = cli('--version')
    assert r.returncode == 0 and r.stdout.startswith('cot-si ')
    r = cli('demo', '--help')
    text = ' '.join(r.stdout.split())  # argparse wraps long help lines
    assert r.returncode == 0 and '--quiet, --no-quiet' in text and "cot_si's cache folder" in text

@pytest.mark.parametrize('setting,needle', [
    ('engines.solver.model=no-such-org/no-such-model', 'engines.solver.model: no-such-org/no-such-model is not in the local Hugging Face cache'),
    ('engines.generator.thinking=true', 'has no thinking switch (enable_thinking)'),
    ('generate.max_tokens=1000000', 'max_new_tokens 1000000 is more than'),
    ('engines.policy.max_tokens=9', 'engines.policy.max_tokens is now engines.policy.max_new_tokens'),
])
def test_an_impossible_config_fails_before_any_model_loads(tmp_path, setting, needle):
    out = tmp_path/'run'
    r = cli('run', 'toy-reasoning', '--out', out, '--set', 'model=embedded', setting, env={'HF_HUB_OFFLINE': '1'})  # the 135M model: installed wherever the tests run
    assert r.returncode == 2 and 'Traceback' not in r.stderr, r.stderr[-3000:]
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], r.stderr[-3000:]
    assert not out.exists() and 'Loading' not in r.stderr  # nothing started, no model loaded
