"""Decoding speed of the embedded 1.5B model on a CPU: float32 vs torch's dynamic int8 quantization (`quantize='int8'`).

Both load through cot_si's transformers engine; 8 short prompts, greedy, exactly 32 new tokens each (so both do the same
work), timed after a warm-up call. Run alone on the machine: `python benchmarks/bench_int8.py`.
"""
import os, platform, time
import torch
from cot_si.core import Sampling
from cot_si.engines import TransformersEngine

MSGS = [[{'role': 'user', 'content': f'Write a short word problem about {w} and solve it.'}]
        for w in ['apples', 'trains', 'a cube', 'coins', 'a garden', 'clocks', 'books', 'a tank']]

def step_time(quantize):
    eng = TransformersEngine('embedded-1.5b', batch_size=8, quantize=quantize)
    t = time.time(); m = eng.model; load = time.time() - t
    enc = eng.tokenizer.apply_chat_template(MSGS, add_generation_prompt=True, return_tensors='pt', padding=True, return_dict=True)
    gen = lambda k: m.generate(**enc, max_new_tokens=k, min_new_tokens=k, do_sample=False, pad_token_id=eng.tokenizer.pad_token_id)
    with torch.no_grad():
        gen(2)  # warm-up
        t = time.time(); out = gen(32); dt = time.time() - t
    text = eng.tokenizer.decode(out[0, enc['input_ids'].shape[1]:], skip_special_tokens=True)
    return load, dt, text

if __name__ == '__main__':
    print(f'machine: {platform.machine()} {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads; '
          f'load average before: {os.getloadavg()[0]:.2f}')
    res = {q: step_time(q) for q in (None, 'int8')}
    for q, (load, dt, text) in res.items():
        print(f"{q or 'float32':8s}: load {load:5.1f}s; 8 prompts x 32 tokens (prefill + decode) in {dt:5.1f}s = {dt/32:.2f} s/step; "
              f"first row: {' '.join(text.split())[:60]!r}")
    print(f"ratio float32 / int8: {res[None][1] / res['int8'][1]:.1f}x; load average after: {os.getloadavg()[0]:.2f}")
