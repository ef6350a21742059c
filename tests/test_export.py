"Exported files load with `datasets`, start TRL's trainers for one step on a tiny model, and push to a local stand-in of the Hub API."
import base64, json, math, random, re, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
import datasets, pytest
from cot_si.core import Completion
from cot_si.engines import Engine
from cot_si.seeds import bundled_seeds
from cot_si.synthesize import synthesize
from cot_si.consistency import sample_answers, self_consistency
from cot_si.export import export, push_to_hub, Price

WORDS = 'prime circle angle sum digits integer triangle area ratio chord modulo square cube root sequence'.split()

class ScriptedEngine(Engine):
    "Writes 'Find the <ten random words>: what is a + a?' with its target answer 2a"
    kind = 'scripted'
    def _generate(self, prompts, n, sampling, seeds):
        for i, _ in enumerate(prompts):
            rng = random.Random(seeds[i])
            a, words = rng.randint(1, 40), ' '.join(rng.choices(WORDS, k=10))
            yield i, [Completion(f"Reasoning.\n[New Question Begin]Find the {words}: what is {a} + {a}?[New Question End]\n"
                                 f"[Final Answer to New Question Begin]\\boxed{{{2 * a}}}[Final Answer to New Question End]",
                                 n_tokens=30) for _ in range(n)]

class ScriptedSolver(Engine):
    "Right on three samples in four (so every prompt has a majority and a DPO pair), the right ones shorter"
    kind = 'scripted-solver'
    def _generate(self, prompts, n, sampling, seeds):
        for i, m in enumerate(prompts):
            s = 2 * int(re.search(r'(\d+) \+', m[-1]['content']).group(1))
            yield i, [Completion(f'So the sum is \\boxed{{{s}}}.' if j % 4 != 3 else f'Carrying a one, the sum is \\boxed{{{s + 1}}}.', n_tokens=8)
                      for j in range(n)]

@pytest.fixture(scope='module')
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp('export')
    seeds = bundled_seeds('reasoning')
    gen, summary = synthesize(seeds, ScriptedEngine('gen', cache=tmp/'gen.sqlite'), n=4, budget_calls=8, batch_size=8, hub=False,
                              progress=False, decontaminate=None)
    cur = self_consistency(sample_answers(gen, ScriptedSolver('solver', cache=tmp/'solve.sqlite'), k=4, progress=False))
    res = export(cur, tmp/'out', seeds=seeds, prices={'gen': Price(0.1, 0.4)}, embedder='tfidf', summary=summary)
    return res, cur

def test_files_and_card(exported):
    res, cur = exported
    out = res['out']
    n = sum(c is True for c in cur['curated'])
    assert n == 4 and {f: v['rows'] for f, v in res['files'].items()} == {'grpo': n, 'dpo': n, 'sft': n}
    g = datasets.load_dataset(str(out), 'grpo', split='train')
    assert g.column_names == ['prompt', 'label', 'question'] and g[0]['prompt'][0]['role'] == 'user'
    assert sorted(g['label']) == sorted(cur.filter(lambda r: r['curated'] is True)['label'])
    d = datasets.load_dataset(str(out), 'dpo', split='train')
    assert d.column_names == ['prompt', 'chosen', 'rejected'] and all('Carrying' in r[0]['content'] for r in d['rejected'])
    s = datasets.load_dataset(str(out), 'sft', split='train')
    assert [m['role'] for m in s[0]['messages']] == ['user', 'assistant']
    from huggingface_hub import DatasetCard
    card = DatasetCard.load(out/'README.md')
    assert [c['config_name'] for c in card.data.configs] == ['grpo', 'dpo', 'sft']
    for part in ('### Seeds', 'MIT licence', '| self-consistency@0.5 | 4 |', '## Diversity', 'Vendi', 'cot-self-instruct', 'Decontamination: not run',
                 '| generate | scripted | gen |'):
        assert part in card.text, part
    lineage = json.loads((out/'lineage.json').read_text())
    assert lineage['costs'][0]['tokens_out'] == 30 * lineage['summary']['tried'] and lineage['costs'][0]['cost_usd'] > 0

def _one_step(method, rows, tmp):
    "Start a TRL trainer on `rows` for one step on the tiny random model, configured as cot_si.train configures it"
    from transformers import AutoTokenizer
    from cot_si.models import tiny_model
    from cot_si.train import resolve_settings, trl_config, _trainer, VerifiableReward
    path = str(tiny_model())
    tok = AutoTokenizer.from_pretrained(path)
    if tok.pad_token is None: tok.pad_token = tok.eos_token
    if method == 'sft':
        from trl import SFTConfig, SFTTrainer
        args = SFTConfig(output_dir=str(tmp/'sft'), max_steps=1, per_device_train_batch_size=2, use_cpu=True, bf16=False,
                         report_to=[], max_length=256, save_strategy='no', logging_steps=1)
        trainer = SFTTrainer(model=path, args=args, train_dataset=rows, processing_class=tok)
    else:
        s = resolve_settings(method, f'cpu-{method}', max_steps=1, save_steps=10)
        assert s['use_cpu'] and not s['bf16']
        args = trl_config(s, tmp/method)
        trainer = _trainer(method, path, args, rows, [VerifiableReward()] if method == 'grpo' else None, tok)
    trainer.train()
    assert trainer.state.global_step == 1
    return [h for h in trainer.state.log_history if 'loss' in h]

@pytest.mark.parametrize('method', ['grpo', 'dpo', 'sft'])
def test_trl_trainer_one_step(exported, method, tmp_path):
    rows = datasets.load_dataset(str(exported[0]['out']), method, split='train')
    logs = _one_step(method, rows, tmp_path)
    assert logs and math.isfinite(logs[0]['loss'])

class HubStandIn(BaseHTTPRequestHandler):
    "The few Hub endpoints `HfApi.create_repo` and `upload_folder` call, storing files in memory"
    repos, files, calls = {}, {}, []
    def _json(self, obj, code=200):
        b = json.dumps(obj).encode()
        self.send_response(code); self.send_header('Content-Type', 'application/json'); self.send_header('Content-Length', str(len(b)))
        self.end_headers(); self.wfile.write(b)
    def log_message(self, *a): pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length') or 0))
        self.calls.append(('POST', self.path, self.headers.get('authorization')))
        base = f'http://{self.headers["Host"]}'
        if self.path == '/api/repos/create':
            j = json.loads(body)
            rid = f"{j['organization']}/{j['name']}" if j.get('organization') else j['name']
            self.repos[rid] = j
            return self._json(dict(url=f'{base}/datasets/{rid}', name=rid))
        if self.path == '/api/validate-yaml':  # the Hub checks the card's YAML header: parse it as the Hub would
            import yaml
            try: meta = yaml.safe_load(json.loads(body)['content'].split('---')[1])
            except Exception as e: return self._json({'error': f'invalid YAML: {e}'}, 400)
            return self._json(dict(warnings=[] if meta.get('configs') else [dict(message='no configs')]))
        m = re.match(r'/api/datasets/(.+?)/(preupload|commit)/(\w+)', self.path)
        if not m or m.group(1) not in self.repos: return self._json({'error': f'unknown {self.path}'}, 404)
        if m.group(2) == 'preupload':
            return self._json(dict(files=[dict(path=f['path'], uploadMode='regular', shouldIgnore=False) for f in json.loads(body)['files']]))
        for line in body.decode().splitlines():
            item = json.loads(line)
            if item['key'] == 'file': self.files[(m.group(1), item['value']['path'])] = base64.b64decode(item['value']['content'])
        return self._json(dict(commitUrl=f'{base}/datasets/{m.group(1)}/commit/abc123', commitOid='abc123' * 6 + 'abcd'))
    def do_GET(self):
        self.calls.append(('GET', self.path, None))
        return self._json({'error': f'not in the stand-in: {self.path}'}, 404)

def test_push_to_local_hub(exported, monkeypatch, tmp_path):
    import huggingface_hub.constants as C
    monkeypatch.setattr(C, 'HF_HUB_OFFLINE', False)  # conftest sets offline mode; this test talks only to 127.0.0.1
    srv = ThreadingHTTPServer(('127.0.0.1', 0), HubStandIn)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        out = exported[0]['out']
        info = push_to_hub(out, 'me/cot-si-data', token='hf_test', endpoint=f'http://127.0.0.1:{srv.server_port}')
    finally: srv.shutdown()
    assert info.oid.startswith('abc123') and HubStandIn.repos['me/cot-si-data'].get('visibility') == 'private'
    sent = {p: b for (r, p), b in HubStandIn.files.items() if r == 'me/cot-si-data'}
    local = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob('*') if p.is_file()}
    assert sent == local and 'grpo/train.parquet' in sent and 'README.md' in sent
    assert all(a == 'Bearer hf_test' for m, _, a in HubStandIn.calls if m == 'POST')
    for p, b in sent.items(): (tmp_path/p).parent.mkdir(parents=True, exist_ok=True); (tmp_path/p).write_bytes(b)
    assert len(datasets.load_dataset(str(tmp_path), 'grpo', split='train')) == exported[0]['files']['grpo']['rows']
