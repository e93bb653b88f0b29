using System.Text.Json.Nodes;

namespace LeadDialer.UnitTests.Deploy;

/// <summary>
/// Issue 14 (g): deploy/k8s rendered with <c>kubectl kustomize</c> and checked against what the services
/// read (their code and appsettings.json, see <see cref="ServiceConfiguration"/>): every variable set,
/// the console there, secrets empty, network policies opening exactly the edges the services use.
/// </summary>
public sealed class KubernetesManifestSpecs
{
    const string RabbitMqPort = "5672/TCP";
    const string PostgresPort = "5432/TCP";

    static readonly Lazy<KubernetesRender> Rendered = new(() => KubernetesRender.Of(Path.Combine(Repository.Root, "deploy", "k8s")));
    static readonly Lazy<IReadOnlyList<ServiceProject>> Projects = new(() => ServiceConfiguration.Discover(Repository.Root));

    static KubernetesRender Render => Rendered.Value;

    [Fact]
    public void Every_service_of_the_repository_runs_as_a_deployment_behind_a_service_and_nothing_else_does()
    {
        var projects = Projects.Value.Select(p => p.Name).ToHashSet();
        var workloads = Render.Workloads.Select(w => w.Name).ToHashSet();

        Assert.Contains("console", projects);
        Assert.Equal(projects.Order(), workloads.Order());
        foreach (var workload in Render.Workloads)
        {
            Assert.True(
                Render.OfKind("Service").Any(s => KubernetesRender.Selects(s["spec"]!["selector"], workload.PodLabels)),
                $"No Service selects the pods of Deployment {workload.Name}.");
        }
    }

    [Fact]
    public void The_configuration_read_from_the_services_holds_what_they_are_known_to_need()
    {
        // Guards the derivation itself: were it to find nothing, the spec below would pass on nothing.
        var projects = Projects.Value.ToDictionary(p => p.Name);

        Assert.Superset(new HashSet<string> { "ConnectionStrings__webhooks", "ConnectionStrings__rabbitmq", "RETELL_API_KEY", "VAPI_WEBHOOK_SECRET" }, projects["webhooks"].Secrets.ToHashSet());
        Assert.Superset(new HashSet<string> { "ConnectionStrings__gateway", "LEADDIALER_API_KEY", "LEADDIALER_ADMIN_KEY" }, projects["gateway"].Secrets.ToHashSet());
        Assert.Superset(new HashSet<string> { "ConnectionStrings__import", "ConnectionStrings__leads" }, projects["import"].Secrets.ToHashSet());
        Assert.Superset(new HashSet<string> { "RETELL_API_KEY", "VAPI_API_KEY", "ConnectionStrings__providergateway" }, projects["provider-gateway"].Secrets.ToHashSet());
        Assert.Equal(6, projects["gateway"].Addresses.Count(a => a.StartsWith("ReverseProxy__Clusters__", StringComparison.Ordinal)));
        Assert.Contains("ReverseProxy__Clusters__console__Destinations__primary__Address", projects["gateway"].Addresses);
        Assert.Contains("Services__Gateway__BaseUrl", projects["console"].Addresses);
        Assert.Contains("Services__Dialer__BaseUrl", projects["leads"].Addresses);
        Assert.Contains("Services__Leads__BaseUrl", projects["import"].Addresses);
        Assert.Superset(new HashSet<string> { "CustomFields__Url", "Providers__Retell__BaseUrl", "Providers__Vapi__BaseUrl" }, projects["provider-gateway"].Addresses.ToHashSet());
        Assert.False(projects["import"].UsesBus);
        Assert.True(projects["dialer"].UsesBus);
    }

    [Fact]
    public void Every_deployment_sets_every_variable_its_service_reads()
    {
        var problems = new List<string>();
        var workloads = Render.Workloads.ToDictionary(w => w.Name);
        foreach (var project in Projects.Value)
        {
            if (!workloads.TryGetValue(project.Name, out var workload))
            {
                problems.Add($"{project.Name}: no Deployment.");
                continue;
            }

            var env = workload.Env;
            // Anything else lets a service run on development secrets (SecretCheck allows them in Development and Testing).
            if (env.GetValueOrDefault("ASPNETCORE_ENVIRONMENT")?.Literal != "Production")
            {
                problems.Add($"{project.Name}: ASPNETCORE_ENVIRONMENT is not Production.");
            }

            foreach (var variable in project.Secrets)
            {
                if (!env.TryGetValue(variable, out var value))
                {
                    problems.Add($"{project.Name}: {variable} is not set.");
                }
                else if (!value.FromSecret)
                {
                    problems.Add($"{project.Name}: {variable} is a literal value; it is a secret and must come from a Secret.");
                }
                else if (!Render.OfKind("Secret").Any(s => KubernetesRender.NameOf(s) == value.SecretName && KubernetesRender.SecretValues(s).ContainsKey(value.SecretKey!)))
                {
                    problems.Add($"{project.Name}: {variable} reads key {value.SecretKey} of Secret {value.SecretName}, which the render does not have.");
                }
            }

            foreach (var variable in project.Addresses)
            {
                var url = env.GetValueOrDefault(variable)?.Literal;
                if (url is null)
                {
                    problems.Add($"{project.Name}: {variable} is not set (its default is this machine, which in a pod is the pod itself).");
                }
                else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsLoopback)
                {
                    problems.Add($"{project.Name}: {variable} = '{url}' is not an address another pod or the internet answers.");
                }
            }

            if (project.UsesBus && env.GetValueOrDefault("Messaging__QuorumQueues")?.Literal != "true")
            {
                problems.Add($"{project.Name}: Messaging__QuorumQueues is not true (the cluster's queues must be replicated).");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_secrets_ship_without_a_usable_value()
    {
        var secrets = Render.OfKind("Secret").ToList();
        Assert.NotEmpty(secrets);

        var filled = secrets.SelectMany(s => KubernetesRender.SecretValues(s)
            .Where(v => !string.IsNullOrWhiteSpace(v.Value))
            .Select(v => $"{KubernetesRender.NameOf(s)}/{v.Key}"));
        Assert.Empty(filled);
        Assert.DoesNotContain("CHANGE-ME", string.Join('\n', Render.Resources.Select(r => r.ToJsonString())), StringComparison.OrdinalIgnoreCase);

        // The gateway refuses an admin key equal to the API key: two keys of the Secret, not one read twice.
        var gateway = Render.Workloads.Single(w => w.Name == "gateway").Env;
        Assert.NotEqual(gateway["LEADDIALER_API_KEY"].SecretKey, gateway["LEADDIALER_ADMIN_KEY"].SecretKey);
    }

    [Fact]
    public void The_gateway_routes_to_the_console_and_the_console_calls_the_gateway()
    {
        var workloads = Render.Workloads.ToDictionary(w => w.Name);

        var route = Destination(workloads["gateway"].Env["ReverseProxy__Clusters__console__Destinations__primary__Address"].Literal!);
        var back = Destination(workloads["console"].Env["Services__Gateway__BaseUrl"].Literal!);

        Assert.Equal(["console"], route.Pods.Select(p => p.Workload));
        Assert.Equal(["gateway"], back.Pods.Select(p => p.Workload));
    }

    [Fact]
    public void Network_policies_allow_exactly_the_edges_the_services_use()
    {
        var workloads = Render.Workloads.ToDictionary(w => w.Name);
        var open = PublicPorts();
        var egress = new SortedSet<string>(StringComparer.Ordinal);
        var ingress = new SortedSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (workload, port) in open)
        {
            ingress.Add(NetworkPolicies.Edge("Ingress", workload, NetworkPolicies.Anywhere, port));
        }

        foreach (var project in Projects.Value.Where(p => workloads.ContainsKey(p.Name)))
        {
            var workload = workloads[project.Name];
            foreach (var variable in project.Addresses)
            {
                if (workload.Env.GetValueOrDefault(variable)?.Literal is not { } url)
                {
                    continue; // reported by Every_deployment_sets_every_variable_its_service_reads
                }

                var destination = Destination(url);
                if (destination.Problem is { } problem)
                {
                    problems.Add($"{project.Name}: {variable}: {problem}");
                }

                if (destination.External is { } external)
                {
                    egress.Add(NetworkPolicies.Edge("Egress", project.Name, NetworkPolicies.Internet, external));
                }

                foreach (var (target, port) in destination.Pods)
                {
                    egress.Add(NetworkPolicies.Edge("Egress", project.Name, NetworkPolicies.Pod(target), port));
                    if (!open.Contains((target, port)))
                    {
                        ingress.Add(NetworkPolicies.Edge("Ingress", target, NetworkPolicies.Pod(project.Name), port));
                    }
                }
            }

            if (project.Secrets.Any(s => s.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && s != "ConnectionStrings__rabbitmq"))
            {
                egress.Add(NetworkPolicies.Edge("Egress", project.Name, NetworkPolicies.Anywhere, PostgresPort));
            }

            if (project.UsesBus)
            {
                egress.Add(NetworkPolicies.Edge("Egress", project.Name, NetworkPolicies.Anywhere, RabbitMqPort));
            }

            // Every pod resolves names; the cluster DNS answers on both protocols.
            var dns = NetworkPolicies.Namespace("kube-system", "k8s-app=kube-dns");
            egress.Add(NetworkPolicies.Edge("Egress", project.Name, dns, "53/UDP"));
            egress.Add(NetworkPolicies.Edge("Egress", project.Name, dns, "53/TCP"));

            // The collector lives in the namespace its host names (otel-collector.observability).
            if (workload.Env.GetValueOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT")?.Literal is { Length: > 0 } otlp)
            {
                var collector = new Uri(otlp);
                egress.Add(NetworkPolicies.Edge("Egress", project.Name, NetworkPolicies.Namespace(collector.Host.Split('.')[1]), $"{collector.Port}/TCP"));
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        AssertSame("egress", egress, NetworkPolicies.Egress(Render));
        AssertSame("ingress", ingress, NetworkPolicies.Ingress(Render));
    }

    static void AssertSame(string direction, ISet<string> used, ISet<string> allowed)
    {
        var missing = used.Except(allowed).ToList();
        var extra = allowed.Except(used).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            $"NetworkPolicy {direction}:\n  used by the services but not allowed:\n    {string.Join("\n    ", missing)}\n  allowed but used by no service:\n    {string.Join("\n    ", extra)}");
    }

    sealed record Target(IReadOnlyList<(string Workload, string Port)> Pods, string? External, string? Problem);

    /// <summary>Where a configured URL leads: the pods behind a Service of the render (and their container port), or the internet.</summary>
    static Target Destination(string url)
    {
        var uri = new Uri(url);
        var serviceName = uri.Host.Split('.')[0];
        var inCluster = !uri.Host.Contains('.', StringComparison.Ordinal) || uri.Host.EndsWith(".svc.cluster.local", StringComparison.Ordinal) || uri.Host.StartsWith($"{serviceName}.leaddialer", StringComparison.Ordinal);
        if (!inCluster)
        {
            return uri.Scheme == Uri.UriSchemeHttps
                ? new Target([], $"{uri.Port}/TCP", null)
                : new Target([], null, $"{url} leaves the cluster without TLS.");
        }

        var service = Render.OfKind("Service").SingleOrDefault(s => KubernetesRender.NameOf(s) == serviceName);
        if (service is null)
        {
            return new Target([], null, $"{url} names {serviceName}, which is no Service of deploy/k8s.");
        }

        var servicePort = service["spec"]!["ports"]!.AsArray().SingleOrDefault(p => (long)p!["port"]! == uri.Port);
        if (servicePort is null)
        {
            return new Target([], null, $"{url}: Service {serviceName} has no port {uri.Port}.");
        }

        var pods = Render.Workloads
            .Where(w => KubernetesRender.Selects(service["spec"]!["selector"], w.PodLabels))
            .Select(w => (w.Name, $"{ContainerPort(w, servicePort["targetPort"] ?? servicePort["port"])}/TCP"))
            .ToList();
        return pods.Count > 0 ? new Target(pods, null, null) : new Target([], null, $"{url}: Service {serviceName} selects no pods.");
    }

    /// <summary>The container ports reachable from outside the namespace (LoadBalancer and NodePort Services).</summary>
    static HashSet<(string Workload, string Port)> PublicPorts() =>
        [.. Render.OfKind("Service")
            .Where(s => (string?)s["spec"]!["type"] is "LoadBalancer" or "NodePort")
            .SelectMany(s => Render.Workloads
                .Where(w => KubernetesRender.Selects(s["spec"]!["selector"], w.PodLabels))
                .SelectMany(w => s["spec"]!["ports"]!.AsArray().Select(p => (w.Name, $"{ContainerPort(w, p!["targetPort"] ?? p["port"])}/TCP"))))];

    static long ContainerPort(Workload workload, JsonNode? targetPort) =>
        KubernetesRender.Scalar(targetPort) is { } port && long.TryParse(port, out var number) ? number : workload.Ports[KubernetesRender.Scalar(targetPort)!];
}
