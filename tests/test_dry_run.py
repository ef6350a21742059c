"""`cot-si run CONFIG --dry_run` loads, converts and writes nothing: with no model converted yet (an empty COT_SI_HOME), the
embedded models stay GGUF files and `tiny` stays unbuilt; what could not be checked is listed instead."""
import json, os, subprocess
import pytest
from cot_si.config import converting_nothing, _WouldConvert
from cot_si.models import resolve_model, qwen_installed

def cli(*args, env=None, timeout=600):
    return subprocess.run(['cot-si', *map(str, args)], capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})})

def files(folder): return sorted(str(p.relative_to(folder)) for p in folder.rglob('*') if p.is_file())

@pytest.mark.parametrize('preset,models', [('toy-if-long-cot-rip', ['embedded', 'tiny']),  # the 135M model, and tiny as the reward model
                                           ('toy-reasoning', ['embedded-1.5b'])])  # the 1.5B model: no 1.1 GB join either
def test_a_dry_run_converts_nothing(tmp_path, preset, models):
    home = tmp_path/'home'
    r = cli('run', preset, '--dry_run', env=dict(COT_SI_HOME=str(home)))
    if r.returncode and 'is not installed' in r.stderr: pytest.skip('the 1.5B model is not installed here')
    assert r.returncode == 0, r.stderr[-3000:]
    assert files(home) == [], files(home)  # nothing converted, joined or built
    checks = json.loads(r.stdout)['checks']
    if 'is not installed' in ' '.join(checks): pytest.skip('the 1.5B model is not installed here')
    assert sorted(c.split(':')[0] for c in checks) == models, checks
    assert all('converted on first use, which a dry run does not do' in c for c in checks), checks

def test_converting_nothing_only_while_inside(tmp_path, monkeypatch):
    monkeypatch.setenv('COT_SI_HOME', str(tmp_path))
    with converting_nothing():
        for name in ('embedded', 'tiny') + (('embedded-1.5b',) if qwen_installed() else ()):
            with pytest.raises(_WouldConvert): resolve_model(name)
        assert resolve_model('some-org/some-model') == 'some-org/some-model'
    assert files(tmp_path) == []
    import cot_si.models as M
    assert M._convert_gguf.__name__ == '_convert_gguf' and M.embedded_model.__name__ == 'embedded_model'  # put back

def test_every_set_counts():
    r = cli('run', 'toy-reasoning-cot-self-instruct', '--dry_run', '--set', 'rounds=2', '--set', 'generate.n=5', 'eval.n=3')
    assert r.returncode == 0, r.stderr[-2000:]
    d = json.loads(r.stdout)
    assert (d['rounds'], d['stages']['generate']['n'], d['stages']['eval']['n']) == (2, 5, 3)  # before, only the last --set counted
