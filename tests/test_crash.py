"""Crash harness: SIGKILL `cot-si run` at seeded random moments over every stage (generate → curate → train → eval), resume
each time, and check that the result equals an uninterrupted run's and that no finished sample was generated twice.

Generation and curation run against a scripted OpenAI-compatible server in this process (the tiny random model never writes a
question the filters keep); training and evaluation run the tiny random model with transformers and TRL, for real."""
import json, os, random, signal, subprocess, threading, time
from collections import Counter
from pathlib import Path
import pytest
from scripted_server import Scripted, start_server, crash_config

@pytest.fixture(scope='module')
def server(tmp_path_factory):
    srv, url = start_server(tmp_path_factory)
    yield url
    srv.shutdown()

ENV = {**os.environ, 'PYTHONUNBUFFERED': '1'}

def launch(cfg:Path, out:Path):
    return subprocess.Popen(['cot-si', 'run', str(cfg), '--out', str(out)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV)

def requests_made(log:Path) -> list: return [l for l in log.read_text().splitlines()] if log.exists() else []

def fingerprint_outputs(out:Path) -> dict:
    "What must be equal between the interrupted and the uninterrupted run"
    from safetensors.torch import load_file
    rd = out/'round-1'
    rows = lambda f: [json.loads(l) for l in f.read_text().splitlines()]
    ck = load_file(str(rd/'train'/'checkpoint'/'model.safetensors'))
    res = json.loads((rd/'eval'/'stage.json').read_text())['results']
    return dict(generated=rows(rd/'generate'/'synthetic.jsonl'), curated=rows(rd/'curate'/'curated.jsonl'),
                steps=json.loads((rd/'train'/'train.json').read_text())['steps'],
                weights={k: v.double().sum().item() for k, v in ck.items()}, weights_obj=ck,
                scores=[(r['benchmark'], r['score'], r['ci'], r['n_samples']) for r in res],
                fps={s: json.loads((rd/s/'stage.json').read_text())['fingerprint'] for s in ('generate', 'curate', 'train', 'eval')})

def _strip(rows:list) -> list:
    "Rows without the fields that legitimately differ between runs (timings)"
    return [{k: v for k, v in r.items() if k not in ('seconds',)} for r in rows]

ORDER = ['generate', 'curate', 'train', 'train-save', 'eval']

def kill_plan(n_kills:int, seed:int=0) -> list[tuple[str, float]]:
    "(stage, fraction of its duration) for each kill, in stage order: every stage gets its share, one kill lands in a checkpoint save"
    rng = random.Random(seed)
    plan = [(ORDER[i % 5], rng.random()) for i in range(n_kills)]
    return sorted(plan, key=lambda p: (ORDER.index(p[0]), p[1]))

def wait_and_kill(p, out:Path, stage:str, frac:float, durations:dict, deadline:float) -> str:
    "Kill `p` `frac` of the way into `stage` (from its log line), or as a checkpoint save begins; what happened"
    started = None
    lines = []
    def reader():
        for l in p.stdout: lines.append(l)
    threading.Thread(target=reader, daemon=True).start()
    trl = out/'round-1'/'train'/'trl'
    seen = {str(c) for c in trl.glob('*/checkpoint-*')} if trl.exists() else set()
    while p.poll() is None and time.time() < deadline:
        if stage == 'train-save':
            new = [c for c in trl.glob('*/checkpoint-*') if str(c) not in seen] if trl.exists() else []
            if new: p.send_signal(signal.SIGKILL); p.wait(); return f'killed while saving {new[0].name}'
        elif started is None and any(f'round 1 {stage}:' in l for l in lines):
            started = time.time()
        elif started is not None and time.time() - started >= frac * durations[stage]:
            p.send_signal(signal.SIGKILL); p.wait(); return f'killed {frac:.0%} (of its first run\'s time) into {stage}'
        time.sleep(0.02)
    p.wait()
    return f'finished before the kill in {stage}'

def crash_run(tmp_path, server, n_kills:int):
    cfg = crash_config(tmp_path, server)
    log = Path(Scripted.log_path)
    # the uninterrupted run
    log.unlink(missing_ok=True)
    base = tmp_path/'base'
    r = subprocess.run(['cot-si', 'run', str(cfg), '--out', str(base)], capture_output=True, text=True, timeout=1200, env=ENV)
    assert r.returncode == 0, r.stderr[-3000:]
    base_requests = requests_made(log)
    durations = {s: json.loads((base/'round-1'/s/'stage.json').read_text())['seconds'] + 3 for s in ('generate', 'curate', 'train', 'eval')}
    # the interrupted one
    log.unlink(missing_ok=True)
    out, events = tmp_path/'killed', []
    done = {s: 0. for s in ORDER}  # how far into each stage the earlier kills already got
    for stage, frac in kill_plan(n_kills):
        # a resumed stage redoes only what is left: kill it after the planned share of the *remaining* work, not of the whole
        p = launch(cfg, out)
        events.append(wait_and_kill(p, out, stage, frac - done[stage], durations, time.time() + 900))
        done[stage] = frac
    r = subprocess.run(['cot-si', 'run', str(cfg), '--out', str(out)], capture_output=True, text=True, timeout=1200, env=ENV)
    assert r.returncode == 0, r.stderr[-3000:]
    a, b = fingerprint_outputs(base), fingerprint_outputs(out)
    assert _strip(a['generated']) == _strip(b['generated']), events
    assert _strip(a['curated']) == _strip(b['curated']), events
    assert a['steps'] == b['steps'] == 4
    import torch
    for k, v in a['weights_obj'].items(): assert torch.equal(v, b['weights_obj'][k]), (k, events)
    assert a['scores'] == b['scores'], events
    assert a['fps'] == b['fps']
    # no finished sample generated twice: a request is repeated only if a kill caught it in flight (concurrency 1: one per kill)
    reqs = requests_made(log)
    repeated = sum(c - 1 for c in Counter(reqs).values() if c > 1)
    killed = sum(e.startswith('killed') for e in events)
    assert set(base_requests) == set(reqs)  # the same requests, whatever the kills
    assert repeated <= killed, (repeated, killed, events)
    return events, repeated

def test_crash_resume_5_kills(tmp_path, server):
    events, repeated = crash_run(tmp_path, server, 5)
    print(events, repeated)
    assert sum(e.startswith('killed') for e in events) >= 3, events

@pytest.mark.slow
def test_crash_resume_20_kills(tmp_path, server):
    events, repeated = crash_run(tmp_path, server, 20)
    print(events, repeated)
    assert sum(e.startswith('killed') for e in events) >= 12, events
