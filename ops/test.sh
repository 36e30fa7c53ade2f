#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need when missing,
# builds with warnings as errors, runs every test project, and ends with one line
# "N passed, M failed" (totals over all test projects).
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet SDK 10 is required (see global.json)" >&2
  exit 2
fi

# What the tests need from Debian: PostgreSQL binaries (the tests start their own throwaway
# cluster), Chromium (the dashboard tests drive it with Playwright, which cannot download a browser here)
# and RabbitMQ with its AMQP 1.0 plugin (the broker tests start their own node on free ports).
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (Debian) for the tests"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Node tools the tests use as independent implementations, into .tools/ (ignored by git): Ajv, the reference JSON Schema
# validator for JavaScript, whose patterns are ECMA-262 regular expressions (CompiledSchemaDifferentialTests); Redocly CLI and
# Spectral, which lint the served OpenAPI document (OpenApiLintTests).
tools=(ajv@8.20.0 ajv-formats@3.0.1 @redocly/cli@2.77.0 @stoplight/spectral-cli@6.16.3)
for tool in "${tools[@]}"; do
  if [ ! -d ".tools/node_modules/${tool%@*}" ]; then
    echo "installing ${tools[*]} (npm) into .tools for the tests"
    npm install --prefix .tools --no-audit --no-fund --silent "${tools[@]}" >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
    break
  fi
done

# Kiota, Microsoft's OpenAPI client generator (a dotnet tool), into .tools/kiota: GeneratedClientTests generates a C# client
# from the served document, compiles it and drives the hub with it.
if [ ! -x .tools/kiota/kiota ]; then
  echo "installing Microsoft.OpenApi.Kiota 1.38.0 (dotnet tool) into .tools for the tests"
  dotnet tool install --tool-path .tools/kiota Microsoft.OpenApi.Kiota --version 1.38.0 >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build StatuutHub.sln -c Release -warnaserror -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
dotnet test StatuutHub.sln -c Release --no-build --nologo --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # a test host crashed or a project failed to run: never report green
fi
echo "${passed} passed, ${failed} failed"
exit "$status"
