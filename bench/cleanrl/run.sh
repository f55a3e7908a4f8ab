#!/usr/bin/env bash
# Runs CleanRL's PPO (Huang et al., cleanrl/ppo.py) for the side-by-side table of docs/performance.md,
# "Curio and CleanRL": on Debian's python3-torch (apt-get install python3-torch) and the gym 0.21 that
# Curio already has in Maven's cache (the pure-Python gym and cloudpickle of org.bytedeco:gym).
#
#   bench/cleanrl/run.sh PPO_PY OUT_DIR [ppo.py options...]
#
# PPO_PY is cleanrl/ppo.py at commit 2df24f4a (2023-03-31, the last before CleanRL moved to gymnasium;
# its gym API is gym 0.21's). One edit is made to a copy in OUT_DIR: tensorboard's SummaryWriter (not
# packaged by Debian) is replaced by scalars.py beside this script, which writes scalars.csv. Threads:
# CURIO_CLEANRL_THREADS (default 1) sets torch's intra-op threads (OMP_NUM_THREADS, MKL_NUM_THREADS).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 2 ]]; then
  echo "usage: bench/cleanrl/run.sh PPO_PY OUT_DIR [ppo.py options...]" >&2
  exit 2
fi
ppo="$1"; out="$2"; shift 2
python=/usr/bin/python3
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "run.sh: no torch for $python; apt-get update && apt-get install -y python3-torch" >&2
  exit 2
fi
if ! grep -q '^from torch.utils.tensorboard import SummaryWriter$' "$ppo"; then
  echo "run.sh: $ppo is not the ppo.py this script edits (commit 2df24f4a)" >&2
  exit 2
fi
jar="$(ls "${HOME}"/.m2/repository/org/bytedeco/gym/0.21.0-1.5.7/gym-0.21.0-1.5.7.jar 2>/dev/null || true)"
if [[ -z "$jar" ]]; then
  echo "run.sh: gym 0.21's jar is not in ~/.m2; run ./curio once (it downloads it)" >&2
  exit 2
fi
mkdir -p "$out/py"
out="$(cd "$out" && pwd)"
if [[ ! -d "$out/py/gym" ]]; then
  (cd "$out/py" && unzip -q -o "$jar" 'org/bytedeco/gym/python/*' && mv org/bytedeco/gym/python/* . && rm -rf org)
fi
cp "$here/scalars.py" "$out/py/"
sed 's/^from torch.utils.tensorboard import SummaryWriter$/from scalars import SummaryWriter/' "$ppo" > "$out/ppo.py"
threads="${CURIO_CLEANRL_THREADS:-1}"
cd "$out"
OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads" PYTHONPATH="$out/py" PYTHONWARNINGS=ignore \
  exec "$python" ppo.py --cuda False --track False "$@"
