using LeadDialer.ServiceDefaults.Health;
using LeadDialer.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LeadDialer.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>OpenTelemetry, health checks, problem details and the OpenAPI document: what every service starts with.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddTelemetry();
        builder.AddOpenApiDocument();
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"]);
        builder.Services.AddProblemDetails();
        // Enums on the API read as the guide's words ("Permanent", "NoAnswer"), not numbers.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    static void AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", Telemetry.MeterName))
            .WithTracing(tracing => tracing
                // "MassTransit" carries the W3C context through message headers: send, receive, consume, saga.
                // (PostgreSQL's spans are added by LeadDialer.Messaging's AddPostgres, where the database is.)
                .AddSource(builder.Environment.ApplicationName, "MassTransit", Telemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = http => !http.Request.Path.StartsWithSegments("/health");
                    o.RecordException = true;
                })
                .AddHttpClientInstrumentation());

        // Export only where a collector is configured, as eShop does.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
    }

    /// <summary>
    /// <c>/health/live</c> answers while the process runs; <c>/health/ready</c> also checks the
    /// database and the bus (JSON, one entry per check); <c>/openapi/v1.json</c> is the service's
    /// OpenAPI document.
    /// </summary>
    /// <param name="trustForwardedHeaders">
    /// True for the services: they are reachable only from the gateway, whose X-Forwarded-For/-Proto
    /// give them the client's address. The gateway itself is the edge and passes false.
    /// </param>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool trustForwardedHeaders = true)
    {
        if (trustForwardedHeaders)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            app.UseForwardedHeaders(forwarded);
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(ReadyTag) || r.Tags.Contains("live"),
            ResponseWriter = HealthReportWriter.Write,
        });
        app.MapOpenApiDocument();
        return app;
    }
}
