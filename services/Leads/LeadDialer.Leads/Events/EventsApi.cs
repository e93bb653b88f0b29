using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using LeadDialer.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LeadDialer.Leads.Events;

public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events", Stream)
            .WithTags("Events")
            .WithSummary("Server-Sent Events: every lead status change and call result, live. Reconnect with Last-Event-ID to get what you missed (kept 15 minutes). Filter with leadId or status.")
            .ProducesValidationProblem();
        return app;
    }

    static async Task<Results<ServerSentEventsResult<string>, ValidationProblem>> Stream(
        HttpContext http,
        Guid? leadId,
        string? status,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        string? lastEventId,
        LeadEventFeed feed,
        IOptions<LeadEventOptions> options,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !LeadStatus.All.Contains(status))
        {
            errors["status"] = [$"'{status}' is not a status. Use one of: {string.Join(", ", LeadStatus.All)}."];
        }

        long? after = null;
        var resume = lastEventIdHeader ?? lastEventId;
        if (!string.IsNullOrEmpty(resume))
        {
            if (long.TryParse(resume, out var parsed) && parsed >= 0)
            {
                after = parsed;
            }
            else
            {
                errors["Last-Event-ID"] = [$"'{resume}' is not an event id this stream sent. Reconnect with the id of the last event you received, or without it."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The event stream request is not valid.");
        }

        await feed.Started.WaitAsync(cancellationToken);
        return TypedResults.ServerSentEvents(Events(feed, after, leadId, status, options.Value.Heartbeat, cancellationToken));
    }

    static async IAsyncEnumerable<SseItem<string>> Events(
        LeadEventFeed feed, long? after, Guid? leadId, string? status, TimeSpan heartbeat, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribe before reading the backlog, so nothing falls between the two.
        var (subscription, live) = feed.Subscribe();
        try
        {
            var last = after ?? feed.Cursor;
            yield return new SseItem<string>("{}", "connected") { ReconnectionInterval = TimeSpan.FromSeconds(2) };
            if (after is not null)
            {
                if (await feed.OldestId(cancellationToken) is { } oldest && oldest > after.Value + 1 && after.Value > 0)
                {
                    // Older events were deleted: tell the client to reload what it shows.
                    yield return new SseItem<string>($"{{\"oldestEventId\":{oldest}}}", "events-missed");
                }

                // Stored events up to where the live feed took over, a batch at a time.
                var upTo = feed.Cursor;
                while (last < upTo)
                {
                    var batch = await feed.Backlog(last, upTo, cancellationToken);
                    if (batch.Count == 0)
                    {
                        break;
                    }

                    foreach (var row in batch)
                    {
                        last = row.Id;
                        if (Matches(row, leadId, status))
                        {
                            yield return Item(row);
                        }
                    }
                }
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                LeadEventRow? next = null;
                bool open;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    wait.CancelAfter(heartbeat);
                    try
                    {
                        open = await live.WaitToReadAsync(wait.Token);
                        if (open)
                        {
                            live.TryRead(out next);
                        }
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        open = true;
                    }
                }

                if (!open)
                {
                    yield break;
                }

                if (next is null)
                {
                    yield return new SseItem<string>("{}", "heartbeat");
                }
                else if (next.Id > last)
                {
                    last = next.Id;
                    if (Matches(next, leadId, status))
                    {
                        yield return Item(next);
                    }
                }
            }
        }
        finally
        {
            feed.Unsubscribe(subscription);
        }
    }

    static bool Matches(LeadEventRow row, Guid? leadId, string? status) =>
        (leadId is null || row.LeadId == leadId) && (status is null || row.Status == status);

    static SseItem<string> Item(LeadEventRow row) => new(row.Data, row.Type) { EventId = row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
