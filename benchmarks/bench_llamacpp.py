"""llama.cpp vs transformers on the embedded 1.5B model, in one run: load time, decoding speed at 1 and 24 rows, peak memory.

python benchmarks/bench_llamacpp.py            # both engines, each measurement in its own process (so peak RSS is its own)
python benchmarks/bench_llamacpp.py --one llamacpp 24   # one measurement, printed as JSON

Decoding speed: `rows` different prompts, greedy, 64 new tokens each (the prompts ask for long answers, so rows rarely end
early); the time of a 1-token run on the same prompts (prompt reading) is measured separately and subtracted."""
import gc, json, os, resource, subprocess, sys, time

PROMPTS = [f'Write a long, detailed story about a {a} who {b}.' for a in
           ('farmer', 'baker', 'pilot', 'teacher', 'miner', 'sailor', 'painter', 'doctor')
           for b in ('counts apples', 'builds a bridge', 'loses a key')]  # 24 prompts

def one(kind:str, rows:int, kv:str='f16') -> dict:
    from cot_si.core import Sampling
    from cot_si.engines import get_engine
    from cot_si.models import embedded_qwen
    if kind == 'transformers': embedded_qwen()  # the one-time conversion is not part of loading
    kw = dict(max_rows=rows, n_ctx=512, kv_type=kv) if kind == 'llamacpp' else dict(batch_size=rows)
    mk = lambda: get_engine(kind, 'embedded-1.5b', **kw)
    e, t = mk(), time.perf_counter()
    e.model; load = time.perf_counter() - t
    ps = PROMPTS[:rows]
    t = time.perf_counter(); e.generate(ps, sampling=Sampling(temperature=0, max_tokens=1)); read = time.perf_counter() - t
    del e; gc.collect()  # one model in memory at a time
    e = mk(); e.model  # a fresh engine: nothing read before
    t = time.perf_counter(); out = e.generate(ps, sampling=Sampling(temperature=0, max_tokens=65)); total = time.perf_counter() - t
    new = sum(c.n_tokens for [c] in out) - rows  # the first token of each row comes with reading the prompt
    return dict(engine=kind + (f' kv {kv}' if kv != 'f16' else ''), rows=rows, load_s=round(load, 2), prompt_tokens=sum(c.prompt_tokens for [c] in out),
                read_s=round(read, 1), decode_tok_s=round(new / (total - read), 1), total_s=round(total, 1),
                peak_rss_gb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2))

if __name__ == '__main__':
    if '--one' in sys.argv:
        i = sys.argv.index('--one'); print(json.dumps(one(sys.argv[i + 1], int(sys.argv[i + 2]), *sys.argv[i + 3:i + 4]))); sys.exit()
    print(f'load average before: {os.getloadavg()}, {os.cpu_count()} cores')
    for kind, rows, kv in [('llamacpp', 1, 'f16'), ('llamacpp', 24, 'f16'), ('llamacpp', 24, 'q8_0'), ('transformers', 1, 'f16'), ('transformers', 24, 'f16')]:
            r = subprocess.run([sys.executable, __file__, '--one', kind, str(rows), kv], capture_output=True, text=True)
            print(r.stdout.strip().splitlines()[-1] if r.returncode == 0 else f'{kind} {rows}: failed: {r.stderr[-300:]}', flush=True)
    print(f'load average after: {os.getloadavg()}')
