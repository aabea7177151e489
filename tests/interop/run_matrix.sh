#!/usr/bin/env bash
# Runs every interop client against every interop server (python/node x python/node).
# Usage: tests/interop/run_matrix.sh [--case NAME]...   (extra arguments go to the clients)
# Exits 0 only if every client run passed. Requires /usr/bin/python3 with grpcio and
# `npm install` done in tests/interop/node.
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
declare -A servers=(
  [python]="/usr/bin/python3 $here/python/server.py --port 0"
  [node]="node $here/node/server.js --port 0"
)
declare -A clients=(
  [python]="/usr/bin/python3 $here/python/client.py"
  [node]="node $here/node/client.js"
)

overall=0
for server in python node; do
  # The server runs as a coprocess: its stdout gives the port, closing its stdin stops it.
  coproc SERVER { exec ${servers[$server]}; }
  server_pid=$SERVER_PID
  server_in=${SERVER[1]}
  if ! read -r -t 30 line <&"${SERVER[0]}" || [[ "$line" != LISTENING\ * ]]; then
    echo "server $server did not report LISTENING (got: ${line:-nothing})" >&2
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    overall=1
    continue
  fi
  port="${line#LISTENING }"

  for client in python node; do
    echo "== $client client -> $server server (127.0.0.1:$port)"
    if ! ${clients[$client]} --target "127.0.0.1:$port" "$@"; then
      overall=1
    fi
  done

  exec {server_in}>&-
  wait "$server_pid"
  status=$?
  if [[ $status -ne 0 ]]; then
    echo "server $server exited with status $status" >&2
    overall=1
  fi
done

if [[ $overall -eq 0 ]]; then
  echo "ALL PASSED"
else
  echo "SOME RUNS FAILED"
fi
exit $overall
