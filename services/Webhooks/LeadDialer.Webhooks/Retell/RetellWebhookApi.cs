using System.Diagnostics;
using System.Text.Json;
using LeadDialer.Contracts;
using LeadDialer.ServiceDefaults;
using MassTransit;
using LeadDialer.Webhooks.Deliveries;

namespace LeadDialer.Webhooks.Retell;

/// <summary>
/// <c>POST /webhooks/retell</c>: signed by Retell, no API key. The signature is checked on the raw
/// bytes, the delivery is stored, and the answer is 204 at once; events are published afterwards by
/// <see cref="DeliveryProcessor"/> (Retell times out after 10 s and retries up to 3 times).
/// </summary>
public static class RetellWebhookApi
{
    public const string Provider = "retell";

    public static IEndpointRouteBuilder MapRetellWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/retell", HandleWebhook)
            .WithName("RetellWebhook")
            .WithTags("Webhooks")
            .WithSummary("Retell's call webhooks (call_started, call_ended, call_analyzed), verified by x-retell-signature.")
            .AddEndpointFilter(async (context, next) =>
            {
                var started = Stopwatch.GetTimestamp();
                var result = await next(context);
                WebhookMetrics.Handled(
                    RetellCallEndedMapper.Provider,
                    context.HttpContext.Items[EventItem] as string,
                    (result as IStatusCodeHttpResult)?.StatusCode ?? context.HttpContext.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started));
                return result;
            })
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    const string EventItem = "LeadDialer.WebhookEvent";

    static async Task<IResult> HandleWebhook(
        HttpRequest request,
        RetellSignatureVerifier verifier,
        DeliveryStore store,
        Microsoft.Extensions.Options.IOptions<VoicemailOptions> voicemail,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(typeof(RetellWebhookApi).FullName!);

        // The signature covers the bytes as sent, so they are read as they are, before any parsing.
        var body = await RawBody.Read(request, cancellationToken);
        if (body is null)
        {
            return RawBody.TooLarge();
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

        if (webhook.Event is "call_started" or "call_ended" or "call_analyzed" && webhook.Call is null)
        {
            return BadRequest($"A {webhook.Event} webhook must carry a \"call\" object.");
        }

        // An end that looks answered may be a mailbox only call_analyzed can tell: it waits for it (and
        // loses to it); a clear end (no answer, busy, voicemail detected) is published at once.
        var deferBy = webhook.Event == "call_ended" && webhook.Call is { } call && MayBeVoicemail(call) ? voicemail.Value.VoicemailWait : TimeSpan.Zero;
        await store.Store(Provider, webhook.Event, webhook.Call?.CallId, body, deferBy, cancellationToken);
        return TypedResults.NoContent();
    }

    static bool MayBeVoicemail(RetellCall call) =>
        call.CallAnalysis?.InVoicemail is null
        && RetellOutcomeMapper.Map(call.DisconnectionReason, connected: !string.Equals(call.CallStatus, "not_connected", StringComparison.OrdinalIgnoreCase)) == Contracts.CallOutcome.Answered;

    static IResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid Retell webhook", detail: detail);
}
