# Sourced by scripts/schemathesis and scripts/sqlmap: starts `aduan serve` on a throw-away data
# dir loaded with the demo (its accounts, one per role, and a few hundred reports) and a partner
# with a key, every limit lifted (the scanner's requests all come from one address and would
# otherwise be answered by the limiter, not by the handler under test).
#
# Sets BASE (http://127.0.0.1:PORT), DATA, PARTNER_KEY, REPORT_ID and REPORT_CODE (a report filed
# through the API and its access code), HELD_ID (a demo report an agency holds), GROUP_ID (a group
# of it) and PARTNER_REF (a report the partner filed, by its reference); `token LOGIN PASSWORD`
# logs in.
# ADUAN_BIN: the binary to run (built here when unset); ADUAN_SCAN_DATABASE_URL: a database to
# run on instead of SQLite in DATA (an empty PostgreSQL database, e.g.). SCAN_MAIL=1: the server
# sends its mail to a loopback SMTP sink (Debian's python3-aiosmtpd) that keeps each message in
# $MAIL_DIR (crates/aduan-mail/tests/smtp_sink.py).

BIN=${ADUAN_BIN:-}
if [[ -z $BIN ]]; then
    cargo build --quiet -p aduan-cli --bin aduan
    BIN=target/debug/aduan
fi
DATA=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
{
    for limit in login_account login_address access_code_report access_code_address \
        recovery_contact recovery_address send_code register_contact submit_address \
        write_account write_address write_partner; do
        printf '[limits.%s]\nattempts = 1000000000\nwindow_seconds = 600\n' "$limit"
    done
    # The host of the document's webhook example.
    printf '[partners]\nwebhook_allow = ["hooks.mitra.example"]\n'
} >"$DATA/scan.toml"
export ADUAN_DATA_DIR=$DATA ADUAN_DATABASE_URL=${ADUAN_SCAN_DATABASE_URL:-} ADUAN_LISTEN=127.0.0.1:$PORT
export ADUAN_LOG=warn
SERVER=
SINK=
scan_cleanup() {
    local pid
    for pid in $SERVER $SINK; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$DATA"
}
trap scan_cleanup EXIT
MAIL_DIR=$DATA/mail
if [[ ${SCAN_MAIL:-} == 1 ]]; then
    "${ADUAN_PYTHON3:-/usr/bin/python3}" -c 'import aiosmtpd' 2>/dev/null ||
        { echo "the scan's SMTP sink needs Debian's python3-aiosmtpd (apt-get install python3-aiosmtpd)" >&2; exit 1; }
    "${ADUAN_PYTHON3:-/usr/bin/python3}" crates/aduan-mail/tests/smtp_sink.py --dir "$MAIL_DIR" \
        >"$DATA/sink.log" 2>&1 &
    SINK=$!
    for _ in $(seq 1 100); do
        grep -q '^listening on' "$DATA/sink.log" 2>/dev/null && break
        kill -0 "$SINK" 2>/dev/null || { cat "$DATA/sink.log"; echo "the SMTP sink exited" >&2; exit 1; }
        sleep 0.1
    done
    SINK_PORT=$(sed -n 's/^listening on //p' "$DATA/sink.log")
    [[ -n $SINK_PORT ]] || { cat "$DATA/sink.log"; echo "the SMTP sink did not start" >&2; exit 1; }
    printf '[smtp]\nhost = "127.0.0.1"\nport = %s\nsecurity = "none"\nbase_url = "%s"\n' \
        "$SINK_PORT" "$BASE" >>"$DATA/scan.toml"
fi
scan_aduan() { "$BIN" --config "$DATA/scan.toml" "$@"; }
scan_aduan demo >"$DATA/demo.log" 2>&1 || { cat "$DATA/demo.log"; exit 1; }
scan_aduan partner add mitra-pindai --name "Mitra Pindai" --region 35 >/dev/null
PARTNER_KEY=$(scan_aduan partner key mitra-pindai 2>/dev/null | grep '^apk_')
# The binary itself in the background (not a function, whose $! would be a subshell's).
"$BIN" --config "$DATA/scan.toml" serve >"$DATA/serve.log" 2>&1 &
SERVER=$!
up=
for _ in $(seq 1 300); do
    curl -fsS "$BASE/healthz" >/dev/null 2>&1 && { up=1; break; }
    kill -0 "$SERVER" 2>/dev/null || { cat "$DATA/serve.log"; echo "aduan serve exited" >&2; exit 1; }
    sleep 0.2
done
[[ -n $up ]] || { cat "$DATA/serve.log"; echo "aduan serve did not answer in 60 s" >&2; exit 1; }

# A report filed anonymously-by-address through the API: its tracking id and access code, for
# scans as its reporter.
filed=$(curl -fsS -H 'Content-Type: application/json' "$BASE/api/v1/reports" -d '{
    "kind": "complaint", "title": "Lampu jalan mati di depan sekolah",
    "body": "Lampu jalan di depan sekolah mati sejak seminggu.",
    "location": {"text": "Jl. Diponegoro", "region_code": "35.78"},
    "reporter": {"name": "Warga Pindai", "email": "warga.pindai@example.com"}}')
REPORT_ID=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["tracking_id"])' <<<"$filed")
REPORT_CODE=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["access_code"])' <<<"$filed")

# The session token of a demo account.
token() {
    curl -fsS -H 'Content-Type: application/json' \
        -d "{\"login\":\"$1\",\"password\":\"$2\"}" "$BASE/api/v1/auth/login" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# A report an agency holds and a group of it (as the national admin), and a report the partner
# filed: the data the operations that name a report, a group or a reference can act on.
ADMIN_TOKEN=$(token admin@demo.aduan.id demo-nasional)
HELD_ID=$(curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "$BASE/api/v1/reports?status=dispatched&limit=1" |
    json_field '["items"][0]["tracking_id"]')
GROUP_ID=$(curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"title\": \"Jalan rusak\", \"members\": [\"$HELD_ID\"]}" "$BASE/api/v1/groups" | json_field '["id"]')
PARTNER_REF=PINDAI-1
curl -fsS -o /dev/null -H "X-Api-Key: $PARTNER_KEY" -H 'Content-Type: application/json' \
    "$BASE/api/v1/partner/reports" -d "{\"ref\": \"$PARTNER_REF\", \"kind\": \"complaint\",
    \"title\": \"Lampu jalan mati\", \"body\": \"Tiga lampu penerangan jalan mati.\",
    \"location\": {\"text\": \"Jl. Diponegoro\", \"region_code\": \"35.78\"},
    \"reporter\": {\"name\": \"Budi\", \"phone\": \"081234567890\"}}"

# Fails the run when the server logged a panic or an error.
server_log_clean() {
    if grep -q "panicked\|ERROR" "$DATA/serve.log"; then
        echo "the server logged errors during the run:" >&2
        cat "$DATA/serve.log" >&2
        return 1
    fi
}
