#!/bin/sh
# ctest `cdk_stack`: install the pinned toolchain when needed, compile, run the template
# assertions, then prove `cdk synth` works offline. THUMBKIT_LAMBDA_ZIP (optional) names a built
# thumbkit-lambda.zip to synth with; without one the placeholder bundle stands in.
set -eu
cd "$(dirname "$0")/.."

# A fresh clone (CI) has no node_modules; a changed lock file means they are stale.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

node node_modules/typescript/bin/tsc -p .
node --test dist/test/

# Offline synth: no notices, telemetry or version checks over the network, no AWS account.
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ -n "${THUMBKIT_LAMBDA_ZIP:-}" ] && [ -f "$THUMBKIT_LAMBDA_ZIP" ]; then
  code="lambdaZip=$THUMBKIT_LAMBDA_ZIP"
else
  code="placeholderCode=true"
fi
CDK_DISABLE_VERSION_CHECK=1 CDK_DISABLE_CLI_TELEMETRY=true \
  node node_modules/aws-cdk/bin/cdk synth --quiet --no-notices -c "$code" -o "$out"
test -s "$out/ThumbkitAvatars.template.json"
echo "cdk synth ($code): $out/ThumbkitAvatars.template.json"
