"""Bad inputs to `cot-si run` and the stages: each is one clear line, and work finished before it is intact."""
import json, os, sqlite3, subprocess, sys, time
from pathlib import Path
import pytest, yaml
from cot_si.core import CotSiError, SampleCache
from cot_si.pipeline import TOY_SMALL, deep_update
from scripted_server import start_server, crash_config, Scripted

def cli(*args, timeout=900):
    return subprocess.run(['cot-si', *map(str, args)], capture_output=True, text=True, timeout=timeout)

def one_line_error(r, *needles):
    "A failed command whose stderr ends in one line holding `needles`, with no traceback"
    assert r.returncode != 0, r.stdout[-2000:]
    assert 'Traceback' not in r.stderr, r.stderr[-3000:]
    last = r.stderr.strip().splitlines()[-1]
    for n in needles: assert n in last, r.stderr[-3000:]

@pytest.fixture(scope='module')
def server(tmp_path_factory):
    srv, url = start_server(tmp_path_factory)
    yield url
    srv.shutdown()

def write(tmp_path, cfg) -> Path:
    p = tmp_path/'cfg.yaml'; p.write_text(yaml.safe_dump(cfg)); return p

@pytest.mark.parametrize('upd,needle', [
    (dict(curate=dict(kk=8)), 'unknown key curate.kk (did you mean curate.k?)'),
    (dict(generate=dict(temperature='hot')), 'generate.temperature must be float'),
    (dict(train=dict(max_stesp=3)), 'did you mean train.max_steps'),
    (dict(eval=dict(n=[2])), 'eval.n must be int'),
    (dict(rounds='two'), 'rounds must be int'),
])
def test_bad_config_at_any_depth_is_one_line_before_any_work(tmp_path, upd, needle):
    out = tmp_path/'run'
    r = cli('run', write(tmp_path, deep_update(TOY_SMALL, upd)), '--out', out)
    one_line_error(r, needle)
    assert not out.exists()  # nothing started

def test_a_model_that_does_not_exist_fails_fast_offline(tmp_path):
    out, t0 = tmp_path/'run', time.time()
    r = cli('run', write(tmp_path, deep_update(TOY_SMALL, dict(model='no-such-org/no-such-model'))), '--out', out)
    one_line_error(r, 'no-such-org/no-such-model', 'not in the local Hugging Face cache')
    assert time.time() - t0 < 120 and not out.exists()
    r = cli('run', write(tmp_path, deep_update(TOY_SMALL, dict(model=str(tmp_path/'nowhere')))), '--out', out)
    one_line_error(r, 'neither a local folder nor a hub id')

def test_read_only_output_folder(tmp_path, monkeypatch):
    from cot_si.pipeline import prepare_out
    ro = tmp_path/'ro'; ro.mkdir(); ro.chmod(0o555)
    if os.geteuid() != 0:  # root writes anywhere: simulate the refusal instead
        with pytest.raises(CotSiError, match='cannot write the output folder'): prepare_out(ro/'run')
    def refuse(self, *a, **k): raise PermissionError(13, 'Permission denied', str(self))
    monkeypatch.setattr(Path, 'write_text', refuse)
    with pytest.raises(CotSiError, match=r'cannot write the output folder \(Permission denied\)'): prepare_out(ro/'run')

def test_two_runs_on_one_folder(tmp_path, server):
    out = tmp_path/'run'
    cfg = crash_config(tmp_path, server)
    err = open(tmp_path/'first.err', 'w')
    first = subprocess.Popen(['cot-si', 'run', str(cfg), '--out', str(out)], stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.time() + 300
    while time.time() < deadline and not ((out/'.lock').exists() and (out/'.lock').read_text().strip()): time.sleep(0.1)
    second = cli('run', cfg, '--out', out)
    one_line_error(second, 'is in use by another cot-si run', f'(pid {first.pid})')
    assert first.poll() is None, 'the first run ended before the second one started: the test proves nothing'
    assert first.wait(900) == 0, (tmp_path/'first.err').read_text()[-3000:]
    assert json.loads((out/'round-1'/'eval'/'stage.json').read_text())['stage'] == 'eval'
    n = len(SampleCache(out/'round-1'/'generate'/'cache.sqlite'))
    r = cli('run', cfg, '--out', out)  # the lock is free again, and the cache whole
    assert r.returncode == 0 and r.stdout.count('finished earlier') == 4, r.stderr[-2000:]
    assert len(SampleCache(out/'round-1'/'generate'/'cache.sqlite')) == n

class _FullDb:
    "A connection whose writes fail as SQLite does on a full disk, after `ok` successful ones"
    def __init__(self, db, state): self.db, self.state = db, state
    def __getattr__(self, k): return getattr(self.db, k)
    def executemany(self, *a):
        self.state['writes'] += 1
        if self.state['writes'] > self.state['ok']: raise sqlite3.OperationalError('database or disk is full')
        return self.db.executemany(*a)

def test_full_disk_during_a_cache_write_keeps_earlier_samples(tmp_path, server, monkeypatch):
    from cot_si import core
    from cot_si.stages import generate
    state, orig = dict(writes=0, ok=2), core._Tx.__enter__
    monkeypatch.setattr(core._Tx, '__enter__', lambda self: _FullDb(orig(self), state))
    kw = dict(out=str(tmp_path/'gen'), engine='openai', model='scripted', base_url=server, engine_args=dict(concurrency=1, max_retries=0),
              n=4, budget_calls=8, batch_size=2, max_tokens=64, guided=False, decontaminate=False, hub=False, quiet=True)
    with pytest.raises(CotSiError, match='disk is full.*samples stored before are kept'): generate(**kw)
    monkeypatch.undo()
    cache = SampleCache(tmp_path/'gen'/'cache.sqlite')
    assert len(cache) == 2  # the two writes before the disk filled
    before = len(Scripted.log_path.read_text().splitlines())
    generate(**kw)  # space freed: the run resumes and asks the server only for what is missing
    asked = len(Scripted.log_path.read_text().splitlines()) - before
    assert len(cache) > 2 and asked == len(cache) - 2, (len(cache), asked)

def test_unreachable_server_is_one_line(tmp_path):
    "Bounded retries, then one line naming the server (the engine page tests HTTP 500s and truncated JSON, and the cache they keep)"
    from cot_si.stages import generate
    t0 = time.time()
    with pytest.raises(CotSiError, match=r'requests to http://127.0.0.1:9/v1 failed after 1 retries \(APIConnectionError'):
        generate(out=str(tmp_path/'gen'), engine='openai', model='m', base_url='http://127.0.0.1:9/v1', engine_args=dict(max_retries=1, timeout=2),
                 n=2, budget_calls=2, hub=False, decontaminate=False, quiet=True)
    assert time.time() - t0 < 60
