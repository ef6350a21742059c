"""Split notebook code cells that mix top-level imports with other code: the imports go to a cell of their own, just before.

Why: when it builds the docs, nbdev (2.4.14, `nbdev/processors.py`, `_do_eval` and `exec_show_docs`) executes, out of
context, every code cell that contains an import anywhere in its syntax tree (and every `#| export`/`exports`/`exporti`/
`exec_doc` cell and every `show_doc(...)` cell), unless the cell has `#| eval: false`, contains `nbdev_export()`, or does
not parse. A cell that mixes an import with code that needs earlier cells (a model, a temporary folder) then fails the
docs build. nbdev's FAQ: keep imports in cells of their own.

Rules, per code cell:
- the cell is left alone if it has no top-level import, or only imports (and comments), or contains `nbdev_export()`
  (nbdev skips it), or starts with a cell magic (`%%`), or does not parse once its `#|` directives and `%`/`!` lines are
  set aside (reported), or an import shares a line with other code (`import x; f()`, reported), or an import would be
  moved above code that binds one of the names it imports (reported);
- otherwise the top-level `import`/`from ... import` statements (with the comment lines right above them) move, in
  order, to a new cell placed before the cell; the rest (code, magics, outputs, execution count) stays in the cell;
- the new cell gets the cell's leading `#|` directives (`export`, `exporti`, `hide`, `slow`, `cuda`, `eval: false`, ...)
  so that it is exported, hidden, tested and run by the docs exactly when the code is; except `default_exp`, which stays
  only on the first of the two cells, and quarto `label`/`fig-*`/`tbl-*` options, which name outputs and stay with them;
- imports inside functions, classes or other blocks stay where they are; a cell whose only imports are such nested
  ones is still executed by nbdev's processor, so one that also runs code at top level is reported;
- the new cell's id is 8 hex digits like nbdev_clean's, derived from the cell's id so that runs are reproducible;
  a cell with no id (or a null one, which nbdev_clean leaves alone) gets one the same way.

Usage: python tools/split_imports.py [NOTEBOOK_OR_FOLDER ...] [--check]   (default: every notebook under nbs/)
--check writes nothing and exits 1 if a cell would be split or given an id.
"""
import argparse, ast, hashlib, json, re, sys
from pathlib import Path

_directive = re.compile(r'\s*#\s*\|')
_output_opt = re.compile(r'\s*#\s*\|\s*(label|fig-[\w-]+|tbl-[\w-]+)\s*:')
_default_exp = re.compile(r'\s*#\s*\|\s*default_exp\b')
_magic = re.compile(r'\s*[%!]')
_imports = (ast.Import, ast.ImportFrom)
_defs = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_runs_anyway = re.compile(r'\s*#\s*\|\s*(export|exports|exporti|exec_doc)\s*$|\s*#\s*\|\s*eval\s*:\s*false', re.I)

def split_head(src):
    "The cell's leading `#|` directive lines (blank lines dropped) and the lines after them"
    lines = src.splitlines(keepends=True)
    i = 0
    while i < len(lines) and (_directive.match(lines[i]) or not lines[i].strip()): i += 1
    return [l for l in lines[:i] if l.strip()], lines[i:]

def parse_body(lines):
    "Parse `lines` with `%`/`!` lines replaced by `pass` (same line numbers); the statements, or None"
    code = ''.join(l[:len(l)-len(l.lstrip())] + 'pass\n' if _magic.match(l) else l for l in lines)
    try: return ast.parse(code).body
    except SyntaxError: return None

def _bound_names(stmt):
    "Names that `stmt` binds (assignments, defs, imports)"
    names = set()
    for n in ast.walk(stmt):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store): names.add(n.id)
        elif isinstance(n, _defs): names.add(n.name)
        elif isinstance(n, ast.alias): names.add((n.asname or n.name).split('.')[0])
    return names

def _lines(stmt): return set(range(stmt.lineno - 1, stmt.end_lineno))

def nested_import_runs(stmts):
    "True if an import sits inside a block and the cell also runs code at top level (nbdev executes such cells)"
    nested = any(isinstance(n, _imports) for s in stmts if not isinstance(s, _imports) for n in ast.walk(s))
    runs = any(not isinstance(s, _defs + _imports) and not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
               for s in stmts)
    return nested and runs

def plan_split(src):
    "For a cell's source, ('split', import_src, code_src, note), ('skip', reason) or ('keep', note or '')"
    if 'nbdev_export()' in src: return 'keep', ''
    head, body = split_head(src)
    if body and body[0].lstrip().startswith('%%'): return 'keep', ''
    stmts = parse_body(body)
    if stmts is None: return 'skip', 'does not parse as Python: left as it is'
    imps = [s for s in stmts if isinstance(s, _imports)]
    others = [s for s in stmts if not isinstance(s, _imports)]
    nested = nested_import_runs(stmts) and not any(_runs_anyway.match(l) for l in head)
    note = 'an import inside a block while the cell runs top-level code: nbdev executes this cell' if nested else ''
    if not imps or not others: return 'keep', note
    other_lines = set().union(*map(_lines, others))
    if any(_lines(s) & other_lines for s in imps): return 'skip', 'an import shares a line with other code: left as it is'
    for s in imps:
        before = set().union(set(), *(_bound_names(o) for o in others if o.lineno < s.lineno))
        if _bound_names(s) & before: return 'skip', f'moving line {s.lineno} up would change which value a name has: left as it is'
    moved = set().union(*map(_lines, imps))
    for s in imps:  # comment lines right above an import go with it
        i = s.lineno - 2
        while i >= 0 and i not in moved and body[i].lstrip().startswith('#'): moved.add(i); i -= 1
    imp_lines = [body[i] for i in sorted(moved)]
    code_lines = [l for i, l in enumerate(body) if i not in moved]
    imp_head = [l for l in head if not _output_opt.match(l)]
    code_head = [l for l in head if not _default_exp.match(l)]
    first = min(s.lineno for s in others)
    up = [str(s.lineno) for s in imps if s.lineno > first]
    if up: note = '; '.join(filter(None, [note, f'import(s) on line(s) {", ".join(up)} moved above code: check the order']))
    return 'split', _join(imp_head + imp_lines), _join(code_head + _trim(code_lines)), note

def _trim(lines):
    "Drop leading and trailing blank lines"
    while lines and not lines[0].strip(): lines = lines[1:]
    while lines and not lines[-1].strip(): lines = lines[:-1]
    return lines

def _join(lines): return ''.join(l if l.endswith('\n') else l + '\n' for l in lines).rstrip('\n')

def new_id(old, taken):
    "An 8-hex-digit cell id derived from `old`, not in `taken`"
    k = 0
    while True:
        i = hashlib.sha256(f'{old}:imports:{k}'.encode()).hexdigest()[:8]
        if i not in taken: return i
        k += 1

def _as_source(s): return s.splitlines(keepends=True)

def split_nb(nb, name='notebook'):
    "Split the cells of `nb` (a dict, changed in place); return (number of changes, report lines)"
    cells, report, n = [], [], 0
    taken = {c.get('id') for c in nb['cells']}
    for i, c in enumerate(nb['cells']):
        if not c.get('id'):
            c['id'] = new_id(str(i), taken); taken.add(c['id']); n += 1
            report.append(f'{name}: cell {i} had no id: gave it {c["id"]}')
        plan = plan_split(''.join(c['source'])) if c['cell_type'] == 'code' else ('keep', '')
        if plan[0] == 'split':
            _, imp, code, note = plan
            cid = new_id(c['id'], taken); taken.add(cid)
            cells.append(dict(cell_type='code', execution_count=None, id=cid, metadata=dict(c.get('metadata', {})),
                              outputs=[], source=_as_source(imp)))
            c['source'] = _as_source(code)
            n += 1; report.append(f'{name}: cell {i} ({c["id"]}): imports moved to a new cell {cid} before it' + (f' ({note})' if note else ''))
        elif plan[1]: report.append(f'{name}: cell {i} ({c["id"]}): {plan[1]}')
        cells.append(c)
    nb['cells'] = cells
    return n, report

def notebooks(paths):
    "The notebooks named by `paths` (files or folders, searched recursively)"
    for p in map(Path, paths):
        if p.is_dir(): yield from sorted(q for q in p.rglob('*.ipynb') if '.ipynb_checkpoints' not in q.parts)
        else: yield p

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('paths', nargs='*', default=['nbs'], help='notebooks or folders (default: nbs)')
    ap.add_argument('--check', action='store_true', help='write nothing; exit 1 if a notebook would change')
    a = ap.parse_args(argv)
    total = 0
    for p in notebooks(a.paths):
        nb = json.loads(p.read_text(encoding='utf-8'))
        n, report = split_nb(nb, str(p))
        if report: print('\n'.join(report))
        if n and not a.check: p.write_text(json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
        total += n
    print(f'{total} change(s){" to make" if a.check else ""}')
    return 1 if a.check and total else 0

if __name__ == '__main__': sys.exit(main())
