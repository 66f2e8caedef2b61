#!/usr/bin/env bash
# The resident memory of the stack LlmPages is built on, without LlmPages: what the memory targets are measured against.
# Generates two apps from the .NET SDK's own templates into a temporary folder, published in Release with LlmPages'
# runtime settings (workstation GC, no background GC, no tiered PGO), and measures each as `--only memory` measures
# LlmPages (/proc/PID/smaps: mapped files / the runtime's code and types / the rest), 5 s after its first answer and
# 5 s after 50 rounds of requests:
#   - "webapp": `dotnet new webapp`, Razor Pages alone; each round GETs / and /Privacy.
#   - "webapp + Identity + EF Core": `dotnet new webapp --auth Individual` (ASP.NET Identity on EF Core and SQLite),
#     with its migrations applied at start as LlmPages does, and one endpoint that runs an EF query and an Identity
#     lookup; each round GETs that endpoint, / and the login page.
#   bench/memory-floor.sh
set -euo pipefail
work="$(mktemp -d)"
trap 'kill "${app:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
settings='<ServerGarbageCollection>false</ServerGarbageCollection><ConcurrentGarbageCollection>false</ConcurrentGarbageCollection><TieredPGO>false</TieredPGO>'

# Resident memory of a process in MB: "total (mapped files / runtime code and types / the rest)".
resident() {
  awk '/^[0-9a-f]+-[0-9a-f]+ / { name = $6 } /^Rss:/ {
         total += $2; if (name ~ /doublemapper/) code += $2; else if (name ~ /^\//) files += $2 }
       END { printf "%.1f MB (%.1f / %.1f / %.1f)", total / 1024, files / 1024, code / 1024, (total - files - code) / 1024 }' "/proc/$1/smaps"
}

measure() {
  local name=$1 dll=$2; shift 2
  local port=$((20000 + RANDOM % 20000))
  (cd "$(dirname "$dll")" && ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
    Logging__LogLevel__Default=Warning exec dotnet "$(basename "$dll")" >/dev/null 2>&1) &
  app=$!
  local tries=0
  until curl -sf -o /dev/null "http://127.0.0.1:$port$1"; do
    tries=$((tries + 1))
    if [ "$tries" -gt 600 ]; then echo "$name did not answer $1 within a minute" >&2; exit 1; fi
    sleep 0.1
  done
  sleep 5
  local started; started=$(resident "$app")
  for _ in $(seq 50); do
    for url in "$@"; do curl -sf -o /dev/null "http://127.0.0.1:$port$url"; done
  done
  sleep 5
  echo "| $name | $started | $(resident "$app") |"
  kill "$app"; wait "$app" 2>/dev/null || true
}

cd "$work"
dotnet new webapp -o webapp --no-restore >/dev/null
dotnet new webapp --auth Individual -o identity --no-restore >/dev/null
sed -i "0,/<PropertyGroup>/s##<PropertyGroup>$settings#" webapp/webapp.csproj identity/identity.csproj
# Migrations at start, and an endpoint that reads the database through EF Core and Identity (the template's lines end in CRLF).
sed -i 's/\r$//' identity/Program.cs
sed -i '0,/^var app = builder.Build();$/s##var app = builder.Build();\
using (var scope = app.Services.CreateScope()) { scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Database.Migrate(); }\
app.MapGet("/db", async (ApplicationDbContext db, UserManager<IdentityUser> users) =>\
    await db.Users.CountAsync() + (await users.FindByEmailAsync("nobody@example.com") is null ? 0 : 1));#' identity/Program.cs
sed -i '1i using Microsoft.AspNetCore.Identity;\nusing Microsoft.EntityFrameworkCore;' identity/Program.cs
for app_name in webapp identity; do
  rm -f "$app_name/app.db"
  dotnet publish "$app_name" -c Release -o "$app_name/out" -v quiet -nologo -clp:ErrorsOnly
  rm -f "$app_name/out/app.db"
done

echo "Memory floor, $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, .NET $(dotnet --list-runtimes | awk '/NETCore.App/ { v = $2 } END { print v }'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| App | Right after start | After 50 rounds of requests |"
echo "|---|---|---|"
measure "webapp (Razor Pages)" "$work/webapp/out/webapp.dll" / /Privacy
measure "webapp + Identity + EF Core (SQLite, migrations at start)" "$work/identity/out/identity.dll" /db / /Identity/Account/Login
