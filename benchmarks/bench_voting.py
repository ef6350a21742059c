"""Time to vote K answers for N prompts, against a 30 s target for K=16, N=1,000.

Each prompt takes a MATH-500 gold answer and draws K realistic answers for it: equivalent forms of the gold
(`\\dfrac`, `a/b`, a decimal, `x = …`, `\\left( … \\right)`, a dollar sign, a trailing full stop), one or two
wrong values (the gold ± 1, or another problem's answer), and some unparseable junk (None, a truncated box,
prose). Two measurements, both reported:

- cold: before each prompt every cache is emptied (the parse and pair caches of this process, and the Math-Verify
  worker's own parse cache, by starting a fresh worker), as if each prompt were voted in a fresh process; the
  worker's start-up happens before that prompt's clock and is reported apart. `--cold_n` prompts (default 200: a
  fresh worker per prompt takes about a second to start) are timed and the time is scaled to `--n`.
- warm: all `--n` prompts voted one after another in one process (after one untimed start-up), caches shared between
  prompts, as in a curation run.

The 30 s target is for the warm case (a curation run votes all its prompts in one process). Usage:
  python benchmarks/bench_voting.py [--n 1000] [--k 16] [--threads 1] [--cold_n 200] [--seed 0]
"""
import argparse, json, os, platform, random, re, subprocess, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from cot_si import answers
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

def cold_start() -> float:
    "Empty every cache of the vote and start a fresh Math-Verify worker; the seconds that took"
    t0 = time.perf_counter()
    answers._KIND.clear(); answers._PAIR.clear()  # hang counts are per vote: nothing to clear
    pool = answers._workers()
    for w in pool.idle: w.kill()
    pool.idle.clear(); pool.n = 1
    pool.idle.append(answers._Worker())  # a new process: its parse cache is empty (it parses '1/2' to compile the grammars)
    return time.perf_counter() - t0

def time_cold(prompts:list) -> tuple[float, float]:
    "(vote seconds, start-up seconds) with cold caches before every prompt"
    took = start = 0.
    for p in prompts:
        start += cold_start()
        t0 = time.perf_counter(); vote(p); took += time.perf_counter() - t0
    return took, start

def time_warm(prompts:list, threads:int=1) -> tuple[float, list]:
    "(seconds, votes): all prompts in this process, caches shared"
    t0 = time.perf_counter()
    if threads > 1:
        with ThreadPoolExecutor(threads) as ex: res = list(ex.map(vote, prompts))
    else: res = [vote(p) for p in prompts]
    return time.perf_counter() - t0, res

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=1000); ap.add_argument('--k', type=int, default=16)
    ap.add_argument('--threads', type=int, default=1); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--cold_n', type=int, default=200, help='prompts timed cold (the first ones); 0: skip the cold run')
    ap.add_argument('--data', default=os.environ.get('COT_SI_DATA'), help='the data mirror holding math500/test.jsonl (default: $COT_SI_DATA)')
    a = ap.parse_args()
    if not a.data: raise SystemExit('set COT_SI_DATA (or pass --data) to the data mirror holding math500/test.jsonl')
    golds = [json.loads(l)['answer'] for l in open(Path(a.data)/'math500'/'test.jsonl')]
    rng = random.Random(a.seed)
    prompts = [votes_for(golds[i % len(golds)], golds, a.k, rng) for i in range(a.n)]
    load = subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()
    cold_n = min(a.cold_n, a.n)
    if cold_n: cold, cold_start_s = time_cold(prompts[:cold_n])
    start_s = cold_start()  # the warm run starts with empty caches too, and one fresh worker (not timed)
    took, res = time_warm(prompts, a.threads)
    load_after = subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()
    n_forms = sum(len({x for x in p if x is not None}) for p in prompts)
    reasons = {r: sum(v.reason == r for v in res) for r in ('majority', 'tie', 'no_answer')}
    gold_of = [golds[i % len(golds)] for i in range(a.n)]
    right = sum(v.majority is not None and grade(g, v.majority) is Verdict.EQUIVALENT for g, v in zip(gold_of, res))  # not timed
    print(f'machine: {platform.machine()} {os.cpu_count()} cores, {platform.processor() or platform.platform()}')
    print(f'load before: {load}\nload after : {load_after}')
    print(f'{a.n} prompts x K={a.k} answers ({n_forms} distinct answer strings), {a.threads} thread(s)')
    print(f'outcomes: {reasons}; majority equivalent to the gold answer: {right}')
    print(f'warm (one process, shared caches; worker start-up {start_s:.1f}s not timed): {took:.1f}s = {1000 * took / a.n:.1f} ms/prompt')
    if cold_n:
        print(f'cold (caches emptied and a fresh worker before each of the first {cold_n} prompts; start-ups {cold_start_s:.1f}s not timed): '
              f'{cold:.1f}s = {1000 * cold / cold_n:.1f} ms/prompt, {cold * a.n / cold_n:.1f}s scaled to {a.n} prompts; '
              f'cold/warm {(cold / cold_n) / (took / a.n):.2f}x')
    print(f'ratio of warm to the 30 s target (scaled to 1,000 prompts x K=16): {took * (1000 / a.n) * (16 / a.k) / 30:.2f}  (<= 1 meets it)')
    if cold_n: print(f'ratio of cold to the 30 s target (scaled likewise): {cold * (1000 / cold_n) * (16 / a.k) / 30:.2f}')

if __name__ == '__main__': main()
