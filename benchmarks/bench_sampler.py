"""Time of one sampling step (temperature 0.6, top-p 0.95) on peaked random logits of the embedded 1.5B model's
vocabulary size (151,936), at 8 and 48 rows: `RowSampler` (Gumbel-max: exponential noise for every vocabulary entry of
every row, indexed by token id) vs an inverse-transform variant (one uniform number per row, located on the nucleus's
cumulative distribution in token-id order), which was tried and dropped: faster, but not reproducible across batch
compositions on flat distributions. Also checks that both sample the same distribution on a small case.
Run alone on the machine: `python benchmarks/bench_sampler.py`.
"""
import os, platform, time
import torch
from cot_si.engines import RowSampler

class InverseSampler(RowSampler):
    "The inverse-transform variant: one uniform number per row and step, on the nucleus's CDF in token-id order"
    def __call__(self, input_ids, scores, rows=None):
        if self.gens is None: self.gens = [torch.Generator(scores.device).manual_seed(s) for s in self.seeds]
        out = torch.full_like(scores, -float('inf'))
        for i, (ids, logits) in enumerate(self.nucleus(scores.float() / self.temperature)):
            ids, order = (torch.arange(len(logits)), None) if ids is None else ids.sort()
            cdf = (logits if order is None else logits[order]).softmax(-1).cumsum(-1)
            u = torch.rand(1, generator=self.gens[i if rows is None else rows[i]]) * cdf[-1]
            out[i, ids[torch.searchsorted(cdf, u).clamp_max(len(ids) - 1)]] = 0.
        return out

def per_step(cls, rows, steps=20):
    torch.manual_seed(0)
    logits = torch.randn(rows, 151936) * 4  # peaked: the nucleus holds a few dozen tokens
    s = cls(list(range(rows)), 0.6, 0.95)
    s(None, logits)  # warm-up (makes the generators)
    t = time.time()
    for _ in range(steps): s(None, logits)
    return (time.time() - t) / steps

if __name__ == '__main__':
    print(f'machine: {platform.machine()} {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads; '
          f'load average before: {os.getloadavg()[0]:.2f}')
    for rows in (8, 48):
        new, old = per_step(InverseSampler, rows), per_step(RowSampler, rows)
        print(f'{rows:2d} rows: inverse transform {1000 * new:6.1f} ms/step, Gumbel-max {1000 * old:6.1f} ms/step, ratio {old / new:.1f}x')
    probs = torch.tensor([[2.0, 1.0, 0.0, -1.0]]).log_softmax(-1).expand(20000, 4)
    for name, cls in (('inverse transform', InverseSampler), ('Gumbel-max', RowSampler)):
        freq = torch.bincount(cls(list(range(20000)), 1.0, 0.9)(None, probs).argmax(-1), minlength=4) / 20000
        print(f'{name:17s}: frequencies {[round(f, 3) for f in freq.tolist()]} (top-p 0.9 keeps the first three tokens)')
    print(f'load average after: {os.getloadavg()[0]:.2f}')
