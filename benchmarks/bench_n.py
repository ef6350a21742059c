"""K samples per prompt through the engine's native `n` vs one request per sample.

Same prompts (solve-prompts for short bundled MATH questions), same sampling, no cache:
  native n  — one `generate(prompts, n=K)` call: one request per prompt, K samples each (vLLM shares the prefix);
  one by one — K·P requests of n=1, one after another (what a one-request-at-a-time script does).
Prints samples/s of each and the speed-up (target >= 3x). Usage:
  python benchmarks/bench_n.py [--engine transformers|vllm] [--model embedded] [--prompts 4] [--k 8] [--max_tokens 48]
"""
import argparse, os, platform, time
from cot_si.core import Sampling
from cot_si.engines import get_engine
from cot_si.consistency import solve_messages
from cot_si.seeds import bundled_seeds

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--engine', default='transformers'); ap.add_argument('--model', default='embedded')
    ap.add_argument('--prompts', type=int, default=4); ap.add_argument('--k', type=int, default=8)
    ap.add_argument('--max_tokens', type=int, default=48)
    a = ap.parse_args()
    seeds = bundled_seeds('reasoning').filter(lambda r: r['source'] == 'MATH train')
    prompts = [solve_messages(q) for q in seeds['prompt'][:a.prompts]]
    kw = dict(max_model_len=2048) if a.engine == 'vllm' else {}
    eng = get_engine(a.engine, a.model, batch_size=max(a.prompts, 1), **kw)
    sp = Sampling(temperature=0.8, top_p=0.95, max_tokens=a.max_tokens)
    eng.generate(prompts[:1], n=1, sampling=sp.replace(seed=99))  # load and warm up
    t0 = time.perf_counter(); eng.generate(prompts, n=a.k, sampling=sp); native = time.perf_counter() - t0
    t0 = time.perf_counter()
    for p in prompts:
        for s in range(a.k): eng.generate([p], n=1, sampling=sp.replace(seed=1000 + s))
    single = time.perf_counter() - t0
    n = a.prompts * a.k
    print(f'machine: {platform.machine()} {os.cpu_count()} cores; engine {a.engine}, model {a.model}')
    print(f'{a.prompts} prompts x K={a.k}, up to {a.max_tokens} new tokens each')
    print(f'native n  : {native:.1f}s  ({n / native:.2f} samples/s)')
    print(f'one by one: {single:.1f}s  ({n / single:.2f} samples/s)')
    print(f'speed-up  : {single / native:.2f}x  (target >= 3x)')

if __name__ == '__main__': main()
