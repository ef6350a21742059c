"Fuzzed parsers: whatever a model writes, parsing returns a record or a named reason, never an exception."
from hypothesis import given, settings, strategies as st
from cot_si.answers import last_boxed
from cot_si.templates import TEMPLATES, REJECT_REASONS, QB, QE, AB, AE, SP, TB, TE

PIECES = [QB, QE, AB, AE, SP, TB, TE, '\\boxed{', '\\boxed', '\\fbox{', '{', '}', '\\{', '\\}', '<think>', '</think>',
          '\\frac{1}{2}', ' ', '\n', 'What is 2+2?', '42', 'Step 1', '#']
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map(''.join)

@settings(max_examples=400, deadline=None)
@given(texts, st.sampled_from([None, True, False]))
def test_parsers_never_raise(text, finished):
    for t in TEMPLATES.values():
        r = t.parse(text, finished=finished)  # finished: the model stopped by itself (True), was cut (False), not known (None)
        assert set(r) >= {'question', 'answer', 'reason'}
        if r['reason'] is None:
            assert isinstance(r['question'], str) and r['question'].strip()
            if t.has_answer: assert isinstance(r['answer'], str) and r['answer'].strip()
        else: assert r['reason'] in REJECT_REASONS

@settings(max_examples=400, deadline=None)
@given(texts)
def test_last_boxed_never_raises(text):
    b = last_boxed(text)
    assert b is None or isinstance(b, str)

@given(st.text(alphabet='0123456789+-x^ab', min_size=1, max_size=10))
def test_nested_boxed_roundtrip(inner):
    assert last_boxed(f'so \\boxed{{\\frac{{{inner}}}{{2}}}} done') == f'\\frac{{{inner}}}{{2}}'
