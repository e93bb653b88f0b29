using System.Text.Json.Nodes;

namespace LeadDialer.UnitTests.Deploy;

/// <summary>
/// What the rendered NetworkPolicies let each Deployment's pods send and receive, as edges
/// "<c>from -> to:port/protocol</c>". A pod no policy selects for a direction is open that way
/// ("anywhere" on every port, "*"), as Kubernetes has it.
/// </summary>
public static class NetworkPolicies
{
    public const string Anywhere = "anywhere";
    public const string Internet = "internet";

    static readonly string[] PrivateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

    public static ISet<string> Egress(KubernetesRender render) => Edges(render, "Egress");

    public static ISet<string> Ingress(KubernetesRender render) => Edges(render, "Ingress");

    static SortedSet<string> Edges(KubernetesRender render, string direction)
    {
        var workloads = render.Workloads;
        var edges = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var workload in workloads)
        {
            var policies = render.OfKind("NetworkPolicy")
                .Where(p => KubernetesRender.Selects(p["spec"]!["podSelector"], workload.PodLabels))
                .Where(p => Types(p).Contains(direction))
                .ToList();
            if (policies.Count == 0)
            {
                edges.Add(Edge(direction, workload.Name, Anywhere, "*"));
                continue;
            }

            var rules = policies.SelectMany(p => p["spec"]![direction == "Egress" ? "egress" : "ingress"]?.AsArray() ?? []);
            foreach (var rule in rules)
            {
                var peers = rule![direction == "Egress" ? "to" : "from"]?.AsArray() is { Count: > 0 } list
                    ? list.SelectMany(peer => Describe(peer!, workloads))
                    : [Anywhere];
                var ports = rule["ports"]?.AsArray() is { Count: > 0 } portList
                    ? portList.Select(p => $"{KubernetesRender.Scalar(p!["port"]) ?? "*"}/{(string?)p["protocol"] ?? "TCP"}")
                    : ["*"];
                foreach (var peer in peers)
                {
                    foreach (var port in ports)
                    {
                        edges.Add(Edge(direction, workload.Name, peer, port));
                    }
                }
            }
        }

        return edges;
    }

    /// <summary>Egress "pod -> peer:port", ingress "peer -> pod:port".</summary>
    public static string Edge(string direction, string workload, string peer, string port) =>
        direction == "Egress" ? $"{workload} -> {peer}:{port}" : $"{peer} -> {workload}:{port}";

    public static string Pod(string workload) => $"pod {workload}";

    public static string Namespace(string name, string? podLabels = null) =>
        $"namespace kubernetes.io/metadata.name={name}" + (podLabels is null ? "" : $" pods {podLabels}");

    static IReadOnlySet<string> Types(JsonNode policy) =>
        policy["spec"]!["policyTypes"]?.AsArray().Select(t => (string)t!).ToHashSet()
        ?? throw new InvalidOperationException($"NetworkPolicy {KubernetesRender.NameOf(policy)} has no policyTypes: name them, so which direction it closes is not left to inference.");

    static IEnumerable<string> Describe(JsonNode peer, IReadOnlyList<Workload> workloads)
    {
        if (peer["ipBlock"] is { } block)
        {
            var except = block["except"]?.AsArray().Select(e => (string)e!).ToHashSet() ?? [];
            return (string)block["cidr"]! == "0.0.0.0/0" && PrivateRanges.All(except.Contains)
                ? [Internet]
                : [$"ipBlock {(string)block["cidr"]!} except [{string.Join(", ", except.Order())}]"];
        }

        if (peer["namespaceSelector"] is { } namespaces)
        {
            return [$"namespace {Labels(namespaces)}" + (peer["podSelector"] is { } pods ? $" pods {Labels(pods)}" : "")];
        }

        var selected = workloads.Where(w => KubernetesRender.Selects(peer["podSelector"], w.PodLabels)).Select(w => Pod(w.Name)).ToList();
        return selected.Count > 0 ? selected : [$"pods {peer["podSelector"]?.ToJsonString()} (selects none)"];
    }

    static string Labels(JsonNode selector) =>
        selector["matchExpressions"] is not null
            ? selector.ToJsonString()
            : string.Join(",", (selector["matchLabels"]?.AsObject() ?? []).Select(p => $"{p.Key}={(string?)p.Value}"));
}
