using Yarp.ReverseProxy.Model;

namespace LeadDialer.Gateway.Security;

/// <summary>
/// Each route's <c>MaxRequestBodySize</c> (appsettings.json) answered with a 413 problem that
/// names the limit: at once when Content-Length says the body is too large, and when a chunked
/// body outgrows it while being forwarded (YARP enforces the limit; this turns its error into 413).
/// </summary>
public static class BodySizeLimits
{
    public static IApplicationBuilder UseBodySizeLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (Limit(context) is { } limit && context.Request.ContentLength > limit)
            {
                await TooLarge(context, limit);
                return;
            }

            await next(context);
        });

    /// <summary>In the proxy pipeline, after forwarding.</summary>
    public static async Task MapOversizedBodyError(HttpContext context, Func<Task> next)
    {
        await next();
        // YARP answers 413 (without a body) when Kestrel stops a body at the route's limit.
        if (context.GetForwarderErrorFeature() is not null
            && context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge
            && !context.Response.HasStarted
            && Limit(context) is { } limit)
        {
            await TooLarge(context, limit);
        }
    }

    static long? Limit(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.MaxRequestBodySize is > 0 and var limit ? limit : null;

    static async Task TooLarge(HttpContext context, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Detail = $"{context.Request.Path} accepts at most {limit:N0} bytes. Send less (for many leads, use the CSV import at /api/imports).",
            },
        });
    }
}
