"""Split exported cells that hold several top-level definitions into one cell per definition (the anchors' style: a
function or class per cell). Statements between definitions stay with the definition before them; comments and
decorators stay with the definition they precede; the cell's `#|` directives are repeated on each part.

python tools/split_defs.py [NOTEBOOK ...]   (default: every notebook under nbs/; then nbdev_export)"""
import ast, json, re, sys, uuid
from pathlib import Path

DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)

def parts(source:str) -> list[str]:
    "The sources of the cells `source` splits into (itself when it holds at most one definition)"
    lines = source.split('\n')
    head = [l for l in lines if l.startswith('#|')]
    body = [l for l in lines if not l.startswith('#|')]
    try: nodes = ast.parse('\n'.join(body)).body
    except SyntaxError: return [source]
    if sum(isinstance(n, DEFS) for n in nodes) < 2: return [source]
    cuts = []
    for n in nodes[1:]:
        if not isinstance(n, DEFS): continue
        start = (n.decorator_list[0].lineno if n.decorator_list else n.lineno) - 1
        while start > 0 and body[start - 1].lstrip().startswith('#'): start -= 1  # its comments go with it
        cuts.append(start)
    chunks = ['\n'.join(body[a:b]).strip('\n') for a, b in zip([0] + cuts, cuts + [len(body)])]
    return ['\n'.join(head + [c]) for c in chunks if c.strip()]

def split_nb(path:Path) -> int:
    "Split the exported multi-definition cells of one notebook in place; how many cells it added"
    nb = json.loads(path.read_text()); cells, added = [], 0
    for c in nb['cells']:
        src = ''.join(c['source'])
        ps = parts(src) if c['cell_type'] == 'code' and re.match(r'\s*#\|\s*export', src) and not c.get('outputs') else [src]
        for k, p in enumerate(ps):
            d = dict(c, source=[l + '\n' for l in p.split('\n')[:-1]] + [p.split('\n')[-1]])
            if k: d['id'] = uuid.uuid4().hex[:8]
            cells.append(d)
        added += len(ps) - 1
    if added: nb['cells'] = cells; path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
    return added

if __name__ == '__main__':
    nbs = [Path(p) for p in sys.argv[1:]] or sorted(Path('nbs').rglob('*.ipynb'))
    for p in nbs:
        if n := split_nb(p): print(f'{p}: {n} cell(s) added')
