#!/usr/bin/env bash
# Runs N hub processes against one PostgreSQL database (the scale-out engine).
#   bash ops/scale-out.sh N 'Host=127.0.0.1;Port=5432;Database=statuut;Username=statuut;Password=…' [first-port=5080]
# Demo (default): one process runs the five simulated agencies (ports 5181-5185) and posts their decisions to
# whichever hub answers; the N hubs are the demo launcher in Development with the demo credentials, each sending to
# those agencies with the credentials they demand. Every hub accepts the README's demo keys, and decisions reach the
# database as long as one hub is up. With SIMULATOR=0 every process is the product as configured (credentials and
# agency addresses from the environment). Any process takes submissions and acks: they share the database.
# Stop with Ctrl-C (all processes are stopped).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?number of processes}
conn=${2:?PostgreSQL connection string}
first=${3:-5080}
simulator=${SIMULATOR:-1}
agencies=5181

dotnet build src/StatuutHub.Demo -c Release -nologo -v quiet
bin=src/StatuutHub.Demo/bin/Release/net10.0
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' INT TERM EXIT

if [ "$simulator" = 1 ]; then
  hubs=()
  for i in $(seq 1 "$n"); do hubs+=("--Simulator:HubUrls:$((i - 1))=http://127.0.0.1:$((first + i - 1))/"); done
  (cd "$bin" && exec dotnet StatuutHub.Demo.dll --Simulator:Mode=only --Simulator:FirstPort=$agencies "${hubs[@]}") &
  pids+=($!)
  echo "simulated agencies on ports ${agencies}-$((agencies + 4)) (pid $!)"
fi

for i in $(seq 1 "$n"); do
  port=$((first + i - 1))
  args=(--urls="http://127.0.0.1:${port}" --Storage:Provider=postgres "--Storage:ConnectionString=${conn}")
  program=StatuutHub.Host.dll
  if [ "$simulator" = 1 ]; then
    program=StatuutHub.Demo.dll
    args+=(--Simulator:Mode=external --Simulator:FirstPort=$agencies)
  fi
  (cd "$bin" && exec dotnet "$program" "${args[@]}") &
  pids+=($!)
  echo "hub $i on http://127.0.0.1:${port} (pid $!, ${program})"
done
wait
