#!/usr/bin/env bash
# Runs N hub processes against one PostgreSQL database (the scale-out engine).
#   bash ops/scale-out.sh N 'Host=127.0.0.1;Port=5432;Database=statuut;Username=statuut;Password=…' [first-port=5080]
# Process 1 also runs the simulated agencies (ports 5181-5184) unless SIMULATOR=0; the others send to
# the same agencies. Any process takes submissions and acks: they share the database.
# Stop with Ctrl-C (all processes are stopped).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?number of processes}
conn=${2:?PostgreSQL connection string}
first=${3:-5080}
simulator=${SIMULATOR:-1}

dotnet build src/StatuutHub.Host -c Release -nologo -v quiet
dll=src/StatuutHub.Host/bin/Release/net10.0/StatuutHub.Host.dll
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' INT TERM EXIT

for i in $(seq 1 "$n"); do
  port=$((first + i - 1))
  args=(--urls="http://127.0.0.1:${port}" --Storage:Provider=postgres "--Storage:ConnectionString=${conn}")
  if [ "$simulator" = 1 ]; then
    if [ "$i" = 1 ]; then
      args+=(--Simulator:Enabled=true --Simulator:FirstPort=5181)
    else
      args+=(--Simulator:Enabled=false)
      j=0
      for k in rva mutualiteit ocmw dimona; do
        args+=("--Destinations:${k}:BaseUrl=http://127.0.0.1:$((5181 + j))/"); j=$((j + 1))
      done
    fi
  else
    args+=(--Simulator:Enabled=false)
  fi
  (cd "$(dirname "$dll")" && exec dotnet StatuutHub.Host.dll "${args[@]}") &
  pids+=($!)
  echo "hub $i on http://127.0.0.1:${port} (pid $!)"
done
wait
