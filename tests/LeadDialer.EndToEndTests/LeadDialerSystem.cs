using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadDialer.EndToEndTests.Telemetry;
using Npgsql;

namespace LeadDialer.EndToEndTests;

/// <summary>
/// The whole system, for real: every service, the gateway and the provider simulator as separate
/// processes, on the PostgreSQL server and RabbitMQ virtual host that <c>deploy/dev.sh test</c>
/// prepared. Requests go through the gateway, as a client's would.
/// </summary>
public sealed class LeadDialerSystem : IAsyncLifetime
{
    readonly LeadDialerSystemOptions _options;

    // xunit needs one public constructor for a collection fixture; other runs (bench/) use With.
    public LeadDialerSystem()
        : this(new LeadDialerSystemOptions())
    {
    }

    LeadDialerSystem(LeadDialerSystemOptions options) => _options = options;

    public static LeadDialerSystem With(LeadDialerSystemOptions options) => new(options);

    public const string ApiKey = "e2e-api-key";
    public const string RetellApiKey = "e2e-retell-key";
    public const string VapiApiKey = "e2e-vapi-key";
    public const string VapiWebhookSecret = "e2e-vapi-webhook-secret";

    /// <summary>ProviderGateway's per-request timeout; the simulator holds a <c>create-slow</c> answer well past it.</summary>
    public static readonly TimeSpan ProviderAttemptTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long after a call started ProviderGateway asks the provider for an outcome that has not come.</summary>
    public static readonly TimeSpan ReconcileAfter = TimeSpan.FromSeconds(10);

    /// <summary>How long the Webhooks service waits for the CallStarted of a report's call before dropping the report.</summary>
    public static readonly TimeSpan UnknownCallWait = TimeSpan.FromSeconds(5);

    /// <summary>The Import service's upload limit in the tests: small, so a too-large upload is cheap to send.</summary>
    public const long MaxUploadBytes = 4 * 1024 * 1024;

    readonly List<ServiceProcess> _processes = [];
    readonly List<string> _databases = [];
    readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    string _postgres = null!;

    /// <summary>The RabbitMQ virtual host the system under test runs on.</summary>
    public static string RabbitMq => Required("LEADDIALER_TEST_RABBITMQ");

    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>The gateway without an API key.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>Every span every process exported (OTLP/HTTP to this test process).</summary>
    public OtlpReceiver Otlp { get; } = new();

    /// <summary>Whether an Import process runs in this system (its route is then checked end to end).</summary>
    public bool RunsImport => _processes.Any(p => p.Name == "import");

    public HttpClient Simulator { get; private set; } = null!;

    /// <summary>The database both Dialer instances share.</summary>
    public string DialerDatabase { get; private set; } = null!;

    /// <summary>The Webhooks service's database (every delivery and what became of it).</summary>
    public string WebhooksDatabase { get; private set; } = null!;

    /// <summary>The Leads service's database (the status every client sees).</summary>
    public string LeadsDatabase { get; private set; } = null!;

    public IReadOnlyList<ServiceProcess> Processes => _processes;

    /// <summary>The Import service directly, for what the gateway's own limits would stop first (a 2 GB upload).</summary>
    public HttpClient ImportService { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _postgres = _options.Postgres ?? Required("LEADDIALER_TEST_POSTGRES");
        var rabbitmq = _options.RabbitMq ?? Required("LEADDIALER_TEST_RABBITMQ");
        var root = RepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var logs = LogDirectory(_options.LogFolder);
        Directory.CreateDirectory(logs);

        var ports = FreePorts(9);
        var (gateway, leads, dialer, providerGateway, webhooks, simulator, dialer2, import) = (ports[0], ports[1], ports[2], ports[3], ports[4], ports[5], ports[6], ports[7]);
        var console = ports[8];

        string Dll(string folder, string project) => Path.Combine(root, folder, project, "bin", configuration, "net10.0", $"{project}.dll");
        async Task<string> Database(string service)
        {
            var name = $"leaddialer_test_e2e_{service}_{_runId}";
            await Admin($"CREATE DATABASE \"{name}\"");
            _databases.Add(name);
            return new NpgsqlConnectionStringBuilder(_postgres) { Database = name }.ConnectionString;
        }

        var bus = new Dictionary<string, string>
        {
            ["ConnectionStrings__rabbitmq"] = rabbitmq,
            // A bus that stops consuming after a broker crash is restarted within a minute, not ~2 (ADR 0008).
            ["Messaging__DeadLetters__SampleInterval"] = "00:00:05",
            ["Messaging__Watchdog__StallLimit"] = "00:00:30",
        };

        Start("simulator", Dll("tests", "LeadDialer.ProviderSimulator"), simulator, logs, new()
        {
            ["RETELL_API_KEY"] = RetellApiKey,
            ["VAPI_API_KEY"] = VapiApiKey,
            ["VAPI_WEBHOOK_SECRET"] = VapiWebhookSecret,
            ["Simulator__Retell__WebhookUrl"] = $"http://127.0.0.1:{gateway}/webhooks/retell",
            ["Simulator__Vapi__WebhookUrl"] = $"http://127.0.0.1:{gateway}/webhooks/vapi",
            ["Simulator__Vapi__WebhookAuth"] = "hmac",
            ["Simulator__CreateSlowMilliseconds"] = "12000",
            ["Simulator__RingMilliseconds"] = _options.RingMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Simulator__TalkMilliseconds"] = _options.TalkMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        LeadsDatabase = await Database("leads");
        Start("leads", Dll("services/Leads", "LeadDialer.Leads"), leads, logs, new(bus)
        {
            ["ConnectionStrings__leads"] = LeadsDatabase,
            // Lead details ask the Dialer why a lead waits (GET /api/dialer/leads/{id}).
            ["Services__Dialer__BaseUrl"] = $"http://127.0.0.1:{dialer}",
        });
        DialerDatabase = await Database("dialer");
        var dialerEnvironment = new Dictionary<string, string>(bus)
        {
            ["ConnectionStrings__dialer"] = DialerDatabase,
            // Test-only: seconds instead of hours (refused outside the Testing environment).
            ["Dialer__TestingRetryDelay"] = "00:00:01",
            ["Dialer__RetrySweepInterval"] = "00:00:00.250",
            ["Dialer__DispatchInterval"] = "00:00:00.200",
            // 0.1 s doubling instead of 5 s: five temporary errors in a row take a second, not a minute.
            ["Dialer__TemporaryErrorFirstWait"] = "00:00:00.100",
        };
        Start("dialer", Dll("services/Dialer", "LeadDialer.Dialer"), dialer, logs, dialerEnvironment);
        // A second Dialer on the same database and bus: the cap and "one call per lead" must hold
        // across instances (ADR 0002). The gateway routes to the first; the second can be killed.
        if (!_options.CallPathOnly)
        {
            Start(SecondDialer, Dll("services/Dialer", "LeadDialer.Dialer"), dialer2, logs, dialerEnvironment);
        }

        Start("provider-gateway", Dll("services/ProviderGateway", "LeadDialer.ProviderGateway"), providerGateway, logs, new(bus)
        {
            ["ConnectionStrings__providergateway"] = await Database("providergateway"),
            ["RETELL_API_KEY"] = RetellApiKey,
            ["VAPI_API_KEY"] = VapiApiKey,
            ["Providers__Retell__BaseUrl"] = $"http://127.0.0.1:{simulator}",
            ["Providers__Vapi__BaseUrl"] = $"http://127.0.0.1:{simulator}",
            ["Providers__Retell__Http__AttemptTimeout"] = ProviderAttemptTimeout.ToString(),
            ["Providers__Vapi__Http__AttemptTimeout"] = ProviderAttemptTimeout.ToString(),
            // Scripted 500s (six in a row in TemporaryErrorSpecs) must not open the breaker for the tests after them.
            ["Providers__Retell__Http__CircuitBreakerMinimumThroughput"] = "100",
            ["Providers__Vapi__Http__CircuitBreakerMinimumThroughput"] = "100",
            ["Providers__Retell__Http__LookupDelay"] = "00:00:00.500",
            ["Providers__Vapi__Http__LookupDelay"] = "00:00:00.500",
            ["CustomFields__Url"] = $"http://127.0.0.1:{leads}/api/custom-fields",
            // External Vapi assistants are read again every second instead of every 10 minutes.
            ["Providers__Vapi__AssistantRefreshInterval"] = "00:00:01",
            // Calls last a fraction of a second here: an outcome that has not come is asked for after seconds.
            ["Reconcile__After"] = ReconcileAfter.ToString(),
            ["Reconcile__Interval"] = "00:00:00.500",
            ["Reconcile__Backoff"] = "00:00:01",
        });
        Start("webhooks", Dll("services/Webhooks", "LeadDialer.Webhooks"), webhooks, logs, new(bus)
        {
            ["ConnectionStrings__webhooks"] = WebhooksDatabase = await Database("webhooks"),
            ["RETELL_API_KEY"] = RetellApiKey,
            ["VAPI_WEBHOOK_SECRET"] = VapiWebhookSecret,
            ["Webhooks__Vapi__Auth"] = "Hmac",
            // A report for a call nobody placed is dropped after this (in production, minutes: CallStarted may be late).
            ["Webhooks__Trust__UnknownCallWait"] = UnknownCallWait.ToString(),
            // An answered-looking end waits this long for the analysis that may say voicemail (production: 60 s).
            ["Webhooks__VoicemailWait"] = "00:00:03",
        });
        if (!_options.CallPathOnly)
        {
            // Writes imported leads into the Leads database (ADR 0003): the same connection string.
            Start("import", Dll("services/Import", "LeadDialer.Import"), import, logs, new()
            {
                ["ConnectionStrings__import"] = await Database("import"),
                ["ConnectionStrings__leads"] = LeadsDatabase,
                ["Services__Leads__BaseUrl"] = $"http://127.0.0.1:{leads}",
                ["Import__StoragePath"] = Path.Combine(root, ".artifacts", "e2e-imports", _runId),
                ["Import__MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            // The web console reaches the APIs only through the gateway, which serves it at / (ADR 0005).
            Start("console", Dll("services/Console", "LeadDialer.Console"), console, logs, new()
            {
                ["Services__Gateway__BaseUrl"] = $"http://127.0.0.1:{gateway}",
            });
        }

        Start("gateway", Dll("gateway", "LeadDialer.Gateway"), gateway, logs, new()
        {
            ["ReverseProxy__Clusters__console__Destinations__primary__Address"] = $"http://127.0.0.1:{console}",
            ["LEADDIALER_API_KEY"] = ApiKey,
            // Every spec calls from 127.0.0.1: room for all their refused and /admin requests in a
            // minute; the limit specs call from addresses of their own (FromAddress).
            ["RateLimits__UnauthenticatedPerMinute"] = "100",
            ["RateLimits__AdminPerMinute"] = "100",
            ["ConnectionStrings__gateway"] = await Database("gateway"),
            ["ReverseProxy__Clusters__leads__Destinations__primary__Address"] = $"http://127.0.0.1:{leads}",
            ["ReverseProxy__Clusters__dialer__Destinations__primary__Address"] = $"http://127.0.0.1:{dialer}",
            ["ReverseProxy__Clusters__providergateway__Destinations__primary__Address"] = $"http://127.0.0.1:{providerGateway}",
            ["ReverseProxy__Clusters__webhooks__Destinations__primary__Address"] = $"http://127.0.0.1:{webhooks}",
            ["ReverseProxy__Clusters__import__Destinations__primary__Address"] = $"http://127.0.0.1:{import}",
        });

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        foreach (var process in _processes)
        {
            await WaitUntilReady(probe, process);
        }

        Gateway = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway}"), Timeout = TimeSpan.FromSeconds(30) };
        Gateway.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        Anonymous = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Simulator = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{simulator}"), Timeout = TimeSpan.FromSeconds(30) };
        ImportService = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{import}"), Timeout = TimeSpan.FromSeconds(30) };

        // Calling hours all day, every day: the specs must not depend on the hour they run at.
        await ConfigureCalling(new
        {
            autoCallingEnabled = true,
            maxConcurrentCalls = 5,
            maxAttempts = 3,
            retryDelayHours = 1,
            callingDays = Enum.GetNames<DayOfWeek>(),
            callingHoursStart = "00:00",
            callingHoursEnd = "24:00",
        });

        // The hard 08:00–21:00 local limit (on by default) would stop every spec at night: lifted
        // (the Dialer logs the override); ComplianceSpecs turns it back on where it tests it.
        await ConfigureCompliance(new { hardHoursOverride = true });

        // AddLead sends a value for it; unknown custom fields are refused.
        var field = await Gateway.PostAsJsonAsync("/api/custom-fields", new { name = "job_title", type = "text" });
        Assert.True(field.IsSuccessStatusCode, $"POST /api/custom-fields: {(int)field.StatusCode} {await field.Content.ReadAsStringAsync()}");
    }

    /// <summary>The Dialer instance the gateway does not route to, which specs may kill and restart.</summary>
    public const string SecondDialer = "dialer-2";

    /// <summary>SIGKILLs a process (a crash, mid-whatever-it-was-doing).</summary>
    public Task Kill(string name) => _processes.Single(p => p.Name == name).Kill();

    /// <summary>Starts a killed process again and waits until it is ready.</summary>
    public async Task Restart(string name)
    {
        var index = _processes.FindIndex(p => p.Name == name);
        _processes[index] = await _processes[index].Restart();
        // Generous: restarts happen mid-load, on a machine shared with other builds.
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await WaitUntilReady(probe, _processes[index], TimeSpan.FromSeconds(300));
    }

    /// <summary>One headless Chromium for every browser test of the run (started on first use).</summary>
    public WebConsole.ConsoleBrowser Browser { get; } = new();

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Gateway?.Dispose();
        Anonymous?.Dispose();
        Simulator?.Dispose();
        ImportService?.Dispose();
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        await Otlp.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        foreach (var database in _databases)
        {
            await Admin($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    /// <summary>A valid US number, unique to this run, whose last two digits pick the simulator's outcome.</summary>
    public static string Number(string lastTwoDigits) =>
        $"+1212{Random.Shared.Next(2, 10)}{Random.Shared.Next(0, 100):00}{Random.Shared.Next(0, 100):00}{lastTwoDigits}";

    public async Task<JsonObject> AddLead(string phone, string name = "Ada Lovelace")
    {
        var response = await Gateway.PostAsJsonAsync("/api/leads", new
        {
            name,
            phone,
            email = "ada@example.com",
            company = "Analytical Engines",
            customFields = new Dictionary<string, object> { ["job_title"] = "CTO" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Issues an API key with the bootstrap key (the admin key in Testing); only <c>read</c> when no scopes are named.</summary>
    public async Task<JsonObject> IssueKey(string name, string[]? scopes = null, int? permitsPerSecond = null)
    {
        using var response = await Gateway.PostAsJsonAsync("/admin/api-keys", new { name, permitsPerSecond, scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>
    /// The gateway reached from a loopback address of its own (127.x.y.z; Linux routes all of
    /// 127/8 to lo), so per-address limits see a client no other spec shares.
    /// </summary>
    public HttpClient FromAddress(IPAddress address, string? apiKey = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(address, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    /// <summary>A loopback address no other caller uses.</summary>
    public static IPAddress UniqueLoopbackAddress() =>
        new([127, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(0, 256), (byte)Random.Shared.Next(1, 255)]);

    /// <summary>Takes a number off the do-not-call list as the bootstrap key, with the reason a removal needs.</summary>
    public Task<HttpResponseMessage> RemoveFromDoNotCall(string phone, string reason = "Consent given in writing") =>
        Gateway.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/dnc/{Uri.EscapeDataString(phone)}") { Content = JsonContent.Create(new { reason }) });

    public async Task<JsonObject> GetLead(string id) => (await Gateway.GetFromJsonAsync<JsonObject>($"/api/leads/{id}"))!;

    /// <summary>Polls the lead through the gateway until it has the status, or fails with what it last saw.</summary>
    public async Task<JsonObject> WaitForStatus(string id, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(45));
        JsonObject lead;
        do
        {
            lead = await GetLead(id);
            if ((string?)lead["status"] == status)
            {
                return lead;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Lead {id} did not reach '{status}'; last seen: {lead.ToJsonString()}\n--- dialer log ---\n{Log("dialer")}");
        return lead;
    }

    public async Task ConfigureCalling(object settings)
    {
        var response = await Gateway.PutAsJsonAsync("/api/settings/calling", settings);
        Assert.True(response.IsSuccessStatusCode, $"PUT /api/settings/calling: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task ConfigureCompliance(object settings)
    {
        var response = await Gateway.PutAsJsonAsync("/api/settings/compliance", settings);
        Assert.True(response.IsSuccessStatusCode, $"PUT /api/settings/compliance: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonObject[]> Agents() =>
        (await Gateway.GetFromJsonAsync<JsonArray>("/api/agents"))!.OfType<JsonObject>().ToArray();

    public async Task<JsonObject[]> PausedAgents() => (await Agents()).Where(a => (bool)a["paused"]!).ToArray();

    /// <summary>Lifts every pause (a test that provokes an account error must not stop the next tests' calls).</summary>
    public async Task ResumeAllAgents()
    {
        foreach (var agent in await PausedAgents())
        {
            (await Gateway.PostAsync($"/api/agents/{agent["id"]}/resume", null)).EnsureSuccessStatusCode();
        }
    }

    /// <summary>Every lead of the name, by phone: its status and attempts as Leads stores them.</summary>
    public async Task<Dictionary<string, (string Status, int Attempts)>> Finals(string name)
    {
        await using var connection = new NpgsqlConnection(LeadsDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT phone, status, attempts FROM leads WHERE name = $1", connection);
        command.Parameters.Add(new() { Value = name });
        await using var reader = await command.ExecuteReaderAsync();
        var finals = new Dictionary<string, (string, int)>();
        while (await reader.ReadAsync())
        {
            finals[reader.GetString(0)] = (reader.GetString(1), reader.GetInt32(2));
        }

        return finals;
    }

    /// <summary>A <c>count(*)</c> query's answer ($1, $2… are the parameters).</summary>
    public static async Task<long> Count(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new() { Value = p });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<JsonObject> SimulatorStats() => (await Simulator.GetFromJsonAsync<JsonObject>("/simulator/stats"))!;

    public async Task ResetSimulator() => (await Simulator.PostAsync("/simulator/reset", null)).EnsureSuccessStatusCode();

    public async Task<int> CallsTo(string phone) => (await SimulatorStats())["callsPerNumber"]?[phone]?.GetValue<int>() ?? 0;

    public async Task<JsonObject[]> CallRequestsTo(string phone)
    {
        var calls = (await Simulator.GetFromJsonAsync<JsonArray>("/simulator/calls"))!;
        return calls.OfType<JsonObject>().Where(c => (string?)c["toNumber"] == phone).ToArray();
    }

    /// <summary>Waits until the simulator has received a call to the number, and returns it.</summary>
    public async Task<JsonObject> WaitForCallTo(string phone)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var calls = await CallRequestsTo(phone);
            if (calls.Length > 0)
            {
                return calls[0];
            }

            Assert.True(DateTime.UtcNow < deadline, $"No call to {phone} reached the simulator in 30 s.\n--- provider-gateway log ---\n{Log("provider-gateway")}");
            await Task.Delay(100);
        }
    }

    public async Task Script(string phone, params string[] steps)
    {
        var response = await Simulator.PutAsJsonAsync($"/simulator/scripts/{Uri.EscapeDataString(phone)}", steps);
        response.EnsureSuccessStatusCode();
    }

    public string Log(string name) => _processes.Single(p => p.Name == name).LogTail();

    /// <summary>Whether the process is still running (a bad upload must not take a service down).</summary>
    public bool IsRunning(string name) => !_processes.Single(p => p.Name == name).HasExited;

    /// <summary>Every process's whole log.</summary>
    public IEnumerable<(string Name, string Log)> Logs() => _processes.Select(p => (p.Name, p.LogTail(int.MaxValue)));

    void Start(string name, string dll, int port, string logs, Dictionary<string, string> environment)
    {
        // Every process exports its spans to this test process; short batches so a test need not wait long.
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = Otlp.Endpoint;
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        environment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
        _processes.Add(ServiceProcess.Start(name, dll, port, logs, environment));
    }

    static async Task WaitUntilReady(HttpClient probe, ServiceProcess process, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited during start-up. Log ({process.LogPath}):\n{process.LogTail()}");
            }

            try
            {
                var response = await probe.GetAsync(new Uri(process.Url, "/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{process.Name} was not ready within {(timeout ?? TimeSpan.FromSeconds(120)).TotalSeconds:0} s. Log ({process.LogPath}):\n{process.LogTail()}");
    }

    async Task Admin(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_postgres) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    static string Required(string name) => Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException($"{name} is not set. Run the end-to-end tests with 'deploy/dev.sh test', which starts PostgreSQL and RabbitMQ and sets it.");

    /// <summary>Where the processes of a run with this <see cref="LeadDialerSystemOptions.LogFolder"/> write their logs.</summary>
    public static string LogDirectory(string folder) => Path.Combine(RepositoryRoot(), ".artifacts", "e2e-logs", folder);

    /// <summary>The repository's root (artifacts such as screenshots go under its .artifacts).</summary>
    public static string RepositoryRootPath => RepositoryRoot();

    static string RepositoryRoot()
    {
        if (Environment.GetEnvironmentVariable("LEADDIALER_REPO_ROOT") is { Length: > 0 } root)
        {
            return root;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LeadDialer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find LeadDialer.sln above the test assembly; set LEADDIALER_REPO_ROOT.");
    }
}

[CollectionDefinition(Name)]
public sealed class LeadDialerSystemCollection : ICollectionFixture<LeadDialerSystem>
{
    public const string Name = "LeadDialer system";
}
