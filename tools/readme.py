"""Render README.md from nbs/index.ipynb (quarto, which `nbdev_readme` needs, is not always available).

python tools/readme.py           write README.md
python tools/readme.py --check   exit 1 if README.md is not what index.ipynb renders to"""
import re, sys
from pathlib import Path
import nbformat

ROOT = Path(__file__).resolve().parent.parent
DIRECTIVE = re.compile(r'^\s*#\|.*$\n?', re.M)

def _outputs(cell):
    for o in cell.get('outputs', []):
        if o.output_type == 'stream':
            if o.name == 'stderr': continue  # progress bars and warnings
            text = o.text
        elif 'data' in o:
            if 'text/markdown' in o.data: yield o.data['text/markdown'] + '\n'; continue
            text = o.data.get('text/plain', '')
        else: continue
        if text.strip(): yield '```\n' + text.rstrip() + '\n```\n'

def render(nb_path=ROOT/'nbs'/'index.ipynb') -> str:
    nb, parts = nbformat.read(nb_path, as_version=4), []
    for c in nb.cells:
        src = c.source
        if c.cell_type == 'markdown': parts.append(src.strip() + '\n'); continue
        if re.search(r'^\s*#\|\s*(hide|exec_doc|export)', src, re.M) or not src.strip(): continue
        code = DIRECTIVE.sub('', src).strip()
        if code: parts.append('```python\n' + code + '\n```\n')
        parts.extend(_outputs(c))
    return '<!-- generated from nbs/index.ipynb by tools/readme.py: do not edit -->\n\n' + '\n'.join(parts)

if __name__ == '__main__':
    text, readme = render(), ROOT/'README.md'
    if '--check' in sys.argv:
        if readme.read_text() != text: sys.exit('README.md is out of date: run python tools/readme.py')
        print('README.md is up to date')
    else: readme.write_text(text); print(f'wrote {readme}')
