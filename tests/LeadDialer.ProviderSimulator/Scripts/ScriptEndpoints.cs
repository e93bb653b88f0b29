using System.Text.Json;
using LeadDialer.ProviderSimulator.Calls;
using LeadDialer.ProviderSimulator.Outcomes;

namespace LeadDialer.ProviderSimulator.Scripts;

public static class ScriptEndpoints
{
    public static IEndpointRouteBuilder MapScripts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/simulator/scripts");
        group.MapPut("/{e164}", SetAsync);
        group.MapDelete("/{e164}", (string e164, ScriptStore scripts) =>
            scripts.Remove(e164) ? Results.NoContent() : Results.NotFound());
        group.MapGet("/", (ScriptStore scripts) => Results.Ok(scripts.Snapshot()));
        return app;
    }

    private static async Task<IResult> SetAsync(string e164, HttpRequest request, ScriptStore scripts)
    {
        if (!E164.IsValid(e164))
            return Problem($"'{e164}' is not an E.164 number (e.g. +14155550123; URL-encode '+' as %2B if your client mangles it).");

        string[]? names;
        try
        {
            names = await JsonSerializer.DeserializeAsync<string[]>(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            names = null;
        }
        if (names is null)
            return Problem("The body must be a JSON array of step names, e.g. [\"no-answer\",\"answered\"].");

        var steps = new List<CallOutcome>(names.Length);
        foreach (var name in names)
        {
            if (!CallOutcomes.TryParse(name, out var step))
                return Problem($"Unknown step '{name}'. Valid steps: {string.Join(", ", CallOutcomes.Names)}.");
            steps.Add(step);
        }

        scripts.Set(e164, steps);
        return Results.Ok(new { number = e164, steps = steps.Select(s => s.ToName()) });
    }

    private static IResult Problem(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid script");
}
