#!/usr/bin/env bash
# Compatibility suite: real S3 clients against a real Stratus server, each with its default settings
# except endpoint, credentials and region (see README.md for the few host settings some need).
#
#   compat/run.sh                 all clients: awscli boto3 s3fs rclone s3cmd js
#   compat/run.sh boto3 rclone    only these
#
# Starts Stratus (./stratus server, which builds it when needed) on a free port with a fresh data
# directory, runs the clients, prints "<client>: N passed, M failed" per client and a final
# "N passed, M failed" line. Exit code 1 when anything failed.
#
# Environment: COMPAT_ENDPOINT=http://127.0.0.1:PORT tests a server that is already running (started
# with the suite's root keys, see below) instead of starting one; COMPAT_KEEP=1 keeps the work
# directory (data dir, server log, s3fs log); AWS_BIN and PYTHON choose the AWS CLI v2 and the python3
# that has boto3 (default: the Debian ones in /usr/bin).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
all_clients=(awscli boto3 s3fs rclone s3cmd js)
clients=("$@")
[ ${#clients[@]} -eq 0 ] && clients=("${all_clients[@]}")
for c in "${clients[@]}"; do
  [[ " ${all_clients[*]} " == *" $c "* ]] || { echo "unknown client '$c' (known: ${all_clients[*]})" >&2; exit 2; }
done

# Debian's packages live in /usr/bin; a pyenv or pip "aws"/"python3" earlier on PATH is another program.
first_of() { for p in "$@"; do [ -x "$p" ] && { echo "$p"; return; }; done; command -v "$(basename "$1")"; }
AWS_BIN="${AWS_BIN:-$(first_of /usr/bin/aws)}"
PYTHON="${PYTHON:-$(first_of /usr/bin/python3)}"

MiB=$((1024 * 1024))
AK=AKIACOMPAT0000000001
SK=compatSecretKey0123456789abcdefghijklmno
REGION=us-east-1

# Only our credentials and region: no profile, endpoint or checksum overrides from the caller.
while IFS= read -r v; do unset "$v"; done < <(env | sed -n 's/^\(AWS_[A-Za-z0-9_]*\)=.*/\1/p')
export AWS_ACCESS_KEY_ID=$AK AWS_SECRET_ACCESS_KEY=$SK AWS_DEFAULT_REGION=$REGION AWS_REGION=$REGION
export AWS_PAGER="" PYTHONDONTWRITEBYTECODE=1

work="$(mktemp -d "${TMPDIR:-/tmp}/stratus-compat.XXXXXX")"
export AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-credentials"
: >"$AWS_CONFIG_FILE"; : >"$AWS_SHARED_CREDENTIALS_FILE"
export RCLONE_CONFIG="$work/rclone.conf"
server_pid=""
s3fs_pid=""
mounts=()

cleanup() {
  for m in "${mounts[@]}"; do mountpoint -q "$m" 2>/dev/null && { umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; }; done
  [ -n "$s3fs_pid" ] && kill "$s3fs_pid" 2>/dev/null
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 1 150); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null
  fi
  if [ "${COMPAT_KEEP:-0}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# counting

declare -A PASSED FAILED
current=""
client_start=$SECONDS
total_pass=0
total_fail=0

begin() {
  current=$1; PASSED[$current]=0; FAILED[$current]=0; client_start=$SECONDS
  echo; echo "== $current: $2"
}
pass() {
  PASSED[$current]=$((PASSED[$current] + 1)); total_pass=$((total_pass + 1))
  echo "  PASS $1 [$((SECONDS - client_start)) s]"
}
fail() {
  FAILED[$current]=$((FAILED[$current] + 1)); total_fail=$((total_fail + 1))
  echo "  FAIL $1 [$((SECONDS - client_start)) s]"
  [ -n "${2:-}" ] && printf '%s\n' "$2" | head -c 3000 | LC_ALL=C tr -c '[:print:]\n' '?' | sed 's/^/       | /'
  return 0
}

# check NAME CMD...: passes when CMD exits 0; its output is shown on failure.
check() {
  local name=$1 out; shift
  if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "exit $?: $out"; fi
}
# expect NAME EXPECTED ACTUAL
expect() {
  if [ "$2" == "$3" ]; then pass "$1"; else fail "$1" "expected: $2"$'\n'"actual:   $3"; fi
}
# same_tree A B: same relative file names and same bytes
same_tree() { diff -r "$1" "$2"; }
# same_file A B
same_file() { cmp "$1" "$2"; }
files_of() { (cd "$1" && find . -type f | sed 's|^\./||' | LC_ALL=C sort); }

# run_script CMD...: a helper script prints "PASS name" / "FAIL name: why" lines; count them.
run_script() {
  local line n=0 rc=""
  while IFS= read -r line; do
    case "$line" in
      "PASS "*) pass "${line#PASS }"; n=$((n + 1)) ;;
      "FAIL "*) fail "${line#FAIL }"; n=$((n + 1)) ;;
      "#rc="*) rc=${line#\#rc=} ;;
      *) echo "    $line" ;;
    esac
  done < <(timeout 900 "$@" 2>&1; echo "#rc=$?")
  [ "$rc" = 0 ] || fail "$current script exited with status $rc"
  [ "$n" -gt 0 ] || fail "$current script produced no results"
}

# ---------------------------------------------------------------------------------------------
# Stratus

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_stratus() {
  port=$(free_port)
  endpoint="http://127.0.0.1:$port"
  echo "Starting Stratus on $endpoint (data dir $work/data, log $work/server.log)"
  STRATUS_ROOT_ACCESS_KEY=$AK STRATUS_ROOT_SECRET_KEY=$SK \
    "$root/stratus" server --data-dir "$work/data" --port "$port" >"$work/server.log" 2>&1 &
  server_pid=$!
  local waited=0
  until grep -q "ready at http://127.0.0.1:$port" "$work/server.log" 2>/dev/null; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "Stratus exited before it was ready:"; tail -50 "$work/server.log"; server_pid=""; return 1
    fi
    [ $waited -ge 6000 ] && { echo "Stratus not ready after 600 s:"; tail -50 "$work/server.log"; return 1; }
    sleep 0.1; waited=$((waited + 1))
  done
  curl -sf "$endpoint/_stratus/health" >/dev/null || { echo "health check failed"; return 1; }
  echo "Stratus ready ($(grep -m1 -o 'ready at .*' "$work/server.log"))"
}

# ---------------------------------------------------------------------------------------------
# shared test data

make_tree() { # make_tree DIR COUNT: COUNT small files in nested folders, a few odd names, one empty
  "$PYTHON" - "$1" "$2" <<'EOF'
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
rnd = random.Random(count)
odd = ["with space.txt", "plus+sign.txt", "eq=amp&.txt", "ünïcödé ñ.txt", "percent%41.txt", "empty.txt"]
for i in range(count):
    d = os.path.join(root, "d%02d" % (i % 20), "sub%d" % (i % 3))
    os.makedirs(d, exist_ok=True)
    name = odd[i] if i < len(odd) else "f%04d.%s" % (i, rnd.choice(["txt", "log", "bin"]))
    size = 0 if name == "empty.txt" else rnd.randint(1, 3000)
    with open(os.path.join(d, name), "wb") as f:
        f.write(rnd.randbytes(size))
EOF
}

cli() { timeout 600 "$AWS_BIN" --endpoint-url "$endpoint" "$@"; }
# keys BUCKET [PREFIX]: the keys, one a line (list-objects-v2 through the AWS CLI, all pages)
keys() {
  cli s3api list-objects-v2 --bucket "$1" ${2:+--prefix "$2"} --output json 2>&1 | "$PYTHON" -c '
import json, sys
text = sys.stdin.read()
try:
    data = json.loads(text) if text.strip() else {}
except ValueError:
    sys.exit(text)
print("\n".join(o["Key"] for o in data.get("Contents") or []))'
}
count_keys() { keys "$@" | grep -c .; }
# lines_starting PREFIX TEXT: how many lines of TEXT (CR or LF separated) start with PREFIX
lines_starting() { tr '\r' '\n' <<<"$2" | grep -c "^$1"; }

# ---------------------------------------------------------------------------------------------
# AWS CLI v2

client_awscli() {
  begin awscli "$("$AWS_BIN" --version 2>&1)"
  local b="cli-$RANDOM$RANDOM" d="$work/awscli" out
  mkdir -p "$d"

  expect "s3 mb" "make_bucket: $b" "$(cli s3 mb "s3://$b" 2>&1)"
  out=$(cli s3 ls 2>&1)
  if grep -q " $b\$" <<<"$out"; then pass "s3 ls lists the bucket"; else fail "s3 ls lists the bucket" "$out"; fi
  expect "s3api get-bucket-location: null for us-east-1" "None" \
    "$(cli s3api get-bucket-location --bucket "$b" --query LocationConstraint --output text 2>&1)"

  head -c 12345 /dev/urandom >"$d/small.bin"
  check "s3 cp upload" cli s3 cp "$d/small.bin" "s3://$b/dir/small.bin"
  download_cmp() { cli s3 cp "$1" "$2" --only-show-errors && cmp "$3" "$2"; }
  check "s3 cp download, bytes equal" download_cmp "s3://$b/dir/small.bin" "$d/small.out" "$d/small.bin"
  out=$(cli s3 ls "s3://$b/dir/" 2>&1)
  expect "s3 ls prefix: size and name" "12345 small.bin" "$(awk '{print $3, $4}' <<<"$out")"

  printf 'from stdin\n' | cli s3 cp - "s3://$b/stdin.txt" >/dev/null 2>&1
  expect "s3 cp from stdin / to stdout" "from stdin" "$(cli s3 cp "s3://$b/stdin.txt" - 2>&1)"
  head -c $((20 * MiB + 7)) /dev/urandom >"$d/piped.bin"
  cat "$d/piped.bin" | cli s3 cp - "s3://$b/piped.bin" >/dev/null 2>&1
  expect "s3 cp 20 MiB from stdin (multipart of unknown size) to stdout" "$(md5sum <"$d/piped.bin")" \
    "$(cli s3 cp "s3://$b/piped.bin" - 2>/dev/null | md5sum)"
  expect "s3 ls of the bucket root: PRE for the folder" "PRE dir/" "$(cli s3 ls "s3://$b/" 2>&1 | awk '$1 == "PRE" {print $1, $2}')"

  printf '<html></html>' >"$d/page.html"
  cli s3 cp "$d/page.html" "s3://$b/page.html" --metadata colour=blue,size=10 >/dev/null 2>&1
  expect "s3 cp guesses Content-Type, --metadata kept" "text/html blue 10" \
    "$(cli s3api head-object --bucket "$b" --key page.html --query '[ContentType, Metadata.colour, Metadata.size]' --output text 2>&1 | tr '\t' ' ')"

  # multipart: the CLI's default multipart_threshold and chunksize are 8 MiB -> 13 parts
  head -c $((100 * MiB)) /dev/urandom >"$d/big.bin"
  check "s3 cp 100 MiB (multipart upload)" cli s3 cp "$d/big.bin" "s3://$b/big.bin" --only-show-errors
  expect "100 MiB: ContentLength and multipart ETag" "$((100 * MiB)) \"$("$PYTHON" "$here/cksum.py" etag "$d/big.bin" $((8 * MiB)))\"" \
    "$(cli s3api head-object --bucket "$b" --key big.bin --query '[ContentLength, ETag]' --output text 2>&1 | tr '\t' ' ')"
  check "100 MiB download (ranged parallel GETs), bytes equal" download_cmp "s3://$b/big.bin" "$d/big.out" "$d/big.bin"
  rm -f "$d/big.out"
  cli s3api get-object --bucket "$b" --key big.bin --range bytes=$((50 * MiB))-$((51 * MiB + 99)) "$d/range.out" >/dev/null 2>&1
  check "s3api get-object --range, bytes equal" cmp "$d/range.out" <(tail -c +$((50 * MiB + 1)) "$d/big.bin" | head -c $((MiB + 100)))
  check "s3 cp s3->s3 100 MiB (multipart UploadPartCopy)" cli s3 cp "s3://$b/big.bin" "s3://$b/big-copy.bin" --only-show-errors
  check "100 MiB copy, bytes equal" download_cmp "s3://$b/big-copy.bin" "$d/big.out" "$d/big.bin"
  rm -f "$d/big.out"

  # presign
  local url
  url=$(cli s3 presign "s3://$b/dir/small.bin" --expires-in 300 2>&1)
  check "s3 presign, GET with curl, bytes equal" cmp "$d/small.bin" <(curl -sf "$url")
  local bad="${url%?}"; [ "${url: -1}" = 0 ] && bad+=1 || bad+=0
  expect "presigned URL with a tampered signature -> 403" 403 "$(curl -s -o /dev/null -w '%{http_code}' "$bad")"
  url=$(cli s3 presign "s3://$b/dir/small.bin" --expires-in 1 2>&1)
  sleep 2.5
  out=$(curl -s -w ' %{http_code}' "$url" | LC_ALL=C tr -c '[:print:]\n' '?' | tail -c 600)
  if [[ "$out" == *"AccessDenied"*" 403" ]]; then pass "expired presigned URL -> 403 AccessDenied"; else fail "expired presigned URL -> 403 AccessDenied" "$out"; fi

  # mv
  cp "$d/small.bin" "$d/mv.bin"
  mv_up() { cli s3 mv "$d/mv.bin" "s3://$b/mv/a.bin" && [ ! -e "$d/mv.bin" ]; }
  check "s3 mv local->s3 removes the local file" mv_up
  cli s3 mv "s3://$b/mv/a.bin" "s3://$b/mv/b.bin" >/dev/null 2>&1
  expect "s3 mv s3->s3: source gone, target listed" "mv/b.bin" "$(keys "$b" mv/)"
  cli s3 mv "s3://$b/mv/b.bin" "$d/mv.out" >/dev/null 2>&1
  check "s3 mv s3->local: bytes equal" same_file "$d/small.bin" "$d/mv.out"
  expect "s3 mv s3->local: object gone" "" "$(keys "$b" mv/)"

  # s3api put-object with flexible checksums; head-object --checksum-mode ENABLED
  head -c 200000 /dev/urandom >"$d/ck.bin"
  local alg field expected
  for alg in CRC32 CRC32C SHA256; do
    field="Checksum$alg"
    expected=$("$PYTHON" "$here/cksum.py" "${alg,,}" "$d/ck.bin")
    expect "s3api put-object --checksum-algorithm $alg returns $field" "$expected" \
      "$(cli s3api put-object --bucket "$b" --key "ck/$alg" --body "$d/ck.bin" --checksum-algorithm "$alg" --query "$field" --output text 2>&1)"
    expect "s3api head-object --checksum-mode ENABLED returns $field" "$expected" \
      "$(cli s3api head-object --bucket "$b" --key "ck/$alg" --checksum-mode ENABLED --query "$field" --output text 2>&1)"
    rm -f "$d/ck.out"
    cli s3api get-object --bucket "$b" --key "ck/$alg" --checksum-mode ENABLED "$d/ck.out" >/dev/null 2>&1
    check "s3api get-object --checksum-mode ENABLED ($alg validated), bytes equal" same_file "$d/ck.bin" "$d/ck.out"
  done
  expect "s3api put-object default: ETag = MD5" "\"$("$PYTHON" "$here/cksum.py" md5 "$d/ck.bin")\"" \
    "$(cli s3api put-object --bucket "$b" --key ck/default --body "$d/ck.bin" --query ETag --output text 2>&1)"
  out=$(cli s3api put-object --bucket "$b" --key ck/bad --body "$d/ck.bin" --checksum-algorithm CRC32 --checksum-crc32 AAAAAA== 2>&1)
  if [[ "$out" == *"BadDigest"* ]]; then pass "s3api put-object with a wrong --checksum-crc32 -> BadDigest"; else fail "s3api put-object with a wrong --checksum-crc32 -> BadDigest" "$out"; fi
  out=$(cli s3api put-object --bucket "$b" --key ck/bad --body "$d/ck.bin" --content-md5 1B2M2Y8AsgTpgAmY7PhCfg== 2>&1)
  if [[ "$out" == *"BadDigest"* ]]; then pass "s3api put-object with a wrong --content-md5 -> BadDigest"; else fail "s3api put-object with a wrong --content-md5 -> BadDigest" "$out"; fi
  out=$(cli s3api head-object --bucket "$b" --key ck/bad 2>&1)
  if [[ "$out" == *"(404)"* ]]; then pass "no object stored by the rejected puts"; else fail "no object stored by the rejected puts" "$out"; fi

  # sync of 1,000 small files and back
  make_tree "$d/tree" 1000
  out=$(cli s3 sync "$d/tree" "s3://$b/tree" 2>&1)
  expect "s3 sync up 1,000 files: 1,000 uploads" 1000 "$(lines_starting 'upload: ' "$out")"
  tr '\r' '\n' <<<"$out" | grep -v '^upload: \|^Completed ' | head -5
  expect "s3 ls --recursive lists 1,000 objects" 1000 "$(cli s3 ls "s3://$b/tree/" --recursive 2>&1 | grep -c .)"
  expect "s3api list-objects-v2 keys = local file names" "$(files_of "$d/tree")" \
    "$(keys "$b" tree/ | sed 's|^tree/||' | LC_ALL=C sort)"
  expect "s3 sync again: nothing to do" "" "$(cli s3 sync "$d/tree" "s3://$b/tree" 2>&1)"
  cli s3 sync "s3://$b/tree" "$d/back" --only-show-errors
  check "s3 sync down 1,000 files: trees equal" same_tree "$d/tree" "$d/back"
  expect "s3 sync down again: nothing to do" "" "$(cli s3 sync "s3://$b/tree" "$d/back" 2>&1)"
  local -a names; mapfile -t names < <(files_of "$d/tree")
  printf 'changed!' >>"$d/tree/${names[10]}"; printf 'changed!' >>"$d/tree/${names[500]}"
  printf 'new' >"$d/tree/d03/new file.txt"
  rm -f "$d/tree/${names[20]}" "$d/tree/${names[900]}"
  out=$(cli s3 sync "$d/tree" "s3://$b/tree" --delete 2>&1)
  expect "s3 sync --delete after local changes: uploads, deletes" "3 2" \
    "$(lines_starting 'upload: ' "$out") $(lines_starting 'delete: ' "$out")"
  cli s3 sync "s3://$b/tree" "$d/back" --delete --only-show-errors
  check "s3 sync --delete down: trees equal" same_tree "$d/tree" "$d/back"
  out=$(cli s3 ls "s3://$b/tree/d07/" --recursive --summarize 2>&1)
  expect "s3 ls --summarize: total objects and size" "$(find "$d/tree/d07" -type f | wc -l) $(find "$d/tree/d07" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')" \
    "$(awk '/Total Objects:/ {o=$3} /Total Size:/ {s=$3} END {print o, s}' <<<"$out")"
  check "s3 cp --recursive s3->s3" cli s3 cp "s3://$b/tree/d08/" "s3://$b/copied/" --recursive --only-show-errors
  cli s3 cp "s3://$b/copied/" "$d/copied" --recursive --only-show-errors
  check "s3 cp --recursive down: trees equal" same_tree "$d/tree/d08" "$d/copied"

  # rm, rb, errors
  check "s3 rm" cli s3 rm "s3://$b/dir/small.bin"
  out=$(cli s3 ls "s3://$b/dir/small.bin" 2>&1)
  expect "s3 ls after rm: nothing" "" "$out"
  local n; n=$(count_keys "$b")
  out=$(cli s3 rm "s3://$b" --recursive 2>&1)
  expect "s3 rm --recursive: one delete line per object" "$n" "$(lines_starting 'delete: ' "$out")"
  expect "bucket empty after rm --recursive" "" "$(keys "$b")"
  check "s3 rb" cli s3 rb "s3://$b"
  out=$(cli s3 ls "s3://$b" 2>&1)
  if [[ "$out" == *NoSuchBucket* ]]; then pass "s3 ls of a deleted bucket -> NoSuchBucket"; else fail "s3 ls of a deleted bucket -> NoSuchBucket" "$out"; fi
  out=$(cli s3api head-object --bucket cli-nope-$RANDOM --key x 2>&1)
  if [[ "$out" == *"(404)"* ]]; then pass "s3api head-object on a missing bucket -> 404"; else fail "s3api head-object on a missing bucket -> 404" "$out"; fi
  rm -rf "$d"
}

# ---------------------------------------------------------------------------------------------
# boto3

client_boto3() {
  begin boto3 "$("$PYTHON" -c 'import boto3, botocore; print("boto3", boto3.__version__, "botocore", botocore.__version__)' 2>&1)"
  run_script "$PYTHON" "$here/boto3_test.py" "$endpoint" "$work"
}

# ---------------------------------------------------------------------------------------------
# s3fs-fuse

s3fs_mount() { # s3fs_mount BUCKET DIR LOG
  # url: the endpoint; use_path_request_style: 127.0.0.1 cannot carry a bucket subdomain.
  s3fs "$1" "$2" -f -o url="$endpoint" -o use_path_request_style -o passwd_file="$work/s3fs-passwd" \
    -o dbglevel=warn >>"$3" 2>&1 &
  s3fs_pid=$!
  mounts+=("$2")
  for _ in $(seq 1 150); do
    mountpoint -q "$2" && return 0
    kill -0 "$s3fs_pid" 2>/dev/null || break
    sleep 0.1
  done
  return 1
}

s3fs_unmount() { # s3fs_unmount DIR
  umount "$1" || return 1
  for _ in $(seq 1 100); do kill -0 "$s3fs_pid" 2>/dev/null || { s3fs_pid=""; return 0; }; sleep 0.1; done
  return 1
}

client_s3fs() {
  begin s3fs "$(s3fs --version 2>&1 | head -1)"
  local b="s3fs-$RANDOM$RANDOM" d="$work/s3fs" m="$work/s3fs/mnt" log="$work/s3fs.log" out
  mkdir -p "$m"
  printf '%s:%s\n' "$AK" "$SK" >"$work/s3fs-passwd"; chmod 600 "$work/s3fs-passwd"
  if [ ! -e /dev/fuse ] || ! command -v s3fs >/dev/null; then
    fail "FUSE IS NOT AVAILABLE ON THIS MACHINE (/dev/fuse or s3fs missing): s3fs was NOT tested"
    return
  fi
  cli s3 mb "s3://$b" >/dev/null 2>&1
  printf 'put by the AWS CLI\n' | cli s3 cp - "s3://$b/nested/deep/from-cli.txt" >/dev/null 2>&1
  if s3fs_mount "$b" "$m" "$log"; then pass "mount"; else
    fail "mount FAILED (FUSE or s3fs could not mount): s3fs was NOT tested" "$(tail -20 "$log")"
    return
  fi

  local two=$'hello s3fs\nsecond line'
  printf 'hello s3fs\n' >"$m/hello.txt"
  expect "write and read back" "hello s3fs" "$(cat "$m/hello.txt")"
  expect "written file is an object (read by the AWS CLI)" "hello s3fs" "$(cli s3 cp "s3://$b/hello.txt" - 2>&1)"
  printf 'second line\n' >>"$m/hello.txt"
  expect "append" "$two" "$(cat "$m/hello.txt")"
  expect "appended object (read by the AWS CLI)" "$two" "$(cli s3 cp "s3://$b/hello.txt" - 2>&1)"
  expect "read an object put by another client in implicit folders" "put by the AWS CLI" "$(cat "$m/nested/deep/from-cli.txt")"
  check "rename" mv "$m/hello.txt" "$m/renamed.txt"
  expect "renamed: old name gone, new name has the bytes" "no $two" \
    "$([ -e "$m/hello.txt" ] && echo yes || echo no) $(cat "$m/renamed.txt")"
  expect "rename seen by S3 listing" "nested/deep/from-cli.txt renamed.txt" "$(keys "$b" | paste -sd' ')"
  check "mkdir" mkdir "$m/dir"
  printf 'in dir' >"$m/dir/file.txt"
  expect "ls of a folder" "file.txt" "$(ls "$m/dir")"
  expect "ls of the root" "dir nested renamed.txt" "$(ls "$m" | tr '\n' ' ' | sed 's/ $//')"
  check "rmdir of a non-empty folder fails" bash -c "! rmdir '$m/dir'"
  rm -f "$m/dir/file.txt"
  check "rmdir" rmdir "$m/dir"
  expect "folder gone" "nested renamed.txt" "$(ls "$m" | tr '\n' ' ' | sed 's/ $//')"
  printf '0123456789' >"$m/trunc.txt"
  check "truncate" truncate -s 4 "$m/trunc.txt"
  expect "truncated object (read by the AWS CLI)" "0123" "$(cli s3 cp "s3://$b/trunc.txt" - 2>&1)"
  rm -f "$m/trunc.txt"
  check "symlink" ln -s renamed.txt "$m/link"
  expect "read through the symlink" "$two" "$(cat "$m/link")"

  head -c $((50 * MiB)) /dev/urandom >"$d/big.bin"
  check "write 50 MiB (multipart)" cp "$d/big.bin" "$m/big.bin"
  rm -f "$d/big.out"; cli s3 cp "s3://$b/big.bin" "$d/big.out" --only-show-errors
  check "50 MiB object equals the file written (read by the AWS CLI)" same_file "$d/big.bin" "$d/big.out"
  rm -f "$d/big.out"
  # overwrite 8 bytes in the middle: s3fs re-uploads with UploadPartCopy ranges for the unchanged parts
  patch_at() { printf 'PATCHED!' | dd of="$1" bs=8 count=1 seek=$((20 * MiB / 8)) conv=notrunc status=none; }
  check "overwrite 8 bytes in the middle of the 50 MiB file" patch_at "$m/big.bin"
  patch_at "$d/big.bin"
  cli s3 cp "s3://$b/big.bin" "$d/big.out" --only-show-errors
  check "patched 50 MiB object equals the patched file (read by the AWS CLI)" same_file "$d/big.bin" "$d/big.out"
  rm -f "$d/big.out"
  check "chmod 640" chmod 640 "$m/renamed.txt"
  check "touch -d (set mtime)" touch -d "2021-03-04 05:06:07" "$m/renamed.txt"
  local before; before=$(stat -c '%a %Y %s' "$m/renamed.txt")
  expect "mode and mtime before remount" "640 $(date -d '2021-03-04 05:06:07' +%s) 23" "$before"

  if s3fs_unmount "$m"; then pass "unmount"; else fail "unmount" "$(tail -20 "$log")"; fi
  if s3fs_mount "$b" "$m" "$log"; then pass "remount"; else fail "remount" "$(tail -20 "$log")"; return; fi
  expect "mode and mtime preserved after remount" "$before" "$(stat -c '%a %Y %s' "$m/renamed.txt" 2>&1)"
  expect "content after remount" "$two" "$(cat "$m/renamed.txt")"
  expect "symlink after remount" "renamed.txt" "$(readlink "$m/link")"
  rm -f "$m/link"
  check "50 MiB read after remount, bytes equal" same_file "$d/big.bin" "$m/big.bin"
  rm -f "$m/renamed.txt" "$m/big.bin" "$m/nested/deep/from-cli.txt"
  expect "deletes seen by S3 listing" "" "$(keys "$b")"
  if s3fs_unmount "$m"; then pass "unmount"; else fail "unmount" "$(tail -20 "$log")"; fi
  cli s3 rb "s3://$b" --force >/dev/null 2>&1
  rm -rf "$d"
}

# ---------------------------------------------------------------------------------------------
# rclone

client_rclone() {
  begin rclone "$(rclone version 2>&1 | head -1)"
  local b="rclone-$RANDOM$RANDOM" d="$work/rclone" out
  mkdir -p "$d"
  cat >"$RCLONE_CONFIG" <<EOF
[stratus]
type = s3
provider = Other
access_key_id = $AK
secret_access_key = $SK
endpoint = $endpoint
region = $REGION
EOF
  make_tree "$d/src" 120
  head -c $((12 * MiB)) /dev/urandom >"$d/src/d00/large.bin"
  check "mkdir (create bucket)" rclone mkdir "stratus:$b"
  check "copy" rclone copy "$d/src" "stratus:$b/tree"
  expect "lsf -R lists the local files" "$(files_of "$d/src")" "$(rclone lsf -R --files-only "stratus:$b/tree" 2>&1 | LC_ALL=C sort)"
  check "check (sizes and MD5 hashes match)" rclone check "$d/src" "stratus:$b/tree"
  expect "md5sum equal to local" "$(rclone md5sum "$d/src" 2>&1 | LC_ALL=C sort)" "$(rclone md5sum "stratus:$b/tree" 2>&1 | LC_ALL=C sort)"
  expect "lsl: sizes and modification times preserved" "$(rclone lsl "$d/src" 2>&1 | LC_ALL=C sort)" "$(rclone lsl "stratus:$b/tree" 2>&1 | LC_ALL=C sort)"
  local -a names; mapfile -t names < <(files_of "$d/src")
  expect "cat" "$(md5sum <"$d/src/${names[7]}")" "$(rclone cat "stratus:$b/tree/${names[7]}" | md5sum)"

  printf 'more' >>"$d/src/${names[30]}"
  printf 'new' >"$d/src/d02/new.txt"
  rm -f "$d/src/${names[40]}"
  out=$(rclone sync "$d/src" "stratus:$b/tree" -v 2>&1)
  expect "sync after local changes: copied, deleted" "2 1" "$(grep -c ': Copied' <<<"$out") $(grep -c ': Deleted' <<<"$out")"
  check "check after sync" rclone check "$d/src" "stratus:$b/tree"
  out=$(rclone sync "$d/src" "stratus:$b/tree" -v 2>&1)
  expect "sync again: nothing copied" 0 "$(grep -c ': Copied' <<<"$out")"
  head -c $((11 * MiB + 5)) /dev/urandom >"$d/streamed.bin"
  rcat() { rclone rcat "stratus:$b/streamed.bin" <"$d/streamed.bin"; }
  check "rcat 11 MiB from a pipe (multipart upload of unknown size)" rcat
  expect "rcat object: bytes equal" "$(md5sum <"$d/streamed.bin")" "$(rclone cat "stratus:$b/streamed.bin" | md5sum)"
  check "moveto (server-side copy + delete)" rclone moveto "stratus:$b/streamed.bin" "stratus:$b/moved/streamed.bin"
  expect "moveto: only the new name listed" "moved/streamed.bin" "$(rclone lsf -R --files-only "stratus:$b" --exclude 'tree/**' 2>&1)"
  check "copy back" rclone copy "stratus:$b/tree" "$d/back"
  check "copied back tree equals the source" same_tree "$d/src" "$d/back"
  local logs; logs=$(files_of "$d/src" | grep -c '\.log$')
  check "delete --include '*.log'" rclone delete "stratus:$b/tree" --include '*.log'
  expect "lsf after delete: only the non-.log files" "$(files_of "$d/src" | grep -v '\.log$')" \
    "$(rclone lsf -R --files-only "stratus:$b/tree" 2>&1 | LC_ALL=C sort)"
  [ "$logs" -gt 0 ] || fail "test data has no .log files"
  check "purge (delete all, remove bucket)" rclone purge "stratus:$b"
  out=$(rclone lsd stratus: 2>&1)
  if grep -q " $b\$" <<<"$out"; then fail "bucket gone after purge" "$out"; else pass "bucket gone after purge"; fi
  rm -rf "$d"
}

# ---------------------------------------------------------------------------------------------
# s3cmd

client_s3cmd() {
  begin s3cmd "$(s3cmd --version 2>&1)"
  local b="s3cmd-$RANDOM$RANDOM" d="$work/s3cmd" out cfg="$work/s3cfg"
  mkdir -p "$d"
  # host_base/host_bucket: the endpoint (no %(bucket)s, so path style); use_https: plain http;
  # bucket_location: the region. Without it s3cmd signs with the region "US" (its default), which is
  # tested on its own below.
  cat >"$cfg.default-region" <<EOF
[default]
access_key = $AK
secret_key = $SK
host_base = 127.0.0.1:$port
host_bucket = 127.0.0.1:$port
use_https = False
EOF
  { cat "$cfg.default-region"; echo "bucket_location = $REGION"; } >"$cfg"
  s3c() { timeout 600 s3cmd -c "$cfg" "$@"; }
  out=$(s3c mb "s3://$b" 2>&1)
  expect "mb" "Bucket 's3://$b/' created" "$out"
  out=$(timeout 600 s3cmd -c "$cfg.default-region" mb "s3://$b-us" 2>&1)
  expect "mb with s3cmd's default bucket_location (US: signs with region \"US\")" "Bucket 's3://$b-us/' created" "$out"
  timeout 600 s3cmd -c "$cfg.default-region" rb "s3://$b-us" >/dev/null 2>&1
  out=$(s3c ls 2>&1)
  if grep -q " s3://$b\$" <<<"$out"; then pass "ls lists the bucket"; else fail "ls lists the bucket" "$out"; fi
  head -c 54321 /dev/urandom >"$d/small.bin"
  check "put" s3c put "$d/small.bin" "s3://$b/dir/small.bin"
  get_cmp() { s3c get "$1" "$2" && cmp "$3" "$2"; }
  check "get, bytes equal" get_cmp "s3://$b/dir/small.bin" "$d/small.out" "$d/small.bin"
  expect "info: MD5" "$(md5sum <"$d/small.bin" | cut -d' ' -f1)" "$(s3c info "s3://$b/dir/small.bin" 2>&1 | awk '/MD5 sum:/ {print $3}')"

  head -c $((40 * MiB)) /dev/urandom >"$d/big.bin"
  check "put 40 MiB (multipart_chunk_size_mb 15: 3 parts)" s3c put "$d/big.bin" "s3://$b/big.bin"
  expect "40 MiB: ETag of a 3-part multipart upload" "\"$("$PYTHON" "$here/cksum.py" etag "$d/big.bin" $((15 * MiB)))\"" \
    "$(cli s3api head-object --bucket "$b" --key big.bin --query ETag --output text 2>&1)"
  check "get 40 MiB (s3cmd checks the MD5 it stored), bytes equal" get_cmp "s3://$b/big.bin" "$d/big.out" "$d/big.bin"
  out=$(s3c ls "s3://$b/" 2>&1)
  expect "ls of the bucket: folder and file with size" "DIR s3://$b/dir/|$((40 * MiB)) s3://$b/big.bin" \
    "$(awk '{ if ($1 == "DIR") print $1, $2; else print $3, $4 }' <<<"$out" | paste -sd'|')"
  out=$(s3c ls --recursive "s3://$b" 2>&1)
  expect "ls --recursive" "s3://$b/big.bin s3://$b/dir/small.bin" "$(awk '{print $4}' <<<"$out" | paste -sd' ')"
  expect "du" "$((40 * MiB + 54321))" "$(s3c du "s3://$b" 2>&1 | awk '{print $1}')"
  check "put a key with special characters" s3c put "$d/small.bin" "s3://$b/odd/ü ñ+&=.bin"
  check "get a key with special characters" get_cmp "s3://$b/odd/ü ñ+&=.bin" "$d/odd.out" "$d/small.bin"
  check "cp s3->s3" s3c cp "s3://$b/dir/small.bin" "s3://$b/copy/small.bin"
  make_tree "$d/tree" 30
  check "sync up" s3c sync "$d/tree/" "s3://$b/tree/"
  sync_down() { s3c sync "s3://$b/tree/" "$d/back/" && diff -r "$d/tree" "$d/back"; }
  check "sync down, trees equal" sync_down
  check "del" s3c del "s3://$b/dir/small.bin"
  out=$(s3c ls --recursive "s3://$b/dir/" 2>&1)
  expect "ls after del: nothing" "" "$out"
  check "del --recursive --force" s3c del --recursive --force "s3://$b"
  check "rb" s3c rb "s3://$b"
  out=$(s3c ls 2>&1)
  if grep -q " s3://$b\$" <<<"$out"; then fail "bucket gone after rb" "$out"; else pass "bucket gone after rb"; fi
  rm -rf "$d"
}

# ---------------------------------------------------------------------------------------------
# AWS SDK for JavaScript v3

client_js() {
  begin js "node $(node --version 2>&1), @aws-sdk/client-s3 $(sed -n 's/.*"@aws-sdk\/client-s3": "\(.*\)".*/\1/p' "$here/js/package.json")"
  if [ ! -d "$here/js/node_modules/@aws-sdk/client-s3" ]; then
    echo "  (installing the pinned SDK: npm ci)"
    (cd "$here/js" && npm ci --no-audit --no-fund --loglevel=error) || { fail "npm ci in compat/js"; return; }
  fi
  run_script node "$here/js/test.mjs" "$endpoint"
}

# ---------------------------------------------------------------------------------------------

start=$SECONDS
if [ -n "${COMPAT_ENDPOINT:-}" ]; then
  endpoint=${COMPAT_ENDPOINT%/}; port=${endpoint##*:}
  echo "Using the server at $endpoint"
elif ! start_stratus; then
  echo "0 passed, 1 failed (Stratus did not start)"
  exit 1
fi
for c in "${clients[@]}"; do
  t=$SECONDS
  "client_$c"
  echo "-- $c took $((SECONDS - t)) s"
done

if [ -n "$server_pid" ] && ! kill -0 "$server_pid" 2>/dev/null; then
  current=server; PASSED[server]=0; FAILED[server]=0; fail "Stratus died during the run"
  clients+=(server)
fi
# Informational: what the server answered with other than 2xx during the run (tests provoke some 4xx;
# a 501 NotImplemented here is something a client asked for and silently did without).
if metrics=$(curl -sf "$endpoint/_stratus/metrics" 2>/dev/null); then
  echo; echo "== server: responses other than 2xx during the run (from /_stratus/metrics, not counted)"
  grep '^stratus_requests_total{' <<<"$metrics" | grep -v 'status="2' | sed -E 's/^stratus_requests_total\{(.*)\} /  \1 count=/'
fi
if [ "$total_fail" -gt 0 ] && [ -f "$work/server.log" ]; then
  echo; echo "== server log (last 40 lines of $work/server.log)"; tail -40 "$work/server.log"
fi

echo
echo "== results ($((SECONDS - start)) s)"
for c in "${clients[@]}"; do
  echo "$c: ${PASSED[$c]} passed, ${FAILED[$c]} failed"
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
