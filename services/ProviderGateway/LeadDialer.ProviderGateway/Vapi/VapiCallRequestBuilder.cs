using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Agents;

namespace LeadDialer.ProviderGateway.Vapi;

/// <summary>
/// Builds the <c>POST /call</c> body. Unlike Retell, Vapi gets only what the agent's templates reference
/// ("If you don't reference a field, it won't be sent to Vapi"); the lead id rides in
/// <c>assistantOverrides.metadata</c> and <c>customer.externalId</c> (Vapi has no top-level metadata).
/// </summary>
public static class VapiCallRequestBuilder
{
    public static VapiCreateCallRequest Build(PlaceCall command, Agent agent, VapiOptions options)
    {
        // With an assistant id, the assistant's own placeholders (read from Vapi) count too.
        var placeholders = agent.Placeholders();
        var variables = VapiTemplates.VariableValues(placeholders, command.Lead);
        var metadata = new VapiCallMetadata(command.LeadId.ToString(), command.Attempt, command.CallAttemptId.ToString());
        var external = !string.IsNullOrWhiteSpace(agent.AssistantId);

        var assistant = external
            ? null
            : new VapiAssistant(
                agent.FirstMessage,
                string.IsNullOrWhiteSpace(agent.SystemPrompt)
                    ? null
                    : new VapiModel(options.InlineModelProvider, options.InlineModel, [new VapiMessage("system", agent.SystemPrompt)]),
                agent.VoicemailMessage);

        var overrides = new VapiAssistantOverrides(
            variables.Count == 0 ? null : variables,
            metadata,
            // With an external assistant, the agent's own messages override the assistant's.
            FirstMessage: external ? agent.FirstMessage : null,
            VoicemailMessage: external ? agent.VoicemailMessage : null);

        return new VapiCreateCallRequest(
            external ? agent.AssistantId : null,
            assistant,
            overrides,
            agent.PhoneNumberId ?? string.Empty,
            new VapiCustomer(command.Lead.Phone ?? string.Empty, command.LeadId.ToString()));
    }
}
