using System.Net.ServerSentEvents;
using System.Text.Json;
using LeadDialer.Console.Gateway;

namespace LeadDialer.Console.Live;

/// <summary>One event of <c>GET /api/events</c> that the screens react to.</summary>
/// <param name="Type">lead-status-changed, call-result or lead-deleted.</param>
public sealed record LeadEvent(string Type, Guid LeadId, string? Status, JsonElement Data);

/// <summary>
/// The signed-in user's live feed, one per circuit: <c>GET /api/events</c> through the gateway with
/// the user's key, resumed with <c>Last-Event-ID</c> after a dropped connection so nothing is missed.
/// Screens subscribe while they are shown.
/// </summary>
public sealed class LeadEventStream(IHttpClientFactory clients, GatewayClient gateway, ILogger<LeadEventStream> logger) : IAsyncDisposable
{
    public const string ClientName = "gateway-events";

    readonly CancellationTokenSource _stop = new();
    readonly Lock _lock = new();
    Task? _loop;
    string? _lastEventId;

    public event Func<LeadEvent, Task>? Received;

    /// <summary>Whether the stream is connected now (the screens show it).</summary>
    public bool Connected { get; private set; }

    public event Func<Task>? ConnectionChanged;

    public void Start()
    {
        lock (_lock)
        {
            _loop ??= Task.Run(() => Run(_stop.Token));
        }
    }

    async Task Run(CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(ClientName);
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
                request.Headers.Add(GatewayClient.ApiKeyHeader, await gateway.ApiKey() ?? "");
                request.Headers.Accept.ParseAdd("text/event-stream");
                if (_lastEventId is { } last)
                {
                    request.Headers.Add("Last-Event-ID", last);
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                response.EnsureSuccessStatusCode();
                await SetConnected(true);
                failures = 0;
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
                {
                    if (item.EventId is { Length: > 0 } id)
                    {
                        _lastEventId = id;
                    }

                    if (Parse(item) is { } leadEvent && Received is { } handlers)
                    {
                        foreach (var handler in handlers.GetInvocationList().Cast<Func<LeadEvent, Task>>())
                        {
                            await handler(leadEvent);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException)
            {
                logger.LogInformation("The event stream dropped ({Message}); resuming from {LastEventId}", ex.Message, _lastEventId);
            }

            await SetConnected(false);
            // Back off a little between reconnects, up to 10 s, so a gateway restart is not hammered.
            failures++;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(10_000, 250 * failures * failures)), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    static LeadEvent? Parse(SseItem<string> item)
    {
        if (item.EventType is not ("lead-status-changed" or "call-result" or "lead-deleted"))
        {
            return null;
        }

        using var document = JsonDocument.Parse(item.Data);
        var root = document.RootElement.Clone();
        if (!root.TryGetProperty("leadId", out var id) || !id.TryGetGuid(out var leadId))
        {
            return null;
        }

        var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        return new LeadEvent(item.EventType, leadId, status, root);
    }

    async Task SetConnected(bool connected)
    {
        if (Connected == connected)
        {
            return;
        }

        Connected = connected;
        if (ConnectionChanged is { } handlers)
        {
            await handlers();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is { } loop)
        {
            await loop.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _stop.Dispose();
    }
}
