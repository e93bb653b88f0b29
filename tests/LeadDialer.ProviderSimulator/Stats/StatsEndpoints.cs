using LeadDialer.ProviderSimulator.Calls;
using LeadDialer.ProviderSimulator.Outcomes;
using LeadDialer.ProviderSimulator.Scripts;
using LeadDialer.ProviderSimulator.Webhooks;

namespace LeadDialer.ProviderSimulator.Stats;

/// <summary>The simulator's own control surface: what tests read and reset between scenarios.</summary>
public static class StatsEndpoints
{
    public static IEndpointRouteBuilder MapSimulatorStats(this IEndpointRouteBuilder app)
    {
        app.MapGet("/simulator/stats", (SimulatorStats stats) => Results.Ok(stats.Snapshot()));

        app.MapGet("/simulator/calls", (CallStore calls) => Results.Ok(calls.SinceReset().Select(c => new
        {
            provider = c.Provider,
            callId = c.CallId,
            toNumber = c.ToNumber,
            fromNumber = c.FromNumber,
            // Retell: override_agent_id (or the default agent); Vapi: assistantId, or "inline".
            agentId = c.AgentId,
            outcome = c.Outcome.ToName(),
            status = c.Phase.ToString(),
            createdAt = c.CreatedAt,
            startedAt = c.StartedAt,
            endedAt = c.EndedAt,
            request = c.RequestBody,
        })));

        app.MapGet("/simulator/webhooks", (WebhookLog log) => Results.Ok(log.Snapshot()));

        app.MapPost("/simulator/reset", (SimulatorStats stats, ScriptStore scripts, OutcomePlanner planner, CallStore calls, WebhookLog log) =>
        {
            scripts.Clear();
            planner.Reset();
            stats.Reset();
            calls.ResetLog();
            log.Clear();
            return Results.NoContent();
        });
        return app;
    }
}
