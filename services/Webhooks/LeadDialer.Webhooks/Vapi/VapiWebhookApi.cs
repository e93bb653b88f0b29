using System.Text.Json;
using LeadDialer.Webhooks.Deliveries;

namespace LeadDialer.Webhooks.Vapi;

/// <summary>
/// <c>POST /webhooks/vapi</c>: Vapi's server messages, authenticated as configured (shared secret,
/// bearer token or HMAC), stored, and answered at once; events follow from <see cref="DeliveryProcessor"/>.
/// </summary>
public static class VapiWebhookApi
{
    public static IEndpointRouteBuilder MapVapiWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/vapi", HandleWebhook)
            .WithName("VapiWebhook")
            .WithTags("Webhooks")
            .WithSummary("Vapi's server messages (status-update, end-of-call-report), authenticated by the configured method.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    static async Task<IResult> HandleWebhook(
        HttpRequest request,
        VapiWebhookAuthenticator authenticator,
        Microsoft.Extensions.Options.IOptions<VapiWebhookOptions> options,
        Microsoft.Extensions.Options.IOptions<VoicemailOptions> voicemail,
        DeliveryStore store,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(typeof(VapiWebhookApi).FullName!);
        var body = await RawBody.Read(request, cancellationToken);
        if (body is null)
        {
            return RawBody.TooLarge();
        }

        var check = authenticator.Verify(body, request.Headers);
        if (check != VapiAuthCheck.Valid)
        {
            logger.LogWarning("Refused a Vapi webhook: {Mode} authentication {Check}", authenticator.Mode, check);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Invalid webhook authentication",
                detail: (authenticator.Mode, check) switch
                {
                    (_, VapiAuthCheck.Stale) => $"The {VapiWebhookAuthenticator.TimestampHeader} is more than {VapiWebhookAuthenticator.Tolerance.TotalMinutes:0} minutes from now.",
                    (VapiWebhookAuth.Hmac, VapiAuthCheck.Missing or VapiAuthCheck.Malformed) =>
                        $"The {VapiWebhookAuthenticator.SignatureHeader} (64 hex digits) and {VapiWebhookAuthenticator.TimestampHeader} (unix time) headers are required.",
                    (VapiWebhookAuth.Bearer, VapiAuthCheck.Missing or VapiAuthCheck.Malformed) => "An Authorization: Bearer <token> header is required.",
                    (VapiWebhookAuth.Secret, VapiAuthCheck.Missing) => $"The {VapiWebhookAuthenticator.SecretHeader} header is required.",
                    _ => "The credential does not match; check that VAPI_WEBHOOK_SECRET is the secret of the server URL configured in Vapi.",
                });
        }

        string? type, callId, problem;
        bool endedStatus, endedAnswered;
        try
        {
            using var document = JsonDocument.Parse(body);
            (type, callId, problem) = VapiServerMessage.Peek(document.RootElement);
            var message = document.RootElement.GetProperty("message");
            endedStatus = type == "status-update" && message.TryGetProperty("status", out var status) && status.ValueEquals("ended");
            endedAnswered = endedStatus && message.TryGetProperty("endedReason", out var reason) && reason.ValueKind == JsonValueKind.String
                && VapiOutcomeMapper.Map(reason.GetString()) == Contracts.CallOutcome.Answered;
        }
        catch (JsonException ex)
        {
            return BadRequest($"The body is not valid JSON: {ex.Message}");
        }

        if (problem is not null)
        {
            return BadRequest(problem);
        }

        // "ended" comes just before the end-of-call-report, which also ends the call and carries the
        // transcript and summary: it is given time to arrive and win; the status-update counts only if it does not.
        // An end that looks answered waits longer: only the report can tell that a mailbox answered.
        var deferBy = endedAnswered ? voicemail.Value.VoicemailWait : endedStatus ? options.Value.EndedStatusGrace : TimeSpan.Zero;
        await store.Store(VapiServerMessage.Provider, type!, callId, body, deferBy, cancellationToken);
        return TypedResults.NoContent();
    }

    static IResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid Vapi webhook", detail: detail);
}
