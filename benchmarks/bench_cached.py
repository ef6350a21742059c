"""A fully cached re-run of a 1,000-row generation stage: how long it takes, and that it loads no model.

First run: `synthesize` on the tiny random model, 1,000 candidates (the budget), so every row is generated and
cached. Second run: the same call on a fresh engine object over the same cache, timed; the engine must never
load its model. Prints both times and their ratio (target: the re-run <= 2 s). Usage:
  python benchmarks/bench_cached.py [--rows 1000] [--max_tokens 8]
"""
import argparse, os, platform, tempfile, time
from pathlib import Path
from cot_si.core import Sampling, SampleCache
from cot_si.engines import TransformersEngine
from cot_si.models import tiny_model
from cot_si.seeds import bundled_seeds
from cot_si.synthesize import synthesize

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rows', type=int, default=1000); ap.add_argument('--max_tokens', type=int, default=8)
    a = ap.parse_args()
    seeds, model = bundled_seeds('reasoning'), str(tiny_model())
    d = Path(tempfile.mkdtemp())
    kw = dict(n=a.rows, budget_calls=a.rows, sampling=Sampling(max_tokens=a.max_tokens), batch_size=64, progress=False,
              hub=False, decontaminate=None)
    t0 = time.perf_counter()
    first, _ = synthesize(seeds, TransformersEngine(model, cache=SampleCache(d/'cache.sqlite'), batch_size=64), 'cot-self-instruct', **kw)
    first_s = time.perf_counter() - t0
    eng = TransformersEngine(model, cache=SampleCache(d/'cache.sqlite'))
    t0 = time.perf_counter()
    again, _ = synthesize(seeds, eng, 'cot-self-instruct', **kw)
    again_s = time.perf_counter() - t0
    assert len(again) == len(first) == a.rows, (len(first), len(again))
    assert not eng.loaded and eng.stats['generated'] == 0, eng.stats
    assert again['question'] == first['question']
    print(f'machine: {platform.machine()} {os.cpu_count()} cores, {platform.platform()}')
    print(f'{a.rows} rows (tiny model, {a.max_tokens} new tokens each, no decontamination index)')
    print(f'first run (generates) : {first_s:.1f}s')
    print(f'cached re-run          : {again_s:.2f}s, model loaded: {eng.loaded}, samples generated: {eng.stats["generated"]}, '
          f'from cache: {eng.stats["cached"]}')
    print(f'ratio re-run / first   : {again_s / first_s:.3f};  re-run vs the 2 s target: {again_s / 2:.2f} (<= 1 meets it)')

if __name__ == '__main__': main()
