#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 22, item 2: a slow client cannot hold a connection (slowloris),
# and one address cannot take all of them. --timeout bounds a whole
# request from the connection's start (or the previous answer), however
# it trickles in; --per-address bounds the connections of one address,
# except the trusted proxy's.
. "$(dirname "$0")/lib.sh"

$T init >/dev/null
trap 'serve_stop s1; serve_stop s2; serve_stop s3; rm -rf "$TMP"' EXIT

# slow.py PORT MODE: trickles a request one byte every 0.4 s and prints
# "closed SECONDS" when the server cuts it off (from the first byte), or
# "held" after 8 s.
cat >slow.py <<'PY'
import socket, sys, time
port, mode = int(sys.argv[1]), sys.argv[2]
s = socket.create_connection(("127.0.0.1", port))
t0 = time.time()
if mode == "after-answer":   # a whole request first, kept alive
    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
    s.settimeout(2)
    s.recv(4096)
    time.sleep(0.5)
    t0 = time.time()
if mode == "body":
    s.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n"
              b"Content-Type: application/x-www-form-urlencoded\r\n\r\n")
    drip = b"name=" + b"a" * 195
else:
    s.sendall(b"GET / HTTP/1.1\r\n")
    drip = b"X-Slow: " + b"a" * 500
s.settimeout(0.4)
for b in drip:
    if time.time() - t0 > 8:
        break
    try:
        s.send(bytes([b]))
        data = s.recv(100)
        if data == b"" or data.startswith(b"HTTP/1.1 408"):
            print("closed", round(time.time() - t0, 1)); sys.exit(0)
    except socket.timeout:
        pass
    except OSError:
        print("closed", round(time.time() - t0, 1)); sys.exit(0)
print("held")
PY
serve_start s1 --timeout 2
P1=$(cat s1.port)
within() { awk -v lim="$2" '$1 == "closed" && $2 <= lim { ok = 1 } END { exit !ok }' "$1"; }
python3 slow.py "$P1" headers >headers.txt
check "headers trickled one byte at a time are cut off within --timeout of the first byte" eval 'within headers.txt 3.0 || { cat headers.txt; false; }'
python3 slow.py "$P1" body >body.txt
check "so is a body trickled one byte at a time" eval 'within body.txt 3.0 || { cat body.txt; false; }'
python3 slow.py "$P1" after-answer >again.txt
check "and a second request on a kept-alive connection" eval 'within again.txt 3.0 || { cat again.txt; false; }'
check "ordinary requests are served meanwhile" eval '[ "$(code "$B/health")" = 200 ]'
serve_stop s1

# hold.py PORT N SRC: opens N connections from SRC, each with an
# unfinished request, and keeps them open until stdin closes.
cat >hold.py <<'PY'
import socket, sys
port, n, src = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
held = []
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port), source_address=(src, 0))
    s.sendall(b"GET / HTTP/1.1\r\n")
    held.append(s)
print("holding", flush=True)
sys.stdin.read()
PY
# refused.py PORT SRC: "refused" when a new connection from SRC is
# closed without an answer, else the status line it gets.
cat >refused.py <<'PY'
import socket, sys
port, src = int(sys.argv[1]), sys.argv[2]
try:
    s = socket.create_connection(("127.0.0.1", port), source_address=(src, 0))
    s.settimeout(3)
    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = s.recv(100)
except OSError:
    data = b""
print("refused" if not data else data.split(b"\r\n")[0].decode())
PY
serve_start s2 --timeout 20 --per-address 4
P2=$(cat s2.port)
mkfifo hold.in
python3 hold.py "$P2" 4 127.0.0.1 <hold.in >hold.out &
holder=$!
exec 7>hold.in
for _ in $(seq 1 50); do grep -q holding hold.out && break; sleep 0.1; done
check "a fifth connection from an address holding four is refused" eval '[ "$(python3 refused.py "$P2" 127.0.0.1)" = refused ]'
check "another address is served meanwhile" eval '[ "$(python3 refused.py "$P2" 127.0.0.2)" = "HTTP/1.1 200 OK" ]'
exec 7>&-
wait $holder
sleep 0.3
check "once the four close, the address is served again" eval '[ "$(python3 refused.py "$P2" 127.0.0.1)" = "HTTP/1.1 200 OK" ]'
serve_stop s2

# the trusted proxy carries everyone's connections: it is not limited
serve_start s3 --timeout 20 --per-address 2 --trust-proxy-header X-Forwarded-User --proxy 127.0.0.1
P3=$(cat s3.port)
python3 hold.py "$P3" 4 127.0.0.1 <hold.in >hold.out &
holder=$!
exec 7>hold.in
for _ in $(seq 1 50); do grep -q holding hold.out && break; sleep 0.1; done
check "the trusted proxy's address is not limited per address" eval '[ "$(python3 refused.py "$P3" 127.0.0.1)" = "HTTP/1.1 200 OK" ]'
exec 7>&-
wait $holder
serve_stop s3

run $T serve --per-address 0
check "--per-address takes a count from 1" eval 'status_is 2 && err_has "--per-address: '"'"'0'"'"' is not a number in [1, 512]"'
finish
