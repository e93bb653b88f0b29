using System.Diagnostics;

namespace LeadDialer.EndToEndTests.Faults;

/// <summary>
/// A PostgreSQL cluster and a RabbitMQ node of this test's own (<c>deploy/private-infra.sh</c>), so it
/// can crash them while other test assemblies keep using the shared servers.
/// </summary>
public sealed class PrivateInfrastructure : IAsyncDisposable
{
    readonly string _script;
    readonly string _directory;
    readonly string _logs;

    PrivateInfrastructure(string script, string logs, IReadOnlyDictionary<string, string> values)
    {
        _script = script;
        _logs = logs;
        _directory = values["DIR"];
        Postgres = values["POSTGRES"];
        RabbitMq = values["RABBITMQ"];
    }

    /// <summary>Connection string without a database (the system creates its own).</summary>
    public string Postgres { get; }

    /// <summary>The private node's virtual host, as an AMQP URI.</summary>
    public string RabbitMq { get; }

    /// <summary>Starts both; <paramref name="logs"/> receives the servers' logs when they are stopped.</summary>
    public static async Task<PrivateInfrastructure> Start(string logs)
    {
        var script = Path.Combine(LeadDialerSystem.RepositoryRootPath, "deploy", "private-infra.sh");
        var output = await Run(script, ["start"]);
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1]);
        return new PrivateInfrastructure(script, logs, values);
    }

    /// <summary><c>pg_ctl stop -m immediate</c>: every backend dies at once, as in a crash.</summary>
    public Task KillPostgres() => Run(_script, ["pg-kill", _directory]);

    public Task StartPostgres() => Run(_script, ["pg-start", _directory]);

    /// <summary>SIGKILL of the broker's VM: connections drop without a close, nothing is flushed.</summary>
    public Task KillRabbitMq() => Run(_script, ["mq-kill", _directory]);

    public Task StartRabbitMq() => Run(_script, ["mq-start", _directory]);

    /// <summary>Every queue of the virtual host with its ready messages.</summary>
    public async Task<IReadOnlyDictionary<string, long>> Queues()
    {
        var output = await Run(_script, ["queues", _directory]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(columns => columns[0], columns => long.Parse(columns[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Stops both and removes their files, keeping the servers' logs.</summary>
    public async ValueTask DisposeAsync() => await Run(_script, ["stop", _directory, _logs]);

    static async Task<string> Run(string script, string[] arguments)
    {
        var info = new ProcessStartInfo(script, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A RabbitMQ start takes ~15 s on a quiet 2-core machine and minutes on an overloaded one (the script waits up to 300 s); this bounds a hung one.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(360));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
