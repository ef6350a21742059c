"""Questions the embedded 1.5B model writes, with and without reasoning, and K answers to each: the set we label by hand.

python benchmarks/make_label_set.py OUT [K [THREADS]] [--demo DIR]

Runs demo-style generation (pairs of the bundled GSM8K seeds of at most 200 characters, the paper's sampling 0.6 / 0.95) in
four runs: the `draft` reasoning guide with seeds 1 and 2, and the unguided CoT template (the model writes no reasoning)
with seeds 1 and 2 (every run's parsed questions are written to OUT/pre_<run>.jsonl first, for labelling); then samples K answers (the demo's concise solving prompt) to every question that parsed. `--demo DIR`
adds the questions of a `cot-si demo` output folder (its `generate/` rows), answered K times on the demo's own engine
settings and cache (so its first 8 answers are the demo's). Writes
OUT/questions.jsonl (and OUT/questions_k8.jsonl on the way), one row per parsed question: id, run, guide, reasoning tokens, question, generator answer, raw output,
the K answers. Every sample goes through OUT/cache.sqlite, so a re-run or a larger K reuses what is there."""
import json, sys, time
import datasets
from pathlib import Path
from cot_si.core import Sampling, SampleCache
from cot_si.engines import get_engine
from cot_si.seeds import bundled_seeds
from cot_si.synthesize import synthesize
from cot_si.consistency import sample_answers, CONCISE_SOLVE_PROMPT
from cot_si.templates import Q_BEGIN

RUNS = [('draft-s1', 'draft', 1, 32), ('none-s1', False, 1, 24), ('draft-s2', 'draft', 2, 32), ('none-s2', False, 2, 24)]

def _rows(name, ds, eng, k, ntok):
    "The parsed questions of `ds` with `k` answers each, as label-set rows"
    cur = sample_answers(ds.filter(lambda r: r['reason'] is None), eng, k=k, sampling=Sampling(0.6, 0.95, max_tokens=192), prompt=CONCISE_SOLVE_PROMPT, progress=False)
    return [dict(id=f"{name}-{r['group']:03d}", run=name, guide=r['guide'] or 'unguided', think_tokens=ntok(Q_BEGIN.split(r['raw'])[0]),
                 question=r['question'], answer=r['answer'], raw=r['raw'], answers=r['answers'], responses=r['responses']) for r in cur]

def main(out:Path, k:int=8, threads:int|None=None, demo:Path|None=None):
    out.mkdir(parents=True, exist_ok=True)
    eng = get_engine('llamacpp', 'embedded-1.5b', cache=SampleCache(out/'cache.sqlite'), max_rows=24, n_ctx=1536, n_threads=threads)
    sd = bundled_seeds('gsm8k').filter(lambda r: len(r['prompt']) <= 200)
    ntok = lambda s: len(eng.model.tokenize(s.encode(), add_bos=False, special=False)) if s.strip() else 0
    gens = {}
    for name, guide, seed, n in RUNS:  # every run's questions first (written to OUT/pre_<run>.jsonl, for labelling), then the answers
        t = time.time()
        ds, _ = synthesize(sd, eng, n=n, budget_calls=n, batch_size=n, guided=guide, seed=seed, sampling=Sampling(0.6, 0.95, max_tokens=640),
                           decontaminate=['gsm8k', 'math500'], hub=False, progress=False)
        gens[name] = ds = ds.filter(lambda r: r['reason'] is None)
        (out/f'pre_{name}.jsonl').write_text(''.join(json.dumps(dict(id=f"{name}-{r['group']:03d}", question=r['question'])) + '\n' for r in ds))
        print(f'{name}: {len(ds)} questions parsed, {time.time() - t:.0f} s', flush=True)
    for kk in sorted({min(8, k), k}):  # 8 answers to every question first, then the rest: a stopped run leaves a whole set at K = 8
        rows = []
        for name, ds in gens.items():
            t = time.time()
            rows += (new := _rows(name, ds, eng, kk, ntok))
            print(f'{name}: {kk} answers to {len(new)} questions, {time.time() - t:.0f} s', flush=True)
            (out/f'questions_k{kk}.jsonl').write_text(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in rows))
    (out/'questions.jsonl').write_text(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in rows))
    if demo:  # the demo's engine settings (an 8-bit KV cache) and its cache: the same sample keys
        t, deng = time.time(), get_engine('llamacpp', 'embedded-1.5b', cache=SampleCache(demo/'cache.sqlite'), max_rows=24, n_ctx=1536, n_threads=threads, kv_type='q8_0')
        rows += (new := _rows('demo', datasets.load_from_disk(demo/'generate'/'dataset'), deng, k, ntok))
        print(f'demo: {len(new)} questions, {time.time() - t:.0f} s', flush=True)
        (out/'questions.jsonl').write_text(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in rows))

if __name__ == '__main__':
    a = sys.argv[1:]
    demo = Path(a.pop(a.index('--demo') + 1)) if '--demo' in a else None
    if demo: a.remove('--demo')
    main(Path(a[0]), *map(int, a[1:3]), demo=demo)
