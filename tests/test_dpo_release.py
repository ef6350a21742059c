"""Offline DPO samples and scores its K responses, then lets go of the sampling engine's and the reward model's weights before
the trainer loads: on a GPU the trainer would otherwise share it with both (issue 26: ~205 GB at the paper's scale)."""
import gc, weakref
import datasets
from cot_si.core import SampleCache, Sampling
from cot_si.engines import TransformersEngine
from cot_si.rip import RewardModelScorer, tiny_reward_model
import cot_si.train as T

def prompts(n=3):
    return datasets.Dataset.from_list([dict(question=f'Give me {i + 2} tips for a quiet morning.', status='kept', curated=True) for i in range(n)])

def test_dpo_releases_its_sampler_and_reward_model_before_the_trainer_loads(tmp_path, monkeypatch):
    eng = TransformersEngine('tiny', cache=SampleCache(tmp_path/'policy.sqlite'))
    rm = RewardModelScorer(str(tiny_reward_model()))
    seen = {}
    real_rip, real_build = T.rip_score, T._build
    def rip_then_look(*a, **kw):  # the real sampling and scoring (8 tokens a response, not 1,024); then note the two models it loaded
        out = real_rip(*a, **{**kw, 'sampling': Sampling(temperature=1.0, top_p=1.0, max_tokens=8, seed=0)})
        seen['engine'], seen['reward'] = weakref.ref(eng._model), weakref.ref(rm._model)
        return out
    def build_then_look(*a, **kw):  # what is still alive when the real trainer is built
        gc.collect()
        seen['at_build'] = (seen['engine']() is not None, seen['reward']() is not None)
        return real_build(*a, **kw)
    monkeypatch.setattr(T, 'rip_score', rip_then_look)
    monkeypatch.setattr(T, '_build', build_then_look)
    run = T.train('dpo', prompts(), model='tiny', out=tmp_path/'run', preset='cpu-dpo', scorer=rm, engine=eng, max_steps=1)
    assert seen['at_build'] == (False, False)  # both models were freed before the trainer loaded
    assert not eng.loaded and not rm.loaded and run.summary['steps'] == 1
    assert len(rm.score(['a prompt'], ['an answer'])) == 1  # a released scorer loads again when asked

def test_release_unloads_each_kind_it_knows(tmp_path):
    eng, rm = TransformersEngine('tiny', cache=SampleCache(tmp_path/'c.sqlite')), RewardModelScorer(str(tiny_reward_model()))
    eng.model, rm.model  # load both
    refs = [weakref.ref(eng._model), weakref.ref(rm._model)]
    T.release(eng, rm, None)  # None: nothing to release (no engine was built)
    gc.collect()
    assert [r() for r in refs] == [None, None] and not eng.loaded and not rm.loaded
