"""A scripted OpenAI-compatible chat server for pipeline tests: deterministic new questions (sums) for generation prompts and the
right sum for solve prompts, so that generation and curation keep rows where the tiny random model keeps none."""
import hashlib, json, random, re, threading, time, http.server
from pathlib import Path
import pytest, yaml
from cot_si.models import tiny_model
from cot_si.pipeline import TOY_SMALL, deep_update

WORDS = ('apple river stone cloud lamp garden mirror pencil violin harbor candle meadow rocket saddle tunnel wagon '
         'basket copper desert falcon glacier hammer island jacket kettle ladder marble needle orchard pepper quartz '
         'ribbon silver timber umbrella velvet window yellow zebra anchor bridge cactus dragon engine feather').split()

class Scripted(http.server.BaseHTTPRequestHandler):
    "A deterministic OpenAI-compatible chat server: new sums for generation prompts, the right sum for solve prompts"
    log_path = None
    lock = threading.Lock()
    def log_message(self, *a): pass
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers['Content-Length'])))
        msgs, n, seed = body['messages'], body.get('n') or 1, body.get('seed') or 0
        last = msgs[-1]['content']
        if last.startswith('Solve the following problem.'):
            m = re.search(r'what is (\d+) \+ (\d+)\?', last)
            texts = [f'Adding them: \\boxed{{{int(m[1]) + int(m[2])}}}' if m else 'I cannot tell.'] * n
        else:
            texts = []
            for s in range(n):
                rng = random.Random(seed * 1000 + s)
                a, b, words = rng.randint(10, 99), rng.randint(10, 99), ' '.join(rng.sample(WORDS, 8))
                texts.append(f'[New Question Begin]{words.capitalize()}: what is {a} + {b}?[New Question End]\n\n'
                             f'[Final Answer to New Question Begin]\\boxed{{{a + b}}}[Final Answer to New Question End]')
        with self.lock, open(self.log_path, 'a') as f:
            f.write(json.dumps(dict(key=hashlib.sha256(json.dumps(msgs, sort_keys=True).encode()).hexdigest()[:16], seed=seed, n=n)) + '\n')
        time.sleep(0.05)  # a little time in flight, so that kills can land during requests
        data = json.dumps(dict(id='x', object='chat.completion', created=0, model=body['model'],
                               choices=[dict(index=i, message=dict(role='assistant', content=t), finish_reason='stop') for i, t in enumerate(texts)],
                               usage=dict(prompt_tokens=0, completion_tokens=8 * n, total_tokens=0))).encode()
        self.send_response(200); self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data))); self.end_headers(); self.wfile.write(data)

def start_server(tmp_path_factory):
    Scripted.log_path = tmp_path_factory.mktemp('server')/'requests.jsonl'
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Scripted)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f'http://127.0.0.1:{srv.server_address[1]}/v1'

def crash_config(tmp_path:Path, url:str) -> Path:
    "The toy preset on the tiny model; generation and curation on the scripted server"
    tiny_model()
    api = dict(engine='openai', model='scripted', base_url=url, engine_args=dict(concurrency=1, max_retries=0))
    cfg = deep_update(TOY_SMALL, dict(name='crash', model='tiny',
                      generate=dict(api, guided=False, n=4, budget_calls=8, batch_size=2, max_tokens=64, decontaminate=False),
                      curate=dict(k=4, max_tokens=32),
                      train=dict(max_steps=4, save_steps=1, max_completion_length=8, weight_decay=0.1, learning_rate=0.01),  # decay moves the weights
                      eval=dict(limit=2, max_tokens=8, n=2)))
    p = tmp_path/'crash.yaml'; p.write_text(yaml.safe_dump(cfg)); return p

