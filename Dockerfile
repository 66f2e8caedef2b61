# LlmPages in one small container: the app on port 8080, its data (SQLite, keys, transfers) on a volume at /data.
# Build:  docker build -t llmpages .
# Run:    docker run -p 8080:8080 -v llmpages-data:/data --stop-timeout 30 -e LlmPages__Accounts__AdminEmail=you@example.com llmpages
# tools/check-container.sh checks this file where no container engine runs (CI): the same publish, run as uid 1654
# with this ENV, answering its own HEALTHCHECK.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY LlmPages/LlmPages.csproj LlmPages/
RUN dotnet restore LlmPages/LlmPages.csproj
COPY LlmPages/ LlmPages/
# The front end is prebuilt and committed in LlmPages/wwwroot/dist: no Node needed here.
RUN dotnet publish LlmPages/LlmPages.csproj -c Release -o /app --no-restore /p:UseAppHost=false
# The runtime image has no shell to make the volume's folder: it is made here and copied, owned by the app's user.
RUN mkdir /data

# Chiseled: no shell, no package manager, only what .NET needs, running as the non-root user "app" (uid 1654).
# "-extra" adds ICU and time-zone data, which the app uses: InvariantGlobalization is off (Directory.Build.props) and
# LlmPages:TimeZone is looked up with TimeZoneInfo (Web/AppTimeZone.cs).
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY --from=build --chown=1654:1654 /data /data
ENV ASPNETCORE_HTTP_PORTS=8080
ENV LlmPages__Data__DataFolder=/data
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
# Two of glibc's malloc arenas, not eight per core: 12 MB less resident memory after twenty chats (README, Memory).
ENV MALLOC_ARENA_MAX=2
VOLUME /data
USER 1654
EXPOSE 8080
# No curl in the image: the app probes itself (dotnet LlmPages.dll --health-probe: 0 when GET /healthz is healthy).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["dotnet", "/app/LlmPages.dll", "--health-probe"]
# On SIGTERM the app stops its replies, saves them as interrupted and exits within LlmPages__Chat__ShutdownGrace
# (10 s) plus a few seconds: give it longer than Docker's default 10 s (docker run --stop-timeout 30, Compose
# stop_grace_period: 30s; fly.toml's kill_timeout).
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "LlmPages.dll"]
