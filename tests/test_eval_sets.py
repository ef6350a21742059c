"One registry of evaluation sets, read by one loader, for decontamination and evaluation alike; s1K answers from model attempts"
import warnings
import pytest
from cot_si.core import data_mirror
from cot_si.dedup import EVAL_SETS, EvalSetUnavailable, REASONING_EVALS, INSTRUCTION_EVALS, load_eval_rows, load_eval_texts, eval_index
from cot_si.evaluate import BENCHMARKS, BenchmarkUnavailable, load_benchmark, benchmark_index
from cot_si.seeds import S1K_ATTEMPTS, load_seeds, verifiable_filter

def test_benchmarks_are_registry_entries():
    assert set(BENCHMARKS) <= set(EVAL_SETS) and set(REASONING_EVALS + INSTRUCTION_EVALS) == set(EVAL_SETS)
    assert all(BENCHMARKS[n] is EVAL_SETS[n] for n in BENCHMARKS)
    assert BenchmarkUnavailable is EvalSetUnavailable

@pytest.mark.parametrize('name', ['math500', 'aime24', 'amc23', 'gsm8k'])
def test_evaluation_and_decontamination_read_the_same_rows(name):
    if name not in ('math500', 'gsm8k') and not (data_mirror() and (data_mirror()/EVAL_SETS[name].local).exists()): pytest.skip('no data folder')
    texts, src = load_eval_texts(name, hub=False)
    ds = load_benchmark(name, hub=False)
    assert ds['question'] == texts and ds[0]['source'] == src and len(ds) == EVAL_SETS[name].size

def test_unavailable_sets_one_warning(monkeypatch):
    monkeypatch.delenv('COT_SI_DATA', raising=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        ix = benchmark_index(hub=False)
    assert len(caught) == 1
    msg = str(caught[0].message)
    for n in ('aime24', 'amc23', 'gpqa'):
        assert n in msg and ix.sources[n].startswith('unavailable')
    assert (ix.sources['math500'], ix.sources['gsm8k']) == ('bundled (500 items)', 'bundled (1319 items)')  # shipped: checked on every machine
    with pytest.raises(ValueError, match='skipped'): eval_index(['math500', 'gpqa'], hub=False, strict=True)

def test_unavailable_message_names_what_was_tried(monkeypatch):
    monkeypatch.delenv('COT_SI_DATA', raising=False)
    with pytest.raises(EvalSetUnavailable) as e: load_eval_rows('aime24', hub=False)
    msg = str(e.value)
    assert "mirror 'aime24/test.jsonl' (not found)" in msg and 'Hub loading is off' in msg and '\n' not in msg
    with pytest.raises(ValueError, match="unknown evaluation set 'aime'"): load_eval_rows('aime')

def test_file_stands_in_for_the_hub(tmp_path):
    f = tmp_path/'gpqa.csv'
    f.write_text('Record ID,Question,Correct Answer,Incorrect Answer 1,Incorrect Answer 2,Incorrect Answer 3\n'
                 'r1,Which is right?,yes,no,maybe,never\n')
    ds = load_benchmark('gpqa', path=f)
    assert ds[0]['choices']['ABCD'.index(ds[0]['answer'])] == 'yes' and ds[0]['source'] == f'file:{f}'

def test_s1k_answers_from_attempts():
    rows = [{'question': 'Estimate the energy.', 'solution': 'We find\n$$E = mc^2$$',
             'deepseek_attempt': 'So the energy is large.\n\n**Final Answer**\n\\boxed{9 \\times 10^{16}}'},
            {'question': 'Show that 7 is prime.', 'solution': 'No divisor.', 'attempt': 'The final answer is $\\boxed{7}$'},
            {'question': 'Compute 2+3.', 'solution': 'The answer is 5.', 'attempt': '\\boxed{6}'}]
    ds = load_seeds(rows, keep=S1K_ATTEMPTS)
    assert verifiable_filter(ds)['verify_reason'] == ['no_final_answer', 'proof', None]
    v = verifiable_filter(ds, attempts=S1K_ATTEMPTS)
    assert v['verifiable'] == [True, False, True]
    assert v['answer'] == ['9 \\times 10^{16}', None, '5']  # the reference wins over an attempt; a proof takes no answer
