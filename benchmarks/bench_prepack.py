"""Decoding and prefill speed of the embedded 1.5B model on a CPU in float32: plain `nn.Linear` vs weights prepacked once
for oneDNN (the transformers engine's default on a CPU, `prepack=True`).

Both load through cot_si's transformers engine; 8 short chat prompts, greedy, exactly 32 new tokens each (so both do the
same work), then a 48-row batch (the demo's Answer-Consistency shape: 12 questions x K=4) for 16 tokens; each timed
after a warm-up call. Also checks that greedy tokens agree. Run alone on the machine: `python benchmarks/bench_prepack.py`.
"""
import os, platform, time
import torch
from cot_si.engines import TransformersEngine

MSGS = [[{'role': 'user', 'content': f'Write a short word problem about {w} and solve it.'}]
        for w in ['apples', 'trains', 'a cube', 'coins', 'a garden', 'clocks', 'books', 'a tank']]

def timed(eng, msgs, k):
    enc = eng.tokenizer.apply_chat_template(msgs, add_generation_prompt=True, return_tensors='pt', padding=True, return_dict=True)
    gen = lambda k: eng.model.generate(**enc, max_new_tokens=k, min_new_tokens=k, do_sample=False, pad_token_id=eng.tokenizer.pad_token_id)
    with torch.no_grad():
        t = time.time(); gen(1); pre = time.time() - t  # prefill and one token
        t = time.time(); out = gen(k); dt = time.time() - t
    return pre, (dt - pre) / (k - 1), out[:, enc['input_ids'].shape[1]:]

def run(prepack):
    eng = TransformersEngine('embedded-1.5b', prepack=prepack)
    t = time.time(); eng.model; load = time.time() - t
    pre8, step8, out8 = timed(eng, MSGS, 32)
    pre48, step48, _ = timed(eng, MSGS * 6, 16)
    return dict(load=load, pre8=pre8, step8=step8, pre48=pre48, step48=step48, out=out8)

if __name__ == '__main__':
    print(f'machine: {platform.machine()} {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads; '
          f'load average before: {os.getloadavg()[0]:.2f}')
    res = {p: run(p) for p in (False, True)}
    for p, r in res.items():
        print(f"{'prepacked' if p else 'plain':9s}: load {r['load']:5.1f}s; 8 rows: prefill {r['pre8']:5.1f}s, {r['step8']:.2f} s/step; "
              f"48 rows: prefill {r['pre48']:5.1f}s, {r['step48']:.2f} s/step")
    a, b = res[False], res[True]
    same = (a['out'] == b['out']).all(-1).sum().item()
    print(f"speed-up: 8 rows {a['step8'] / b['step8']:.1f}x per step, 48 rows {a['step48'] / b['step48']:.1f}x per step, "
          f"prefill {a['pre48'] / b['pre48']:.1f}x; greedy rows identical over 32 tokens: {same}/8; load average after: {os.getloadavg()[0]:.2f}")
