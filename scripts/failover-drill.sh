#!/usr/bin/env bash
# Failover drill (issue 18, docs/operations.md "Failover"): on this machine, a pg_auto_failover
# monitor, a primary and a hot standby (PostgreSQL 15, Debian's postgresql-15-auto-failover) on
# their own ports and data folders under a temporary folder, never the machine's own cluster.
# Peerbridge runs against their multi-host URL (target_session_attrs=read-write) under a bounded
# write load (bench/failover-drill.ts) while the primary fails over:
#   perform  `pg_autoctl perform failover` (a planned switch-over)
#   kill     the primary's keeper and postmaster killed with SIGKILL (the machine is lost); the
#            monitor promotes the standby once it finds the node unhealthy (~20-30 s)
#   both     (default) perform, then kill on the same formation
# Prints, per drill: acknowledged writes lost (goal 0), seconds of 503s, 5xx other than 503
# (goal 0). Cleans up everything it started. Takes 2-3 minutes; not part of CI.
#
#   sudo bash scripts/failover-drill.sh [perform|kill|both]
# Needs: apt-get install -y postgresql-15-auto-failover (run as root: the nodes run as `postgres`).
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-both}"
BASE_PORT="${DRILL_BASE_PORT:-56300}"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
MONITOR_PORT=$BASE_PORT NODE1_PORT=$((BASE_PORT + 1)) NODE2_PORT=$((BASE_PORT + 2))
command -v pg_autoctl >/dev/null || { echo "pg_autoctl not found: apt-get install -y postgresql-15-auto-failover" >&2; exit 2; }

DIR="$(mktemp -d /tmp/pb-failover-drill.XXXXXX)"
RUN_AS=""
if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; RUN_AS=postgres; fi
ENV="export PATH=$PGBIN:\$PATH XDG_CONFIG_HOME=$DIR/config XDG_DATA_HOME=$DIR/share XDG_RUNTIME_DIR=$DIR/run"
# Runs a command as the nodes' owner with pg_autoctl's own folders under $DIR.
as_pg() {
  if [ -n "$RUN_AS" ]; then su "$RUN_AS" -s /bin/bash -c "$ENV; $*"; else bash -c "$ENV; $*"; fi
}

cleanup() {
  set +e
  KIDS=""
  for pid in $(cat "$DIR"/*.keeper-pid 2>/dev/null); do KIDS="$KIDS $(pgrep -P "$pid")"; done
  for n in node1 node2 monitor; do
    [ -d "$DIR/$n" ] || continue
    as_pg "pg_autoctl stop --pgdata $DIR/$n --immediate" >/dev/null 2>&1
  done
  sleep 2
  for n in node1 node2 monitor; do
    # A keeper that is gone leaves its postmaster (or a killed one, nothing): stop it by its data folder.
    [ -f "$DIR/$n/postmaster.pid" ] && as_pg "pg_ctl -D $DIR/$n stop -m immediate" >/dev/null 2>&1
  done
  # Keepers (and subprocesses of a killed keeper) still running after the stops above, by id.
  for pid in $(cat "$DIR"/*.keeper-pid 2>/dev/null) $KIDS; do kill "$pid" 2>/dev/null; done
  rm -rf "$DIR"
}
trap cleanup EXIT

MONITOR_URL="postgres://autoctl_node@127.0.0.1:$MONITOR_PORT/pg_auto_failover?sslmode=disable"
start_keeper() { # name
  as_pg "mkdir -p $DIR/run; nohup pg_autoctl run --pgdata $DIR/$1 >$DIR/$1.log 2>&1 & echo \$! >$DIR/$1.keeper-pid"
}

echo "== starting a monitor (:$MONITOR_PORT), a primary (:$NODE1_PORT) and a standby (:$NODE2_PORT) in $DIR"
as_pg "pg_autoctl create monitor --pgdata $DIR/monitor --pgport $MONITOR_PORT --hostname 127.0.0.1 --auth trust --no-ssl" >"$DIR/create-monitor.log" 2>&1
start_keeper monitor
sleep 3
for n in 1 2; do
  port=$((BASE_PORT + n))
  as_pg "pg_autoctl create postgres --pgdata $DIR/node$n --pgport $port --hostname 127.0.0.1 --auth trust --no-ssl --dbname peerbridge --monitor '$MONITOR_URL'" >"$DIR/create-node$n.log" 2>&1
  start_keeper "node$n"
  # The first node becomes primary before the second joins as its standby.
  for _ in $(seq 1 90); do
    if as_pg "pg_autoctl show state --pgdata $DIR/monitor" | grep -Eq "127.0.0.1:$port .*\| +(single|secondary) \| +(single|secondary)"; then break; fi
    sleep 2
  done
done

state() { as_pg "pg_autoctl show state --pgdata $DIR/monitor"; }
wait_for_pair() { # until one primary and one secondary
  for _ in $(seq 1 120); do
    s="$(state)"
    if echo "$s" | grep -Eq '\| +primary \| +primary' && echo "$s" | grep -Eq '\| +secondary \| +secondary'; then return 0; fi
    sleep 2
  done
  echo "the formation did not settle:" >&2; state >&2; return 1
}
wait_for_pair
state

# The URL Peerbridge uses: every node, the writable one chosen at connect time.
URL="postgres://postgres@127.0.0.1:$NODE1_PORT,127.0.0.1:$NODE2_PORT/peerbridge?target_session_attrs=read-write"
echo "== DATABASE_URL=$URL"

primary_node() { state | awk -F'|' '$6 ~ /primary/ && $7 ~ /primary/ { gsub(/ /, "", $1); print $1 }' | head -1 | sed 's/node_/node/'; }

drill() { # label command seconds
  DRILL_LABEL="$1" DRILL_FAILOVER_CMD="$2" DRILL_SECONDS="$3" DRILL_DATABASE_URL="$URL" npx node bench/failover-drill.ts
}

if [ "$MODE" = perform ] || [ "$MODE" = both ]; then
  echo "== drill 1: pg_autoctl perform failover (primary: $(primary_node))"
  drill perform-failover "$(declare -f as_pg); ENV='$ENV'; RUN_AS='$RUN_AS'; as_pg 'pg_autoctl perform failover --pgdata $DIR/monitor' >$DIR/perform.log 2>&1 || cat $DIR/perform.log" 40
  state
fi

if [ "$MODE" = kill ] || [ "$MODE" = both ]; then
  wait_for_pair
  victim="$(primary_node)"
  echo "== drill 2: SIGKILL of the primary's keeper and postmaster ($victim)"
  # The keeper and its subprocesses (one of them restarts a dead postmaster), by their ids, then
  # the postmaster: nothing is left on that node to bring it back.
  kill_cmd="k=\$(cat $DIR/$victim.keeper-pid); kill -9 \$k \$(pgrep -P \$k); kill -9 \$(head -1 $DIR/$victim/postmaster.pid); echo killed the keeper and postmaster of $victim"
  drill kill-primary "$kill_cmd" 75
  state
fi
