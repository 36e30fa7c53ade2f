#!/usr/bin/env bash
# Runs N hub processes against one PostgreSQL database (the scale-out engine).
#   bash ops/scale-out.sh N 'Host=127.0.0.1;Port=5432;Database=statuut;Username=statuut;Password=…' [first-port=5080]
# Process 1 is the demo launcher with the simulated agencies (ports 5181-5184) unless SIMULATOR=0; the
# others are the product in demo mode (Development, demo credentials) sending to the same agencies, so
# every process accepts the README's demo keys. With SIMULATOR=0 every process is the product as
# configured (credentials and agency addresses from the environment). Any process takes submissions and
# acks: they share the database. Stop with Ctrl-C (all processes are stopped).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?number of processes}
conn=${2:?PostgreSQL connection string}
first=${3:-5080}
simulator=${SIMULATOR:-1}

dotnet build src/StatuutHub.Demo -c Release -nologo -v quiet
bin=src/StatuutHub.Demo/bin/Release/net10.0
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' INT TERM EXIT

for i in $(seq 1 "$n"); do
  port=$((first + i - 1))
  args=(--urls="http://127.0.0.1:${port}" --Storage:Provider=postgres "--Storage:ConnectionString=${conn}")
  program=StatuutHub.Host.dll
  if [ "$simulator" = 1 ]; then
    if [ "$i" = 1 ]; then
      program=StatuutHub.Demo.dll
      args+=(--Simulator:FirstPort=5181)
    else
      args+=(--environment=Development --Security:DemoCredentials=true)
      j=0
      for k in rva mutualiteit ocmw dimona; do
        args+=("--Destinations:${k}:BaseUrl=http://127.0.0.1:$((5181 + j))/"); j=$((j + 1))
      done
    fi
  fi
  (cd "$bin" && exec dotnet "$program" "${args[@]}") &
  pids+=($!)
  echo "hub $i on http://127.0.0.1:${port} (pid $!, ${program})"
done
wait
