"""Finished rows leaving the batch: transformers' `model.generate` (which decodes every row until the last one ends) vs
the transformers engine's own loop, `_decode_rows` (which drops a row once it ends), on the embedded 1.5B model in float32.

8 chat prompts whose answers differ in length (a word, a sentence, a paragraph, a long story), greedy, up to 192 new
tokens; both paths get the same tokenized batch. Checks that greedy tokens agree
row for row. Run alone on the machine: `python benchmarks/bench_rows.py`.
"""
import os, platform, time
import torch
from cot_si.core import Sampling
from cot_si.engines import TransformersEngine, render_chat

ASKS = ['Answer with one word: what colour is the sky?', 'Name a prime number. Just the number.',
        'In one sentence, what is a triangle?', 'Give the capital of France, nothing else.',
        'Write a long story about a cat who learns to play the piano.', 'Explain in detail how a bicycle works.',
        'What is 7 times 8? Reply with the number only.', 'Write a paragraph about autumn.']

if __name__ == '__main__':
    print(f'machine: {platform.machine()} {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads; '
          f'load average before: {os.getloadavg()[0]:.2f}')
    eng, sp = TransformersEngine('embedded-1.5b'), Sampling(temperature=0, max_tokens=192)
    tok = eng.tokenizer
    enc = tok([render_chat(tok, [{'role': 'user', 'content': a}]) for a in ASKS], return_tensors='pt', padding=True, add_special_tokens=False)
    with torch.inference_mode():
        eng.model(**enc)  # warm-up
        t = time.time(); ours = eng._decode_rows(enc, 1, sp); t_ours = time.time() - t
        t = time.time()
        ref = eng.model.generate(**enc, max_new_tokens=sp.max_tokens, do_sample=False, pad_token_id=tok.pad_token_id)[:, enc['input_ids'].shape[1]:]
        t_ref = time.time() - t
    lens = [eng._decode(r, sp).n_tokens for r in ours]
    same = sum(eng._decode(a, sp).text == eng._decode(b.tolist(), sp).text for a, b in zip(ours, ref))
    print(f'new tokens per row: {lens} ({sum(lens)} in all; the batch runs {max(lens)} steps)')
    print(f'model.generate: {t_ref:6.1f}s = {sum(lens) / t_ref:.1f} tok/s')
    print(f'_decode_rows  : {t_ours:6.1f}s = {sum(lens) / t_ours:.1f} tok/s')
    print(f'speed-up {t_ref / t_ours:.2f}x; greedy rows identical: {same}/{len(ASKS)}; load average after: {os.getloadavg()[0]:.2f}')
