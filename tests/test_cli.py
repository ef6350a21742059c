"End-to-end tests of the `cot-si` command: real subprocesses, the tiny random model, the real cache."
import json, os, random, re, signal, sqlite3, subprocess, time
from pathlib import Path
import datasets, pytest
from cot_si import cli as cot_cli, engines
from cot_si.core import Completion, display_path
from cot_si.engines import Engine
from cot_si.models import tiny_model
from cot_si.templates import REJECT_REASONS

TINY = ['--model', 'tiny', '--max_tokens', '24', '--batch_size', '4', '--quiet']
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
    r = cli('generate', *TINY, '--family', family, '--n', '3', '--budget_calls', '8', '--guided', '--out', out)
    assert r.returncode == 0, r.stderr[-3000:]
    assert 'output:' in r.stdout and display_path(out) in r.stdout  # named as cot_si prints paths (relative, ~, or whole)
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
    r = cli('generate', '--model', tmp_path/'no-such-model', '--n', '1', '--budget_calls', '2', '--quiet', '--out', tmp_path/'run')
    assert r.returncode != 0 and 'no-such-model' in r.stderr

def _count(db:Path) -> int:
    "Samples in a cache another process is writing (0 while its file exists but its table does not yet)"
    try: return len(samples(db))
    except sqlite3.OperationalError: return 0

def test_sigkill_then_resume(tmp_path):
    "A run killed with SIGKILL mid-stage, then resumed: no finished sample lost, none generated twice"
    out = tmp_path/'run'
    args = ['generate', *TINY, '--max_tokens', '48', '--n', '1000', '--budget_calls', '120', '--out', str(out)]
    p = subprocess.Popen(['cot-si', *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    db, deadline = out/'cache.sqlite', time.time() + 300
    while True:
        if db.exists() and _count(db) >= 12: break
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

WORDS = 'prime circle angle sum digits integer triangle area ratio chord modulo square cube root sequence'.split()

class Scripted(Engine):
    """Stands in for a model (the tiny one writes no well-formed question): the generator writes questions in
    rotating variants; the solver answers variant 0 right, variant 1 wrong but unanimously, variant 2 all differently"""
    kind = 'scripted'
    def __init__(self, *args, **kw): super().__init__(*args, **kw); self.made = 0
    def _generate(self, prompts, n, sampling, seeds):
        for i, msgs in enumerate(prompts):
            text = msgs[-1]['content']
            if m := re.search(r'code (\d+) \(variant (\d)\)', text):  # a solve prompt, or a RIP response prompt
                a, v = int(m[1]), int(m[2])
                answers = [a] * n if v == 0 else [a + 1] * n if v == 1 else [a + j for j in range(n)]
                yield i, [Completion(f'Step {j}: {"work " * (j + 1)}\nSo the answer is \\boxed{{{x}}}.', n_tokens=8) for j, x in enumerate(answers)]
                continue
            comps = []
            for s in range(n):
                rng, v = random.Random(seeds[i] * 100 + s), self.made % 3
                a = rng.randint(10, 999); self.made += 1
                comps.append(Completion(f"Reasoning.\n[New Question Begin]Find the {' '.join(rng.choices(WORDS, k=10))} with code {a} (variant {v}).[New Question End]\n"
                                        f"[Final Answer to New Question Begin]\\boxed{{{a}}}[Final Answer to New Question End]", n_tokens=30))
            yield i, comps

EXPECTED = {  # variant -> (kept?, reason) per curation method
    'answer-consistency': {0: (True, None), 1: (False, 'majority_mismatch'), 2: (False, 'tie')},
    'self-consistency': {0: (True, None), 1: (True, None), 2: (False, 'tie')},
}

@pytest.mark.parametrize('method', ['answer-consistency', 'self-consistency', 'rip'])
def test_curate_end_to_end(tmp_path, monkeypatch, method):
    "generate, then curate through the CLI's entry point with a scripted model: real keep/reject decisions with reasons, the funnel, the card, and a resumed re-run generating nothing"
    monkeypatch.setitem(engines.ENGINES, 'scripted', Scripted)
    out = tmp_path/'run'
    cot_cli.main(['generate', '--engine', 'scripted', '--model', 'scripted-model', '--n', '6', '--budget_calls', '12', '--batch_size', '4',
                  '--no-hub', '--quiet', '--out', str(out)])
    gen = datasets.load_from_disk(str(out/'dataset'))
    assert sum(s == 'kept' for s in gen['status']) == 6
    args = ['curate', '--input', str(out), '--method', method, '--k', '3', '--quiet']
    if method == 'rip': args += ['--scorer', 'tiny']
    cot_cli.main(args)
    cur = out/'curated'
    assert (cur/'funnel.png').stat().st_size > 0 and '## Funnel' in (cur/'README.md').read_text()
    ds = datasets.load_from_disk(str(cur/'dataset'))
    assert len(ds) == len(gen) and 'curated' in ds.column_names
    kept = [r for r in ds if r['status'] == 'kept']
    for row in ds:
        if row['status'] != 'kept': assert row['curated'] is None  # rejected earlier: carried through untouched
    assert any(r['curated'] is True for r in kept) and any(r['curated'] is False for r in kept)  # real decisions, both ways
    assert all(r['curate_reason'] for r in kept if r['curated'] is False)  # every curation rejection says why
    if method in EXPECTED:
        got = {int(re.search(r'variant (\d)', r['question'])[1]): (r['curated'], r['curate_reason']) for r in kept}
        assert got == EXPECTED[method]
        if method == 'self-consistency': assert all(r['label'] == r['majority'] for r in kept if r['curated'])
    else:
        assert all(r['curate_reason'] is None for r in kept if r['curated'])
        assert {r['curate_reason'] for r in kept if r['curated'] is False} == {'low_min'}  # below the pool's median min reward
        assert min(r['rip_min'] for r in kept if r['curated']) >= max(r['rip_min'] for r in kept if r['curated'] is False)
    summary = json.loads((cur/'summary.json').read_text())
    assert summary['curation']['engine'] == 'scripted' and summary['curation']['method'] == method
    before = samples(out/'cache.sqlite')
    cot_cli.main(args)
    assert samples(out/'cache.sqlite') == before  # resumed from the cache: nothing new

def test_curate_needs_a_generated_run(tmp_path):
    r = cli('curate', '--input', tmp_path/'nothing')
    assert r.returncode != 0 and 'cot-si generate' in r.stderr

# --- the structure: no import circle; the command line parses, the stage layer works ----------------------------------
def import_graph() -> dict:
    "cot_si's modules and the cot_si modules each imports anywhere in its source (function-level imports included), drawn with ast"
    import ast, cot_si
    pkg = Path(cot_si.__file__).parent
    mods = {p.stem for p in pkg.glob('*.py') if p.stem not in ('__init__', '_modidx')}
    graph = {}
    for m in mods:
        deps = set()
        for node in ast.walk(ast.parse((pkg/f'{m}.py').read_text())):
            if isinstance(node, ast.ImportFrom):
                parts = (node.module or '').split('.')
                if node.level == 1 or parts[0] == 'cot_si':
                    sub = parts[0] if node.level == 1 else (parts[1] if len(parts) > 1 else '')
                    deps |= {sub} if sub else {a.name for a in node.names}
            elif isinstance(node, ast.Import): deps |= {a.name.split('.')[1] for a in node.names if a.name.startswith('cot_si.')}
        graph[m] = (deps & mods) - {m}  # a module naming itself (a spawned child's target, imported by its module's name) is no circle
    return graph

def test_no_import_circle_and_the_cli_only_parses():
    import graphlib
    g = import_graph()
    assert {'cli', 'pipeline', 'stages', 'engines'} <= set(g)
    graphlib.TopologicalSorter(g).prepare()  # raises CycleError on a circle
    assert g['cli'] <= {'stages', 'pipeline', 'demo', 'core'}, g['cli']
    assert 'cli' not in set().union(*g.values())  # nothing imports the command line
    g2 = {**g, 'core': g['core'] | {'cli'}}  # the check itself: a circle is found
    with pytest.raises(graphlib.CycleError): graphlib.TopologicalSorter(g2).prepare()

def test_dry_run_prints_each_role_and_loads_nothing():
    t0 = time.time()
    r = cli('run', 'reasoning-cot-self-instruct-answer-consistency', '--dry_run', '--set', 'engines.solver.model=tiny')
    assert r.returncode == 0, r.stderr[-3000:]
    d = json.loads(r.stdout)
    ro = d['roles']
    assert set(ro) == {'generator', 'solver', 'reward', 'policy', 'judge'}
    assert (ro['generator']['model'], ro['generator']['thinking'], ro['generator']['temperature'], ro['generator']['top_p']) == ('Qwen/Qwen3-4B', True, 0.6, 0.95)
    assert ro['solver']['model'] == 'tiny' and ro['solver']['max_new_tokens'] == ro['generator']['max_new_tokens']
    assert ro['policy']['model'] == 'Qwen/Qwen3-4B-Base' and d['stages']['curate']['roles'] == ['solver']
    assert 'Loading' not in r.stderr  # no model was loaded
    r = cli('run', 'if-long-cot-rip', '--dry_run')
    ro = json.loads(r.stdout)['roles']
    assert ro['reward']['model'] == 'Nexusflow/Athene-RM-8B' and ro['judge']['engine'] == 'openai' and ro['generator']['temperature'] == 0.8
    assert json.loads(cli('run', 'reasoning-self-instruct', '--dry_run').stdout)['roles']['generator']['top_p'] == 0.8

def test_thinking_reaches_the_cache_key_through_the_spec(tmp_path):
    from cot_si.engines import EngineSpec
    from cot_si.core import Sampling
    msgs = [{'role': 'user', 'content': 'hi'}]
    keys = {t: EngineSpec(model='tiny', thinking=t).build().key(msgs, Sampling()) for t in (None, True, False)}
    assert len(set(keys.values())) == 3
    keys = {t: EngineSpec(model='m', engine='openai', base_url='http://x/v1', thinking=t).build().key(msgs, Sampling()) for t in (None, True)}
    assert len(set(keys.values())) == 2
