"""Training precision: with `bf16` on (mixed precision), the trained weights are float32, so an AdamW step at the paper's
learning rate (1e-6) changes them; the same step on bf16 weights is rounded away for all but the smallest weights."""
import os, warnings
import pytest, torch, datasets
from transformers import AutoModelForCausalLM
from cot_si.models import tiny_model
from cot_si.train import resolve_settings, policy_dtype, _build, _dtypes_of, grpo_dataset, dpo_dataset, online_dpo_dataset

os.environ.setdefault('TRL_EXPERIMENTAL_SILENCE', '1')
warnings.filterwarnings('ignore', message='.*vLLM versions.*')

def adamw_step(model, lr=1e-6) -> float:
    "One AdamW step at `lr` on a next-token loss computed under bf16 autocast (what `bf16=True` runs): the share of the linear layers' weights it changed"
    names = [n for n, p in model.named_parameters() if n.endswith('proj.weight') and p.requires_grad]
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=0.0)
    ids = torch.randint(0, model.config.vocab_size, (2, 16), generator=torch.Generator().manual_seed(0))
    with torch.autocast('cpu', dtype=torch.bfloat16): loss = model(input_ids=ids, labels=ids).loss
    loss.backward(); opt.step()
    now = dict(model.named_parameters())
    return sum((now[n] != before[n]).sum().item() for n in names) / sum(now[n].numel() for n in names)

def test_a_step_at_1e_6_is_lost_on_bf16_weights():
    fp32 = AutoModelForCausalLM.from_pretrained(tiny_model(), dtype=torch.float32)
    bf16 = AutoModelForCausalLM.from_pretrained(tiny_model(), dtype=torch.bfloat16)
    assert adamw_step(fp32) > 0.99  # float32 master weights: every weight moves
    assert adamw_step(bf16) < 0.05  # bf16: only weights below 2**-11 in magnitude (about 2% of them) can move by 1e-6

def _rows(method):
    if method == 'grpo':
        return grpo_dataset(datasets.Dataset.from_list([dict(question='What is 2 + 3?', answer='5', status='kept', curated=True)]))[0]
    if method == 'dpo':
        return dpo_dataset(datasets.Dataset.from_list([dict(question='Say hi.', status='kept', curated=True, rip_responses=['hi', 'go away'],
                                                            rip_scores=[9.0, 1.0])]))[0]
    return online_dpo_dataset(datasets.Dataset.from_list([dict(question='Say hi.', status='kept', curated=True)]))[0]

@pytest.fixture(scope='module')
def scorer():
    from cot_si.rip import RewardModelScorer, tiny_reward_model
    return RewardModelScorer(str(tiny_reward_model()))

@pytest.mark.parametrize('method', ['grpo', 'dpo', 'online-dpo'])
def test_train_loads_float32_master_weights_in_bf16(method, scorer, tmp_path):
    "What `train` builds with bf16 on (as on a GPU): float32 trained weights (and reference), bf16 autocast, and the step at 1e-6 lands"
    s = resolve_settings(method, f'cpu-{method}', bf16=True, learning_rate=1e-6, max_steps=1)
    assert s['bf16'] is True and policy_dtype(s) == 'float32'
    trainer, *_ = _build(method, str(tiny_model()), s, tmp_path, _rows(method), scorer if method == 'online-dpo' else None, [])
    d = _dtypes_of(trainer)
    assert d['trained'] == ['float32'] and d['bf16_autocast'], d
    if method != 'grpo': assert d['reference'] == 'float32', d  # the same numbers as the policy at the first step
    assert adamw_step(trainer.model) > 0.99

def test_lora_in_bf16_freezes_a_bf16_base_and_trains_float32_adapters(tmp_path):
    s = resolve_settings('dpo', 'cpu-dpo', bf16=True, lora=4, learning_rate=1e-6, max_steps=1)
    trainer, *_ = _build('dpo', str(tiny_model()), s, tmp_path, _rows('dpo'), None, [])
    frozen = {str(p.dtype) for p in trainer.model.parameters() if not p.requires_grad}
    assert frozen == {'torch.bfloat16'} and _dtypes_of(trainer)['trained'] == ['float32']
