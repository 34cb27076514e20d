#!/bin/sh
# The Slipway bootstrap agent: runs once on a new machine (from cloud-init
# runcmd) and turns the single-use token in its user data into a kubelet
# identity and a joined node. POSIX sh; needs only curl and openssl.
#
# It dials out to the node-authorization service, trusting that service only
# after checking the CA it serves against the public-key hash pinned in the
# user data (as kubeadm's discovery-token-ca-cert-hash does), and then that one
# certificate only. The private key is generated here and never leaves the
# machine. Three calls on the way through: the CA, the join (which also says
# the user data arrived), and one report of every later phase; a failure
# reports its phase, exit code and the last 50 lines of the log.
# Safe to run again after a reboot: finished phases are remembered on disk.
#
# Every absolute path is prefixed with ${SLIPWAY_ROOT}, which is empty on a
# real machine and a sandbox directory in the machine simulator.

set -u
umask 077

root="${SLIPWAY_ROOT:-}"
config_dir="$root/etc/slipway"
state_dir="$root/var/lib/slipway"
log_file="$root/var/log/slipway-agent.log"
pki_dir="$root/etc/kubernetes/pki"
sentinel="$root/run/cluster-api/bootstrap-success.complete"
token_file="$config_dir/bootstrap-token"

mkdir -p "$state_dir/phases" "$pki_dir/etcd" "$(dirname "$log_file")" "$(dirname "$sentinel")"

log() {
  printf '%s slipway-agent: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >> "$log_file"
  printf 'slipway-agent: %s\n' "$*" >&2
}

if [ -f "$sentinel" ]; then
  log "bootstrap already complete; nothing to do"
  exit 0
fi

if [ ! -r "$config_dir/bootstrap.env" ]; then
  log "missing $config_dir/bootstrap.env: the user data did not come through"
  exit 2
fi
# Written by the management side: SLIPWAY_SERVICE_URL, SLIPWAY_CA_HASH,
# SLIPWAY_MACHINE_UID, SLIPWAY_NODE_NAME, SLIPWAY_ROLE. None is secret.
. "$config_dir/bootstrap.env"

# Transient failures (no answer, 429, 5xx) are retried while the token can
# still be good: up to SLIPWAY_AGENT_RETRY_SECONDS (default an hour: the
# token lives 15 minutes and the manager refreshes it while the Machine
# provisions), or SLIPWAY_AGENT_ATTEMPTS calls when that is set (0: no cap).
attempts="${SLIPWAY_AGENT_ATTEMPTS:-0}"
retry_seconds="${SLIPWAY_AGENT_RETRY_SECONDS:-3600}"
backoff_start="${SLIPWAY_AGENT_BACKOFF_SECONDS:-2}"
backoff_limit=60
retry_after_limit=300
started_at=$(date +%s)
service_ca="$state_dir/service-ca.crt"
# curl must trust the pinned CA and nothing else: --cacert alone still adds
# the system store's directory (/etc/ssl/certs on Debian), so --capath points
# at this empty directory instead. -q: no ~/.curlrc can add options.
empty_capath="$state_dir/empty-capath"
auth_header="$state_dir/authorization-header"
report_credential_file="$state_dir/report-credential"
pending_reports="$state_dir/pending-reports"
client_key="$pki_dir/kubelet-client.key"
client_certificate="$pki_dir/kubelet-client.crt"
# The cluster CA as the service sent it. Not /etc/kubernetes/pki/ca.crt: on a
# worker, kubeadm join's preflight (FileAvailable--etc-kubernetes-pki-ca.crt)
# refuses to run when that file exists, and writes it itself from discovery.
cluster_ca="$state_dir/cluster-ca.crt"
mkdir -p "$empty_capath"
rm -f "$empty_capath"/* 2>/dev/null

timestamp() {
  date -u +%Y-%m-%dT%H:%M:%SZ
}

phase_done() {
  [ -f "$state_dir/phases/$1" ]
}

mark_done() {
  timestamp > "$state_dir/phases/$1"
}

public_key_hash() {
  # sha256 over the DER SubjectPublicKeyInfo of the certificate in $1.
  hash_value=$(openssl x509 -in "$1" -noout -pubkey 2>/dev/null | openssl pkey -pubin -outform der 2>/dev/null | openssl dgst -sha256 2>/dev/null | sed 's/^.*= *//')
  [ -n "$hash_value" ] && printf 'sha256:%s\n' "$hash_value"
}

random_below() {
  # A random integer in [0, $1) from the kernel (dash has no $RANDOM).
  if [ "$1" -le 0 ]; then echo 0; return; fi
  random_value=$(od -An -N4 -tu4 /dev/urandom 2>/dev/null | tr -d ' ')
  echo $(( ${random_value:-0} % $1 ))
}

sleep_milliseconds() {
  sleep "$(($1 / 1000)).$(printf '%03d' $(($1 % 1000)))"
}

# wait_before_retry ATTEMPT HEADERS_FILE: the longer of the doubling backoff
# and the service's Retry-After (capped: before the pin is checked anyone may
# answer), plus a random share of it, so a fleet behind one NAT address that
# was turned away together does not come back together.
wait_before_retry() {
  wait_seconds=$backoff_start
  wait_count=1
  while [ "$wait_count" -lt "$1" ] && [ "$wait_seconds" -lt "$backoff_limit" ]; do
    wait_seconds=$((wait_seconds * 2))
    wait_count=$((wait_count + 1))
  done
  [ "$wait_seconds" -gt "$backoff_limit" ] && wait_seconds=$backoff_limit
  retry_after=$(sed -n 's/^[Rr][Ee][Tt][Rr][Yy]-[Aa][Ff][Tt][Ee][Rr]:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$2" 2>/dev/null | head -n 1)
  if [ -n "$retry_after" ]; then
    [ "$retry_after" -gt "$retry_after_limit" ] && retry_after=$retry_after_limit
    [ "$retry_after" -gt "$wait_seconds" ] && wait_seconds=$retry_after
  fi
  wait_milliseconds=$((wait_seconds * 1000))
  sleep_milliseconds $((wait_milliseconds + $(random_below $((wait_milliseconds + 1)))))
}

# out_of_time ATTEMPT: whether to stop retrying transient failures.
out_of_time() {
  if [ "$attempts" -gt 0 ] && [ "$1" -ge "$attempts" ]; then return 0; fi
  [ $(($(date +%s) - started_at)) -ge "$retry_seconds" ]
}

# call_service OUTPUT PATH curl-arguments...: one call to the (pinned)
# service, retried while transient. Sets call_status to the HTTP status
# (000: no answer). Returns 0 on 2xx, 1 on a refusal retrying cannot change,
# 2 when out of time.
call_service() {
  call_output=$1
  call_path=$2
  shift 2
  call_attempt=1
  while :; do
    call_status=$(curl -q -sS --proto =https --max-time 30 --max-filesize 1048576 \
      --cacert "$service_ca" --capath "$empty_capath" "$@" \
      -D "$state_dir/response-headers" -o "$call_output" -w '%{http_code}' "$SLIPWAY_SERVICE_URL$call_path" 2>>"$log_file")
    case "$call_status" in
      2??) return 0 ;;
      400|401|403|404|413|415) return 1 ;;
    esac
    if out_of_time "$call_attempt"; then return 2; fi
    log "$call_path answered HTTP ${call_status:-none} (attempt $call_attempt); retrying"
    wait_before_retry "$call_attempt" "$state_dir/response-headers"
    call_attempt=$((call_attempt + 1))
  done
}

redacted_tail() {
  # The last 50 log lines, with anything shaped like a token, a credential or a key removed.
  tail -n 50 "$log_file" | sed -E -e 's/[a-z0-9]{6}\.[a-z0-9]{16}/<redacted-token>/g' -e 's/report\.[A-Za-z0-9_-]{43}/<redacted-credential>/g' -e 's/(BEGIN|END) [A-Z ]*PRIVATE KEY/<redacted-key>/g' > "$state_dir/log-tail"
}

# report_later PHASE: remember a phase reached; flush_reports sends them all in one call.
report_later() {
  printf '%s succeeded %s\n' "$1" "$(timestamp)" >> "$pending_reports"
}

# flush_reports [EXIT_CODE]: one call with every pending phase (the last one
# may be a failure, with the exit code and the redacted log tail). After the
# join it authenticates with the report credential issued with the
# certificate; before, with the token, which may report no further than that.
flush_reports() {
  [ -s "$pending_reports" ] || return 0
  if [ -s "$report_credential_file" ]; then
    printf 'Authorization: Bearer %s\n' "$(cat "$report_credential_file")" > "$state_dir/report-authorization"
  else
    cp "$auth_header" "$state_dir/report-authorization"
  fi
  : > "$state_dir/log-tail"
  grep -q ' failed ' "$pending_reports" && redacted_tail
  set -- --data-urlencode "machine-uid=$SLIPWAY_MACHINE_UID" --data-urlencode "exit-code=${1:-0}" --data-urlencode "log-tail@$state_dir/log-tail"
  while read -r pending_line; do
    set -- "$@" --data-urlencode "report=$pending_line"
  done < "$pending_reports"
  call_service "$state_dir/report-response" /v1/report -H "@$state_dir/report-authorization" "$@"
  flush_result=$?
  rm -f "$state_dir/report-authorization"
  if [ "$flush_result" -eq 0 ]; then
    log "reported $(awk '{print $1 " " $2}' "$pending_reports" | tr '\n' ',' | sed 's/,$//')"
    : > "$pending_reports"
    return 0
  fi
  log "report refused or not delivered (HTTP ${call_status:-none}): $(head -c 300 "$state_dir/report-response" 2>/dev/null)"
  return 1
}

# fail PHASE EXIT_CODE MESSAGE: report the failure with what is pending, then stop.
fail() {
  log "phase $1 failed (exit $2): $3"
  printf '%s failed %s\n' "$1" "$(timestamp)" >> "$pending_reports"
  flush_reports "$2" || log "could not report the failure of $1"
  # A run after a reboot reports its own outcome; this failure is not pending any more.
  grep -v ' failed ' "$pending_reports" > "$pending_reports.tmp" 2>/dev/null
  mv "$pending_reports.tmp" "$pending_reports"
  exit "$2"
}

# --- Trust: fetch the service CA without trust, then pin it by hash. --------
fetch_service_ca() {
  if [ -s "$service_ca" ] && [ "$(public_key_hash "$service_ca")" = "$SLIPWAY_CA_HASH" ]; then
    return 0
  fi
  fetch_attempt=1
  while :; do
    # Untrusted on purpose: what arrives is checked against the pin before any
    # use, so it is fetched in plain HTTP (the service answers /v1/ca on the same
    # port without TLS, saving itself a handshake), and with https -k when
    # nothing answers that way (a TLS-only proxy in front of the service).
    # Any answer but 200 (429, 5xx, a proxy's page) is "not reached yet", never a pin failure.
    fetch_status=$(curl -q -sS --proto =http --max-time 20 --max-filesize 65536 -D "$state_dir/ca-headers" \
      -o "$service_ca.untrusted" -w '%{http_code}' "http://${SLIPWAY_SERVICE_URL#https://}/v1/ca" 2>>"$log_file")
    if [ "$fetch_status" = 000 ]; then
      fetch_status=$(curl -q -ksS --proto =https --max-time 20 --max-filesize 65536 -D "$state_dir/ca-headers" \
        -o "$service_ca.untrusted" -w '%{http_code}' "$SLIPWAY_SERVICE_URL/v1/ca" 2>>"$log_file")
    fi
    if [ "$fetch_status" = 200 ]; then
      # Exactly one certificate, and trust only what the pin covers: a man in
      # the middle appending his own CA to the real one must not get it
      # trusted. openssl re-encodes the one certificate, so nothing else in
      # the answer reaches the trust file.
      certificate_count=$(grep -c -- '-----BEGIN' "$service_ca.untrusted" 2>/dev/null)
      fetched_hash=$(public_key_hash "$service_ca.untrusted")
      if [ "${certificate_count:-0}" -eq 1 ] && [ "$fetched_hash" = "$SLIPWAY_CA_HASH" ] &&
        openssl x509 -in "$service_ca.untrusted" -out "$service_ca.pinned" 2>>"$log_file"; then
        mv "$service_ca.pinned" "$service_ca"
        rm -f "$service_ca.untrusted"
        log "service CA matches the pinned hash"
        return 0
      fi
      rm -f "$service_ca.untrusted" "$service_ca.pinned"
      # No report: a service that fails the pin must not be told anything.
      if [ "${certificate_count:-0}" -ne 1 ]; then
        log "REFUSING the node-authorization service: its CA answer holds ${certificate_count:-no} certificates, not exactly the pinned one"
      else
        log "REFUSING the node-authorization service: its CA hash ${fetched_hash:-unreadable} is not the pinned $SLIPWAY_CA_HASH"
      fi
      exit 3
    fi
    if out_of_time "$fetch_attempt"; then
      log "gave up reaching the node-authorization service"
      exit 4
    fi
    log "cannot reach $SLIPWAY_SERVICE_URL (HTTP ${fetch_status:-none}, attempt $fetch_attempt)"
    wait_before_retry "$fetch_attempt" "$state_dir/ca-headers"
    fetch_attempt=$((fetch_attempt + 1))
  done
}

fetch_service_ca

if [ -r "$token_file" ]; then
  printf 'Authorization: Bearer %s\n' "$(cat "$token_file")" > "$auth_header"
else
  : > "$auth_header"
fi

# The join tells the service the user data arrived; this keeps the time it did.
if ! phase_done UserDataReceived; then
  mark_done UserDataReceived
  : > "$pending_reports"
fi
received_at=$(cat "$state_dir/phases/UserDataReceived")

# --- Identity: own key pair, CSR, certificate from the service. ------------
write_file_from_base64() {
  # $1 = destination, $2 = base64 content, $3 = mode
  mkdir -p "$(dirname "$1")"
  printf '%s' "$2" | openssl base64 -d -A > "$1.tmp" && chmod "$3" "$1.tmp" && mv "$1.tmp" "$1"
}

# remember_value NAME VALUE: keeps one scalar from the answer for later
# sourcing, only if it is made of the characters such a value may contain, so
# nothing the service sends is ever run as shell.
remember_value() {
  case "$2" in
    ''|*[!A-Za-z0-9.:_\[\]-]*) log "ignoring a malformed $1 in the join answer"; return 1 ;;
  esac
  printf '%s=%s\n' "$1" "$2" >> "$state_dir/join.env.tmp"
}

apply_join_answer() {
  while read -r answer_name answer_value; do
    case "$answer_name" in
      node-name) remember_value joined_node_name "$(printf '%s' "$answer_value" | openssl base64 -d -A)" ;;
      role) remember_value joined_role "$(printf '%s' "$answer_value" | openssl base64 -d -A)" ;;
      api-server) remember_value joined_api_server "$(printf '%s' "$answer_value" | openssl base64 -d -A)" ;;
      kubelet-client.crt) write_file_from_base64 "$client_certificate" "$answer_value" 0644 ;;
      ca.crt) write_file_from_base64 "$cluster_ca" "$answer_value" 0644 ;;
      report-credential) write_file_from_base64 "$report_credential_file" "$answer_value" 0600 ;;
      pki/ca.crt) write_file_from_base64 "$pki_dir/ca.crt" "$answer_value" 0644 ;;
      pki/ca.key) write_file_from_base64 "$pki_dir/ca.key" "$answer_value" 0600 ;;
      pki/etcd-ca.crt) write_file_from_base64 "$pki_dir/etcd/ca.crt" "$answer_value" 0644 ;;
      pki/etcd-ca.key) write_file_from_base64 "$pki_dir/etcd/ca.key" "$answer_value" 0600 ;;
      pki/front-proxy-ca.crt) write_file_from_base64 "$pki_dir/front-proxy-ca.crt" "$answer_value" 0644 ;;
      pki/front-proxy-ca.key) write_file_from_base64 "$pki_dir/front-proxy-ca.key" "$answer_value" 0600 ;;
      pki/sa.key) write_file_from_base64 "$pki_dir/sa.key" "$answer_value" 0600 ;;
      pki/sa.pub) write_file_from_base64 "$pki_dir/sa.pub" "$answer_value" 0644 ;;
      addons.yaml) write_file_from_base64 "$config_dir/addons.yaml" "$answer_value" 0600 ;;
      *) ;;
    esac
  done < "$state_dir/join-response"
}

write_kubeconfig() {
  # $1 = path, $2 = API server host:port; the kubelet identity just obtained.
  {
    printf 'apiVersion: v1\nkind: Config\nclusters:\n- name: kubernetes\n  cluster:\n'
    printf '    server: https://%s\n' "$2"
    printf '    certificate-authority-data: %s\n' "$(openssl base64 -A -in "$cluster_ca")"
    printf 'users:\n- name: system:node:%s\n  user:\n' "$SLIPWAY_NODE_NAME"
    printf '    client-certificate-data: %s\n' "$(openssl base64 -A -in "$client_certificate")"
    printf '    client-key-data: %s\n' "$(openssl base64 -A -in "$client_key")"
    printf 'contexts:\n- name: default\n  context:\n    cluster: kubernetes\n    user: system:node:%s\n' "$SLIPWAY_NODE_NAME"
    printf 'current-context: default\n'
  } > "$1.tmp" && chmod 0600 "$1.tmp" && mv "$1.tmp" "$1"
}

obtain_certificate() {
  if [ ! -s "$client_key" ]; then
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$client_key.tmp" 2>>"$log_file" &&
      mv "$client_key.tmp" "$client_key" || fail CertificatesObtained 5 "cannot generate the node key"
  fi
  openssl req -new -key "$client_key" -subj "/O=system:nodes/CN=system:node:$SLIPWAY_NODE_NAME" \
    -out "$state_dir/kubelet-client.csr" 2>>"$log_file" || fail CertificatesObtained 5 "cannot create the CSR"
  # Until the join succeeds, a failure is reported with the token: the arrival, then the failure.
  printf 'UserDataReceived succeeded %s\n' "$received_at" > "$pending_reports"
  call_service "$state_dir/join-response" /v1/join -H "@$auth_header" \
    --data-urlencode "csr@$state_dir/kubelet-client.csr" --data-urlencode "received-at=$received_at"
  case $? in
    1)
      # Refused for a reason retrying cannot change; the service recorded why on the Machine.
      log "join refused ($call_status): $(head -c 300 "$state_dir/join-response")"
      rm -f "$state_dir/join-response"
      exit 6 ;;
    2) fail CertificatesObtained 7 "join did not succeed in time (last HTTP ${call_status:-none})" ;;
  esac
  # The service recorded UserDataReceived and CertificatesObtained with the join.
  : > "$pending_reports"
  : > "$state_dir/join.env.tmp"
  apply_join_answer
  mv "$state_dir/join.env.tmp" "$state_dir/join.env"
  rm -f "$state_dir/join-response"
  openssl verify -CAfile "$cluster_ca" "$client_certificate" >>"$log_file" 2>&1 ||
    fail CertificatesObtained 8 "the issued certificate does not verify against the cluster CA"
  certificate_key=$(openssl x509 -in "$client_certificate" -noout -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256)
  own_key=$(openssl pkey -in "$client_key" -pubout -outform der | openssl dgst -sha256)
  [ "$certificate_key" = "$own_key" ] || fail CertificatesObtained 8 "the issued certificate is not for this machine's key"
  mark_done CertificatesObtained
  log "kubelet client certificate obtained"
}

if ! phase_done CertificatesObtained; then
  obtain_certificate
fi
. "$state_dir/join.env"

if [ "${joined_role:-}" != "$SLIPWAY_ROLE" ]; then
  fail KubeadmCompleted 9 "the service assigned role ${joined_role:-none} but the user data was rendered for $SLIPWAY_ROLE"
fi
if [ -n "${joined_api_server:-}" ]; then
  write_kubeconfig "$root/etc/kubernetes/discovery.conf" "$joined_api_server"
fi

# --- kubeadm. ------------------------------------------------------------------
if ! phase_done KubeadmCompleted; then
  if [ "$SLIPWAY_ROLE" = init ]; then
    log "running kubeadm init"
    kubeadm init --config "$config_dir/kubeadm.yaml" --skip-token-print >>"$log_file" 2>&1
  else
    log "running kubeadm join ($SLIPWAY_ROLE)"
    kubeadm join --config "$config_dir/kubeadm.yaml" >>"$log_file" 2>&1
  fi
  kubeadm_exit=$?
  [ "$kubeadm_exit" -eq 0 ] || fail KubeadmCompleted "$kubeadm_exit" "kubeadm exited with $kubeadm_exit"
  mark_done KubeadmCompleted
  report_later KubeadmCompleted
fi

# --- Addons, on the machine that ran kubeadm init. ---------------------------
if [ "$SLIPWAY_ROLE" = init ] && ! phase_done AddonsApplied; then
  if [ -s "$config_dir/addons.yaml" ]; then
    addons_attempt=1
    until kubectl apply -f "$config_dir/addons.yaml" --kubeconfig "$root/etc/kubernetes/admin.conf" >>"$log_file" 2>&1; do
      addons_exit=$?
      out_of_time "$addons_attempt" && fail AddonsApplied "$addons_exit" "kubectl apply of the addons failed"
      wait_before_retry "$addons_attempt" /dev/null
      addons_attempt=$((addons_attempt + 1))
    done
    log "addons applied"
  else
    log "no addons for this cluster"
  fi
  mark_done AddonsApplied
  report_later AddonsApplied
fi

# --- kubelet. --------------------------------------------------------------------
if ! phase_done KubeletStarted; then
  systemctl enable --now kubelet >>"$log_file" 2>&1 || fail KubeletStarted $? "systemctl could not start the kubelet"
  mark_done KubeletStarted
  report_later KubeletStarted
fi

# --- Node registration. -------------------------------------------------------
if ! phase_done NodeRegistered; then
  node_kubeconfig="$root/etc/kubernetes/kubelet.conf"
  [ -s "$node_kubeconfig" ] || node_kubeconfig="$root/etc/kubernetes/discovery.conf"
  node_attempt=1
  until kubectl get node "$SLIPWAY_NODE_NAME" --kubeconfig "$node_kubeconfig" >>"$log_file" 2>&1; do
    node_exit=$?
    out_of_time "$node_attempt" && fail NodeRegistered "$node_exit" "node $SLIPWAY_NODE_NAME did not register"
    wait_before_retry "$node_attempt" /dev/null
    node_attempt=$((node_attempt + 1))
  done
  mark_done NodeRegistered
  report_later NodeRegistered
fi
# Every phase since the join, in one call.
flush_reports || log "could not report the phases since the join"

# The token opens nothing any more; do not leave it lying around either.
rm -f "$token_file" "$auth_header" "$report_credential_file"
touch "$sentinel"
log "bootstrap complete"
exit 0
