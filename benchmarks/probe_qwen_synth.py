"""The 1.5B embedded model through `synthesize`, without guidance: parse results on real outputs.

4 seed pairs from the bundled reasoning seeds, CoT-Self-Instruct template, transformers engine (bf16), temperature
0.6 / top-p 0.95, up to 640 new tokens, one batch. Prints the time, tokens, each row's reason and `how`, and the
kept questions with their answers. Usage: python benchmarks/probe_qwen_synth.py [--threads 2] [--n 4] [--max_tokens 640]
"""
import argparse, subprocess, time
from collections import Counter
from cot_si.core import Sampling
from cot_si.engines import TransformersEngine
from cot_si.seeds import bundled_seeds
from cot_si.synthesize import synthesize

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--threads', type=int, default=2); ap.add_argument('--n', type=int, default=4)
    ap.add_argument('--max_tokens', type=int, default=640); ap.add_argument('--out', default='/tmp/probe_qwen_synth')
    a = ap.parse_args()
    import torch; torch.set_num_threads(a.threads)
    print('load before:', subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip(), flush=True)
    eng = TransformersEngine('embedded-1.5b', dtype='bfloat16', batch_size=a.n)
    t0 = time.time()
    res, s = synthesize(bundled_seeds('reasoning'), eng, n=a.n, budget_calls=a.n, batch_size=a.n, out=a.out, hub=False, progress=False,
                     sampling=Sampling(temperature=0.6, top_p=0.95, max_tokens=a.max_tokens))
    dt = time.time() - t0
    print('load after:', subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip())
    print(f"{len(res)} candidates in {dt:.0f}s, {s['tokens']} tokens ({s['tokens'] / dt:.2f} tok/s incl. load); kept {s['kept']}; reasons {s['reasons']}")
    print('how:', dict(Counter(res['how'])))
    for r in res:
        print('-' * 60); print(f"reason={r['reason']} how={r['how']} tokens={r['n_tokens']}")
        print('Q:', (r['question'] or '')[:400]); print('A:', r['answer']); print('RAW tail:', r['raw'][-300:])

if __name__ == '__main__': main()
