"""Generation-stage throughput as a ratio to the raw engine.

The same prompts (the CoT-Self-Instruct template on the first K bundled seed pairs), greedy decoding so both
sides generate the same tokens, the same batches, the same loaded model:
  raw   — the engine's own `_generate`, nothing around it;
  stage — `synthesize`: seed sampling, prompt building, the sample cache (fresh), parsing, dedup,
          decontamination, the Dataset.
Prints tokens/s of each and their ratio (target ≥ 0.95). Usage:
  python benchmarks/bench_generate.py [--model embedded] [--k 32] [--batch 16] [--max_tokens 128]
"""
import argparse, json, os, platform, tempfile, time
from pathlib import Path
from cot_si.core import Sampling, SampleCache, as_messages
from cot_si.engines import TransformersEngine
from cot_si.seeds import bundled_seeds, sample_pairs
from cot_si.synthesize import synthesize
from cot_si.templates import get_template

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', default='embedded'); ap.add_argument('--k', type=int, default=32)
    ap.add_argument('--batch', type=int, default=16); ap.add_argument('--max_tokens', type=int, default=128)
    a = ap.parse_args()
    seeds, t = bundled_seeds('reasoning'), get_template('cot-self-instruct')
    sp = Sampling(temperature=0, max_tokens=a.max_tokens)
    eng = TransformersEngine(a.model, batch_size=a.batch)
    eng.model  # load before timing either side
    groups = sample_pairs(seeds, a.k, seed=0)
    msgs = [t.messages([seeds[i]['prompt'] for i in g]) for g in groups]
    # raw: the same chunks synthesize will send (batches of `batch`, each sorted by length as `Engine.generate` does)
    t0, raw_tokens = time.perf_counter(), 0
    for b in range(0, a.k, a.batch):
        chunk = sorted(msgs[b:b + a.batch], key=lambda m: len(json.dumps(m)))
        for _, comps in eng._generate(chunk, 1, sp, [0] * len(chunk)): raw_tokens += comps[0].n_tokens
    raw_s = time.perf_counter() - t0
    # stage: synthesize with a fresh cache, all candidates wanted, same batch size
    eng.cache = SampleCache(Path(tempfile.mkdtemp())/'cache.sqlite')
    t0 = time.perf_counter()
    ds, summary = synthesize(seeds, eng, t, n=a.k, sampling=sp, batch_size=a.batch, budget_calls=a.k, progress=False, hub=False)
    stage_s = time.perf_counter() - t0
    stage_tokens = summary['tokens']
    raw_tps, stage_tps = raw_tokens / raw_s, stage_tokens / stage_s
    print(f'machine: {platform.machine()} {os.cpu_count()} cores, {platform.processor() or platform.platform()}')
    print(f'model: {a.model}, {a.k} prompts, batch {a.batch}, greedy, max {a.max_tokens} new tokens')
    print(f'raw engine      : {raw_tokens} tokens in {raw_s:.1f}s = {raw_tps:.1f} tok/s')
    print(f'generation stage: {stage_tokens} tokens in {stage_s:.1f}s = {stage_tps:.1f} tok/s')
    print(f'ratio stage/raw : {stage_tps / raw_tps:.3f}  (target >= 0.95)')

if __name__ == '__main__': main()
