"Property tests for the answer families found in real TheoremQA outputs: each family reads right for any value, and wrong values stay wrong."
from hypothesis import given, settings, strategies as st, HealthCheck
from cot_si.answers import extract, extract_answer, grade, vote, asks_in_pi, Verdict

SETTINGS = dict(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
nums = st.one_of(st.integers(-10**5, 10**5).map(str), st.tuples(st.integers(0, 999), st.integers(1, 99)).map(lambda t: f'{t[0]}.{t[1]}'))
labels = st.sampled_from('abcdefgh')

@settings(**SETTINGS)
@given(nums, nums, st.sampled_from(['The stress is {}.', 'SNR = {}', 'x = {} m']), st.sampled_from(['The elongation is {} mm.', 'SNR_dB = {} dB', 'y = {}']),
       st.sampled_from(['', '\n\nI hope this helps!', '\n\nThis completes the solution.']))
def test_multi_line_answer_block_reads_its_last_line(u, v, first, last, after):
    "'the answer is:' followed by several lines: the last line that reads as an answer is the answer"
    text = f'Therefore, the answer is:\n{first.format(u)}\n{last.format(v)}{after}'
    assert grade(v, extract_answer(text)) is Verdict.EQUIVALENT, (text, extract_answer(text))

@settings(**SETTINGS)
@given(st.integers(-999, 999), labels, labels)
def test_labelled_value_reads_as_letter_or_value(n, l, other):
    "'(c) 25': the value against a value gold, the letter against a letter gold"
    pred = extract_answer(f'Therefore, the answer is ({l}) {n}.')
    assert grade(str(n), pred) is Verdict.EQUIVALENT
    assert grade(f'({l})', pred) is Verdict.EQUIVALENT
    assert grade(str(n + 1), pred) is Verdict.NOT_EQUIVALENT
    if other != l: assert grade(f'({other})', pred) is Verdict.NOT_EQUIVALENT
    assert extract(f'the answer is ({l.upper()}) {n}.', choices='ABCDEFGH').answer == l.upper()
    assert vote([pred, l.upper(), 'Z']).majority == l.upper() and vote([pred, str(n), str(n + 1)]).majority == str(n)

@settings(**SETTINGS)
@given(st.integers(1, 10**4), st.sampled_from(['{}π', '{}\\pi', '{} \\pi', '${}\\pi$']))
def test_answers_in_units_of_pi(k, form):
    "A question asking 'in πHz' takes 500π as 500; without that, 500π is 500·π"
    pred = extract_answer(f'So the minimum sampling frequency is f = {form.format(k)}.')
    assert grade(str(k), pred, in_pi=asks_in_pi('determine the minimum sampling frequency (in πHz).')) is Verdict.EQUIVALENT, pred
    assert grade(str(k), pred) is Verdict.NOT_EQUIVALENT
    assert grade(str(k + 1), pred, in_pi=True) is Verdict.NOT_EQUIVALENT

@settings(**SETTINGS)
@given(st.integers(1, 999), st.integers(1, 999), st.sampled_from(['(( {a} - 0.5q) / q = ', 'x = {a} \\times \\', 'Step 44: Simplify: x = 1/(']))
def test_garbled_ending_after_a_clean_statement(v, a, garble):
    "A run-on cut off mid-formula does not hide a clean statement in the sentence before it"
    text = f'The optimal tax rate is ${v} per unit. This is calculated by {garble.format(a=a)}'
    assert grade(str(v), extract_answer(text)) is Verdict.EQUIVALENT, (text, extract_answer(text))

@settings(**SETTINGS)
@given(nums, st.sampled_from(['since', 'because']))
def test_value_before_its_reason(v, conj):
    "'the capacity is 0.5, since … is bounded by 0.5': the value before the reason"
    text = f'The channel capacity in bits is {v}, {conj} the capacity of such a channel is upper bounded by it.'
    assert grade(v, extract_answer(text)) is Verdict.EQUIVALENT, extract_answer(text)

@given(st.sampled_from([('1.0', 'True'), ('1', 'yes'), ('0.0', 'False'), ('0', 'No')]))
def test_yes_as_1(pair):
    "A yes/no question whose gold is stored as 1 or 0 (TheoremQA) reads yes/true as 1, no/false as 0, only when asked"
    gold, word = pair
    assert grade(gold, extract_answer(f'Therefore, the answer is {word}.'), yes_as_1=True) is Verdict.EQUIVALENT
    assert grade(str(1 - int(float(gold))), extract_answer(f'Therefore, the answer is {word}.'), yes_as_1=True) is Verdict.NOT_EQUIVALENT
    assert grade(gold, word) is Verdict.NOT_EQUIVALENT

@settings(**SETTINGS)
@given(st.integers(1, 99), st.integers(2, 99), st.integers(2, 4))
def test_rounded_gold_accepts_the_exact_value(p, q, places):
    "A gold written as a rounded decimal (TheoremQA's 0.333) is met by the exact fraction; voting keeps them apart, and a wrong fraction stays wrong"
    from fractions import Fraction
    from decimal import Decimal, ROUND_HALF_EVEN
    f = Fraction(p, q)
    if f.denominator == 1: return
    gold = str((Decimal(p) / Decimal(q)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN))
    if Decimal(gold) == Decimal(p) / Decimal(q) or gold.rstrip('0').endswith('.') or len(gold.split('.')[1].rstrip('0')) < 2: return  # exact or too few decimals
    gold = gold.rstrip('0')
    assert grade(gold, f'{p}/{q}') is Verdict.EQUIVALENT, (gold, p, q)
    assert grade(gold, rf'\frac{{{p}}}{{{q}}}') is Verdict.EQUIVALENT, (gold, p, q)
    wrong = Fraction(p + 1, q) if Fraction(p + 1, q).denominator != 1 else Fraction(p + 2, q)
    assert grade(gold, f'{wrong.numerator}/{wrong.denominator}') is Verdict.NOT_EQUIVALENT, (gold, wrong)

@settings(**SETTINGS)
@given(st.integers(2, 99), st.integers(2, 99))
def test_a_worked_chain_reads_as_its_last_side(a, b):
    "'{5 \\choose 3} \\times 21 = 10 \\times 21 = 210': the chain's last side is the answer"
    chain = f'{a} \\times {b} = {b} \\times {a} = {a * b}'
    assert grade(str(a * b), chain) is Verdict.EQUIVALENT
    assert grade(str(a * b + 1), chain) is Verdict.NOT_EQUIVALENT
