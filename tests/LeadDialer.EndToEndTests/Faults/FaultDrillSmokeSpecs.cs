using System.Diagnostics;

namespace LeadDialer.EndToEndTests.Faults;

/// <summary>
/// The fault drill (<c>bench/faults/run.sh</c>) in its smoke mode: a few leads, one fault of each kind
/// (Webhooks, the broker, PostgreSQL), on its own servers. Keeps the drill itself working between the
/// full runs, which are on demand.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class FaultDrillSmokeSpecs
{
    [Fact]
    public async Task The_fault_drill_in_smoke_mode_finds_no_violation()
    {
        var root = LeadDialerSystem.RepositoryRootPath;
        var info = new ProcessStartInfo(Path.Combine(root, "bench", "faults", "run.sh"), ["--smoke", "--no-build"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The suite's own build: bin/Release under deploy/dev.sh test, bin/Debug when run by hand.
        info.Environment["CONFIGURATION"] = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        using var drill = Process.Start(info)!;
        var output = drill.StandardOutput.ReadToEndAsync();
        var error = drill.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        try
        {
            await drill.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM, so its trap removes the private servers and processes.
            Process.Start("kill", ["-TERM", drill.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            await drill.WaitForExitAsync();
        }

        Assert.True(drill.ExitCode == 0, $"bench/faults/run.sh --smoke exited with {drill.ExitCode}:\n{await output}\n{await error}");
        Assert.Contains("no violation", await output, StringComparison.Ordinal);
    }
}
