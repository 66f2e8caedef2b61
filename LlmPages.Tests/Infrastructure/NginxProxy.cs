using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LlmPages.Tests.Infrastructure;

/// <summary>
/// Debian's nginx (<c>/usr/sbin/nginx</c>) running the repository's own site file, <c>deploy/nginx/llmpages.conf</c> (the
/// README's), in front of the given instances: only its addresses change (the instances for the upstream's one, free
/// loopback ports for the listens, a certificate made here for Let's Encrypt's). Every other line is the operator's.
/// Each request's instance is written to an access log (<see cref="ServedBy"/>).
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly string folder;
    private readonly Process process;
    private readonly X509Certificate2 certificate;

    private NginxProxy(string folder, Process process, X509Certificate2 certificate, Uri address)
    {
        this.folder = folder;
        this.process = process;
        this.certificate = certificate;
        Address = address;
    }

    /// <summary>The proxy's HTTPS address on loopback.</summary>
    public Uri Address { get; }

    /// <summary>The site file from the repository, as committed.</summary>
    public static string SiteFile => Path.Combine(RepositoryRoot(), "deploy", "nginx", "llmpages.conf");

    public static async Task<NginxProxy> StartAsync(IReadOnlyList<Uri> instances)
    {
        var folder = Directory.CreateTempSubdirectory("llmpages-nginx-").FullName;
        var certificate = CreateCertificate();
        await File.WriteAllTextAsync(Path.Combine(folder, "tls.crt"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(folder, "tls.key"), certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var port = FreePort();
        var site = Replace(await File.ReadAllTextAsync(SiteFile), new Dictionary<string, string>
        {
            ["    server 127.0.0.1:8080;\n"] = string.Concat(instances.Select(i => $"    server {i.Host}:{i.Port};\n")),
            ["    listen 80;\n"] = $"    listen 127.0.0.1:{FreePort()};\n",
            ["    listen [::]:80;\n"] = "",
            ["    listen 443 ssl http2;\n"] = $"    listen 127.0.0.1:{port} ssl http2;\n",
            ["    listen [::]:443 ssl http2;\n"] = "",
            ["/etc/letsencrypt/live/chat.example.com/fullchain.pem"] = Path.Combine(folder, "tls.crt"),
            ["/etc/letsencrypt/live/chat.example.com/privkey.pem"] = Path.Combine(folder, "tls.key"),
        });
        await File.WriteAllTextAsync(Path.Combine(folder, "llmpages.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), MainConfig(folder));

        var start = new ProcessStartInfo(Binary, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        var proxy = new NginxProxy(folder, process, certificate, new Uri($"https://127.0.0.1:{port}/"));
        await proxy.WaitUntilListeningAsync(port);
        return proxy;
    }

    /// <summary>
    /// A browser of this proxy's site: HTTP/2 over TLS trusting only this proxy's certificate, gzip accepted (nginx
    /// compresses pages, as Debian's nginx.conf says), cookies kept in <paramref name="cookies"/>.
    /// </summary>
    public HttpClient CreateClient(CookieContainer cookies) =>
        new(new SocketsHttpHandler
        {
            CookieContainer = cookies,
            AutomaticDecompression = DecompressionMethods.All,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString(),
            },
        })
        {
            BaseAddress = Address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

    /// <summary>The instance (<c>127.0.0.1:port</c>) that served each request so far, in order, with its method and path.</summary>
    public IReadOnlyList<(string Method, string Path, string Instance)> ServedBy()
    {
        var log = Path.Combine(folder, "access.log");
        if (!File.Exists(log))
        {
            return [];
        }
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Select(f => (f[0], f[1], f[^1]))
            .ToList();
    }

    public string ErrorLog => File.Exists(Path.Combine(folder, "error.log")) ? File.ReadAllText(Path.Combine(folder, "error.log")) : "";

    /// <summary>
    /// The main configuration around the site file, as Debian's /etc/nginx/nginx.conf has it (mime types, gzip on), with
    /// its files in the test's folder and one worker, so that requests go to the instances strictly in turn.
    /// </summary>
    private static string MainConfig(string folder) => $$"""
        {{(Environment.UserName == "root" ? "user root;" : "")}}
        worker_processes 1;
        daemon off;
        pid {{folder}}/nginx.pid;
        error_log {{folder}}/error.log;
        events { worker_connections 256; }
        http {
            sendfile on;
            tcp_nopush on;
            types_hash_max_size 2048;
            include /etc/nginx/mime.types;
            default_type application/octet-stream;
            gzip on;
            client_body_temp_path {{folder}}/client_body;
            proxy_temp_path {{folder}}/proxy;
            fastcgi_temp_path {{folder}}/fastcgi;
            uwsgi_temp_path {{folder}}/uwsgi;
            scgi_temp_path {{folder}}/scgi;
            log_format instances '$request_method $uri $status $upstream_addr';
            access_log {{folder}}/access.log instances;
            include {{folder}}/llmpages.conf;
        }
        """;

    /// <summary>Replaces each line the test must change, failing if the site file no longer has it.</summary>
    private static string Replace(string text, IReadOnlyDictionary<string, string> replacements)
    {
        foreach (var (from, to) in replacements)
        {
            if (!text.Contains(from, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"deploy/nginx/llmpages.conf no longer contains '{from.Trim()}', which the deployment tests replace.");
            }
            text = text.Replace(from, to, StringComparison.Ordinal);
        }
        return text;
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx stopped: {await process.StandardError.ReadToEndAsync()}\n{ErrorLog}");
            }
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20, deadline.Token);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "LlmPages.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("LlmPages.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        certificate.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS's temp cleaning.
        }
    }
}
