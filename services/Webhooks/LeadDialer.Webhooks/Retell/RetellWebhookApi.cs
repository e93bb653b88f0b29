using System.Diagnostics;
using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.ServiceDefaults;
using MassTransit;

namespace LeadDialer.Webhooks.Retell;

/// <summary><c>POST /webhooks/retell</c>: signed by Retell, no API key.</summary>
public static class RetellWebhookApi
{
    /// <summary>A call object with a long transcript is tens of kilobytes; far more is not Retell.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Retell gives up after 10 s and retries; answer 503 before that when the broker is slow.</summary>
    static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(7);

    public static IEndpointRouteBuilder MapRetellWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/retell", HandleWebhook)
            .WithName("RetellWebhook")
            .WithSummary("Retell's call events, signed with x-retell-signature (no API key). call_ended becomes CallEnded; other events are acknowledged.")
            .AddEndpointFilter(async (context, next) =>
            {
                var started = Stopwatch.GetTimestamp();
                var result = await next(context);
                WebhookMetrics.Handled(
                    CallEndedMapper.Provider,
                    context.HttpContext.Items[EventItem] as string,
                    (result as IStatusCodeHttpResult)?.StatusCode ?? context.HttpContext.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started));
                return result;
            })
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    const string EventItem = "LeadDialer.WebhookEvent";

    static async Task<IResult> HandleWebhook(
        HttpRequest request,
        RetellSignatureVerifier verifier,
        IPublishEndpoint publishEndpoint,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(typeof(RetellWebhookApi).FullName!);

        // The signature covers the bytes as sent, so they are read as they are, before any parsing.
        var body = await ReadBody(request.Body, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Webhook body too large",
                detail: $"The body exceeds {MaxBodyBytes} bytes.");
        }

        var check = verifier.Verify(body, request.Headers[RetellSignatureVerifier.HeaderName]);
        if (check != SignatureCheck.Valid)
        {
            logger.LogWarning("Refused a Retell webhook: signature {Check}", check);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Invalid webhook signature",
                detail: check switch
                {
                    SignatureCheck.Missing => $"The {RetellSignatureVerifier.HeaderName} header is missing.",
                    SignatureCheck.Malformed => $"The {RetellSignatureVerifier.HeaderName} header must look like v=<unix ms>,d=<64 hex digits>.",
                    SignatureCheck.Stale => $"The signature's timestamp is more than {RetellSignatureVerifier.Tolerance.TotalMinutes:0} minutes from now.",
                    _ => "The signature does not match the body; check that RETELL_API_KEY is the key of the Retell workspace.",
                });
        }

        RetellWebhook? webhook;
        try
        {
            webhook = JsonSerializer.Deserialize<RetellWebhook>(body, RetellWebhook.JsonOptions);
        }
        catch (JsonException ex)
        {
            return BadRequest($"The body is not a valid Retell webhook: {ex.Message}");
        }

        if (webhook is null || string.IsNullOrWhiteSpace(webhook.Event))
        {
            return BadRequest("The body must be a JSON object with an \"event\" field.");
        }

        request.HttpContext.Items[EventItem] = webhook.Event;

        if (webhook.Event != "call_ended")
        {
            // call_started and call_analyzed carry nothing the Dialer acts on yet.
            return TypedResults.NoContent();
        }

        if (webhook.Call is null)
        {
            return BadRequest("A call_ended webhook must carry a \"call\" object.");
        }

        var mapping = CallEndedMapper.Map(webhook.Call);
        if (mapping.Problem is not null)
        {
            return BadRequest(mapping.Problem);
        }

        if (mapping.CallEnded is not { } callEnded)
        {
            // Retell sends every call of the workspace here; one without our lead_id is not ours to
            // track, and an error would only make Retell retry it.
            logger.LogWarning("Ignored call_ended for Retell call {ProviderCallId}: no metadata.lead_id, not placed by LeadDialer", webhook.Call.CallId);
            return TypedResults.NoContent();
        }

        return await Publish(callEnded, TraceParentOf(webhook.Call), publishEndpoint, logger, cancellationToken);
    }

    /// <summary>
    /// Answers 204 only once the broker has confirmed the event (MassTransit awaits RabbitMQ's
    /// publisher confirm); otherwise 503, and Retell delivers the webhook again.
    /// </summary>
    static async Task<IResult> Publish(CallEnded callEnded, string? traceParent, IPublishEndpoint publishEndpoint, ILogger logger, CancellationToken cancellationToken)
    {
        // Back in the call's trace (ProviderGateway sent its traceparent in the metadata), linked to this request.
        using var activity = Telemetry.StartContinuation("retell webhook call_ended", traceParent, ActivityKind.Consumer);
        activity?.SetTag("leaddialer.lead_id", callEnded.LeadId.ToString());
        activity?.SetTag("leaddialer.call_attempt_id", callEnded.CallAttemptId.ToString());
        var messageId = DeterministicGuid.Create(DeterministicGuid.WebhookNamespace, $"retell:{callEnded.ProviderCallId}:call_ended");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            await publishEndpoint.Publish(callEnded, context => context.MessageId = messageId, timeout.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not publish CallEnded for Retell call {ProviderCallId}; answering 503 so Retell retries", callEnded.ProviderCallId);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Webhook not accepted yet",
                detail: "The event could not be handed to the message broker. Deliver it again later.");
        }

        logger.LogInformation(
            "Retell call {ProviderCallId} of lead {LeadId} ended: {Outcome} ({EndedReason})",
            callEnded.ProviderCallId, callEnded.LeadId, callEnded.Outcome, callEnded.EndedReason);
        WebhookMetrics.CallEnded(callEnded);
        return TypedResults.NoContent();
    }

    static string? TraceParentOf(RetellCall call) =>
        call.Metadata is { ValueKind: JsonValueKind.Object } metadata
        && metadata.TryGetProperty("traceparent", out var traceParent)
        && traceParent.ValueKind == JsonValueKind.String
            ? traceParent.GetString()
            : null;

    static IResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid Retell webhook", detail: detail);

    /// <summary>The whole body, or null when it is larger than <see cref="MaxBodyBytes"/>.</summary>
    static async Task<byte[]?> ReadBody(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
