"""Execute a notebook in place, slow cells included, so that its committed outputs come from the current code.

python tools/run_nb.py nbs/NN_name.ipynb [--skip cuda]   (then `nbdev_clean`; run from the repository root)

Progress bars are off (tqdm, datasets and the hub: the docs show results, not bars; users keep theirs), as is
tqdm's warning about missing notebook widgets. Every cell it runs starts with no outputs (execnb would keep the old
ones of a cell that now prints nothing). `--skip FLAG` leaves the cells flagged `#| FLAG` (e.g. `cuda`: they need
vLLM or a GPU; `slow`) with the outputs they had, less their progress-bar lines."""
import os, re, sys, time
os.environ.setdefault('TQDM_DISABLE', '1')
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

def _no_widget_warning(cell):
    "Drop tqdm's 'IProgress not found' warning (this build has no notebook widgets; a reader's Jupyter does)"
    cell.outputs = [o for o in cell.get('outputs', []) if not (o.get('name') == 'stderr' and 'IProgress not found' in ''.join(o.get('text', '')))]

def _no_bars(cell):
    "Drop the progress-bar lines of a kept cell's stderr (what `TQDM_DISABLE=1` leaves out of a fresh run)"
    outs = []
    for o in cell.get('outputs', []):
        if o.get('name') == 'stderr':
            lines = [l for l in ''.join(o.get('text', '')).replace('\r', '\n').split('\n') if l.strip() and not re.search(r'\d+%\s*\||Completed \|| examples/s\]| examples \[', l)]
            if not lines: continue
            o['text'] = '\n'.join(lines) + '\n'
        outs.append(o)
    cell.outputs = outs

def main(path:str, skip:list[str]=()):
    path = Path(path).resolve()  # a notebook may change the working folder (to show short paths)
    def flagged(cell):
        if cell.cell_type != 'code': return False
        if not any(re.search(rf'^#\|\s*{f}\s*$', cell.source, re.M) for f in skip):
            cell.outputs = []; return False  # execnb keeps a cell's old outputs when it prints nothing now
        _no_bars(cell); return True
    nb, t0 = read_nb(path), time.time()
    sh = CaptureShell(path=Path(path).parent)
    sh.run_cell('import datasets, huggingface_hub.utils; datasets.disable_progress_bars(); huggingface_hub.utils.disable_progress_bars()\n'
                'huggingface_hub.utils.enable_progress_bars = lambda *a, **k: None')  # transformers' Trainer turns them back on when it ends
    last = []
    def post(cell): last[:] = [cell]; _no_widget_warning(cell)
    try: sh.run_all(nb, exc_stop=True, preproc=flagged, postproc=post)
    except Exception:
        if last: print(f'{path}: stopped in cell {last[0].idx_} (id {last[0].get("id")}):\n{last[0].source}', file=sys.stderr)
        raise
    for c in nb.cells:  # markdown cells carry no outputs
        if c.cell_type != 'code': c.pop('outputs', None); c.pop('execution_count', None)
    write_nb(nb, path)
    failed = [c for c in nb.cells if any(o.get('output_type') == 'error' for o in c.get('outputs', []))]  # e.g. a failing repr: IPython shows it, run_all goes on
    if failed: sys.exit(f'{path}: cell {failed[0].idx_} (id {failed[0].get("id")}) shows an error in its output')
    print(f'{path}: executed in {time.time() - t0:.0f} s' + (f' (cells flagged {", ".join(skip)} kept as they were)' if skip else ''))

if __name__ == '__main__':
    args = sys.argv[1:]
    skip = [args[i + 1] for i, a in enumerate(args) if a == '--skip']
    main(args[0], skip)
