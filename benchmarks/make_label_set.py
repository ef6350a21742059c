"""Questions the embedded 1.5B model writes, with and without reasoning, and K answers to each: the set we label by hand.

python benchmarks/make_label_set.py OUT [K [THREADS]]

Runs demo-style generation (pairs of the bundled GSM8K seeds of at most 200 characters, the paper's sampling 0.6 / 0.95) in
three runs: the `draft` reasoning guide with seeds 1 and 2, and the unguided CoT template (the model writes no reasoning)
with seed 1; then samples K answers (the demo's concise solving prompt) to every question that parsed. Writes
OUT/questions.jsonl, one row per parsed question: id, run, guide, reasoning tokens, question, generator answer, raw output,
the K answers. Every sample goes through OUT/cache.sqlite, so a re-run or a larger K reuses what is there."""
import json, sys, time
from pathlib import Path
from cot_si.core import Sampling, SampleCache
from cot_si.engines import get_engine
from cot_si.seeds import bundled_seeds
from cot_si.synthesize import synthesize
from cot_si.consistency import sample_answers, CONCISE_SOLVE_PROMPT
from cot_si.templates import Q_BEGIN

RUNS = [('draft-s1', 'draft', 1, 32), ('none-s1', False, 1, 24), ('draft-s2', 'draft', 2, 32)]

def main(out:Path, k:int=8, threads:int|None=None):
    out.mkdir(parents=True, exist_ok=True)
    eng = get_engine('llamacpp', 'embedded-1.5b', cache=SampleCache(out/'cache.sqlite'), max_rows=24, n_ctx=1536, n_threads=threads)
    sd = bundled_seeds('gsm8k').filter(lambda r: len(r['prompt']) <= 200)
    ntok = lambda s: len(eng.model.tokenize(s.encode(), add_bos=False, special=False)) if s.strip() else 0
    rows = []
    for name, guide, seed, n in RUNS:
        t = time.time()
        ds, _ = synthesize(sd, eng, n=n, budget_calls=n, batch_size=n, guided=guide, seed=seed, sampling=Sampling(0.6, 0.95, max_tokens=640),
                           decontaminate=['gsm8k', 'math500'], hub=False, progress=False)
        ds = ds.filter(lambda r: r['reason'] is None)
        cur = sample_answers(ds, eng, k=k, sampling=Sampling(0.6, 0.95, max_tokens=192), prompt=CONCISE_SOLVE_PROMPT, progress=False)
        for r in cur:
            rows.append(dict(id=f"{name}-{r['group']:03d}", run=name, guide=r['guide'] or 'unguided', think_tokens=ntok(Q_BEGIN.split(r['raw'])[0]),
                             question=r['question'], answer=r['answer'], raw=r['raw'], answers=r['answers'], responses=r['responses']))
        print(f'{name}: {len(cur)} questions, {time.time() - t:.0f} s', flush=True)
        (out/'questions.jsonl').write_text(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in rows))

if __name__ == '__main__': main(Path(sys.argv[1]), *map(int, sys.argv[2:4]))
