# One small container: the app and its SQLite database on a volume mounted at /data.
# Build:  docker build -t llmpages .
# Run:    docker run -p 8080:8080 -v llmpages-data:/data llmpages

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY LlmPages/LlmPages.csproj LlmPages/
RUN dotnet restore LlmPages/LlmPages.csproj
COPY LlmPages/ LlmPages/
# The front end is prebuilt and committed in LlmPages/wwwroot/dist: no Node needed here.
RUN dotnet publish LlmPages/LlmPages.csproj -c Release -o /app --no-restore /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    LlmPages__Data__DataFolder=/data \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
RUN mkdir -p /data && chown app:app /data
VOLUME /data
USER app
EXPOSE 8080
# The image has no curl: orchestrators probe GET /healthz themselves (see fly.toml).
ENTRYPOINT ["dotnet", "LlmPages.dll"]
