"""Is an int8 solver good enough for Answer-Consistency on a CPU? The embedded 1.5B model solving GSM8K test problems
with the demo's solving prompt and sampling, float32 (prepacked) vs `quantize='int8'`: accuracy, agreement, time.

Run alone on the machine: `python benchmarks/bench_int8_solver.py [N]` (default 24 problems, one sample each, seeded).
"""
import os, platform, sys, time
import torch
from cot_si.core import Sampling
from cot_si.engines import TransformersEngine
from cot_si.consistency import solve_messages, solution_answer, BRIEF_SOLVE_PROMPT
from cot_si.evaluate import load_benchmark
from cot_si.answers import grade, Verdict

def run(ds, quantize):
    eng = TransformersEngine('embedded-1.5b', batch_size=len(ds), quantize=quantize)
    t = time.time(); eng.model; load = time.time() - t
    msgs = [solve_messages(q, BRIEF_SOLVE_PROMPT) for q in ds['question']]
    t = time.time(); comps = eng.generate(msgs, n=1, sampling=Sampling(temperature=0.6, top_p=0.95, max_tokens=320, seed=0), progress=False)
    dt = time.time() - t
    answers = [solution_answer(cs[0]) for cs in comps]
    right = [grade(g, a) is Verdict.EQUIVALENT for g, a in zip(ds['answer'], answers)]
    tokens = sum(cs[0].n_tokens for cs in comps)
    return dict(load=load, time=dt, tokens=tokens, answers=answers, right=right, cut=sum(cs[0].finish_reason == 'length' for cs in comps))

if __name__ == '__main__':
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 24
    ds = load_benchmark('gsm8k', hub=False, limit=n)
    print(f'machine: {platform.machine()} {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads; '
          f'load average before: {os.getloadavg()[0]:.2f}')
    print(f'{n} GSM8K test problems, 1 sample each, temperature 0.6, top-p 0.95, seed 0, up to 320 new tokens, the brief solving prompt')
    res = {}
    for q in (None, 'int8'):
        r = res[q] = run(ds, q)
        print(f"{q or 'float32':8s}: load {r['load']:5.1f}s; {r['tokens']} tokens in {r['time']:6.1f}s = {r['tokens']/r['time']:.1f} tok/s; "
              f"correct {sum(r['right'])}/{n}; cut at the limit {r['cut']}")
    a, b = res[None], res['int8']
    same = sum(grade(x, y) is Verdict.EQUIVALENT for x, y in zip(a['answers'], b['answers']) if x and y)
    print(f"time float32 / int8: {a['time']/b['time']:.1f}x; same answer on {same}/{n}; "
          f"right in both {sum(x and y for x, y in zip(a['right'], b['right']))}, only float32 {sum(x and not y for x, y in zip(a['right'], b['right']))}, "
          f"only int8 {sum(y and not x for x, y in zip(a['right'], b['right']))}; load average after: {os.getloadavg()[0]:.2f}")
