"The paper presets are the paper: each resolves, field by field, to `PAPER_TABLE`, and a change to any one field is caught."
import copy
import pytest
from cot_si.core import CotSiError
from cot_si.config import PRESETS, PAPER_TABLE, paper_expected, resolved
from cot_si.plan import MEMORY, train_memory
from cot_si import train as train_mod

PAPER = [k for k in PRESETS if not k.startswith('toy')]

def expected(name) -> dict: return {k: v for k, (v, _) in paper_expected(name).items()}

@pytest.mark.parametrize('name', PAPER)
def test_preset_is_the_paper(name):
    assert resolved(PRESETS[name]) == expected(name)

def test_every_row_says_where_it_comes_from():
    for g, rows in PAPER_TABLE.items():
        for k, (v, src) in rows.items(): assert src.startswith(('paper', 'our default', "TRL's default")), (g, k, src)

@pytest.mark.parametrize('name', ['reasoning-cot-self-instruct', 'if-long-cot', 'if-long-cot-online'])
def test_trl_settings_a_run_inherits_are_resolved_and_stated(name):
    from cot_si.config import TRL_INHERITED, trl_defaults
    r, rows = resolved(PRESETS[name]), paper_expected(name)
    m = PRESETS[name]['train']['method']
    for k, v in trl_defaults(m).items():  # every TRL setting the run uses is in the resolved config and in the table, with its source
        assert f'train.{k}' in r and f'train.{k}' in rows, k
        if k not in train_mod.PRESETS[f'paper-{m}']: assert rows[f'train.{k}'] == (v, rows[f'train.{k}'][1]) and rows[f'train.{k}'][1].startswith("TRL's default"), k
    assert r['train.seed'] == 0

def test_dpo_epochs_schedule_and_response_cap_are_stated():
    from cot_si.rip import RIP_SAMPLING
    r, rows = resolved(PRESETS['if-long-cot']), paper_expected('if-long-cot')
    assert (r['train.num_train_epochs'], r['train.lr_scheduler_type'], r['train.warmup_steps']) == (3.0, 'linear', 0)
    assert r['train.responses.max_tokens'] == RIP_SAMPLING.max_tokens == 1024  # the cap DPO samples its 64 responses with, one setting
    assert 'RIP_SAMPLING' in rows['train.responses.max_tokens'][1]
    assert not paper_expected('reasoning-self-instruct')['curate.method'][1].startswith('paper')  # the paper does not say which label its row used

def test_the_paper_settings_named_in_the_issue():
    r = {n: resolved(PRESETS[n]) for n in ('reasoning-cot-self-instruct-answer-consistency', 'reasoning-self-instruct', 'if-long-cot-rip', 'if-long-cot-online')}
    g = r['reasoning-cot-self-instruct-answer-consistency']
    assert (g['roles.generator.model'], g['roles.generator.thinking'], g['roles.generator.temperature'], g['roles.generator.top_p']) == ('Qwen/Qwen3-4B', True, 0.6, 0.95)
    assert g['roles.solver.max_new_tokens'] == g['roles.generator.max_new_tokens'] and g['roles.policy.model'] == 'Qwen/Qwen3-4B-Base'
    assert (r['reasoning-self-instruct']['roles.generator.temperature'], r['reasoning-self-instruct']['roles.generator.top_p']) == (0.7, 0.8)
    assert r['if-long-cot-rip']['roles.reward.model'] == 'Nexusflow/Athene-RM-8B' and r['if-long-cot-rip']['curate.method'] == 'rip'
    o = r['if-long-cot-online']
    assert o['train.max_length'] >= o['train.max_new_tokens'] + 1024  # room for the prompt beside the new tokens
    assert resolved(PRESETS['reasoning-cot-self-instruct'])['curate'] is None  # "no filter" filters nothing
    assert {k: v for k, v in resolved(PRESETS['reasoning-cot-self-instruct-answer-consistency']).items() if k.startswith('train.loss')} == {'train.loss_type': 'dapo'}

NONE_TO = dict(thinking=True, base_url='http://x/v1', curate=dict(method='self-consistency', k=4))

def _changed(key, v):
    "Another valid value for a config leaf"
    if key == 'family': return 'instruction' if v == 'reasoning' else 'reasoning'
    if key == 'engine': return 'transformers' if v != 'transformers' else 'vllm'
    if v is None: return NONE_TO[key]
    if isinstance(v, bool): return not v
    if isinstance(v, (int, float)): return v * 2 + 1
    if isinstance(v, str): return v + '-x'
    if isinstance(v, list): return v[:-1]
    if isinstance(v, dict): return {**v, 'dtype': 'float32'}
    raise TypeError(v)

def _leaves(d, path=()):
    for k, v in d.items():
        if isinstance(v, dict) and v and k != 'engine_args': yield from _leaves(v, path + (k,))
        else: yield path + (k,), v

@pytest.mark.parametrize('name', ['reasoning-cot-self-instruct-answer-consistency', 'reasoning-self-instruct', 'reasoning-cot-self-instruct-rip',
                                  'if-long-cot-rip', 'if-no-cot-online', 'reasoning-s1k', 'reasoning-self-instruct-rmchosen',
                                  'reasoning-cot-self-instruct-nosolve-random', 'if-wildchat-rip', 'reasoning-cot-self-instruct-answer-consistency-893'])
def test_changing_any_field_of_a_preset_is_caught(name):
    want, n = expected(name), 0
    for path, v in _leaves(PRESETS[name]):
        if path[-1] in ('name', 'description'): continue  # labels, not settings
        cfg = copy.deepcopy(PRESETS[name])
        d = cfg
        for p in path[:-1]: d = d[p]
        d[path[-1]] = _changed(path[-1], v)
        try: got = resolved(cfg)
        except CotSiError: n += 1; continue  # a change the config check refuses is caught too
        assert got != want, path
        n += 1
    assert n >= 15

@pytest.mark.parametrize('preset', ['paper-grpo', 'paper-dpo', 'paper-online-dpo'])
def test_changing_a_training_preset_field_is_caught(preset, monkeypatch):
    name = {'paper-grpo': 'reasoning-cot-self-instruct', 'paper-dpo': 'if-long-cot', 'paper-online-dpo': 'if-long-cot-online'}[preset]
    for k, v in train_mod.PRESETS[preset].items():
        if k == 'method': continue
        mutated = copy.deepcopy(train_mod.PRESETS); mutated[preset][k] = _changed(k, v)
        monkeypatch.setattr(train_mod, 'PRESETS', mutated)
        assert resolved(PRESETS[name]) != expected(name), k
    monkeypatch.undo()
    assert resolved(PRESETS[name]) == expected(name)

def test_the_memory_arithmetic_picks_the_micro_batches():
    for k, v in MEMORY.items():
        per = 2 if 'dpo' in k else 1  # DPO: a pair of sequences; online DPO: two completions of a prompt
        p = train_mod.PRESETS[k]
        assert (p['per_device_train_batch_size'] * per, p['gradient_checkpointing']) == (v['micro_batch'], True)
        assert train_memory(**v)['fits']
        if k == 'paper-online-dpo':  # one prompt a device: room to spare on 4 H200s, and it still runs on 8 H100s, which 4 prompts would not (see 47_plan)
            assert train_memory(**{**v, 'gpus': 8, 'gpu_gb': 80})['fits'] and not train_memory(**{**v, 'micro_batch': 4 * v['micro_batch'], 'gpus': 8, 'gpu_gb': 80})['fits']
            continue
        assert not train_memory(**{**v, 'micro_batch': 2 * v['micro_batch']})['fits']
        assert not train_memory(**{**v, 'checkpointing': False})['fits']
        if 'vllm_share' in v: assert p['vllm_gpu_memory_utilization'] == v['vllm_share']
