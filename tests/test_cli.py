"End-to-end tests of the `cot-si` command: real subprocesses, the tiny random model, the real cache."
import json, os, signal, sqlite3, subprocess, time
from pathlib import Path
import datasets, pytest
from cot_si.models import tiny_model
from cot_si.templates import REJECT_REASONS

TINY = ['--model', 'tiny', '--max_tokens', '24', '--batch_size', '4', '--quiet', 'true']
OTHER_REASONS = {'near_duplicate', 'contaminated', 'quota_full', 'step_truncated', 'copied_template'}

@pytest.fixture(scope='session', autouse=True)
def tiny(): return tiny_model()  # build it once, before any subprocess needs it

def cli(*args, timeout=600):
    return subprocess.run(['cot-si', *map(str, args)], capture_output=True, text=True, timeout=timeout)

def samples(db:Path) -> dict:
    with sqlite3.connect(db) as c: return {(k, i): (comp, run) for k, i, comp, run in c.execute('SELECT key, idx, completion, run FROM samples')}

def test_help():
    r = cli('--help')
    assert r.returncode == 0 and 'generate' in r.stdout and 'demo' in r.stdout
    r = cli('generate', '--help')
    assert r.returncode == 0 and '--budget_calls' in r.stdout

@pytest.mark.parametrize('family', ['reasoning', 'instruction'])
def test_generate_end_to_end(tmp_path, family):
    out = tmp_path/'run'
    r = cli('generate', *TINY, '--family', family, '--n', '3', '--budget_calls', '8', '--guided', 'true', '--out', out)
    assert r.returncode == 0, r.stderr[-3000:]
    assert 'output:' in r.stdout and str(out) in r.stdout
    summary = json.loads((out/'summary.json').read_text())
    ds = datasets.load_from_disk(str(out/'dataset'))
    assert len(ds) == summary['tried'] and summary['stopped_by'] in ('quota', 'budget_calls')
    assert len((out/'synthetic.jsonl').read_text().splitlines()) == len(ds)
    for row in ds:
        assert len(row['seed_ids']) == 2 and len(row['seed_prompts']) == 2
        assert row['template'] == summary['template'] and row['model'].startswith('tiny-llama')
        assert json.loads(row['sampling'])['max_tokens'] == 24 and isinstance(row['raw'], str)
        if row['status'] == 'rejected': assert row['reason'] in set(REJECT_REASONS) | OTHER_REASONS
        else: assert row['reason'] is None and row['question']
        if family == 'reasoning' and row['status'] == 'kept': assert row['answer']
    if family == 'instruction': assert summary['same_category']  # bundled instruction seeds carry categories

def test_bad_seed_file_is_a_clear_error(tmp_path):
    bad = tmp_path/'seeds.jsonl'
    bad.write_text('{"question": "What is 2+2?"}\n{"question": "broken\n')
    r = cli('generate', *TINY, '--seeds', bad, '--n', '1', '--out', tmp_path/'run')
    assert r.returncode != 0 and 'seeds.jsonl line 2' in r.stderr

def test_missing_model_is_a_clear_error(tmp_path):
    r = cli('generate', '--model', tmp_path/'no-such-model', '--n', '1', '--budget_calls', '2', '--quiet', 'true', '--out', tmp_path/'run')
    assert r.returncode != 0 and 'no-such-model' in r.stderr

def test_sigkill_then_resume(tmp_path):
    "A run killed with SIGKILL mid-stage, then resumed: no finished sample lost, none generated twice"
    out = tmp_path/'run'
    args = ['generate', *TINY, '--max_tokens', '48', '--n', '1000', '--budget_calls', '120', '--out', str(out)]
    p = subprocess.Popen(['cot-si', *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    db, deadline = out/'cache.sqlite', time.time() + 300
    while True:
        if db.exists() and len(samples(db)) >= 12: break
        if p.poll() is not None: pytest.fail(f'the run ended before it could be killed: {p.stderr.read()[-2000:]}')
        if time.time() > deadline: p.kill(); pytest.fail('no samples written in 300 s')
        time.sleep(0.05)
    os.kill(p.pid, signal.SIGKILL); p.wait()
    before = samples(db)
    assert 12 <= len(before) < 120  # killed mid-stage
    r = cli(*args)
    assert r.returncode == 0, r.stderr[-3000:]
    after = samples(db)
    assert all(after[k] == v for k, v in before.items())  # every finished sample kept, unchanged, from the first run
    summary = json.loads((out/'summary.json').read_text())
    assert summary['engine_stats']['generated'] == len(after) - len(before)  # only the missing ones were generated
    assert summary['tried'] == 120 and len(datasets.load_from_disk(str(out/'dataset'))) == 120
    # a third run generates nothing and loads no model
    r = cli(*args)
    assert r.returncode == 0 and json.loads((out/'summary.json').read_text())['engine_stats']['generated'] == 0

@pytest.mark.parametrize('method', ['answer-consistency', 'self-consistency', 'rip'])
def test_curate_end_to_end(tmp_path, method):
    "generate, then curate: every row kept in the output, the funnel, the card, and a resumed re-run generating nothing"
    out = tmp_path/'run'
    assert cli('generate', *TINY, '--n', '2', '--budget_calls', '6', '--guided', 'true', '--out', out).returncode == 0
    args = ['curate', '--input', out, '--method', method, '--k', '3', '--max_tokens', '16', '--quiet', 'true']
    if method == 'rip': args += ['--scorer', 'tiny']
    r = cli(*args)
    assert r.returncode == 0, r.stderr[-3000:]
    cur = out/'curated'
    assert (cur/'funnel.png').stat().st_size > 0 and '## Funnel' in (cur/'README.md').read_text()
    ds, gen = datasets.load_from_disk(str(cur/'dataset')), datasets.load_from_disk(str(out/'dataset'))
    assert len(ds) == len(gen) and 'curated' in ds.column_names
    for row in ds:
        if row['status'] != 'kept': assert row['curated'] is None  # rejected earlier: carried through untouched
        elif row['curated'] is False: assert row['curate_reason']  # every curation rejection says why
    before = samples(out/'cache.sqlite')
    assert cli(*args).returncode == 0 and samples(out/'cache.sqlite') == before  # resumed from the cache: nothing new

def test_curate_needs_a_generated_run(tmp_path):
    r = cli('curate', '--input', tmp_path/'nothing')
    assert r.returncode != 0 and 'cot-si generate' in r.stderr
