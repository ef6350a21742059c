"""Attention of one decoding step on a CPU: transformers' SDPA path (K/V copied once per query head by `repeat_kv`,
because a padding mask is present) vs torch's SDPA with `enable_gqa=True` (what `cot_si.engines.sdpa_gqa` calls).

Shapes of the 1.5B demo's generation batch: 12 rows, 12 query heads over 2 key/value heads, head size 128, 1,100
cached tokens, 28 layers. Run: `python benchmarks/bench_gqa.py`.
"""
import os, time
import torch
import torch.nn.functional as F
from transformers.integrations.sdpa_attention import repeat_kv

b, h, kvh, S, d, layers = 12, 12, 2, 1100, 128, 28
torch.manual_seed(0)
q, k, v = torch.randn(b, h, 1, d), torch.randn(b, kvh, S, d), torch.randn(b, kvh, S, d)
mask = torch.ones(b, 1, 1, S, dtype=torch.bool); mask[::2, :, :, :60] = False  # left padding on every other row

def per_step(f, n=10):
    f(); t = time.time()
    for _ in range(n): out = f()
    return (time.time() - t) / n * layers, out

if __name__ == '__main__':
    print(f'{os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads; load average before: {os.getloadavg()[0]:.2f}')
    t_rep, a = per_step(lambda: F.scaled_dot_product_attention(q, repeat_kv(k, h // kvh), repeat_kv(v, h // kvh), attn_mask=mask))
    t_gqa, g = per_step(lambda: F.scaled_dot_product_attention(q, k, v, attn_mask=mask, enable_gqa=True))
    print(f'repeat_kv + SDPA: {t_rep*1000:.0f} ms per step (28 layers); SDPA enable_gqa: {t_gqa*1000:.0f} ms; ratio {t_rep/t_gqa:.1f}x; '
          f'max difference {(a - g).abs().max().item():.1e}; load average after: {os.getloadavg()[0]:.2f}')
