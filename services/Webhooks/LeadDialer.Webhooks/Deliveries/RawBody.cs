namespace LeadDialer.Webhooks.Deliveries;

/// <summary>The webhook body as received: signatures cover these bytes, never re-serialized JSON.</summary>
public static class RawBody
{
    /// <summary>A call object with a long transcript is tens of kilobytes; far more is not a provider.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The whole body, or null when it is larger than <see cref="MaxBytes"/>.</summary>
    public static async Task<byte[]?> Read(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static IResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Webhook body too large",
        detail: $"The body exceeds {MaxBytes} bytes; no provider sends that much for one event.");
}
