"""Check the documentation site without Quarto: nbdev's page processing, then every page rendered and photographed.

1. Every file under nbs/ is mirrored into a temporary folder the way `nbdev_proc_nbs` fills `_proc/` (same file list,
   nbdev's own `FilterDefaults` processors, one fresh process per notebook, run from the repository root as
   `nbdev_docs` does). nbdev's processor executes some cells to render API docs: every `#| export`/`exports`/
   `exporti`/`exec_doc` cell, every `show_doc(...)` cell and every cell with an import anywhere in it (`_do_eval` in
   nbdev/processors.py), and replaces their outputs with the fresh ones. Which cells ran, and for how long, is printed.
2. Each processed page is written as Markdown (honouring the Quarto cell options `echo`, `output`, `include`), turned
   into HTML by pandoc, and opened in headless Chromium, which writes one PNG per page under `--out`.
3. It exits 1, with one line per problem, on: a page that fails processing (or takes over `--timeout`) or rendering;
   a cell nbdev runs for over `--slow` seconds (a model loaded or trained by the docs build); a cell nbdev runs although
   it mixes imports with other code (`tools/split_imports.py` splits them); a broken relative link or image (or a link to
   a page of this site that does not exist, or a sidebar entry without its notebook); a shown output holding a Python
   traceback, a machine path (/root/, /home/, /work/, /tmp/) or written to stderr; a table that hides columns (pandas'
   `...` column: the prose may name one it hides); a cross-reference in prose that names a page without linking it (a
   notebook's name such as `22_rip`, or "the X page / tutorial").

Needs pandoc and a Chromium-family browser (`apt-get install -y pandoc chromium`; `chromium-browser`, `google-chrome` or
$CHROME are found too).
Usage: python tools/check_docs.py [PAGE ...] [--out _docs_check] [--jobs 2] [--timeout 300] [--slow 60]
"""
import argparse, base64, configparser, json, os, re, shutil, signal, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT/'nbs'
PAGE_EXTS = ('.ipynb', '.qmd', '.md')
MACHINE_PATH = re.compile(r'(?<![\w.~-])/(?:root|home|work|tmp)/')
ANSI = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')

# Runs in a fresh process per notebook: nbdev's processing of one notebook, as `nbdev_proc_nbs` does it, recording
# which cells nbdev's processor executes (execnb's `CaptureShell.cell`) and nbdev's "imports and other code" warnings.
DRIVER = r'''
import json, sys, time, warnings
from pathlib import Path
from execnb.shell import CaptureShell
from nbdev.processors import FilterDefaults
from nbdev.serve_drv import main
src, dst, res = sys.argv[1:]
run_cell, out = CaptureShell.cell, dict(ran=[], mixed=[])
def save(**kw): out.update(kw); Path(res).write_text(json.dumps(out))
def timed(self, cell, *args, **kwargs):  # saved before and after each cell, so that a timeout still says where it was
    save(running=cell.get('id')); t = time.time()
    try: return run_cell(self, cell, *args, **kwargs)
    finally: out['ran'].append(dict(id=cell.get('id'), secs=round(time.time() - t, 2))); save(running=None)
CaptureShell.cell = timed
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    try: main((Path(src), Path(dst), FilterDefaults))
    except Exception as e:
        cause = e.__cause__ or e
        out['error'] = f'{type(cause).__name__}: {cause}'
save(mixed=[str(w.message).split('---')[1].strip() for w in caught if 'imports and other code' in str(w.message)])
'''

def site_files():
    "The files `nbdev_proc_nbs` takes from nbs/ (nbdev's own file list)"
    from nbdev.doclinks import nbglob
    files = list(nbglob(NBS, func=Path, file_glob='', file_re=''))
    return files + [NBS/f for f in ('_quarto.yml', '_brand.yml') if (NBS/f).exists()]

def process(src, proc, runs, timeout):
    "Process one notebook into the mirror `proc`; (seconds, result dict)"
    dst, res = proc/src.relative_to(NBS), runs/(src.relative_to(NBS).as_posix().replace('/', '__') + '.json')
    dst.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, HF_HUB_OFFLINE='1', HF_DATASETS_OFFLINE='1', TRANSFORMERS_OFFLINE='1')
    t, err = time.time(), None
    p = subprocess.Popen([sys.executable, '-c', DRIVER, str(src), str(dst), str(res)], cwd=ROOT, env=env, text=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, stderr = p.communicate(timeout=timeout)
        if p.returncode: err = _last_line(stderr) or f'exit {p.returncode}'
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL); p.communicate()  # with whatever the notebook's cells started
        err = f'stopped after {timeout} s'
    out = json.loads(res.read_text()) if res.exists() else {}
    if err and 'error' not in out: out['error'] = err
    return time.time() - t, out

def _last_line(s): return next((l for l in reversed(s.strip().splitlines()) if l.strip()), '')

def _one_line(s, n=100): return repr(' '.join(ANSI.sub('', s).split())[:n])

def processing_problems(name, out, slow):
    "Problems that nbdev's processing of notebook `name` reported"
    probs = []
    if 'error' in out:
        cell = out.get('running') or (out['ran'][-1]['id'] if out.get('ran') else None)
        where = f' in cell {cell}' if cell else ''
        probs.append(f'{name}: processing failed{where}: {_one_line(out["error"], 200)}')
    for r in out.get('ran', []):
        if r['secs'] > slow: probs.append(f'{name}: nbdev\'s processor spends {r["secs"]:.0f} s running cell {r["id"]}')
    for src in out.get('mixed', []):
        probs.append(f'{name}: nbdev runs a cell mixing imports and other code (tools/split_imports.py): {_one_line(src, 60)}')
    return probs

def cell_options(src):
    "The Quarto `#| key: value` options of a processed code cell, and its code without them"
    lines = src.splitlines()
    opts = dict(m.groups() for l in lines if (m := re.match(r'\s*#\|\s*([\w-]+)\s*:\s*(.*?)\s*$', l)))
    return opts, '\n'.join(l for l in lines if not re.match(r'\s*#\|', l)).strip()

def shown_outputs(cell):
    "The outputs of a processed code cell that the page shows"
    opts, _ = cell_options(''.join(cell.get('source', '')))
    if opts.get('include') == 'false' or opts.get('output') == 'false': return []
    return cell.get('outputs', [])

def output_texts(o):
    "The text of an output (stream, error or rich data)"
    if o['output_type'] == 'stream': return [''.join(o['text'])]
    if o['output_type'] == 'error': return ['\n'.join(o.get('traceback', [])) or o.get('evalue', '')]
    return [''.join(v) if isinstance(v, list) else v for k, v in o.get('data', {}).items() if k.startswith('text/')]

def output_problems(name, nb):
    "Tracebacks, machine paths and stderr in the outputs a processed notebook shows"
    probs = []
    for i, c in enumerate(nb['cells']):
        if c['cell_type'] != 'code': continue
        where = f'{name}: cell {c.get("id") or f"#{i} (added by nbdev)"}'
        for o in shown_outputs(c):
            text = '\n'.join(output_texts(o))
            if o['output_type'] == 'error' or 'Traceback (most recent call last)' in text:
                probs.append(f'{where}: output holds a Python traceback: {_one_line(_last_line(ANSI.sub("", text)))}')
            if m := MACHINE_PATH.search(text):
                probs.append(f'{where}: output holds a machine path: {_one_line(text[max(0, m.start() - 30):m.start() + 50])}')
            if o['output_type'] == 'stream' and o.get('name') == 'stderr':
                probs.append(f'{where}: stderr output: {_one_line(text)}')
    return probs

HIDDEN_COLS = re.compile(r'<th>\.\.\.</th>')
STOP = {'the', 'this', 'that', 'each', 'every', 'a', 'an', 'our', 'next', 'previous', 'its', 'one', 'same', 'other', 'which', 'whole', 'last', 'first'}

def table_problems(name, nb):
    "Tables whose columns pandas cut (the `...` column)"
    return [f'{name}: cell {c.get("id")}: a table hides columns (pandas shows `...`): widen it or select the columns'
            for c in nb['cells'] if c['cell_type'] == 'code'
            for o in shown_outputs(c) if HIDDEN_COLS.search(''.join(o.get('data', {}).get('text/html', '')))]

def xref_problems(name, nb, stems):
    "Prose that names a page of the site without linking it: a notebook's name, or 'the X page' / 'X tutorial'"
    probs = []
    for c in nb['cells']:
        if c['cell_type'] != 'markdown': continue
        text = re.sub(r'!?\[([^\]]*)\]\([^)]*\)', '', ''.join(c['source']))  # linked text is fine
        text = re.sub(r'```.*?```', '', text, flags=re.S)
        for m in re.finditer(r'\b(\d\d_[a-z][a-z0-9_]*)\b', text):
            if m.group(1) in stems: probs.append(f'{name}: prose names the page {m.group(1)!r} without linking it')
        for m in re.finditer(r'(`[^`]+`|\b[A-Z][\w-]*(?: [A-Z][\w-]*){0,2}) (page|tutorial)\b', text):  # a capitalised name: 'the Pipeline page'
            words = m.group(1).strip('`').lower().split()
            while words and words[0] in STOP: words.pop(0)  # 'The Pipeline page' names the Pipeline page
            if words and words[-1] not in STOP:
                probs.append(f'{name}: prose names {m.group(0)!r} without linking it')
    return probs

def fence(text, cls=''):
    "`text` in a fenced code block longer than any backtick run inside it"
    ticks = '`' * max(3, max((len(r) for r in re.findall(r'`+', text)), default=0) + 1)
    return f'{ticks}{cls}\n{text.rstrip()}\n{ticks}'

def output_md(o, stem, page_dir):
    "Markdown for one output; images are written next to the page"
    if o['output_type'] == 'stream': return fence(ANSI.sub('', ''.join(o['text'])), ' {.stderr}' if o.get('name') == 'stderr' else '')
    if o['output_type'] == 'error': return fence(ANSI.sub('', '\n'.join(o.get('traceback', []))), ' {.error}')
    data = o.get('data', {})
    join = lambda v: ''.join(v) if isinstance(v, list) else v
    for mime, ext in (('image/png', 'png'), ('image/jpeg', 'jpg'), ('image/svg+xml', 'svg')):
        if mime in data:
            f = page_dir/f'{stem}.{ext}'
            if ext == 'svg': f.write_text(join(data[mime]))
            else: f.write_bytes(base64.b64decode(join(data[mime])))
            return f'![]({f.name})'
    if 'text/markdown' in data: return join(data['text/markdown'])
    if 'text/html' in data: return fence(join(data['text/html']), '{=html}')
    if 'text/plain' in data: return fence(join(data['text/plain']))
    return ''

def page_md(nb, stem, page_dir):
    "A processed notebook as the Markdown Quarto would render (frontmatter, markdown, code unless echo: false, outputs)"
    parts = []
    for i, c in enumerate(nb['cells']):
        src = ''.join(c.get('source', ''))
        if c['cell_type'] != 'code': parts.append(src); continue
        opts, code = cell_options(src)
        if opts.get('include') == 'false': continue
        if code and opts.get('echo') != 'false': parts.append(fence(code, 'python'))
        parts += [output_md(o, f'{stem}_{i}_{j}', page_dir) for j, o in enumerate(shown_outputs(c))]
    return '\n\n'.join(p for p in parts if p.strip()) + '\n'

def browser():
    "The headless browser: $CHROME, else the first of chromium, chromium-browser, google-chrome on the PATH"
    return os.environ.get('CHROME') or next((b for b in ('chromium', 'chromium-browser', 'google-chrome') if shutil.which(b)), None)

def render(page, proc, out_dir, timeout=120):
    "Write `page` (in the mirror `proc`) as HTML next to it and a PNG under `out_dir`; the HTML path, or an error"
    html, png = page.with_suffix('.html'), (out_dir/page.relative_to(proc)).with_suffix('.png')
    if page.suffix == '.ipynb':
        md = page.with_suffix('.page.md')
        md.write_text(page_md(json.loads(page.read_text()), page.stem, page.parent))
    else: md = page
    p = subprocess.run(['pandoc', '-f', 'markdown', '-t', 'html5', '-s', '--metadata', f'pagetitle={page.stem}',
                        '-o', html.name, md.name], cwd=page.parent, capture_output=True, text=True, timeout=timeout)
    if p.returncode: return None, f'pandoc failed: {_one_line(p.stderr, 200)}'
    png.parent.mkdir(parents=True, exist_ok=True); png.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        p = subprocess.run([browser(), '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
                            f'--user-data-dir={profile}', f'--screenshot={png}', '--window-size=1280,2000',
                            html.as_uri()], capture_output=True, text=True, timeout=timeout)
    if p.returncode or not png.exists() or not png.stat().st_size:
        return html, f'chromium wrote no screenshot (exit {p.returncode}): {_one_line(p.stderr, 200)}'
    return html, None

class _Links(HTMLParser):
    "The targets of <a href> and <img src> in an HTML page"
    def __init__(self): super().__init__(); self.links = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'a' and a.get('href'): self.links.append(('link', a['href']))
        if tag == 'img' and a.get('src'): self.links.append(('image', a['src']))

def site_url():
    "The documentation site's address from settings.ini, e.g. https://cot-si.github.io/cot_si/"
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini')
    d = cfg['DEFAULT']
    return d.get('doc_host', '').rstrip('/') + '/' + d.get('doc_baseurl', '').strip('/') + '/'

def site_pages(nbs):
    "The site's HTML pages, relative to nbs/: a notebook's is named by nbdev's `output-file` (00_core.ipynb -> core.html)"
    from nbdev.doclinks import _nbpath2html
    pages = {_nbpath2html(n.relative_to(NBS)) for n in nbs}
    return pages | {f.relative_to(NBS).with_suffix('.html') for f in NBS.rglob('*') if f.suffix in ('.qmd', '.md')}

def target_exists(rel, pages, proc):
    "Does the site have `rel` (a path relative to nbs/): a page, or a file in nbs/ or written next to a page"
    if rel.suffix == '.html' or not rel.suffix: return rel in pages or (rel/'index.html') in pages or (NBS/rel).is_file()
    return (NBS/rel).exists() or (proc/rel).exists()

def link_problems(name, html, page_dir, proc, pages, base):
    "Broken relative links and images in a rendered page, and links to pages of this site that it lacks"
    parser = _Links(); parser.feed(html.read_text(errors='replace'))
    probs = []
    for kind, url in parser.links:
        u = urlsplit(url)
        if url.startswith(base): target = proc/unquote(urlsplit(url[len(base):]).path)
        elif u.scheme or u.netloc or not u.path or u.path.startswith('/'): continue
        else: target = page_dir/unquote(u.path)
        target = Path(os.path.normpath(target))
        if not target.is_relative_to(proc): probs.append(f'{name}: {kind} {url!r} points outside the docs site')
        elif not target_exists(target.relative_to(proc), pages, proc): probs.append(f'{name}: broken {kind} {url!r}')
    return probs

def sidebar_problems():
    "Sidebar entries naming a page that does not exist"
    sb = NBS/'sidebar.yml'
    if not sb.exists(): return []
    return [f'nbs/sidebar.yml: entry {e!r} has no page' for e in re.findall(r'[\w./-]+\.(?:ipynb|qmd|md)\b', sb.read_text())
            if not (NBS/e).exists()]

def mirror(proc):
    "Copy every site file but the notebooks into `proc`; return the notebooks"
    nbs = []
    for f in site_files():
        if f.suffix == '.ipynb': nbs.append(f); continue
        d = proc/f.relative_to(NBS); d.parent.mkdir(parents=True, exist_ok=True); shutil.copy2(f, d)
    return sorted(nbs)

def report_runs(name, secs, out):
    "One line on what nbdev's processor executed in a notebook"
    ran = sorted(out.get('ran', []), key=lambda r: -r['secs'])
    slow = ', '.join(f'{r["id"]} {r["secs"]:.1f}s' for r in ran[:3])
    print(f'  {secs:6.1f}s  {name}: {len(ran)} cell(s) executed' + (f' (longest: {slow})' if ran else ''))

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('pages', nargs='*', help='notebooks or pages to check (default: all under nbs/)')
    ap.add_argument('--out', default='_docs_check', help='folder for the screenshots (default: _docs_check)')
    ap.add_argument('--jobs', type=int, default=2, help='notebooks processed at once (default: 2)')
    ap.add_argument('--timeout', type=int, default=300, help='seconds allowed to process one notebook (default: 300)')
    ap.add_argument('--slow', type=float, default=60, help='report cells nbdev runs for longer than this (default: 60 s)')
    a = ap.parse_args(argv)
    if not shutil.which('pandoc'): sys.exit('pandoc is not installed (apt-get install -y pandoc)')
    if not browser(): sys.exit('no Chromium-family browser found (apt-get install -y chromium, or set CHROME)')
    out_dir, t0, probs = Path(a.out).resolve(), time.time(), []
    with tempfile.TemporaryDirectory() as tmp:
        proc, runs = Path(tmp)/'_proc', Path(tmp)/'runs'; runs.mkdir()
        nbs = mirror(proc)
        wanted = {Path(p).resolve() for p in a.pages}
        todo = [n for n in nbs if not wanted or n.resolve() in wanted]
        print(f'processing {len(todo)} notebook(s) with nbdev ({a.jobs} at once)')
        with ThreadPoolExecutor(a.jobs) as ex:
            results = list(ex.map(lambda n: process(n, proc, runs, a.timeout), todo))
        t1 = time.time()
        for nb, (secs, out) in zip(todo, results):
            name = str(nb.relative_to(ROOT))
            (out_dir/nb.relative_to(NBS)).with_suffix('.png').unlink(missing_ok=True)  # no stale picture of a failed page
            report_runs(name, secs, out)
            probs += processing_problems(name, out, a.slow)
        print(f'processing: {t1 - t0:.0f}s; rendering and screenshots into {out_dir}')
        pages = sorted(p for p in proc.rglob('*') if p.suffix in PAGE_EXTS and not p.name.endswith('.page.md')
                       and (not wanted or (NBS/p.relative_to(proc)).resolve() in wanted))
        base, html_pages = site_url(), site_pages(nbs)
        for page in pages:
            name = str((NBS/page.relative_to(proc)).relative_to(ROOT))
            if page.suffix == '.ipynb':
                pnb = json.loads(page.read_text())
                probs += output_problems(name, pnb) + table_problems(name, pnb) + xref_problems(name, pnb, {n.stem for n in nbs})
            html, err = render(page, proc, out_dir)
            if err: probs.append(f'{name}: rendering failed: {err}')
            if html: probs += link_problems(name, html, page.parent, proc, html_pages, base)
        probs += sidebar_problems()
    print(f'rendering: {time.time() - t1:.0f}s; {len(pages)} page(s); total {time.time() - t0:.0f}s')
    print('\n'.join(probs) if probs else 'no problems')
    return 1 if probs else 0

if __name__ == '__main__': sys.exit(main())
