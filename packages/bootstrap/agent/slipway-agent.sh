#!/bin/sh
# The Slipway bootstrap agent: runs once on a new machine (from cloud-init
# runcmd) and turns the single-use token in its user data into a kubelet
# identity and a joined node. POSIX sh; needs only curl and openssl.
#
# It dials out to the node-authorization service, trusting that service only
# after checking the CA it serves against the public-key hash pinned in the
# user data (as kubeadm's discovery-token-ca-cert-hash does). The private key
# is generated here and never leaves the machine. Each phase is reported, and
# a failure reports its phase, exit code and the last 50 lines of the log.
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

attempts="${SLIPWAY_AGENT_ATTEMPTS:-8}"
backoff_start="${SLIPWAY_AGENT_BACKOFF_SECONDS:-2}"
backoff_limit=60
service_ca="$state_dir/service-ca.crt"
auth_header="$state_dir/authorization-header"
client_key="$pki_dir/kubelet-client.key"
client_certificate="$pki_dir/kubelet-client.crt"

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

sleep_backoff() {
  # $1 = attempt number (1-based): doubling waits, capped.
  backoff_wait=$backoff_start
  backoff_count=1
  while [ "$backoff_count" -lt "$1" ] && [ "$backoff_wait" -lt "$backoff_limit" ]; do
    backoff_wait=$((backoff_wait * 2))
    backoff_count=$((backoff_count + 1))
  done
  [ "$backoff_wait" -gt "$backoff_limit" ] && backoff_wait=$backoff_limit
  sleep "$backoff_wait"
}

redacted_tail() {
  # The last 50 log lines, with anything shaped like a token or a key removed.
  tail -n 50 "$log_file" | sed -E -e 's/[a-z0-9]{6}\.[a-z0-9]{16}/<redacted-token>/g' -e 's/(BEGIN|END) [A-Z ]*PRIVATE KEY/<redacted-key>/g' > "$state_dir/log-tail"
}

# report PHASE OUTCOME [EXIT_CODE]
report() {
  report_phase=$1
  report_outcome=$2
  report_exit_code=${3:-0}
  if [ -s "$client_certificate" ] && phase_done CertificatesObtained; then
    set -- --cert "$client_certificate" --key "$client_key"
  else
    set -- -H "@$auth_header"
  fi
  : > "$state_dir/log-tail"
  [ "$report_outcome" = failed ] && redacted_tail
  report_attempt=1
  while [ "$report_attempt" -le "$attempts" ]; do
    report_status=$(curl -sS --max-time 20 --cacert "$service_ca" "$@" \
      --data-urlencode "machine-uid=$SLIPWAY_MACHINE_UID" \
      --data-urlencode "phase=$report_phase" \
      --data-urlencode "outcome=$report_outcome" \
      --data-urlencode "exit-code=$report_exit_code" \
      --data-urlencode "timestamp=$(timestamp)" \
      --data-urlencode "log-tail@$state_dir/log-tail" \
      -o "$state_dir/report-response" -w '%{http_code}' "$SLIPWAY_SERVICE_URL/v1/report" 2>>"$log_file")
    case "$report_status" in
      2??) log "reported $report_phase $report_outcome"; return 0 ;;
      401|403|400) log "report of $report_phase refused ($report_status): $(head -c 300 "$state_dir/report-response")"; return 1 ;;
    esac
    log "report of $report_phase failed (HTTP ${report_status:-none}); retrying"
    sleep_backoff "$report_attempt"
    report_attempt=$((report_attempt + 1))
  done
  return 1
}

# fail PHASE EXIT_CODE MESSAGE: report the failure, then stop.
fail() {
  log "phase $1 failed (exit $2): $3"
  report "$1" failed "$2" || log "could not report the failure of $1"
  exit "$2"
}

# --- Trust: fetch the service CA without trust, then pin it by hash. --------
fetch_service_ca() {
  if [ -s "$service_ca" ] && [ "$(public_key_hash "$service_ca")" = "$SLIPWAY_CA_HASH" ]; then
    return 0
  fi
  fetch_attempt=1
  while [ "$fetch_attempt" -le "$attempts" ]; do
    # -k only here: what arrives is checked against the pin before any use.
    # -f: an HTTP error (429, 5xx) is "not reached yet", never a pin failure.
    if curl -fksS --max-time 20 -o "$service_ca.untrusted" "$SLIPWAY_SERVICE_URL/v1/ca" 2>>"$log_file"; then
      fetched_hash=$(public_key_hash "$service_ca.untrusted")
      if [ "$fetched_hash" = "$SLIPWAY_CA_HASH" ]; then
        mv "$service_ca.untrusted" "$service_ca"
        log "service CA matches the pinned hash"
        return 0
      fi
      rm -f "$service_ca.untrusted"
      # No report: a service that fails the pin must not be told anything.
      log "REFUSING the node-authorization service: its CA hash ${fetched_hash:-unreadable} is not the pinned $SLIPWAY_CA_HASH"
      exit 3
    fi
    log "cannot reach $SLIPWAY_SERVICE_URL (attempt $fetch_attempt of $attempts)"
    sleep_backoff "$fetch_attempt"
    fetch_attempt=$((fetch_attempt + 1))
  done
  log "gave up reaching the node-authorization service"
  exit 4
}

fetch_service_ca

if [ -r "$token_file" ]; then
  printf 'Authorization: Bearer %s\n' "$(cat "$token_file")" > "$auth_header"
else
  : > "$auth_header"
fi

if ! phase_done UserDataReceived; then
  report UserDataReceived succeeded || log "could not report UserDataReceived; continuing"
  mark_done UserDataReceived
fi

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
      ca.crt) write_file_from_base64 "$pki_dir/ca.crt" "$answer_value" 0644 ;;
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
    printf '    certificate-authority-data: %s\n' "$(openssl base64 -A -in "$pki_dir/ca.crt")"
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
  join_attempt=1
  while :; do
    join_status=$(curl -sS --max-time 30 --cacert "$service_ca" -H "@$auth_header" \
      --data-urlencode "csr@$state_dir/kubelet-client.csr" \
      -o "$state_dir/join-response" -w '%{http_code}' "$SLIPWAY_SERVICE_URL/v1/join" 2>>"$log_file")
    case "$join_status" in
      200) break ;;
      400|401|403)
        # Refused for a reason retrying cannot change; the service recorded why on the Machine.
        log "join refused ($join_status): $(head -c 300 "$state_dir/join-response")"
        rm -f "$state_dir/join-response"
        exit 6 ;;
    esac
    if [ "$join_attempt" -ge "$attempts" ]; then
      fail CertificatesObtained 7 "join did not succeed after $attempts attempts (last HTTP ${join_status:-none})"
    fi
    log "join attempt $join_attempt answered HTTP ${join_status:-none}; retrying"
    sleep_backoff "$join_attempt"
    join_attempt=$((join_attempt + 1))
  done
  : > "$state_dir/join.env.tmp"
  apply_join_answer
  mv "$state_dir/join.env.tmp" "$state_dir/join.env"
  rm -f "$state_dir/join-response"
  openssl verify -CAfile "$pki_dir/ca.crt" "$client_certificate" >>"$log_file" 2>&1 ||
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
  report KubeadmCompleted succeeded || log "could not report KubeadmCompleted; continuing"
fi

# --- Addons, on the machine that ran kubeadm init. ---------------------------
if [ "$SLIPWAY_ROLE" = init ] && ! phase_done AddonsApplied; then
  if [ -s "$config_dir/addons.yaml" ]; then
    addons_attempt=1
    until kubectl apply -f "$config_dir/addons.yaml" --kubeconfig "$root/etc/kubernetes/admin.conf" >>"$log_file" 2>&1; do
      addons_exit=$?
      [ "$addons_attempt" -ge "$attempts" ] && fail AddonsApplied "$addons_exit" "kubectl apply of the addons failed"
      sleep_backoff "$addons_attempt"
      addons_attempt=$((addons_attempt + 1))
    done
    log "addons applied"
  else
    log "no addons for this cluster"
  fi
  mark_done AddonsApplied
  report AddonsApplied succeeded || log "could not report AddonsApplied; continuing"
fi

# --- kubelet. --------------------------------------------------------------------
if ! phase_done KubeletStarted; then
  systemctl enable --now kubelet >>"$log_file" 2>&1 || fail KubeletStarted $? "systemctl could not start the kubelet"
  mark_done KubeletStarted
  report KubeletStarted succeeded || log "could not report KubeletStarted; continuing"
fi

# --- Node registration. -------------------------------------------------------
if ! phase_done NodeRegistered; then
  node_kubeconfig="$root/etc/kubernetes/kubelet.conf"
  [ -s "$node_kubeconfig" ] || node_kubeconfig="$root/etc/kubernetes/discovery.conf"
  node_attempt=1
  until kubectl get node "$SLIPWAY_NODE_NAME" --kubeconfig "$node_kubeconfig" >>"$log_file" 2>&1; do
    node_exit=$?
    [ "$node_attempt" -ge "$attempts" ] && fail NodeRegistered "$node_exit" "node $SLIPWAY_NODE_NAME did not register"
    sleep_backoff "$node_attempt"
    node_attempt=$((node_attempt + 1))
  done
  mark_done NodeRegistered
  report NodeRegistered succeeded || log "could not report NodeRegistered"
fi

# The token opens nothing any more; do not leave it lying around either.
rm -f "$token_file" "$auth_header"
touch "$sentinel"
log "bootstrap complete"
exit 0
