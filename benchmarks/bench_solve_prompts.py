"""How should a slow CPU solver be asked? The embedded 1.5B model solving GSM8K test problems under different solving
prompts (and optionally int8 weights): accuracy, tokens, solutions cut at the budget, time. Saves every response.

Run alone on the machine: `python benchmarks/bench_solve_prompts.py N BUDGET PROMPT[:int8] ...` with PROMPT one of
`step` (SOLVE_PROMPT), `brief` (BRIEF_SOLVE_PROMPT), `concise` (CONCISE_SOLVE_PROMPT); responses go to /tmp/solve_prompts.json.
"""
import json, os, platform, sys, time
import torch
from cot_si.core import Sampling
from cot_si.engines import TransformersEngine
from cot_si import consistency as C
from cot_si.evaluate import load_benchmark
from cot_si.answers import grade, Verdict

PROMPTS = dict(step='SOLVE_PROMPT', brief='BRIEF_SOLVE_PROMPT', concise='CONCISE_SOLVE_PROMPT')

def run(ds, prompt, quantize, budget):
    eng = TransformersEngine('embedded-1.5b', batch_size=len(ds), quantize=quantize)
    t = time.time(); eng.model; load = time.time() - t
    msgs = [C.solve_messages(q, getattr(C, PROMPTS[prompt])) for q in ds['question']]
    t = time.time(); comps = eng.generate(msgs, n=1, sampling=Sampling(temperature=0.6, top_p=0.95, max_tokens=budget, seed=0), progress=False)
    dt = time.time() - t
    cs = [c[0] for c in comps]
    answers = [C.solution_answer(c) for c in cs]
    right = [grade(g, a) is Verdict.EQUIVALENT for g, a in zip(ds['answer'], answers)]
    return dict(load=load, time=dt, tokens=sum(c.n_tokens for c in cs), answers=answers, right=right,
                cut=sum(c.finish_reason == 'length' for c in cs), lengths=[c.n_tokens for c in cs], responses=[c.text for c in cs])

if __name__ == '__main__':
    n, budget, variants = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    ds = load_benchmark('gsm8k', hub=False, limit=n)
    print(f'machine: {platform.machine()} {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads; '
          f'load average before: {os.getloadavg()[0]:.2f}')
    print(f'{n} GSM8K test problems, 1 sample each, temperature 0.6, top-p 0.95, seed 0, up to {budget} new tokens')
    res = {}
    for v in variants:
        p, _, q = v.partition(':')
        r = res[v] = run(ds, p, q or None, budget)
        med = sorted(r['lengths'])[len(r['lengths']) // 2]
        print(f"{v:14s}: load {r['load']:5.1f}s; {r['tokens']} tokens (median {med}) in {r['time']:6.1f}s = {r['tokens']/r['time']:.1f} tok/s; "
              f"correct {sum(r['right'])}/{n}; cut at the limit {r['cut']}", flush=True)
        json.dump(dict(gold=list(ds['answer']), **res), open('/tmp/solve_prompts.json', 'w'))
    print(f'load average after: {os.getloadavg()[0]:.2f}')
