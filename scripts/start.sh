#!/usr/bin/env bash
# The run command (`npm start`): install if needed, self-host the test models when the shared
# folder is beside the repo, build, and serve the production build on http://127.0.0.1:4173.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PORT=4173
SHARED_MODELS=../shared/models

# Same rule as scripts/test.sh: npm rewrites node_modules/.package-lock.json on every install.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci
fi

# Only when public/models holds no model yet: never overwrite models the user put there.
if [[ -d $SHARED_MODELS ]] && ! find public/models -name config.json -print -quit 2>/dev/null | grep -q .; then
  node scripts/models.mjs --from "$SHARED_MODELS"
fi

npm run --loglevel=error build

echo
echo "LLMaOS Workbench: http://127.0.0.1:$PORT/"
echo "with the tiny test models: http://127.0.0.1:$PORT/?preset=fixtures"
echo
# exec: Ctrl-C stops the server directly.
exec npx --loglevel=error vite preview --port "$PORT" --strictPort --host 127.0.0.1
