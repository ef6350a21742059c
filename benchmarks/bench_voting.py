"""Time to vote K answers for N prompts, against a 30 s target for K=16, N=1,000.

Each prompt takes a MATH-500 gold answer and draws K realistic answers for it: equivalent forms of the gold
(`\\dfrac`, `a/b`, a decimal, `x = …`, `\\left( … \\right)`, a dollar sign, a trailing full stop), one or two
wrong values (the gold ± 1, or another problem's answer), and some unparseable junk (None, a truncated box,
prose). Every prompt is voted in a fresh process with cold caches (the Math-Verify worker starts before the
clock; its start-up is printed apart). Usage:
  python benchmarks/bench_voting.py [--n 1000] [--k 16] [--threads 1] [--seed 0]
"""
import argparse, json, os, platform, random, re, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from cot_si.answers import vote, grade, Verdict

def forms(gold:str, rng:random.Random) -> list:
    "Equivalent ways a model may write `gold`"
    out = [gold, f'{gold}.', f'$ {gold} $']
    if r'\frac' in gold: out.append(gold.replace(r'\frac', r'\dfrac'))
    if m := re.fullmatch(r'(-?)\\d?frac\{(\d+)\}\{(\d+)\}', gold):
        s, a, b = m.groups(); out += [f'{s}{a}/{b}', f'{s}\\frac{a}{b}' if len(a) == len(b) == 1 else f'{s}{a}/{b}']
        if int(b) in (2, 4, 5, 8, 10, 20, 25, 50, 100): out.append(f'{"-" if s else ""}{int(a) / int(b)}')
    if re.fullmatch(r'-?\d+', gold): out += [f'{gold}.0', f'x = {gold}', f'\\${gold}', f'{int(gold):,}']
    if gold.startswith('('): out.append(r'\left' + gold[0] + gold[1:-1] + r'\right' + gold[-1])
    return out

def wrong(gold:str, pool:list, rng:random.Random) -> str:
    "A plausible wrong answer"
    if re.fullmatch(r'-?\d+', gold): return str(int(gold) + rng.choice([-2, -1, 1, 2, 10]))
    return rng.choice(pool)

JUNK = [None, None, r'\frac{1}{', 'I am not sure', '', r'\sqrt{', 'see above']

def votes_for(gold:str, pool:list, k:int, rng:random.Random) -> list:
    "K answers to one prompt: mostly equivalent forms, a few wrong ones, a little junk"
    n_junk, n_wrong = rng.choice([0, 0, 1, 1, 2, 3]), rng.choice([1, 2, 3, 4, 6, 8])
    n_right = max(0, k - n_junk - n_wrong)
    fs, ws = forms(gold, rng), [wrong(gold, pool, rng) for _ in range(2)]
    ans = [rng.choice(fs) for _ in range(n_right)] + [rng.choice(ws) for _ in range(n_wrong)] + [rng.choice(JUNK) for _ in range(n_junk)]
    rng.shuffle(ans)
    return ans[:k]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=1000); ap.add_argument('--k', type=int, default=16)
    ap.add_argument('--threads', type=int, default=1); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--data', default=os.environ.get('COT_SI_DATA', str(Path(__file__).resolve().parents[2]/'shared'/'data')))
    a = ap.parse_args()
    golds = [json.loads(l)['answer'] for l in open(Path(a.data)/'math500'/'test.jsonl')]
    rng = random.Random(a.seed)
    prompts = [votes_for(golds[i % len(golds)], golds, a.k, rng) for i in range(a.n)]
    t0 = time.perf_counter(); vote(['1', '1.0']); start_s = time.perf_counter() - t0  # start the worker(s)
    t0 = time.perf_counter()
    if a.threads > 1:
        with ThreadPoolExecutor(a.threads) as ex: res = list(ex.map(vote, prompts))
    else: res = [vote(p) for p in prompts]
    took = time.perf_counter() - t0
    n_forms = sum(len({x for x in p if x is not None}) for p in prompts)
    reasons = {r: sum(v.reason == r for v in res) for r in ('majority', 'tie', 'no_answer')}
    gold_of = [golds[i % len(golds)] for i in range(a.n)]
    right = sum(v.majority is not None and grade(g, v.majority) is Verdict.EQUIVALENT for g, v in zip(gold_of, res))  # not timed
    print(f'machine: {platform.machine()} {os.cpu_count()} cores, {platform.processor() or platform.platform()}')
    print(f'{a.n} prompts x K={a.k} answers ({n_forms} distinct answer strings), {a.threads} thread(s); worker start-up {start_s:.1f}s (not timed)')
    print(f'outcomes: {reasons}; majority equivalent to the gold answer: {right}')
    print(f'vote time: {took:.1f}s = {1000 * took / a.n:.1f} ms/prompt')
    print(f'ratio to the 30 s target (scaled to 1,000 prompts x K=16): {took * (1000 / a.n) * (16 / a.k) / 30:.2f}  (<= 1 meets it)')

if __name__ == '__main__': main()
