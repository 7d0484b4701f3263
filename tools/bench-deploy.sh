#!/usr/bin/env bash
# What `cnr-site deploy` sends over the network for a one-activity change on the 2,000-page
# corpus (1,000 activities in two languages), against the size of the whole site: a first
# deploy to an empty server, then one after an activity's text was edited, then one more from
# "another computer" (no copy of the server's record). The bytes are counted on the wire, both
# ways, by a TCP proxy in front of a real SFTP server (OpenSSH's sshd on a loopback port, with
# keys made for the run), so they include SSH's own traffic.
# Needs root (sshd) and openssh-server, as .ci/run installs it.
source "$(dirname "$0")/bench-common.sh"
corpus 1000 ours
lcargo build --release
bin=$PWD/target/release/cnr-site
work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null; rm -rf "$work"' EXIT

# The site, built; one activity's text is edited later.
site=$b/deploy-site
aside "$site"
cp -r "$b/n1000/ours" "$site"
edited=$(ls "$site/content/activites/"*.md | grep -v '\.en\.md' | sed -n 500p)
$bin build --root "$site" >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# sshd with a host key and a client key made for the run.
ssh-keygen -q -t ed25519 -N '' -f "$work/host"
ssh-keygen -q -t ed25519 -N '' -f "$work/client"
mkdir -p /run/sshd "$work/home/.ssh" "$work/www"
ssh_port=$(free_port)
cat >"$work/sshd_config" <<CONFIG
Port $ssh_port
ListenAddress 127.0.0.1
HostKey $work/host
PidFile $work/sshd.pid
AuthorizedKeysFile $work/client.pub
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
Subsystem sftp internal-sftp
CONFIG
/usr/sbin/sshd -f "$work/sshd_config"

# A proxy that counts the bytes crossing it each way; it writes "sent received" to a file
# each time every connection made so far is closed both ways.
proxy_port=$(free_port)
cat >"$work/proxy.py" <<'PROXY'
import socket, sys, threading
listen, upstream, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
totals = {"up": 0, "down": 0, "pipes": 0, "closed": 0}
lock = threading.Lock()
def pipe(a, b, way):
    try:
        while data := a.recv(65536):
            b.sendall(data)
            with lock:
                totals[way] += len(data)
        b.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    with lock:
        totals["closed"] += 1
        if totals["closed"] == totals["pipes"]:
            open(out, "w").write(f"{totals['up']} {totals['down']}\n")
server = socket.create_server(("127.0.0.1", listen))
while True:
    client, _ = server.accept()
    upstream_socket = socket.create_connection(("127.0.0.1", upstream))
    with lock:
        totals["pipes"] += 2
    threading.Thread(target=pipe, args=(client, upstream_socket, "up"), daemon=True).start()
    threading.Thread(target=pipe, args=(upstream_socket, client, "down"), daemon=True).start()
PROXY
python3 "$work/proxy.py" "$proxy_port" "$ssh_port" "$work/wire" &
echo $! >"$work/proxy.pid"
while ! python3 -c "import socket; socket.create_connection(('127.0.0.1', $proxy_port))" 2>/dev/null; do sleep 0.1; done
echo "[127.0.0.1]:$proxy_port $(cut -d' ' -f1,2 "$work/host.pub")" >"$work/home/.ssh/known_hosts"
# The connection just made to wait for the proxy counts for nothing.
until [ -s "$work/wire" ]; do sleep 0.1; done

# wire BEFORE: the proxy's counts once they differ from BEFORE (the deploy's connection closed).
wire() { until [ "$(cat "$work/wire")" != "$1" ]; do sleep 0.1; done; cat "$work/wire"; }
deploy() {
  HOME=$work/home CNR_DEPLOY_KEY=$work/client $bin deploy --root "$site" \
    --target "sftp://$(id -un)@127.0.0.1:$proxy_port$work/www/site"
}
edit() {
  sed -i "0,/^[A-Z]/s/^\([A-Z]\)/$1 \1/" "$edited"
  $bin build --root "$site" >/dev/null
}
size=$(find "$site/public" -type f ! -name .cnr-site.json -printf '%s\n' | awk '{s += $1} END {print s}')
files=$(find "$site/public" -type f ! -name .cnr-site.json | wc -l)
echo "whole site: $files files, $size bytes"
read -r up0 down0 <"$work/wire"
deploy
read -r up1 down1 <<<"$(wire "$up0 $down0")"
echo "first deploy, on the wire: $((up1 - up0)) bytes sent, $((down1 - down0)) received"
edit "Texte corrigé."
deploy
read -r up2 down2 <<<"$(wire "$up1 $down1")"
echo "one activity edited, on the wire: $((up2 - up1)) bytes sent, $((down2 - down1)) received"
rm -rf "$site/.cache"
edit "Corrigé encore."
deploy
read -r up3 down3 <<<"$(wire "$up2 $down2")"
echo "edited again from another computer, on the wire: $((up3 - up2)) bytes sent, $((down3 - down2)) received"
cleanup
