using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LeadDialer.UnitTests.Deploy;

/// <summary>
/// A process of the repository (a project with a Program.cs under services/ or gateway/) and what its
/// configuration needs set in a cluster: <see cref="Secrets"/> (connection strings and every variable of
/// an AddSecretCheck call) and <see cref="Addresses"/> (every setting whose shipped value is loopback,
/// which in a pod is the pod itself).
/// </summary>
public sealed record ServiceProject(string Name, string Directory, IReadOnlySet<string> Secrets, IReadOnlySet<string> Addresses, bool UsesBus);

/// <summary>Reads what each service needs from its own code and appsettings.json, not from a list kept by hand.</summary>
public static partial class ServiceConfiguration
{
    public static IReadOnlyList<ServiceProject> Discover(string root) =>
        [.. new[] { "services", "gateway" }
            .SelectMany(top => System.IO.Directory.GetFiles(Path.Combine(root, top), "Program.cs", SearchOption.AllDirectories))
            .Where(path => !IsBuildOutput(path))
            .Select(Path.GetDirectoryName)
            .Select(dir => Read(dir!))
            .OrderBy(p => p.Name, StringComparer.Ordinal)];

    static ServiceProject Read(string directory)
    {
        var project = Path.GetFileName(directory);
        if (!project.StartsWith("LeadDialer.", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{directory} is not a LeadDialer.* project.");
        }

        // LeadDialer.ProviderGateway runs as Deployment provider-gateway.
        var name = UpperCase().Replace(project["LeadDialer.".Length..], "-$1").ToLowerInvariant();
        var sources = System.IO.Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path))
            .ToDictionary(path => path, path => WithoutLineComments(File.ReadAllText(path)));
        var code = string.Join('\n', sources.Values);

        var secrets = new SortedSet<string>(StringComparer.Ordinal);
        var usesBus = AddMessaging().IsMatch(code);
        if (usesBus)
        {
            secrets.Add("ConnectionStrings__rabbitmq");
        }

        foreach (Match match in ConnectionStringUse().Matches(code))
        {
            secrets.Add($"ConnectionStrings__{match.Groups["name"].Value}");
        }

        foreach (Match match in SecretCheck().Matches(code))
        {
            secrets.Add(Constant(match.Groups["variable"].Value, sources, directory));
        }

        var addresses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match match in LoopbackFallback().Matches(code))
        {
            addresses.Add(match.Groups["key"].Value.Replace(":", "__", StringComparison.Ordinal));
        }

        var settings = Path.Combine(directory, "appsettings.json");
        if (File.Exists(settings))
        {
            foreach (var variable in LoopbackSettings(JsonNode.Parse(File.ReadAllText(settings)), ""))
            {
                (variable.StartsWith("ConnectionStrings__", StringComparison.Ordinal) ? secrets : addresses).Add(variable);
            }
        }

        return new ServiceProject(name, directory, secrets, addresses, usesBus);
    }

    /// <summary>Every leaf of appsettings.json whose value points at this machine, as an environment variable name.</summary>
    static IEnumerable<string> LoopbackSettings(JsonNode? node, string path) => node switch
    {
        JsonObject map => map.SelectMany(p => LoopbackSettings(p.Value, path.Length == 0 ? p.Key : $"{path}__{p.Key}")),
        JsonArray list => list.SelectMany((item, i) => LoopbackSettings(item, $"{path}__{i}")),
        JsonValue value when value.TryGetValue<string>(out var text) && IsLoopback(text) => [path],
        _ => [],
    };

    static bool IsLoopback(string value) =>
        value.Contains("127.0.0.1", StringComparison.Ordinal) || value.Contains("localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>A string literal, or a <c>Type.Constant</c> found as <c>const string Constant = "..."</c> in the file declaring Type.</summary>
    static string Constant(string expression, IReadOnlyDictionary<string, string> sources, string directory)
    {
        if (expression.StartsWith('"'))
        {
            return expression.Trim('"');
        }

        var parts = expression.Split('.');
        var (type, member) = (parts[^2], parts[^1]);
        var declaring = new Regex($@"\b(class|record|struct)\s+{Regex.Escape(type)}\b");
        var constant = new Regex($@"const\s+string\s+{Regex.Escape(member)}\s*=\s*""(?<value>[^""]+)""");
        return sources.Values
            .Where(text => declaring.IsMatch(text))
            .Select(text => constant.Match(text))
            .FirstOrDefault(m => m.Success)?.Groups["value"].Value
            ?? throw new InvalidOperationException($"Cannot resolve {expression} (an AddSecretCheck variable) in {directory}.");
    }

    static string WithoutLineComments(string code) =>
        string.Join('\n', code.Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));

    static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex UpperCase();

    [GeneratedRegex(@"\.AddMessaging\(")]
    private static partial Regex AddMessaging();

    [GeneratedRegex(@"(AddPostgres<[^>]+>|GetConnectionString|RequiredConnectionString)\(\s*""(?<name>[^""]+)""")]
    private static partial Regex ConnectionStringUse();

    [GeneratedRegex(@"AddSecretCheck\(\s*(?<variable>""[^""]+""|[A-Za-z_][\w.]*)\s*,")]
    private static partial Regex SecretCheck();

    [GeneratedRegex(@"Configuration\[""(?<key>[^""]+)""\]\s*\?\?\s*""https?://(127\.0\.0\.1|localhost)")]
    private static partial Regex LoopbackFallback();
}
