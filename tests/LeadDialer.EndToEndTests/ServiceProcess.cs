using System.Diagnostics;

namespace LeadDialer.EndToEndTests;

/// <summary>One LeadDialer process (a service, the gateway or the simulator) started from its build output.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StreamWriter _log;

    readonly string _dll;
    readonly IReadOnlyDictionary<string, string> _environment;

    ServiceProcess(string name, Process process, StreamWriter log, string logPath, Uri url, string dll, IReadOnlyDictionary<string, string> environment)
    {
        _dll = dll;
        _environment = environment;
        Name = name;
        _process = process;
        _log = log;
        LogPath = logPath;
        Url = url;
    }

    public string Name { get; }

    public Uri Url { get; }

    public string LogPath { get; }

    public static ServiceProcess Start(string name, string dll, int port, string logDirectory, IReadOnlyDictionary<string, string> environment, bool appendLog = false)
    {
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist. Build the solution first ('deploy/dev.sh test' does).");
        }

        var url = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var logPath = Path.Combine(logDirectory, $"{name}.log");
        var log = new StreamWriter(logPath, append: appendLog) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(name, process, log, logPath, url, dll, environment);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's process id (for CPU figures from /proc).</summary>
    public int ProcessId => _process.Id;

    /// <summary>SIGKILL: no shutdown hooks, no acknowledgements, no flushed buffers — a crash.</summary>
    public async Task Kill()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Starts the same service again, on the same port and configuration; its log continues.</summary>
    public async Task<ServiceProcess> Restart()
    {
        await DisposeAsync();
        var directory = Path.GetDirectoryName(LogPath)!;
        return Start(Name, _dll, Url.Port, directory, _environment, appendLog: true);
    }

    public string LogTail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join(Environment.NewLine, reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException ex)
        {
            return $"(log unreadable: {ex.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }
}
