using System.Text.Json.Nodes;

namespace LeadDialer.ProviderSimulator.Retell;

/// <summary>
/// The Retell LLMs and agents created through the API, as Retell stores them. Kept across
/// <c>/simulator/reset</c>: they are the account's configuration, like agents in Retell's dashboard.
/// </summary>
public sealed class RetellAgentStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _llms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _agents = new(StringComparer.Ordinal);

    public JsonObject AddLlm(JsonObject llm) => Add(_llms, (string)llm["llm_id"]!, llm);

    public JsonObject AddAgent(JsonObject agent) => Add(_agents, (string)agent["agent_id"]!, agent);

    public JsonObject? Llm(string id) => Get(_llms, id);

    public JsonObject? Agent(string id) => Get(_agents, id);

    /// <summary>Writes the changed properties over the stored object; null when there is none.</summary>
    public JsonObject? UpdateLlm(string id, JsonObject changes, long now) => Update(_llms, id, changes, now);

    public JsonObject? UpdateAgent(string id, JsonObject changes, long now) => Update(_agents, id, changes, now);

    public IReadOnlyList<JsonObject> Llms()
    {
        lock (_gate)
            return [.. _llms.Values.Select(l => l.DeepClone().AsObject())];
    }

    public IReadOnlyList<JsonObject> Agents()
    {
        lock (_gate)
            return [.. _agents.Values.Select(a => a.DeepClone().AsObject())];
    }

    private JsonObject Add(Dictionary<string, JsonObject> store, string id, JsonObject item)
    {
        lock (_gate)
            store[id] = item.DeepClone().AsObject();
        return item;
    }

    private JsonObject? Get(Dictionary<string, JsonObject> store, string id)
    {
        lock (_gate)
            return store.TryGetValue(id, out var item) ? item.DeepClone().AsObject() : null;
    }

    private JsonObject? Update(Dictionary<string, JsonObject> store, string id, JsonObject changes, long now)
    {
        lock (_gate)
        {
            if (!store.TryGetValue(id, out var item))
                return null;
            foreach (var (name, value) in changes)
                item[name] = value?.DeepClone();
            item["last_modification_timestamp"] = now;
            return item.DeepClone().AsObject();
        }
    }
}
