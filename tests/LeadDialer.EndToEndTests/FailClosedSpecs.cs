using System.Diagnostics;

namespace LeadDialer.EndToEndTests;

/// <summary>
/// Outside Development a service holding a secret refuses to start on a missing one, on a development
/// value shipped in this repository, or (API keys) on one shorter than 24 characters — and says, in one
/// line, which variable to set. Each case starts the real built service in Production.
/// </summary>
public sealed class FailClosedSpecs
{
    const string Strong = "a-production-secret-of-32-characters";

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // service dll, variable expected in the message, then the environment as NAME=value;NAME=value
        { "services/Webhooks/LeadDialer.Webhooks", "RETELL_API_KEY", "RETELL_API_KEY=dev-retell-key", $"VAPI_WEBHOOK_SECRET={Strong}" },
        { "services/Webhooks/LeadDialer.Webhooks", "RETELL_API_KEY", "", $"VAPI_WEBHOOK_SECRET={Strong}" },
        { "services/Webhooks/LeadDialer.Webhooks", "VAPI_WEBHOOK_SECRET", $"RETELL_API_KEY={Strong}", "VAPI_WEBHOOK_SECRET=dev-vapi-webhook-secret" },
        { "services/ProviderGateway/LeadDialer.ProviderGateway", "RETELL_API_KEY", "RETELL_API_KEY=dev-retell-key", $"VAPI_API_KEY={Strong}" },
        { "services/ProviderGateway/LeadDialer.ProviderGateway", "VAPI_API_KEY", $"RETELL_API_KEY={Strong}", "VAPI_API_KEY=dev-vapi-key" },
        { "gateway/LeadDialer.Gateway", "LEADDIALER_API_KEY", "LEADDIALER_API_KEY=ld-dev-key-change-me", "" },
        { "gateway/LeadDialer.Gateway", "LEADDIALER_API_KEY", "LEADDIALER_API_KEY=short-key-23-characters", "" },
        { "gateway/LeadDialer.Gateway", "LEADDIALER_ADMIN_KEY", $"LEADDIALER_API_KEY={Strong}", "LEADDIALER_ADMIN_KEY=CHANGE-ME" },
        { "gateway/LeadDialer.Gateway", "LEADDIALER_ADMIN_KEY", $"LEADDIALER_API_KEY={Strong}", "" },
        // The admin key may not be a key that also opens /api.
        { "gateway/LeadDialer.Gateway", "LEADDIALER_ADMIN_KEY", $"LEADDIALER_API_KEY={Strong}", $"LEADDIALER_ADMIN_KEY={Strong}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_service_in_Production_with_a_development_missing_or_short_secret_exits_naming_the_variable(
        string project, string variable, string first, string second)
    {
        var (exitCode, output) = await StartInProduction(project, [first, second]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(variable, output, StringComparison.Ordinal);
        Assert.Contains($"set {variable}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_service_with_its_own_secrets_gets_past_the_check()
    {
        // Control case: with strong secrets the gateway does not stop on the secret check; it then fails
        // (or runs) for other reasons — no database here — but never with a secret message.
        var (_, output) = await StartInProduction("gateway/LeadDialer.Gateway", [$"LEADDIALER_API_KEY={Strong}", $"LEADDIALER_ADMIN_KEY=another-{Strong}", "ConnectionStrings__gateway=Host=127.0.0.1;Port=1;Database=none;Timeout=1"], TimeSpan.FromSeconds(20));

        Assert.DoesNotContain("set LEADDIALER_", output, StringComparison.Ordinal);
        // It got as far as the database, which proves the secret check let it through.
        Assert.Contains("EntityFrameworkCore", output, StringComparison.Ordinal);
    }

    static async Task<(int? ExitCode, string Output)> StartInProduction(string project, string[] environment, TimeSpan? wait = null)
    {
        var root = LeadDialerSystem.RepositoryRootPath;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var name = Path.GetFileName(project);
        var directory = Path.Combine(root, project, "bin", configuration, "net10.0");
        var info = new ProcessStartInfo("dotnet", $"{name}.dll")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var variable in new[] { "RETELL_API_KEY", "VAPI_API_KEY", "VAPI_WEBHOOK_SECRET", "LEADDIALER_API_KEY", "LEADDIALER_ADMIN_KEY" })
        {
            info.Environment.Remove(variable);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["ConnectionStrings__rabbitmq"] = "amqp://nobody:nothing@127.0.0.1:1/none";
        foreach (var pair in environment.Where(e => e.Length > 0))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            info.Environment[pair[..at]] = pair[(at + 1)..];
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(60));
        int? exitCode = null;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            exitCode = process.ExitCode;
        }
        catch (OperationCanceledException) when (wait is not null)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return (exitCode, await stdout + await stderr);
    }
}
