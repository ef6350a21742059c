"Every further row of the paper's tables is a preset (issue 26): it resolves to its `PAPER_TABLE` rows with a source for each, has a `toy-` form, is listed by `cot-si run --help`; the question-only presets label their prompts; the toy forms run."
import json, os, subprocess, time
from pathlib import Path
import datasets, pytest
from cot_si.config import PRESETS, PAPER_ROWS, PAPER_TABLE, paper_expected, resolved, load_config
from cot_si.cli import presets_help
from cot_si.templates import TEMPLATES

def cli(*args, timeout=1200, **env):
    return subprocess.run(['cot-si', *map(str, args)], capture_output=True, text=True, timeout=timeout, env={**os.environ, **env})

@pytest.mark.parametrize('name', list(PAPER_ROWS))
def test_row_resolves_says_its_sources_and_has_a_toy(name):
    want = paper_expected(name)
    assert resolved(PRESETS[name]) == {k: v for k, (v, _) in want.items()}
    assert all(src.startswith(('paper', 'our default')) for _, src in PAPER_TABLE[f'row:{name}'].values())
    assert load_config(f'toy-{name}')['model'] == 'embedded'
    h = presets_help()
    assert f'  {name} ' in h and f'  toy-{name} ' in h

def test_the_rows_the_issue_names():
    p = PRESETS
    u = resolved(p['reasoning-untrained'])
    assert (u['generate'], u['curate'], u['train'], u['roles.policy.model']) == (None, None, None, 'Qwen/Qwen3-4B-Base')
    assert (resolved(p['if-untrained'])['train'], resolved(p['if-untrained'])['eval.benchmarks']) == (None, ['alpaca_eval', 'arena_hard'])
    s = p['reasoning-s1k']['generate']
    assert (s['seeds'], s['template'], s['attempts'], s['verifiable']) == ('hf:simplescaling/s1K-1.1', 'seeds', 's1k', True)
    assert p['reasoning-openmathreasoning']['generate']['seeds'] == 'hf:nvidia/OpenMathReasoning:cot'
    assert p['reasoning-openmathreasoning']['generate']['n'] == 10000
    assert p['reasoning-cot-self-instruct-answer-consistency-893']['curate']['subsample'] == 893
    assert p['reasoning-cot-self-instruct-answer-consistency-10k']['curate']['subsample'] == 10000
    assert (p['reasoning-cot-self-instruct-rip25']['curate']['percentile'], p['reasoning-cot-self-instruct-rip']['curate']['percentile']) == (25, 50)
    assert {p[f'reasoning-self-instruct{s}']['curate'].get('label', 'majority') for s in ('', '-random', '-rmchosen')} == {'majority', 'random', 'rm'}
    assert resolved(p['reasoning-self-instruct-rmchosen'])['roles.reward.model'] == 'infly/INF-ORM-Llama3.1-70B'
    assert p['reasoning-self-instruct-solve']['generate']['template'] == 'self-instruct-solve' and TEMPLATES['self-instruct-solve'].has_answer
    w = p['if-wildchat-rip']['generate']
    assert (w['template'], w['rip_seeds'], w['rip_rule'], w['rip_k'], w['scorer']) == ('seeds', 50, 'full', 32, 'Nexusflow/Athene-RM-8B')
    assert p['if-long-cot-rip-ripseeds']['generate']['rip_seeds'] == 50 and p['if-long-cot-rip-ripseeds']['generate']['template'] == 'cot-self-instruct-if'

def test_every_question_only_preset_labels_its_prompts():
    "GRPO drops a row without a label: every preset that trains GRPO on question-only prompts must curate with a label"
    n = 0
    for name, c in PRESETS.items():
        g, t, cur = c.get('generate') or {}, c.get('train') or {}, c.get('curate') or {}
        if t.get('method') != 'grpo' or g.get('template') in (None, 'seeds') or TEMPLATES[g['template']].has_answer: continue
        n += 1
        assert cur.get('method') in ('majority-label', 'pseudo-label', 'self-consistency') or cur.get('label'), name
    assert n >= 2 * 8  # Self-Instruct and NoSolve, at full and toy scale

def test_openmathreasoning_offline_is_one_line(tmp_path):
    r = cli('generate', '--seeds', 'hf:nvidia/OpenMathReasoning:cot', '--template', 'seeds', '--verifiable', '--max_seeds', '10',
            '--out', tmp_path/'omr', HF_HUB_OFFLINE='1', HF_DATASETS_OFFLINE='1')
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: could not load hf:nvidia/OpenMathReasoning (split 'cot')"), r.stderr[-2000:]

def test_toy_s1k_row_runs_end_to_end(tmp_path):
    "The s1K row's toy form on the tiny model (the 135M one takes minutes a GRPO step on a busy CPU): the bundled seeds are the prompts (no generation), GRPO trains on them with their answers, the model is evaluated"
    out, t0 = tmp_path/'run', time.time()
    r = cli('run', 'toy-reasoning-s1k', '--out', out, '--quiet', '--set', 'model=tiny', 'train.max_completion_length=8', 'eval.limit=2', 'eval.max_tokens=16')
    assert r.returncode == 0, r.stderr[-3000:]
    gen = datasets.load_from_disk(str(out/'round-1'/'generate'/'dataset'))
    assert gen['status'] == ['kept'] * 4 and all(gen['answer'])
    assert (out/'round-1'/'train'/'checkpoint'/'config.json').exists()
    assert json.loads((out/'round-1'/'eval'/'results.json').read_text())['records'][0]['benchmark'] == 'gsm8k'
    print(f'toy-reasoning-s1k end to end: {time.time() - t0:.0f} s')

_STAGES = ('generate', 'curate', 'train', 'eval')

@pytest.mark.slow
@pytest.mark.parametrize('name', [n for n in PAPER_ROWS if n != 'reasoning-s1k'])  # s1K's has its own test above
def test_toy_row_runs(tmp_path, name):
    "Each row's toy form runs on the tiny model: its stages in order, each writing its record, and a run that stops early says why"
    c, out = load_config(f'toy-{name}'), tmp_path/'run'
    grpo = ['train.max_completion_length=8'] if (c.get('train') or {}).get('method') == 'grpo' else []
    r = cli('run', f'toy-{name}', '--out', out, '--quiet', '--set', 'model=tiny', 'eval.limit=2', 'eval.max_tokens=16', *grpo)
    assert r.returncode == 0, r.stderr[-3000:]
    stages = [s for s in _STAGES if c.get(s)]
    ran = [s for s in stages if (out/'round-1'/s/'stage.json').exists()]
    assert ran and ran == stages[:len(ran)], (stages, ran)
    if ran != stages: assert 'stopping' in r.stdout + r.stderr, (r.stdout + r.stderr)[-2000:]  # a recorded reason, not a silent end
