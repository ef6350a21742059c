"End-to-end tests of `cot-si run`, `train` and `eval`: real subprocesses, the tiny random model, real stage folders."
import json, os, signal, subprocess, sys, time
from pathlib import Path
import datasets, pytest, yaml
from cot_si.models import tiny_model
from cot_si.config import TOY_SMALL, deep_update

@pytest.fixture(scope='session', autouse=True)
def tiny(): return tiny_model()

def cli(*args, timeout=900):
    return subprocess.run(['cot-si', *map(str, args)], capture_output=True, text=True, timeout=timeout)

def tiny_config(tmp_path, **upd) -> Path:
    "The toy preset on the tiny model, trained on a small arithmetic file (`data:`): tiny-model generations are noise"
    rows = [dict(question=f'What is {a} + {a}?', answer=str(2 * a), status='kept', curated=True) for a in range(4)]
    datasets.Dataset.from_list(rows).to_json(tmp_path/'arith.jsonl')
    cfg = deep_update(TOY_SMALL, dict(name='tiny', model='tiny', data=str(tmp_path/'arith.jsonl'),
                                          train=dict(max_steps=2, max_completion_length=8), eval=dict(limit=2, max_tokens=16, n=2)))
    cfg['generate'] = cfg['curate'] = None
    cfg = deep_update(cfg, upd)
    p = tmp_path/'cfg.yaml'; p.write_text(yaml.safe_dump(cfg)); return p

def stages(out:Path, r=1) -> dict:
    return {d.name: json.loads((d/'stage.json').read_text()) for d in (out/f'round-{r}').iterdir() if (d/'stage.json').exists()}

def test_run_then_rerun_from_cache(tmp_path):
    out = tmp_path/'run'
    r = cli('run', tiny_config(tmp_path), '--out', out)
    assert r.returncode == 0, r.stderr[-3000:]
    st = stages(out)
    assert set(st) == {'train', 'eval'}
    assert (out/'round-1'/'train'/'checkpoint'/'config.json').exists()
    recs = json.loads((out/'round-1'/'eval'/'results.json').read_text())['records']
    assert [x['benchmark'] for x in recs] == ['gsm8k'] and recs[0]['n_samples'] == 2
    t0 = time.time()
    r2 = cli('run', tiny_config(tmp_path), '--out', out)
    assert r2.returncode == 0 and r2.stdout.count('finished earlier') == 2, r2.stdout
    assert 'Loading weights' not in r2.stderr  # no model was loaded
    assert {k: v['fingerprint'] for k, v in stages(out).items()} == {k: v['fingerprint'] for k, v in st.items()}

def test_run_killed_midway_resumes(tmp_path):
    out, cfg = tmp_path/'run', tiny_config(tmp_path, train=dict(max_steps=6, save_steps=1))
    p = subprocess.Popen(['cot-si', 'run', str(cfg), '--out', str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 600
    trl = out/'round-1'/'train'/'trl'
    while time.time() < deadline and not list(trl.glob('*/checkpoint-2/trainer_state.json')): time.sleep(0.5)  # a complete checkpoint
    p.send_signal(signal.SIGKILL); p.wait()
    assert not (out/'round-1'/'train'/'stage.json').exists()
    r = cli('run', cfg, '--out', out)
    assert r.returncode == 0, r.stderr[-3000:]
    assert set(stages(out)) == {'train', 'eval'}
    train = json.loads((out/'round-1'/'train'/'train.json').read_text())
    assert train['resumed_from'] and int(train['resumed_from'].rsplit('-', 1)[1]) >= 2 and train['steps'] == 6

def test_a_stage_that_keeps_nothing_stops_the_run_and_its_rerun(tmp_path):
    "Tiny-model noise survives neither generation nor Answer-Consistency: the run stops before training, and so does its re-run"
    cfg = tiny_config(tmp_path, generate=dict(TOY_SMALL['generate'], max_tokens=8, budget_calls=4, batch_size=4, n=2),
                      curate=dict(TOY_SMALL['curate'], max_tokens=8))
    for i in range(2):
        r = cli('run', cfg, '--out', tmp_path/'run')
        assert r.returncode == 0, r.stderr[-3000:]
        assert 'kept no prompts' in r.stdout, r.stdout
        assert not (tmp_path/'run'/'round-1'/'train').exists()
    assert 'finished earlier' in r.stdout and 'Loading weights' not in r.stderr

def test_bad_config_is_a_clear_error(tmp_path):
    p = tmp_path/'bad.yaml'; p.write_text('family: reasoning\ntrain: {method: grpo}\nbogus: 1\n')
    r = cli('run', p)
    assert r.returncode != 0 and 'bogus' in r.stderr
    r = cli('run', tmp_path/'missing.yaml')
    assert r.returncode != 0 and 'no such config' in r.stderr
    # the same entry point as a module, as `accelerate launch -m cot_si.cli train ...` runs it
    r = subprocess.run([sys.executable, '-m', 'cot_si.cli', 'run', str(tmp_path/'missing.yaml')], capture_output=True, text=True)
    assert r.returncode != 0 and 'no such config' in r.stderr, r.stderr[-2000:]

def test_eval_cli_records(tmp_path):
    out = tmp_path/'eval'
    r = cli('eval', '--model', 'tiny', '--benchmarks', 'gsm8k,math500', '--n', '2', '--limit', '3', '--max_tokens', '16',
            '--out', out, '--hub', 'false', '--quiet', 'true')
    assert r.returncode == 0, r.stderr[-3000:]
    d = json.loads((out/'results.json').read_text())
    assert [x['benchmark'] for x in d['records']] == ['gsm8k', 'math500']
    assert d['config']['n'] == 2 and all(x['n_items'] == 3 and x['n_samples'] == 2 for x in d['records'])
    assert (out/'results.png').exists() and (out/'results.md').exists()
    bad = cli('eval', '--model', 'tiny', '--benchmarks', 'mmlu', '--out', out)
    assert bad.returncode != 0 and 'unknown benchmarks' in bad.stderr

def test_train_cli_on_a_curated_folder(tmp_path):
    src = tmp_path/'curated'
    datasets.Dataset.from_list([dict(question=f'What is {a} + {a}?', answer=str(2 * a), status='kept', curated=True) for a in range(4)]
                               ).save_to_disk(str(src/'dataset'))
    r = cli('train', 'grpo', '--input', src, '--model', 'tiny', '--max_steps', '1', '--set', 'max_completion_length=8')
    assert r.returncode == 0, r.stderr[-3000:]
    t = json.loads((src/'train-grpo'/'train.json').read_text())
    assert t['steps'] == 1 and t['rows']['kept'] == 4 and t['settings']['max_completion_length'] == 8
    bad = cli('train', 'online-dpo', '--input', src, '--model', 'tiny')
    assert bad.returncode != 0 and 'needs a scorer' in bad.stderr

# --- re-runs recompute exactly the stages whose inputs changed, and say why -------------------------------------------
from scripted_server import start_server, crash_config

@pytest.fixture(scope='module')
def server(tmp_path_factory):
    srv, url = start_server(tmp_path_factory)
    yield url
    srv.shutdown()

@pytest.fixture(scope='module')
def finished(server, tmp_path_factory):
    "A finished generate → curate → train → eval run (generation and curation on the scripted server)"
    from cot_si.pipeline import run
    d = tmp_path_factory.mktemp('finished')
    cfg = yaml.safe_load(crash_config(d, server).read_text())
    cfg['train']['max_steps'] = 2
    run(cfg, out=d/'run', log=lambda *_: None)
    return cfg, d/'run'

CHANGES = dict(generate=('generate', 'max_tokens', 60), curate=('curate', 'max_tokens', 30),
               train=('train', 'learning_rate', 2e-5), eval=('eval', 'max_tokens', 6))

@pytest.mark.parametrize('stage', list(CHANGES))
def test_changing_one_stage_reruns_it_and_the_later_ones(finished, stage, tmp_path):
    import shutil
    from cot_si.pipeline import run
    from cot_si.config import STAGES
    cfg, src = finished
    out = tmp_path/'run'; shutil.copytree(src, out)
    sec, key, val = CHANGES[stage]
    logs = []
    run(deep_update(cfg, {sec: {key: val}}), out=out, log=logs.append)
    i = STAGES.index(stage)
    for s, line in zip(STAGES, logs):
        assert line.startswith(f'round 1 {s}: '), logs
        if STAGES.index(s) < i: assert 'finished earlier' in line, logs
        elif s == stage: assert f're-running: settings changed ({key} {json.dumps(cfg[sec].get(key))}→{json.dumps(val)})' in line, logs
        else: assert 're-running:' in line and 'input changed' in line, logs
    assert len(logs) == 4, logs

def test_touching_model_files_changes_nothing(finished, tmp_path):
    import shutil
    from cot_si.pipeline import run
    cfg, src = finished
    out = tmp_path/'run'; shutil.copytree(src, out)
    for f in list(Path(tiny_model()).iterdir()) + list((out/'round-1'/'train'/'checkpoint').iterdir()): os.utime(f)  # new mtimes, same bytes
    logs = []
    run(cfg, out=out, log=logs.append)
    assert all('finished earlier' in l for l in logs) and len(logs) == 4, logs

def test_train_reruns_when_its_data_changes_or_vanishes(tmp_path):
    cfg = tiny_config(tmp_path, train=dict(max_steps=1))
    out = tmp_path/'run'
    assert cli('run', cfg, '--out', out, '--stages', 'train').returncode == 0
    datasets.Dataset.from_list([dict(question='What is 9 + 9?', answer='18', status='kept', curated=True)] * 2).to_json(tmp_path/'arith.jsonl')
    r = cli('run', cfg, '--out', out, '--stages', 'train')
    assert r.returncode == 0 and 'round 1 train: re-running: input changed' in r.stdout and 'data changed' in r.stdout, r.stdout
    (tmp_path/'arith.jsonl').unlink()
    r = cli('run', cfg, '--out', out, '--stages', 'train')
    assert r.returncode != 0 and 'no data at' in r.stderr and len(r.stderr.strip().splitlines()) <= 2, r.stderr[-2000:]
    assert (out/'round-1'/'train'/'checkpoint'/'config.json').exists()  # the earlier checkpoint is still there
