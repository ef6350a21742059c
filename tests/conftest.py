import os
from pathlib import Path

# the public data sets' local mirror: the project's shared/data beside the checkout, unless COT_SI_DATA names another
_mirror = Path(__file__).resolve().parents[2]/'shared'/'data'
if 'COT_SI_DATA' not in os.environ and _mirror.exists(): os.environ['COT_SI_DATA'] = str(_mirror)
os.environ.setdefault('HF_HUB_OFFLINE', '1')
os.environ.setdefault('HF_DATASETS_OFFLINE', '1')
