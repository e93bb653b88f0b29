using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace LeadDialer.UnitTests.Deploy;

/// <summary>A variable as a Deployment's container gets it: a literal value, or a key of a Secret.</summary>
public sealed record EnvValue(string? Literal, string? SecretName = null, string? SecretKey = null)
{
    public bool FromSecret => SecretName is not null;
}

/// <summary>One Deployment: its pods' labels, container ports and environment (env over envFrom, as the kubelet does).</summary>
public sealed record Workload(string Name, JsonObject PodLabels, IReadOnlyDictionary<string, long> Ports, IReadOnlyDictionary<string, EnvValue> Env);

/// <summary>What <c>kubectl kustomize deploy/k8s</c> renders, read as the cluster would read it.</summary>
public sealed class KubernetesRender(IReadOnlyList<JsonObject> resources)
{
    public IReadOnlyList<JsonObject> Resources { get; } = resources;

    public IEnumerable<JsonObject> OfKind(string kind) => Resources.Where(r => (string?)r["kind"] == kind);

    public static string NameOf(JsonNode resource) => (string)resource["metadata"]!["name"]!;

    public IReadOnlyList<Workload> Workloads => [.. OfKind("Deployment").Select(ToWorkload)];

    /// <summary>Runs kubectl (CI machines have it); a missing kubectl fails the spec rather than skipping it.</summary>
    public static KubernetesRender Of(string directory)
    {
        var info = new ProcessStartInfo("kubectl", ["kustomize", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                "kubectl is not on PATH. The Kubernetes render check runs 'kubectl kustomize deploy/k8s'; install kubectl (it carries kustomize) and run the tests again.", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("kubectl kustomize did not finish within 2 minutes.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubectl kustomize {directory} failed ({process.ExitCode}): {errors.Result}");
            }

            using var reader = new StringReader(output.Result);
            return new KubernetesRender([.. Yaml.LoadAll(reader).OfType<JsonObject>()]);
        }
    }

    /// <summary>The decoded values of a Secret (data is base64, stringData plain).</summary>
    public static IReadOnlyDictionary<string, string> SecretValues(JsonObject secret)
    {
        var values = new Dictionary<string, string>();
        foreach (var (key, value) in secret["data"]?.AsObject() ?? [])
        {
            values[key] = Encoding.UTF8.GetString(Convert.FromBase64String((string?)value ?? ""));
        }

        foreach (var (key, value) in secret["stringData"]?.AsObject() ?? [])
        {
            values[key] = (string?)value ?? "";
        }

        return values;
    }

    Workload ToWorkload(JsonObject deployment)
    {
        var template = deployment["spec"]!["template"]!;
        var containers = template["spec"]!["containers"]!.AsArray();
        if (containers.Count != 1)
        {
            throw new InvalidOperationException($"Deployment {NameOf(deployment)} has {containers.Count} containers; the render check reads one per service.");
        }

        var container = containers[0]!;
        var env = new Dictionary<string, EnvValue>();
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            if (source?["configMapRef"]?["name"] is { } map)
            {
                foreach (var (key, value) in Named("ConfigMap", (string)map!)["data"]?.AsObject() ?? [])
                {
                    env[key] = new EnvValue(Scalar(value));
                }
            }
            else if (source?["secretRef"]?["name"] is { } secretName)
            {
                foreach (var key in SecretValues(Named("Secret", (string)secretName!)).Keys)
                {
                    env[key] = new EnvValue(null, (string)secretName!, key);
                }
            }
        }

        foreach (var variable in container["env"]?.AsArray() ?? [])
        {
            var name = (string)variable!["name"]!;
            var from = variable["valueFrom"];
            env[name] = from?["secretKeyRef"] is { } secret
                ? new EnvValue(null, (string)secret["name"]!, (string)secret["key"]!)
                : from?["configMapKeyRef"] is { } entry
                    ? new EnvValue(Scalar(Named("ConfigMap", (string)entry["name"]!)["data"]?[(string)entry["key"]!]))
                    : new EnvValue(Scalar(variable["value"]) ?? "");
        }

        var ports = (container["ports"]?.AsArray() ?? []).ToDictionary(
            p => (string?)p!["name"] ?? ((long)p!["containerPort"]!).ToString(System.Globalization.CultureInfo.InvariantCulture),
            p => (long)p!["containerPort"]!);
        return new Workload(NameOf(deployment), template["metadata"]!["labels"]!.AsObject(), ports, env);
    }

    JsonObject Named(string kind, string name) =>
        OfKind(kind).SingleOrDefault(r => NameOf(r) == name)
        ?? throw new InvalidOperationException($"The render has no {kind} named {name}.");

    /// <summary>A YAML scalar as the string a container sees (8080 and true are plain scalars in the render).</summary>
    public static string? Scalar(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<string>(out var text) ? text : value.ToJsonString()
        : null;

    /// <summary>Does a Kubernetes label selector (matchLabels and matchExpressions, or a plain map) select these labels?</summary>
    public static bool Selects(JsonNode? selector, JsonObject labels)
    {
        if (selector is not JsonObject rules)
        {
            return true;
        }

        if (!rules.ContainsKey("matchLabels") && !rules.ContainsKey("matchExpressions"))
        {
            // A Service's selector is a plain map of labels.
            return rules.All(p => (string?)labels[p.Key] == (string?)p.Value);
        }

        var labelsMatch = (rules["matchLabels"]?.AsObject() ?? []).All(p => (string?)labels[p.Key] == (string?)p.Value);
        return labelsMatch && (rules["matchExpressions"]?.AsArray() ?? []).All(e =>
        {
            var key = (string)e!["key"]!;
            var values = (e["values"]?.AsArray() ?? []).Select(v => (string?)v).ToHashSet();
            var has = labels.TryGetPropertyValue(key, out var label);
            return (string)e["operator"]! switch
            {
                "In" => has && values.Contains((string?)label),
                "NotIn" => !has || !values.Contains((string?)label),
                "Exists" => has,
                "DoesNotExist" => !has,
                var other => throw new InvalidOperationException($"Unknown selector operator {other}."),
            };
        });
    }
}
