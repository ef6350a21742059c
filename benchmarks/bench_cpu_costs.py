"""Where the time of a CPU run goes, on the embedded 1.5B model in float32 (prepacked weights): the prefill rate and
the time of a decoding step for 1 row (short and ~490-token prompts), 12 rows (~490-token prompts, the demo's
generation shape) and 40 rows (short prompts, the Answer-Consistency shape), 40 sampled tokens each through the
engine's own loop; then torch's profiler over 8 greedy steps of the 12-row batch, by operator.
Run alone on the machine: `python benchmarks/bench_cpu_costs.py`.
"""
import time, torch, os
from cot_si.core import Sampling
from cot_si.engines import TransformersEngine, render_chat
if __name__ == '__main__':
    eng = TransformersEngine('embedded-1.5b'); tok = eng.tokenizer; eng.model
    long = 'Here is some context. ' * 90 + 'Now write a very long story about a cat.'
    for rows, ctx in [(1, 'short'), (1, 'long'), (12, 'long'), (40, 'short')]:
        p = long if ctx == 'long' else 'Write a very long story about a cat.'
        enc = tok([render_chat(tok, [{'role': 'user', 'content': p}])] * rows, return_tensors='pt', padding=True, add_special_tokens=False)
        sp = Sampling(temperature=0.6, top_p=0.95, max_tokens=40)
        from cot_si.engines import RowSampler
        with torch.inference_mode():
            t = time.time(); cache, cur, mask, pos = eng._prefill(enc, 1); tp = time.time() - t
            t = time.time(); out = eng._decode_rows(enc, 1, sp, RowSampler(list(range(rows)), 0.6, 0.95)); td = time.time() - t - tp
        n = max(map(len, out))
        print(f'rows {rows:2d} prompt {enc["input_ids"].shape[1]:4d}: prefill {tp:5.1f}s; {n} steps {td / n:.3f} s/step', flush=True)
    enc = tok([render_chat(tok, [{'role': 'user', 'content': long}])] * 12, return_tensors='pt', padding=True, add_special_tokens=False)
    from torch.profiler import profile
    with torch.inference_mode(), profile() as prof: eng._decode_rows(enc, 1, Sampling(temperature=0, max_tokens=8))
    print(prof.key_averages().table(sort_by='self_cpu_time_total', row_limit=18))
