#!/usr/bin/env bash
# Trackline local stack from a fresh clone, in one command: a real Kafka broker (a plain Java process), the
# PostgreSQL databases, a mail inbox and SMS sink (dev-sinks) and the five services. See README.md beside this file.
#
#   trackline.sh [start] [--detach] [--rebuild] [--only order,tracking|none]
#   trackline.sh stop | status | reset | token <role> [user]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="$HERE/.work"          # everything generated: git-ignored
LOGS="$WORK/logs"
PIDS="$WORK/pids"
KAFKA_LIBS="$WORK/kafka-libs"
KAFKA_DATA="$WORK/kafka-data"

# PostgreSQL: the standard libpq variables, so psql and the services agree; trust auth by default.
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}"

SERVICES=(order tracking notification exception audit)
declare -A PORT=([order]=8081 [tracking]=8082 [notification]=8083 [exception]=8084 [audit]=8085)
# io.trackline.events.Topics; the broker auto-creates others with the same 12 partitions (num.partitions below)
TOPICS=(trackline.shipment.lifecycle trackline.communications trackline.dead-letter trackline.dead-letter.parked)
ROLES=(ops customer-service management ingest)
START_TIMEOUT="${TRACKLINE_START_TIMEOUT:-120}"
# JVM options of each service. Seven JVMs share this machine's cores: the C1 compiler alone costs far less CPU
# while they warm up, and with a small heap and capped code cache each service stays near 300 MB resident under
# load (docs/performance.md has the measurements). A production pod with cores of its own keeps the defaults.
DEFAULT_SERVICE_JAVA_OPTS="-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=48m"
DEFAULT_SERVICE_JAVA_OPTS+=" -XX:MaxMetaspaceSize=160m -Xss512k"
SERVICE_JAVA_OPTS="${TRACKLINE_SERVICE_JAVA_OPTS:-$DEFAULT_SERVICE_JAVA_OPTS}"
KAFKA_BOOTSTRAP=127.0.0.1:9092

say() { printf '%s\n' "$*"; }
die() { printf 'trackline: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is needed but not installed: $2"; }

usage() {
  cat <<EOF
Usage: deploy/local/trackline.sh [command] [options]
  start (default)    build what is missing, start Kafka, databases, dev-sinks and the services
      --detach       return once everything is ready and leave it running (default: stay, Ctrl-C stops all)
      --rebuild      run the Maven build even if the jars exist
      --only LIST    start only these services (comma-separated: order,tracking,notification,exception,audit;
                     'none' for Kafka, databases and dev-sinks only)
      --demo         once everything is ready, run the demo: three orders through every step of the procedure,
                     one with a weather exception that escalates (--pace SECONDS between steps, default 10);
                     also sends the feedback request 20 s after delivery instead of 2 h (docs/operations.md)
  stop               stop everything this script started
  demo [--pace S]    run the demo against the running stack (the feedback request comes 20 s after delivery
                     only if the stack was started with --demo)
  bench [OPTIONS]    run the load generator against the running stack (see docs/performance.md; --help)
  faults [WHICH] [--shipments N]
                     run the fault suite (docs/reliability.md) on a stack of its own (not this one): WHICH is
                     'all' (default), 'subset' (what CI runs) or names/numbers (kill-broker,7); builds the jars
                     first (mvn install -DskipTests); reports in system-tests/target/faults/
  status             show what runs
  token ROLE [USER]  print a signed JWT for the APIs (roles: ${ROLES[*]})
  reset              stop, delete the Kafka data and drop/recreate the databases
EOF
}

# ---------------------------------------------------------------- processes

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

alive() { kill -0 "$1" 2>/dev/null && [[ $(ps -o stat= -p "$1" 2>/dev/null) != Z* ]]; }

# Prints the recorded pid of component $1 if that process still runs and is ours (a pid can be reused once the
# process is gone, e.g. after a reboot); forgets stale pid files.
live_pid() {
  local file="$PIDS/$1.pid" pid
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  if [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" \
      && ps -o args= -p "$pid" 2>/dev/null | grep -qE -- "-Dtrackline\.local=$1( |$)"; then
    echo "$pid"
  else
    rm -f "$file"
    return 1
  fi
}

STARTED=()            # components this invocation started: stopped again if the start fails
# Starts a command in its own session, so a Ctrl-C in the terminal reaches only this script (whose trap then stops
# everything in order: services before the broker) and --detach leaves it running after the terminal closes.
# Runs in .work/ so that a developer's .env or config/ in the repo root does not leak into the packaged services.
launch() {
  local name=$1 log=$2
  shift 2
  mkdir -p "$LOGS" "$PIDS"
  [[ -f $log ]] && mv -f "$log" "$log.prev"
  (cd "$WORK" && exec setsid "$@" >"$log" 2>&1 </dev/null) &
  echo $! >"$PIDS/$name.pid"
  STARTED+=("$name")
}

# TERM to all of them at once, then wait (up to 30 s in all) for each, KILL what is left. Counts its naps rather
# than reading the clock, so a clock that jumps cannot cut a clean shutdown short.
term_and_wait() {
  local name pid naps=150
  local -A running=()
  for name in "$@"; do
    if pid=$(live_pid "$name"); then
      kill -TERM "$pid" 2>/dev/null || true
      running[$name]=$pid
    fi
  done
  for name in "$@"; do
    [[ -n ${running[$name]:-} ]] || continue
    pid=${running[$name]}
    while alive "$pid" && ((naps-- > 0)); do sleep 0.2; done
    if alive "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      say "  $(label "$name") (pid $pid) did not stop within 30 s: killed"
    else
      say "  stopped $(label "$name") (pid $pid)"
    fi
    rm -f "$PIDS/$name.pid"
  done
}

# Services first (they flush their Kafka producers and commit offsets on the way out), the broker last.
stop_names() {
  local name apps=() kafka=()
  for name in "$@"; do
    if [[ $name == kafka ]]; then kafka=(kafka); else apps+=("$name"); fi
  done
  ((${#apps[@]} == 0)) || term_and_wait "${apps[@]}"
  ((${#kafka[@]} == 0)) || term_and_wait kafka
}

stop_all() { stop_names "${SERVICES[@]}" dev-sinks kafka; }

label() { case $1 in kafka | dev-sinks) echo "$1" ;; *) echo "$1-service" ;; esac; }

# ---------------------------------------------------------------- checks and build

check_java() {
  need java "install a JDK 17 or newer (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless)"
  local major
  major=$(java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -1)
  [[ -n $major && $major -ge 17 ]] || die "Java 17 or newer is needed; 'java' is: $(java -version 2>&1 | head -1)"
}

need_maven() { need mvn "install Maven 3.8+ (Debian/Ubuntu: apt-get install maven)"; }

service_jar() { echo "$ROOT/$1-service/target/quarkus-app/quarkus-run.jar"; }

module_jar() {
  local jar
  for jar in "$ROOT/$1"/target/"$1"-*.jar; do
    [[ -f $jar && $jar != *-sources.jar && $jar != *-tests.jar && $jar != *-javadoc.jar ]] && { echo "$jar"; return 0; }
  done
  return 1
}
dev_sinks_jar() { module_jar dev-sinks; }
load_generator_jar() { module_jar load-generator; }

build_if_needed() {
  local missing=() name modules
  for name in "${SELECTED[@]}"; do
    [[ -f $ROOT/$name-service/pom.xml ]] \
      || die "$name-service/ is not in this checkout; start the others with --only (e.g. --only order)"
    [[ -f $(service_jar "$name") ]] || missing+=("$name-service")
  done
  dev_sinks_jar >/dev/null || missing+=(dev-sinks)
  load_generator_jar >/dev/null || missing+=(load-generator)
  ((REBUILD || ${#missing[@]})) || return 0
  need_maven
  local args=(-B -q -Dstyle.color=never -DskipTests install)
  if ((ONLY_GIVEN)); then
    # Only what was asked for (and the modules it needs): other services may be broken or in progress.
    modules=dev-sinks,load-generator
    for name in "${SELECTED[@]}"; do modules+=",$name-service"; done
    args+=(-pl "$modules" -am)
  fi
  if ((${#missing[@]})); then say "Building (missing: ${missing[*]}); the first build takes a few minutes..."; else say "Rebuilding (--rebuild)..."; fi
  (cd "$ROOT" && mvn "${args[@]}") || die "the Maven build failed (see above); fix it or use --only to start fewer services"
  for name in "${SELECTED[@]}"; do
    [[ -f $(service_jar "$name") ]] || die "the build did not produce $(service_jar "$name")"
  done
  dev_sinks_jar >/dev/null || die "the build did not produce dev-sinks/target/dev-sinks-*.jar (is dev-sinks a module of the root pom?)"
}

# ---------------------------------------------------------------- Kafka

fetch_kafka() {
  local stamp
  stamp=$(sha256sum "$HERE/kafka/pom.xml" | cut -d' ' -f1)
  [[ -f $KAFKA_LIBS/.fetched && $(<"$KAFKA_LIBS/.fetched") == "$stamp" ]] && return 0
  need_maven
  say "Kafka: fetching the broker jars from Maven Central (once, about 54 MB)..."
  rm -rf "$KAFKA_LIBS"
  mkdir -p "$LOGS"
  mvn -B -Dstyle.color=never -f "$HERE/kafka/pom.xml" package >"$LOGS/kafka-fetch.log" 2>&1 \
    || { tail -n 30 "$LOGS/kafka-fetch.log" >&2; die "could not fetch the Kafka jars (log above, all of it in $LOGS/kafka-fetch.log)"; }
  echo "$stamp" >"$KAFKA_LIBS/.fetched" # written last: an interrupted download is fetched again
}

# Kafka's command-line tools; a small heap and the C1 compiler only, since they run for a few seconds.
kafka_tool() {
  java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$HERE/kafka/log4j2-tools.xml" -cp "$KAFKA_LIBS/*" "$@"
}

write_kafka_config() {
  mkdir -p "$WORK/kafka"
  cat >"$WORK/kafka/server.properties" <<EOF
# Generated by trackline.sh on every start: edit the script, not this file.
# One node in combined mode (KRaft, no ZooKeeper), on the loopback interface only.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:9093
listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093
advertised.listeners=PLAINTEXT://127.0.0.1:9092
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DATA
num.partitions=12
# A single broker cannot replicate: every internal topic with one replica
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Consumers of a restarted service get their partitions at once instead of after 3 s
group.initial.rebalance.delay.ms=0
# Load tests fill the disk fast: keep at most a day, and at most 128 MB per partition
log.retention.hours=24
log.retention.bytes=134217728
log.segment.bytes=33554432
EOF
}

start_kafka() {
  local pid props="$WORK/kafka/server.properties" id deadline
  if pid=$(live_pid kafka); then say "Kafka: already running (pid $pid), reusing it"; return 0; fi
  if port_open 9092; then say "Kafka: something already listens on $KAFKA_BOOTSTRAP (not started by this script), reusing it"; return 0; fi
  port_open 9093 && die "port 9093 (the Kafka controller) is taken by another process; stop it first"
  write_kafka_config
  mkdir -p "$KAFKA_DATA" "$LOGS"
  # Formatting an already formatted folder fails: meta.properties says it was done.
  if [[ ! -f $KAFKA_DATA/meta.properties ]]; then
    say "Kafka: formatting $KAFKA_DATA (first start)"
    id=$(kafka_tool kafka.tools.StorageTool random-uuid)
    kafka_tool kafka.tools.StorageTool format --standalone -t "$id" -c "$props" >"$LOGS/kafka-format.log" 2>&1 \
      || { cat "$LOGS/kafka-format.log" >&2; die "formatting the Kafka storage failed"; }
  fi
  # The readiness check below looks for a line in kafka.log: it must not find the previous run's.
  [[ -f $LOGS/kafka.log ]] && mv -f "$LOGS/kafka.log" "$LOGS/kafka.log.prev"
  launch kafka "$LOGS/kafka-console.log" java -Dtrackline.local=kafka -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$HERE/kafka/log4j2.xml" -Dtrackline.kafka.log="$LOGS/kafka.log" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$props"
  say "Kafka: starting (pid $(<"$PIDS/kafka.pid")), log $LOGS/kafka.log"
  deadline=$((SECONDS + 60))
  until grep -qs 'Kafka Server started' "$LOGS/kafka.log" && port_open 9092; do
    if ! live_pid kafka >/dev/null; then
      tail -n 30 "$LOGS/kafka.log" "$LOGS/kafka-console.log" >&2 2>/dev/null || true
      die "the Kafka broker exited during start (logs above)"
    fi
    ((SECONDS < deadline)) || { tail -n 30 "$LOGS/kafka.log" >&2 || true; die "the Kafka broker was not ready after 60 s"; }
    sleep 0.5
  done
  say "Kafka: ready on $KAFKA_BOOTSTRAP"
}

create_topics() {
  local existing topic
  existing=$(kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --list) \
    || die "could not list the Kafka topics"
  for topic in "${TOPICS[@]}"; do
    grep -qxF -- "$topic" <<<"$existing" && continue
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --create --if-not-exists \
      --topic "$topic" --partitions 12 --replication-factor 1 >/dev/null || die "could not create topic $topic"
    say "Kafka: created topic $topic (12 partitions)"
  done
}

# ---------------------------------------------------------------- PostgreSQL

# One statement on the 'postgres' database, rows printed unaligned. psql if present, else the JDBC driver that a
# built service carries, through a single-file Java program.
sql() {
  if command -v psql >/dev/null 2>&1; then
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -Atc "$1"
  else
    local jar=""
    for jar in "$ROOT"/*-service/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar; do
      [[ -f $jar ]] && break
      jar=""
    done
    [[ -n $jar ]] \
      || die "neither psql nor a built service (for its PostgreSQL driver) was found: install psql (apt-get install postgresql-client)"
    java -cp "$jar" "$HERE/tools/Sql.java" "jdbc:postgresql://$PGHOST:$PGPORT/postgres" "$PGUSER" "$1"
  fi
}

check_postgres() {
  local err
  err=$(sql 'SELECT 1' 2>&1) || die "PostgreSQL is not reachable at $PGHOST:$PGPORT as user '$PGUSER':
  $err
Start PostgreSQL (e.g. 'pg_ctlcluster 15 main start' or 'service postgresql start'), or point PGHOST/PGPORT/PGUSER/
PGPASSWORD at one where '$PGUSER' may create databases."
}

ensure_databases() {
  local name db
  check_postgres
  for name in "${SERVICES[@]}"; do
    db=trackline_$name
    [[ $(sql "SELECT 1 FROM pg_database WHERE datname = '$db'") == 1 ]] && continue
    sql "CREATE DATABASE $db" >/dev/null
    say "PostgreSQL: created database $db"
  done
}

# ---------------------------------------------------------------- keys and secrets

# The services verify tokens with the public key; `token` signs with the private one. Made once per clone,
# never committed (.work/ is git-ignored). Messages go to stderr so `TOKEN=$(trackline.sh token ops)` stays clean.
ensure_secrets() {
  mkdir -p "$WORK"
  if [[ ! -f $WORK/jwt-private.pem ]]; then
    need openssl "install OpenSSL (apt-get install openssl)"
    (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/jwt-private.pem" 2>/dev/null)
    rm -f "$WORK/jwt-public.pem"
    say "Generated the JWT signing key pair in $WORK" >&2
  fi
  [[ -f $WORK/jwt-public.pem ]] || openssl pkey -in "$WORK/jwt-private.pem" -pubout -out "$WORK/jwt-public.pem"
  if [[ ! -s $WORK/link-secret ]]; then
    (umask 077 && openssl rand -hex 32 >"$WORK/link-secret")
    say "Generated the tracking-link secret in $WORK/link-secret" >&2
  fi
  LINK_SECRET=$(<"$WORK/link-secret")
}

# ---------------------------------------------------------------- dev-sinks and services

start_sinks() {
  local pid busy=() port
  if pid=$(live_pid dev-sinks); then say "dev-sinks: already running (pid $pid), reusing it"; return 0; fi
  for port in 3025 8025 8026; do port_open "$port" && busy+=("$port"); done
  if ((${#busy[@]} == 3)); then say "dev-sinks: ports 3025/8025/8026 already in use (not started by this script), reusing them"; return 0; fi
  ((${#busy[@]} == 0)) || die "port(s) ${busy[*]} taken by another process: dev-sinks needs 3025, 8025 and 8026"
  launch dev-sinks "$LOGS/dev-sinks.log" java -Dtrackline.local=dev-sinks -Xmx128m -XX:+UseSerialGC -jar "$(dev_sinks_jar)"
}

start_service() {
  local name=$1 port=${PORT[$1]} pid
  if pid=$(live_pid "$name"); then say "$name-service: already running (pid $pid), reusing it"; return 0; fi
  if port_open "$port"; then say "$name-service: port $port already in use (not started by this script), reusing it"; return 0; fi
  local env=(
    KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP"
    TRACKLINE_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/trackline_$name"
    TRACKLINE_DB_USER="$PGUSER"
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$WORK/jwt-public.pem"
    TRACKLINE_LINK_SECRET="$LINK_SECRET"
    TRACKLINE_PUBLIC_URL=http://localhost:8082
    QUARKUS_HTTP_PORT="$port"
    QUARKUS_HTTP_HOST=127.0.0.1 # a dev stack with well-known tokens: not reachable from the network
  )
  [[ -z ${PGPASSWORD:-} ]] || env+=(TRACKLINE_DB_PASSWORD="$PGPASSWORD")
  if [[ $name == notification ]]; then
    env+=(QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT=3025 QUARKUS_MAILER_START_TLS=DISABLED
      TRACKLINE_SMS_BASE_URL=http://127.0.0.1:8026 TRACKLINE_SMS_ACCOUNT_SID=AClocal TRACKLINE_SMS_AUTH_TOKEN=local
      TRACKLINE_SMS_FROM=+15005550006
      TRACKLINE_MANAGEMENT_EMAILS=management@trackline.local)
    # the demo shows the feedback request within its run instead of two hours after delivery
    ((DEMO)) && env+=(TRACKLINE_NOTIFICATION_FEEDBACK_REQUEST_DELAY=PT20S)
  fi
  # two malloc arenas instead of one per core and thread: less native memory for the same work
  launch "$name" "$LOGS/$name.log" env "${env[@]}" MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" \
    java -Dtrackline.local="$name" $SERVICE_JAVA_OPTS -jar "$(service_jar "$name")"
}

ready_url() {
  case $1 in
    dev-sinks) echo "http://127.0.0.1:8025/api/messages" ;;
    *) echo "http://127.0.0.1:${PORT[$1]}/q/health/ready" ;;
  esac
}

log_of() { echo "$LOGS/$1.log"; }

wait_ready() {
  local pending=("$@") still name deadline=$((SECONDS + START_TIMEOUT))
  say "Waiting for $(for n in "$@"; do printf '%s ' "$(label "$n")"; done)to be ready (up to ${START_TIMEOUT} s)..."
  while ((${#pending[@]})); do
    still=()
    for name in "${pending[@]}"; do
      if curl -fsS -o /dev/null --max-time 2 "$(ready_url "$name")" 2>/dev/null; then
        say "  $(label "$name") ready"
      elif [[ -f $PIDS/$name.pid ]] && ! live_pid "$name" >/dev/null; then
        say "---- last lines of $(log_of "$name")" >&2
        tail -n 40 "$(log_of "$name")" >&2 || true
        die "$(label "$name") exited during start (log above)"
      else
        still+=("$name")
      fi
    done
    pending=("${still[@]}")
    ((${#pending[@]})) || break
    if ((SECONDS >= deadline)); then
      for name in "${pending[@]}"; do
        say "---- last lines of $(log_of "$name") ($(ready_url "$name") does not answer 200)" >&2
        tail -n 40 "$(log_of "$name")" >&2 2>/dev/null || true
      done
      die "not ready after ${START_TIMEOUT} s: $(for n in "${pending[@]}"; do printf '%s ' "$(label "$n")"; done)"
    fi
    sleep 1
  done
}

print_summary() {
  local name
  say ""
  say "Trackline local stack is up:"
  for name in "${SELECTED[@]}"; do
    printf '  %-22s http://localhost:%s   API docs: http://localhost:%s/q/swagger-ui\n' \
      "$name-service" "${PORT[$name]}" "${PORT[$name]}"
  done
  printf '  %-22s http://localhost:8025   (SMTP server 127.0.0.1:3025)\n' "mail inbox"
  printf '  %-22s http://localhost:8026   (Twilio-like API)\n' "SMS sink"
  printf '  %-22s %s   (topics: %s)\n' "Kafka bootstrap" "$KAFKA_BOOTSTRAP" "${TOPICS[*]}"
  printf '  %-22s %s:%s, databases trackline_{%s}\n' "PostgreSQL" "$PGHOST" "$PGPORT" "$(IFS=,; echo "${SERVICES[*]}")"
  printf '  %-22s %s\n' "logs" "$LOGS"
  say ""
  say "Call the APIs with a token (roles: ${ROLES[*]}; valid 12 h):"
  say "  TOKEN=\$($0 token ops)"
  say "  curl -H \"Authorization: Bearer \$TOKEN\" http://localhost:8081/api/v1/orders/<id>"
}

cmd_start() {
  DETACH=0 REBUILD=0 ONLY_GIVEN=0 DEMO=0
  SELECTED=("${SERVICES[@]}")
  while (($#)); do
    case $1 in
      --detach) DETACH=1 ;;
      --rebuild) REBUILD=1 ;;
      --demo) DEMO=1 ;;
      --pace)
        (($# >= 2)) && [[ $2 =~ ^[0-9]+$ ]] || die "--pace needs a number of seconds"
        DEMO_PACE=$2; shift ;;
      --only | --only=*)
        local list
        if [[ $1 == --only=* ]]; then list=${1#--only=}; else
          (($# >= 2)) || die "--only needs a list, e.g. --only order,tracking"
          list=$2; shift
        fi
        ONLY_GIVEN=1 SELECTED=()
        local item items
        IFS=, read -ra items <<<"$list"
        for item in "${items[@]}"; do
          item=${item// /}
          item=${item%-service}
          [[ $item == none ]] && continue
          [[ -n ${PORT[$item]:-} ]] || die "unknown service '$item' (known: ${SERVICES[*]}, or none)"
          SELECTED+=("$item")
        done
        ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
  done

  check_java
  need curl "install curl (apt-get install curl)"
  build_if_needed
  fetch_kafka
  ensure_secrets 2>&1
  check_postgres # before starting anything: a clear message instead of five failing services
  start_kafka
  create_topics
  ensure_databases
  start_sinks
  local name
  for name in "${SELECTED[@]}"; do start_service "$name"; done
  wait_ready dev-sinks "${SELECTED[@]}"
  START_DONE=1
  print_summary
  if ((DEMO)); then
    ((ONLY_GIVEN)) && die "the demo needs all five services (drop --only)"
    say ""
    run_demo
  fi
  if ((DETACH)); then
    say ""
    say "Running in the background; stop with: $0 stop"
    return 0
  fi
  say ""
  say "Running. Ctrl-C stops everything."
  FOREGROUND=1
  local -A reported=()
  while true; do
    for name in kafka dev-sinks "${SELECTED[@]}"; do
      # a reused process (no pid file) is not watched; one that we watch and that died is reported once
      if [[ -z ${reported[$name]:-} && -f $PIDS/$name.pid ]] && ! live_pid "$name" >/dev/null; then
        say "$(label "$name") has exited; see $(log_of "$name")" >&2
        reported[$name]=1
      fi
    done
    sleep 5 &
    wait $! || true
  done
}

cmd_stop() {
  local any=0 name
  for name in "${SERVICES[@]}" dev-sinks kafka; do live_pid "$name" >/dev/null && any=1; done
  if ((any)); then
    say "Stopping the Trackline local stack..."
    stop_all
  else
    say "Nothing to stop (nothing started by this script runs)."
  fi
}

cmd_status() {
  local name pid port state all=0
  for name in kafka dev-sinks "${SERVICES[@]}"; do
    case $name in kafka) port=9092 ;; dev-sinks) port=8025 ;; *) port=${PORT[$name]} ;; esac
    if pid=$(live_pid "$name"); then
      state="running (pid $pid)"
    elif port_open "$port"; then
      state="port $port in use, not started by this script"
    else
      state="stopped"
      all=3
    fi
    if [[ $state != stopped && $name != kafka ]]; then
      if curl -fsS -o /dev/null --max-time 2 "$(ready_url "$name")" 2>/dev/null; then state+=", ready"; else state+=", NOT ready"; fi
    fi
    printf '  %-22s %s\n' "$(label "$name")" "$state"
  done
  return $all
}

cmd_token() {
  local role=${1:-} user now header claims unsigned sig r ok=0
  [[ -n $role ]] || die "usage: $0 token <role> [user]   (roles: ${ROLES[*]})"
  for r in "${ROLES[@]}"; do [[ $r == "$role" ]] && ok=1; done
  ((ok)) || die "unknown role '$role' (roles: ${ROLES[*]})"
  user=${2:-dev-$role}
  # The user goes into JSON unescaped: keep it to characters that need no escaping.
  [[ $user =~ ^[A-Za-z0-9._@+-]+$ ]] || die "the user name may only contain letters, digits and . _ @ + -"
  need openssl "install OpenSSL (apt-get install openssl)"
  ensure_secrets
  now=$(date +%s)
  header=$(printf '%s' '{"alg":"RS256","typ":"JWT"}' | b64url)
  claims=$(printf '{"iss":"https://trackline.io","upn":"%s","sub":"%s","groups":["%s"],"iat":%d,"exp":%d}' \
    "$user" "$user" "$role" "$now" "$((now + 12 * 3600))" | b64url)
  unsigned="$header.$claims"
  sig=$(printf '%s' "$unsigned" | openssl dgst -sha256 -sign "$WORK/jwt-private.pem" -binary | b64url)
  printf '%s.%s\n' "$unsigned" "$sig"
}

run_demo() {
  local jar
  jar=$(load_generator_jar) || die "load-generator/target has no jar: run with --rebuild"
  TRACKLINE_INGEST_TOKEN=$(cmd_token ingest demo-webshop) TRACKLINE_OPS_TOKEN=$(cmd_token ops demo-ops) \
    java -Xmx128m -XX:+UseSerialGC -Djava.awt.headless=true -cp "$jar" io.trackline.loadgen.Demo "$KAFKA_BOOTSTRAP" "${DEMO_PACE:-10}" \
    || die "the demo failed (see above)"
}

cmd_demo() {
  while (($#)); do
    case $1 in
      --pace) (($# >= 2)) && [[ $2 =~ ^[0-9]+$ ]] || die "--pace needs a number of seconds"; DEMO_PACE=$2; shift ;;
      *) die "unknown option '$1' (demo [--pace SECONDS])" ;;
    esac
    shift
  done
  port_open 9092 && port_open 8081 && port_open 8082 || die "the stack is not running: start it first ($0 --detach)"
  load_generator_jar >/dev/null || { need_maven; (cd "$ROOT" && mvn -B -q -DskipTests install -pl load-generator -am) \
    || die "building the load generator failed"; }
  run_demo
}

cmd_bench() {
  local jar
  port_open 9092 && port_open 8082 || die "the stack is not running: start it first ($0 --detach)"
  load_generator_jar >/dev/null || { need_maven; (cd "$ROOT" && mvn -B -q -DskipTests install -pl load-generator -am) \
    || die "building the load generator failed"; }
  jar=$(load_generator_jar)
  TRACKLINE_TOKEN=$(cmd_token ops load-generator) java -Xmx1g -XX:+UseParallelGC -jar "$jar" "$@"
}

cmd_faults() {
  local which=all shipments=""
  while (($#)); do
    case $1 in
      --shipments) shipments="-Dtrackline.faults.shipments=${2:?--shipments needs a number}"; shift 2 ;;
      -*) die "faults: unknown option $1" ;;
      *) which=$1; shift ;;
    esac
  done
  need_maven
  (cd "$ROOT" && mvn -B -q install -DskipTests) || die "building the services failed"
  (cd "$ROOT" && mvn -B verify -pl system-tests -Dit.test=FaultsIT "-Dtrackline.faults=$which" $shipments)
  say "Reports: $ROOT/system-tests/target/faults/ (summary.md and one JSON file per fault)"
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

cmd_reset() {
  local name db
  cmd_stop
  rm -rf "$KAFKA_DATA"
  say "Deleted the Kafka data ($KAFKA_DATA)"
  check_postgres
  for name in "${SERVICES[@]}"; do
    db=trackline_$name
    # FORCE: a developer's own `quarkus:dev` may still hold connections; this is a dev tool and asks nothing.
    sql "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
    sql "CREATE DATABASE $db" >/dev/null
    say "PostgreSQL: recreated database $db"
  done
  say "Reset done; the JWT keys and link secret are kept (tokens stay valid)."
}

# ---------------------------------------------------------------- main

START_DONE=0 FOREGROUND=0
on_exit() {
  if ((FOREGROUND)); then
    say ""
    say "Stopping the Trackline local stack..."
    stop_all
  elif ((!START_DONE && ${#STARTED[@]})); then
    say "Start failed or interrupted: stopping what this run started (logs stay in $LOGS)" >&2
    stop_names "${STARTED[@]}"
  fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM

command=start
if (($#)) && [[ $1 != -* ]]; then command=$1; shift; fi
case $command in
  start) cmd_start "$@" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  token) cmd_token "$@" ;;
  demo) cmd_demo "$@" ;;
  bench) cmd_bench "$@" ;;
  faults) cmd_faults "$@" ;;
  reset) cmd_reset ;;
  help) usage ;;
  *) usage >&2; exit 2 ;;
esac
