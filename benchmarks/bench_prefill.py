"""Shared prompt prefill across the n samples of a prompt, on vs off, in the transformers engine.

P CoT-Self-Instruct prompts (the method's template on pairs of bundled reasoning seeds, ~490 tokens each with the
chat template), n samples each, seeded sampling at temperature 0.7. Each setting runs twice:
  prefill — max_tokens=1: the time to the first new token, i.e. the prompt prefill;
  total   — max_tokens=M: prefill plus M decoding steps.
`share_prefill=True` reads each prompt once and repeats its KV cache n times; False prefills all P·n rows (the old
path). Also checks that both give the same samples. Prints the machine load (`uptime`) before and after: on a shared
machine the numbers are noisy. Usage:
  python benchmarks/bench_prefill.py [--model embedded] [--prompts 4] [--n 4] [--max_tokens 32] [--threads 2] [--dtype auto]
"""
import argparse, os, platform, subprocess, time
from cot_si.core import Sampling
from cot_si.engines import TransformersEngine, render_chat
from cot_si.seeds import bundled_seeds
from cot_si.templates import get_template

def prompts_near(tok, n:int, target:int=490):
    "`n` CoT-Self-Instruct prompts from seed pairs, the ones whose length is closest to `target` tokens"
    t, seeds = get_template('cot-self-instruct'), bundled_seeds('reasoning')['prompt']
    cands = [t.messages([seeds[i], seeds[i + 1]]) for i in range(0, min(len(seeds) - 1, 120), 2)]
    size = lambda m: len(tok(render_chat(tok, m), add_special_tokens=False)['input_ids'])
    scored = sorted(((abs(size(m) - target), size(m), m) for m in cands), key=lambda x: x[0])[:n]
    return [m for _, _, m in scored], [s for _, s, _ in scored]

def run(eng, prompts, n, sp, share):
    eng.share_prefill = share
    t0 = time.perf_counter()
    out = [[c.text for c in cs] for _, cs in eng._generate(prompts, n, sp, seeds=list(range(len(prompts))))]
    return time.perf_counter() - t0, out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', default='embedded'); ap.add_argument('--prompts', type=int, default=4)
    ap.add_argument('--n', type=int, default=4); ap.add_argument('--max_tokens', type=int, default=32)
    ap.add_argument('--threads', type=int, default=0); ap.add_argument('--dtype', default='auto')
    a = ap.parse_args()
    import torch
    if a.threads: torch.set_num_threads(a.threads)
    eng = TransformersEngine(a.model, dtype=a.dtype)
    t0 = time.perf_counter(); eng.model; load = time.perf_counter() - t0
    prompts, sizes = prompts_near(eng.tokenizer, a.prompts)
    sp = Sampling(temperature=0.7, top_p=0.95)
    run(eng, prompts[:1], 2, sp.replace(max_tokens=2), True)  # warm up
    up0 = subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()
    res = {}
    for share in (True, False):
        res[share, 'prefill'] = run(eng, prompts, a.n, sp.replace(max_tokens=1), share)
        res[share, 'total'] = run(eng, prompts, a.n, sp.replace(max_tokens=a.max_tokens), share)
    up1 = subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()
    print(f'machine: {platform.machine()} {os.cpu_count()} cores, torch threads {torch.get_num_threads()}; model {a.model} '
          f'({eng.model.dtype}, load {load:.0f}s)')
    print(f'{a.prompts} prompts of {min(sizes)}-{max(sizes)} tokens (mean {sum(sizes) / len(sizes):.0f}), n={a.n}, '
          f'max_tokens {a.max_tokens}; load before: {up0}; after: {up1}')
    for what in ('prefill', 'total'):
        on, off = res[True, what][0], res[False, what][0]
        print(f'{what:7s}: shared {on:6.1f}s   per row {off:6.1f}s   ratio per-row/shared {off / on:.2f}x')
    print('same samples with and without sharing:', res[True, 'total'][1] == res[False, 'total'][1])

if __name__ == '__main__': main()
