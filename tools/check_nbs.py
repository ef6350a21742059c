"Shape of the notebooks: exported cells over 40 lines, exported runs over 60 lines with no usage cell, stderr outputs."
import json, re, sys
from pathlib import Path

MAX_CELL, MAX_RUN, MAX_STDERR = 40, 60, 0.05

def _exported(src): return bool(re.match(r'\s*#\|\s*export', src))

def check(nbs='nbs'):
    "Return (problems, counts) for every notebook under `nbs`"
    probs, n_out, n_err = [], 0, 0
    for nb in sorted(Path(nbs).rglob('*.ipynb')):
        if '.ipynb_checkpoints' in nb.parts: continue
        run = 0
        for i, c in enumerate(json.loads(nb.read_text())['cells']):
            if c['cell_type'] != 'code': continue
            src = ''.join(c['source'])
            for o in c.get('outputs', []):
                n_out += 1
                if o.get('output_type') == 'stream' and o.get('name') == 'stderr':
                    n_err += 1; probs.append(f'{nb}: cell {i}: stderr output: {"".join(o["text"])[:80]!r}')
            lines = len([l for l in src.splitlines() if l.strip()])
            if _exported(src):
                if lines > MAX_CELL: probs.append(f'{nb}: cell {i}: exported cell of {lines} lines')
                run += lines
                if run > MAX_RUN: probs.append(f'{nb}: cell {i}: {run} exported lines with no usage cell between')
            elif src.strip(): run = 0
    share = n_err / max(n_out, 1)
    if share >= MAX_STDERR: probs.append(f'stderr outputs: {n_err} of {n_out} ({share:.1%})')
    return probs, dict(outputs=n_out, stderr=n_err)

if __name__ == '__main__':
    probs, counts = check(*sys.argv[1:])
    print('\n'.join(probs)); print(counts)
    sys.exit(1 if probs else 0)
