"Property tests for the grader: equivalence is symmetric and blind to presentation, differing numbers never match, extraction never crashes or hangs."
import time
from decimal import Decimal
from hypothesis import given, settings, strategies as st, HealthCheck
from cot_si.answers import extract, extract_answer, equivalent, grade, clean_answer, Verdict

ints = st.integers(-10**6, 10**6)
fracs = st.tuples(st.integers(-50, 50), st.integers(1, 50)).map(lambda t: (rf'\frac{{{t[0]}}}{{{t[1]}}}', f'{t[0]}/{t[1]}'))
decimals = st.decimals(min_value=Decimal('-1e6'), max_value=Decimal('1e6'), places=4, allow_nan=False, allow_infinity=False)
values = st.one_of(ints.map(str), fracs.map(lambda t: t[0]), decimals.map(lambda d: format(d, 'f')),
                   st.sampled_from([r'\sqrt{2}', r'2\pi', r'(1, 2)', r'[0, 1)', r'x \geq 5', r'\{1, 3\}', r'2^{-10}', r'\frac{\sqrt{3}}{2}', 'x = 4', r'35\%']))
SETTINGS = dict(deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow])

@settings(**SETTINGS)
@given(values, values)
def test_equivalence_is_symmetric(a, b):
    assert equivalent(a, b) == equivalent(b, a)

PROSE = ['The answer is {}.', 'So the final answer is ${}$.', 'Therefore, the answer (in simplest form) is $\\boxed{{{}}}$.', 'We get $\\boxed{{{}}}$',
         'Final Answer: ${}$', 'Thus the value is ${}$.']

@settings(**SETTINGS)
@given(values, st.sampled_from(PROSE))
def test_invariant_to_surrounding_prose(v, frame):
    assert grade(v, extract_answer(frame.format(v))) is Verdict.EQUIVALENT

def _restyle(s):
    "The same value with \\dfrac, \\left/\\right and other spacing"
    return (s.replace(r'\frac', r'\dfrac').replace('(', r'\left( ').replace(')', r' \right)').replace('[', r'\left[').replace(', ', r' ,\, ')
             .replace('{', '{ ').replace('}', ' }').replace('\\{ ', '\\{').replace('\\ }', '\\}'))  # spaces inside braces, never inside `\{`, `\}`

@settings(**SETTINGS)
@given(values)
def test_invariant_to_presentation(v):
    assert equivalent(v, _restyle(v)) is Verdict.EQUIVALENT, (v, _restyle(v))

def _perturb(s:str) -> str:
    "`s` with its last significant digit changed by one"
    i = max(i for i, c in enumerate(s) if c.isdigit())
    d = int(s[i])
    return s[:i] + str(d - 1 if d > 0 else 1) + s[i+1:]

numbers = st.one_of(st.integers(-10**12, 10**12).map(str),
                    st.tuples(st.integers(0, 10**6), st.integers(1, 12), st.integers(1, 9)).map(lambda t: f'{t[0]}.{"0" * (t[1] - 1)}{t[2]}'),
                    st.tuples(st.integers(1, 9), st.integers(1, 9), st.integers(-30, 30)).map(lambda t: f'{t[0]}.{t[1]} \\times 10^{{{t[2]}}}'))

@settings(**SETTINGS)
@given(numbers)
def test_perturbed_number_never_equal(n):
    p = _perturb(n)
    if clean_answer(p) == clean_answer(n): return  # e.g. -0 and 0
    assert equivalent(n, p) is Verdict.NOT_EQUIVALENT, (n, p)
    assert grade(n, p) is Verdict.NOT_EQUIVALENT, (n, p)

PIECES = ['\\boxed{', '}', '{', '$', '$$', '\\(', '\\)', 'The answer is ', 'Final answer:', '####', '\nA: ', '(a)', '(B)', 'True', 'no', '1,22', '0.5',
          '\\frac{1}{', '```python\n', '```output\n', '```', '<|im_end|>', '<|im_start|>user\n', '### Response:', '<think>', '</think>', ' is ', '. ', '\n\n',
          '%', '^{-99}', '10^{10^{10}}', '\\left(', '\\right)', 'x = ', '=', 'Therefore, ', '(', ')']
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=15)), max_size=50).map(''.join)

@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from(['', 'ABCD']), st.booleans())
def test_extraction_never_crashes_or_hangs(text, choices, boxed_only):
    t0 = time.perf_counter()
    e = extract(text, choices=choices, boxed_only=boxed_only, last_number=True)
    assert time.perf_counter() - t0 < 2, text
    assert e.answer is None or isinstance(e.answer, str) and e.answer
    assert (e.answer is None) == (e.how is None)
    if boxed_only and e.answer is not None: assert e.how == 'boxed'

@settings(**SETTINGS)
@given(st.lists(ints, min_size=2, max_size=5, unique=True), st.randoms(use_true_random=False))
def test_unordered_lists_match_any_order(xs, rnd):
    ys = xs[:]; rnd.shuffle(ys)
    a, b = '[' + ', '.join(map(str, xs)) + ']', '[' + ', '.join(map(str, ys)) + ']'
    assert grade(a, b, unordered=True) is Verdict.EQUIVALENT
    assert (grade(a, b) is Verdict.EQUIVALENT) == (xs == ys)  # order counts by default
    assert grade(a, '[' + ', '.join(map(str, ys[:-1] + [ys[-1] + 1])) + ']', unordered=True) is Verdict.NOT_EQUIVALENT
