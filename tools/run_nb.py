"""Execute a notebook in place, slow cells included, so that its committed outputs come from the current code.

python tools/run_nb.py nbs/NN_name.ipynb   (then `nbdev_clean`; run from the repository root)"""
import sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

def main(path:str):
    nb, t0 = read_nb(path), time.time()
    CaptureShell(path=Path(path).parent).run_all(nb, exc_stop=True)
    write_nb(nb, path)
    print(f'{path}: executed in {time.time() - t0:.0f} s')

if __name__ == '__main__': main(sys.argv[1])
