"""Bad values in a `cot-si run` config: a count or budget that is not positive, a model that is nowhere. Each is one line,
at once, before any work starts."""
import os, subprocess
from types import SimpleNamespace
import pytest, yaml
import huggingface_hub as hh
from huggingface_hub.errors import RepositoryNotFoundError
from cot_si.core import CotSiError
from cot_si.config import TOY_SMALL, deep_update, validate_config, count_fields, check_model, _train_keys

from test_bad_inputs import one_line_error  # the same check as the other bad-input tests

def cli(*args, env=None, timeout=600):
    return subprocess.run(['cot-si', *map(str, args)], capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})})


def write(tmp_path, cfg):
    p = tmp_path/'cfg.yaml'; p.write_text(yaml.safe_dump(cfg)); return p

def nested(field:str, v) -> dict:
    "{'a': {'b': v}} for 'a.b'"
    *path, k = field.split('.')
    d = {k: v}
    for p in reversed(path): d = {p: d}
    return d

@pytest.mark.parametrize('v', [0, -3])
def test_every_count_and_budget_must_be_positive(v):
    fields = count_fields()
    assert {'rounds', 'generate.n', 'generate.budget_calls', 'curate.k', 'eval.n', 'eval.limit', 'train.max_steps', 'train.learning_rate',
            'train.num_generations', 'engines.generator.max_new_tokens'} <= set(fields)
    grpo = _train_keys('grpo')  # TOY_SMALL trains with GRPO: a field its TRL config lacks is an unknown key, said first
    for f in fields:
        if (f, v) == ('train.max_steps', -1) or (f.startswith('train.') and f[6:] not in grpo): continue
        with pytest.raises(CotSiError, match=f'^config: {f} must be positive, not {v}$'):
            validate_config(deep_update(TOY_SMALL, nested(f, v)))

def test_what_stays_allowed():
    validate_config(deep_update(TOY_SMALL, dict(train=dict(max_steps=-1, lora=0, learning_rate=1e-6, num_train_epochs=0.5))))
    with pytest.raises(CotSiError, match=r"^config: train.num_generations must be a number, not str \('8'\)$"):
        validate_config(deep_update(TOY_SMALL, dict(train=dict(num_generations='8'))))

@pytest.mark.parametrize('setting,says', [('generate.n=-3', 'config: generate.n must be positive, not -3'),
                                          ('train.learning_rate=0', 'config: train.learning_rate must be positive, not 0')])
def test_a_count_that_is_not_positive_stops_the_command_in_one_line(tmp_path, setting, says):
    out = tmp_path/'run'
    for dry in ([], ['--dry_run']):
        r = cli('run', write(tmp_path, TOY_SMALL), '--out', out, '--set', setting, *dry)
        one_line_error(r, says)
    assert not out.exists()  # nothing started

def test_a_model_name_that_is_nowhere_is_one_line_at_preflight(tmp_path):
    out = tmp_path/'run'
    for model, says in [('embeded', "nor an embedded model's name (did you mean 'embedded'?)"),
                        ('no-such-org/no-such-model', 'not in the local Hugging Face cache and HF_HUB_OFFLINE is set'),
                        ('no such org/model', 'is not a valid hub id')]:
        r = cli('run', write(tmp_path, deep_update(TOY_SMALL, dict(model=model))), '--out', out, env=dict(HF_HUB_OFFLINE='1'))
        one_line_error(r, f'model: {model!r}' if ' ' in model or '/' not in model else f'model: {model}', says)
        assert not out.exists()  # preflight: no run folder, nothing loaded (a wall-clock bound here failed under load)

def test_online_a_hub_id_is_asked_about_not_downloaded(monkeypatch):
    "With hub access on, a hub id not in the cache is looked up with `model_info` (metadata, no weights): found passes, missing is one line"
    monkeypatch.delenv('HF_HUB_OFFLINE', raising=False); monkeypatch.setattr(hh.constants, 'HF_HUB_OFFLINE', False)
    asked = []
    monkeypatch.setattr(hh, 'model_info', lambda name, **kw: asked.append(name))
    check_model('some-org/a-real-model')
    assert asked == ['some-org/a-real-model']
    def missing(name, **kw): raise RepositoryNotFoundError(f'404 for {name}', response=SimpleNamespace(headers={}, request=None))
    monkeypatch.setattr(hh, 'model_info', missing)
    with pytest.raises(CotSiError, match='^model: some-org/typo does not exist on the Hugging Face hub'): check_model('some-org/typo')
    def unreachable(name, **kw): raise ConnectionError('no route to host')
    monkeypatch.setattr(hh, 'model_info', unreachable)
    with pytest.raises(CotSiError, match=r'^model: cannot reach the hub to check some-org/x \(ConnectionError\); set HF_HUB_OFFLINE=1'): check_model('some-org/x')
