#!/usr/bin/env bash
# Checks the Dockerfile where no container engine can run it (CI, this machine): copies what its build stage's COPY
# lines name (minus .dockerignore) into an empty folder and runs its own `dotnet restore` and `dotnet publish` there,
# runs the result as the image's user (uid 1654, not root, no home) with the image's ENV lines, the published files
# read-only to it and an empty folder it owns standing in for the /data volume, waits until the image's HEALTHCHECK
# command answers 0, then sends the image's STOPSIGNAL and expects a clean exit.
# Lints it first (npm's dockerfile-utils). Needs root (to switch to uid 1654) and npx. What it cannot check: the base
# images themselves (pulled by docker build).
#
#   tools/check-container.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "Run as root: the app is started as uid 1654, as in the image." >&2; exit 1; }
uid=$(grep -oP '^USER \K[0-9]+' Dockerfile)
work=$(mktemp -d /tmp/llmpages-container-XXXXXX)
app_pid=
cleanup() {
  [ -n "$app_pid" ] && kill -KILL "$app_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"

echo "== Lint (dockerfile-utils: the Dockerfile parser and checks of VS Code's Docker support)"
npx --yes --loglevel=error dockerfile-utils@0.16.3 lint Dockerfile

echo "== The Dockerfile's build stage: its COPY lines into an empty folder (minus .dockerignore), its restore and publish"
# A folder of its own, as docker build's context is: this proves the COPY lines bring all the publish needs, keeps
# what .dockerignore keeps out (a developer's database) out, and lets this run beside a build of the checkout.
excludes=()
while read -r pattern; do
  pattern=${pattern#\*\*/}
  excludes+=("--exclude=${pattern%/}")
done < <(grep -vE '^\s*(#|$)' .dockerignore)
mkdir "$work/src"
while read -r -a words; do
  dest="$work/src/${words[-1]}"
  mkdir -p "$(dirname "$dest/x")"
  for source in "${words[@]:0:${#words[@]}-1}"; do
    if [ -d "$source" ]; then # from the context's root, where .dockerignore's patterns start
      stage=$(mktemp -d "$work/stage-XXXX")
      tar "${excludes[@]}" -cf - "${source%/}" | tar -C "$stage" -xf -
      cp -a "$stage/${source%/}/." "$dest"
    else
      cp "$source" "$dest"
    fi
  done
done < <(grep -oP '^COPY (?!--)\K.*' Dockerfile)
restore=$(grep -oP '^RUN \Kdotnet restore .*' Dockerfile)
publish=$(grep -oP '^RUN \Kdotnet publish .*' Dockerfile)
case "$publish" in *" -o /app "*) ;; *) echo "The Dockerfile's publish no longer writes to /app: update this script." >&2; exit 1 ;; esac
(cd "$work/src" && $restore && ${publish/ -o \/app / -o $work/app }) >"$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
if find "$work/src" \( -name '*.db' -o -path '*/LlmPages/data' \) | grep -q .; then
  echo "A database or data folder got into the build context: .dockerignore must keep it out." >&2; exit 1
fi
mkdir "$work/data" && chown "$uid:$uid" "$work/data"

echo "== Running it as uid $uid with the image's environment"
mapfile -t image_env < <(grep -oP '^ENV \K\S+=.*' Dockerfile)
port=$(printf '%s\n' "${image_env[@]}" | grep -oP '^ASPNETCORE_HTTP_PORTS=\K[0-9]+')
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  port=$((20000 + RANDOM % 20000)) # the image's port is taken on this machine
fi
as_image_user() {
  cd "$work/app" && exec setpriv --reuid="$uid" --regid="$uid" --clear-groups \
    env -i PATH=/usr/bin:/bin HOME=/nonexistent "${image_env[@]}" ASPNETCORE_HTTP_PORTS="$port" \
    LlmPages__Data__DataFolder="$work/data" "$@"
}
# The image's ENTRYPOINT, from its WORKDIR (the subshell becomes the app, so $! is the app's own pid).
(as_image_user dotnet LlmPages.dll) >"$work/app.log" 2>&1 &
app_pid=$!

healthcheck=$(grep -oP '^HEALTHCHECK .* CMD \K\[.*\]' Dockerfile)
[ "$healthcheck" = '["dotnet", "/app/LlmPages.dll", "--health-probe"]' ] || { echo "The HEALTHCHECK changed: update this script." >&2; exit 1; }
healthy=
for _ in $(seq 1 120); do
  if (as_image_user dotnet "$work/app/LlmPages.dll" --health-probe); then healthy=1; break; fi
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 1
done
if [ -z "$healthy" ]; then
  echo "The published app never answered its health probe:" >&2
  cat "$work/app.log" >&2
  exit 1
fi
[ -f "$work/data/llmpages.db" ] && [ -d "$work/data/keys" ] || { echo "Nothing was written to the data folder." >&2; ls -la "$work/data" >&2; exit 1; }
[ "$(stat -c %u "$work/data/llmpages.db")" = "$uid" ] || { echo "The database is not owned by uid $uid." >&2; exit 1; }

echo "== The image's STOPSIGNAL"
signal=$(grep -oP '^STOPSIGNAL \K\S+' Dockerfile)
kill -s "${signal#SIG}" "$app_pid"
status=0
wait "$app_pid" || status=$?
app_pid=
if [ "$status" -ne 0 ]; then
  echo "The app exited with $status on $signal:" >&2
  cat "$work/app.log" >&2
  exit 1
fi
echo "The Dockerfile's app publishes, runs as uid $uid on its ENV, answers its HEALTHCHECK and stops cleanly on $signal."
