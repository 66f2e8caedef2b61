using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace LlmPages.Bench;

/// <summary>
/// With <c>BENCH_APP_MEMORY_LIMIT</c> (bytes, or a number and K, M or G), the memory part's app runs as it would in a
/// container on a machine that size: in a memory control group of its own with that limit, which the runtime reads at
/// start (the garbage collector's heap limit becomes three quarters of it, and it collects harder as the group fills),
/// and which the kernel enforces on everything the app's pages cost: its anonymous memory, the runtime's code and type
/// data, and the file pages it reads (reclaimed, before the app is stopped, when the group is full).
/// A file page is charged to the group that first read it, and the benchmark runs on the same runtime; so the app gets
/// private copies of the runtime (the <c>dotnet</c> host and its shared frameworks) and of its published folder, put
/// out of the page cache, and every page it maps is its own, as in a container. Needs root and a memory control group
/// (v1 or v2) at /sys/fs/cgroup; the group and the copies are made afresh for each app and removed after it.
/// </summary>
/// <param name="Group">The group's folder.</param>
/// <param name="Copies">The folder of the private copies.</param>
/// <param name="Dotnet">The copied <c>dotnet</c> host.</param>
/// <param name="AppDll">The copied app.</param>
/// <param name="Bytes">The limit.</param>
public sealed record MemoryLimit(string Group, string Copies, string Dotnet, string AppDll, long Bytes)
{
    /// <summary>A <c>sh -c</c> script: the shell moves itself into the group, then becomes the command in its arguments.</summary>
    public string EnterAndExec => $"echo $$ > {Path.Combine(Group, "cgroup.procs")} && exec \"$@\"";

    /// <summary>The group and the app's copies, or null without <c>BENCH_APP_MEMORY_LIMIT</c>.</summary>
    public static MemoryLimit? Prepare(string appDll)
    {
        if (Environment.GetEnvironmentVariable("BENCH_APP_MEMORY_LIMIT") is not { Length: > 0 } text)
        {
            return null;
        }
        var bytes = Parse(text);
        var name = $"llmpages-bench-{Environment.ProcessId}-{Guid.NewGuid():N}"[..32];
        string group, limitFile;
        if (File.Exists("/sys/fs/cgroup/cgroup.controllers"))
        {
            group = Path.Combine("/sys/fs/cgroup", name); // cgroup v2
            limitFile = "memory.max";
        }
        else if (Directory.Exists("/sys/fs/cgroup/memory"))
        {
            group = Path.Combine("/sys/fs/cgroup/memory", name); // cgroup v1
            limitFile = "memory.limit_in_bytes";
        }
        else
        {
            throw new InvalidOperationException("BENCH_APP_MEMORY_LIMIT needs a memory control group: none is mounted at /sys/fs/cgroup.");
        }

        // .../shared/Microsoft.NETCore.App/<version>/ is this runtime's folder; the dotnet root is three above it.
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var copies = Directory.CreateTempSubdirectory("llmpages-bench-copies-").FullName;
        var appFolder = Path.GetDirectoryName(Path.GetFullPath(appDll))!;
        Run("cp", "-a", Path.Combine(dotnetRoot, "dotnet"), Path.Combine(dotnetRoot, "host"), Path.Combine(dotnetRoot, "shared"), copies);
        Run("cp", "-a", appFolder, Path.Combine(copies, "app"));
        Run("sync");
        foreach (var file in Directory.EnumerateFiles(copies, "*", SearchOption.AllDirectories))
        {
            Evict(file);
        }

        Directory.CreateDirectory(group);
        File.WriteAllText(Path.Combine(group, limitFile), bytes.ToString(CultureInfo.InvariantCulture));
        Console.Error.WriteLine($"[bench] the app runs in {group}, limited to {bytes / 1048576.0:0} MB, on its own copies of the runtime and itself in {copies}");
        return new MemoryLimit(group, copies, Path.Combine(copies, "dotnet"), Path.Combine(copies, "app", Path.GetFileName(appDll)), bytes);
    }

    /// <summary>What the group is charged now, if the kernel says.</summary>
    public long? Charged() => ReadFirst("memory.current", "memory.usage_in_bytes");

    /// <summary>The group's highest charge so far, if the kernel says.</summary>
    public long? Peak() => ReadFirst("memory.peak", "memory.max_usage_in_bytes");

    /// <summary>Removes the group and the copies once the app has exited (a group with a process in it cannot go).</summary>
    public void Remove()
    {
        foreach (var remove in (Action[])[() => Directory.Delete(Group), () => Directory.Delete(Copies, recursive: true)])
        {
            try
            {
                remove(); // each on its own: a group still busy must not leave the copies (a few hundred MB) behind
            }
            catch (IOException)
            {
            }
        }
    }

    private long? ReadFirst(params string[] files)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(Group, file);
            if (File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out var bytes))
            {
                return bytes;
            }
        }
        return null;
    }

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments)) ?? throw new InvalidOperationException($"{command} did not start.");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}.");
        }
    }

    /// <summary>Puts a (synced, so clean) file's pages out of the page cache: the next to read it is charged for them.</summary>
    private static void Evict(string file)
    {
        if (new FileInfo(file).LinkTarget is not null)
        {
            return;
        }
        using var handle = File.OpenHandle(file);
        _ = PosixFadvise((int)handle.DangerousGetHandle(), 0, 0, PosixFadviseDontNeed);
    }

    private const int PosixFadviseDontNeed = 4;

    [DllImport("libc", EntryPoint = "posix_fadvise")]
    private static extern int PosixFadvise(int fd, long offset, long length, int advice);

    private static long Parse(string text)
    {
        var unit = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1L };
        var digits = unit == 1 ? text : text[..^1];
        return long.Parse(digits, CultureInfo.InvariantCulture) * unit;
    }
}
