using System.Text.Json;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Calls;
using LeadDialer.ProviderGateway.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Refit;

namespace LeadDialer.ProviderGateway.Vapi;

/// <summary>
/// An external Vapi assistant keeps its templates in Vapi, so its placeholders are read from there
/// (<c>GET /assistant/{id}</c>) when the agent is saved and every <see cref="VapiOptions.AssistantRefreshInterval"/>:
/// the guide's "only the fields your templates reference are sent" holds for them too.
/// </summary>
public sealed class VapiAssistants(IVapiApi api, TimeProvider clock, ILogger<VapiAssistants> logger)
{
    /// <summary>Reads the agent's assistant and records its placeholders, or what Vapi answered (the last placeholders stay).</summary>
    public async Task Read(Agent agent, CancellationToken cancellationToken)
    {
        if (!agent.IsVapiExternal)
        {
            agent.AssistantPlaceholders = [];
            return;
        }

        agent.ProviderSyncedAt = clock.GetUtcNow();
        try
        {
            var response = await api.GetAssistant(agent.AssistantId!, cancellationToken);
            if (response.IsSuccessStatusCode && response.Content.ValueKind == JsonValueKind.Object)
            {
                agent.AssistantPlaceholders = [.. Placeholders(response.Content)];
                agent.ProviderError = null;
                return;
            }

            var message = ProviderErrorClassifier.ReadProviderMessage((response.Error as ApiException)?.Content) ?? response.Error?.Message;
            agent.ProviderError = $"Vapi answered {(int?)response.StatusCode} to GET /assistant/{agent.AssistantId}: {message}";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            agent.ProviderError = $"Vapi could not be asked for assistant {agent.AssistantId}: {ex.Message}";
        }

        logger.LogWarning("Could not read the placeholders of Vapi assistant {AssistantId} (agent {AgentId}): {Error}", agent.AssistantId, agent.Id, agent.ProviderError);
    }

    /// <summary>
    /// The placeholders of an assistant's spoken and prompt texts: first message, model messages (the
    /// system prompt), voicemail and end-call messages (Vapi's Assistant schema).
    /// </summary>
    public static IReadOnlyList<string> Placeholders(JsonElement assistant)
    {
        var texts = new List<string?>();
        foreach (var name in (string[])["firstMessage", "voicemailMessage", "endCallMessage"])
        {
            texts.Add(Text(assistant, name));
        }

        if (assistant.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.Object
            && model.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            texts.AddRange(messages.EnumerateArray().Select(m => Text(m, "content")));
        }

        return TemplatePlaceholders.Find(texts);

        static string? Text(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
    }
}

/// <summary>Reads every external assistant again on a schedule, so a placeholder added in Vapi's dashboard is sent from then on.</summary>
public sealed class VapiAssistantRefresher(IServiceScopeFactory scopes, IOptions<VapiOptions> options, TimeProvider time, ILogger<VapiAssistantRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AssistantRefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Refresh(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Reading the Vapi assistants failed; trying again in {Interval}", options.Value.AssistantRefreshInterval);
            }
        }
    }

    async Task Refresh(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProviderGatewayDbContext>();
        var assistants = scope.ServiceProvider.GetRequiredService<VapiAssistants>();
        var ids = await db.Agents.AsNoTracking()
            .Where(a => a.Provider == ProviderNames.Vapi && a.AssistantId != null)
            .Select(a => a.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            db.ChangeTracker.Clear();
            if (await db.Agents.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } agent)
            {
                continue;
            }

            await assistants.Read(agent, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Saved, paused or deleted meanwhile: that save read the assistant itself, or the next round will.
            }
        }
    }
}
