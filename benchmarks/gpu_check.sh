#!/usr/bin/env bash
# GPU check (see gpu_check.py): on a machine with one GPU and a stock CUDA PyTorch, install what is missing
# (wheels in .whl/ beside the checkout when there is no index: TRL, datasets, accelerate, math-verify, ...; no vLLM),
# put this checkout on the path, and run the engine, a few GRPO and DPO steps in bf16, a DPO step at LR 1e-6 (precision), DPO's sampling engine
# and reward model released from the GPU (released), and one step of each
# paper preset's training method (GRPO, DPO, online DPO) with its resolved TRL settings in bf16 mixed precision, on a tiny model.
# Without CUDA the paper steps are skipped with a line saying so; `--parse_only` checks the arguments alone.
# Usage: bash benchmarks/gpu_check.sh [MODEL_FOLDER] [OUT_FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d .whl ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
  export PYTHONPATH=/tmp/site:${PYTHONPATH:-}
fi
export PYTHONPATH=$PWD:${PYTHONPATH:-} PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo "no nvidia-smi"
python3 benchmarks/gpu_check.py --model "${1:-tiny}" ${2:+--out "$2"} ${GPU_CHECK_ARGS:-}
