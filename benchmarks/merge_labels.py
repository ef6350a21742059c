"""Merge the questions the 1.5B model wrote with their hand labels: cot_si/data/labelled_questions.jsonl

python benchmarks/merge_labels.py DIR [DIR ...] [--questions questions_k8.jsonl]

Each DIR is a `make_label_set.py` output folder (or a folder of a demo run's questions in the same format) holding the
questions file and the labellers' `labels_*.jsonl` ({id, gold, verdict, why}); a question without a label is left out."""
import json, glob, re, sys
from pathlib import Path
import llama_cpp
from llama_cpp._internals import LlamaModel
from cot_si.models import qwen_gguf
from cot_si.templates import Q_BEGIN, DRAFT_HEADS
p = llama_cpp.llama_model_default_params(); p.vocab_only = True
tok = LlamaModel(path_model=str(qwen_gguf()), params=p, verbose=False)
def written(raw):
    "Tokens the model itself wrote before its question block (our section headings not counted)"
    pre = Q_BEGIN.split(raw)[0]
    for h in DRAFT_HEADS: pre = pre.replace(h.strip(), '')
    return len(tok.tokenize(pre.encode(), add_bos=False, special=False)) if pre.strip() else 0
args = sys.argv[1:]
qfile = args.pop(args.index('--questions') + 1) if '--questions' in args else 'questions.jsonl'
if '--questions' in args: args.remove('--questions')
src = args
HOW = ('Each question was solved independently by a careful solver (an LLM assistant working step by step, with a Python '
       'shell for arithmetic) before it saw the generator\'s answer; where the two differed, the solution was re-checked from scratch. '
       'Verdicts: ok (one correct answer, `gold`), ill-posed (missing, contradictory or impossible information, or nothing to answer), '
       'ambiguous (two reasonable readings; `gold` is the more natural one).')
rows, labels = [], {}
for d in src:
    rows += [json.loads(l) for l in open(f'{d}/{qfile}' if Path(f'{d}/{qfile}').exists() else f'{d}/questions.jsonl')]
    for f in glob.glob(f'{d}/labels_*.jsonl'):
        for l in open(f):
            if l.strip(): r = json.loads(l); labels[r['id']] = r
def latex(g):
    "A hand-written gold answer in the LaTeX the parser reads: √10 as \\sqrt{10}, π as \\pi, a/b around π as a fraction"
    if g is None: return None
    g = re.sub(r'√\(?(\d+)\)?', r'\\sqrt{\1}', str(g)).replace('π', '\\pi')
    if m := re.fullmatch(r'(.*\\pi)/(\d+)', g): g = f'\\frac{{{m.group(1)}}}{{{m.group(2)}}}'
    return g

out = []
for r in rows:
    if r['id'] not in labels: continue
    L = labels[r['id']]
    out.append(dict(id=r['id'], run=r['run'], guide=r['guide'], reasoning_tokens=written(r['raw']), question=r['question'], answer=r['answer'],
                    answers=r['answers'], gold=latex(L['gold']), verdict=L['verdict'], why=L['why'], how_labelled=HOW, raw=r['raw']))
open(Path(__file__).parent.parent/'cot_si'/'data'/'labelled_questions.jsonl', 'w').write(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in out))
print(len(rows), 'questions,', len(out), 'labelled')
