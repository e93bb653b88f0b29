using System.Text.RegularExpressions;

namespace LeadDialer.ProviderGateway.Agents;

/// <summary>What an agent needs to place calls with its provider, per the guide's configuration requirements.</summary>
public static partial class AgentValidation
{
    public const int MaxNameLength = 200;
    public const int MaxIdLength = 200;
    public const int MaxTemplateLength = 20_000;

    /// <summary>The longest provider answer kept on an agent (a 5xx can answer with a whole HTML page).</summary>
    public const int MaxProviderErrorLength = 2_000;

    /// <summary>Vapi's own limit on <c>voicemailMessage</c>.</summary>
    public const int MaxVoicemailMessageLength = 1_000;

    // E.164: '+', a non-zero country code digit, at most 15 digits in all.
    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    public static string? NormalizeProvider(string? provider) =>
        provider?.Trim().ToLowerInvariant() is { } p && ProviderNames.All.Contains(p) ? p : null;

    /// <param name="existingProvider">The stored agent's provider on an update, which cannot change.</param>
    public static Dictionary<string, string[]> Validate(AgentsApi.AgentRequest request, string? existingProvider)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            Error("name", "Name is required, e.g. \"Sales agent (Retell)\".");
        }
        else if (request.Name.Trim().Length > MaxNameLength)
        {
            Error("name", $"Name must be at most {MaxNameLength} characters.");
        }

        var provider = NormalizeProvider(request.Provider);
        if (provider is null)
        {
            Error("provider", $"Provider must be \"retell\" or \"vapi\"; got \"{request.Provider}\".");
            return errors;
        }

        if (existingProvider is not null && provider != existingProvider)
        {
            Error("provider", $"An agent's provider cannot change (it is \"{existingProvider}\"). Add a new agent for \"{provider}\" instead.");
            return errors;
        }

        if (provider == ProviderNames.Retell)
        {
            if (!string.IsNullOrWhiteSpace(request.ExternalAgentId))
            {
                Length(request.ExternalAgentId, "externalAgentId", MaxIdLength);
                (string Field, string? Value)[] inlineOnly = [("systemPrompt", request.SystemPrompt), ("firstMessage", request.FirstMessage), ("voiceId", request.VoiceId), ("voicemailMessage", request.VoicemailMessage)];
                foreach (var (field, value) in inlineOnly)
                {
                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        Error(field, $"{field} applies only to an inline Retell agent. With externalAgentId the agent lives in Retell: edit it there, or leave externalAgentId empty to define the agent here (LeadDialer creates it at Retell).");
                    }
                }
            }
            else if (string.IsNullOrWhiteSpace(request.SystemPrompt))
            {
                Error("systemPrompt", "An inline Retell agent needs its prompt (no externalAgentId: LeadDialer creates the agent at Retell), e.g. \"You are calling {{first_name}} from {{company_name}} about their inquiry.\" Or give Retell's agent id as externalAgentId.");
            }

            Length(request.SystemPrompt, "systemPrompt", MaxTemplateLength);
            Length(request.FirstMessage, "firstMessage", MaxTemplateLength);
            Length(request.VoicemailMessage, "voicemailMessage", MaxTemplateLength);
            Length(request.VoiceId, "voiceId", MaxIdLength);
            if (string.IsNullOrWhiteSpace(request.FromNumber))
            {
                Error("fromNumber", "The caller number is required for a Retell agent: a number owned in the Retell workspace, in E.164 format (+14155551234).");
            }
            else if (!E164().IsMatch(request.FromNumber.Trim()))
            {
                Error("fromNumber", $"The caller number must be in E.164 format (+14155551234): a '+', the country code and the number, no spaces or dashes; got \"{request.FromNumber}\".");
            }
        }
        else
        {
            RequireId(request.PhoneNumberId, "phoneNumberId", "the id of the caller number registered in Vapi (Vapi dashboard → Phone Numbers)");
            var external = !string.IsNullOrWhiteSpace(request.AssistantId);
            if (external)
            {
                Length(request.AssistantId, "assistantId", MaxIdLength);
                if (!string.IsNullOrWhiteSpace(request.SystemPrompt))
                {
                    Error("systemPrompt", "A system prompt applies only to an inline assistant. With assistantId the prompt lives in Vapi: edit it there, or leave assistantId empty to configure the assistant here.");
                }
            }
            else if (string.IsNullOrWhiteSpace(request.FirstMessage))
            {
                Error("firstMessage", "The first message is required when the assistant is configured inline (no assistantId), e.g. \"Hi {{first_name}}, I'm calling from {{company}}.\"");
            }

            Length(request.FirstMessage, "firstMessage", MaxTemplateLength);
            Length(request.SystemPrompt, "systemPrompt", MaxTemplateLength);
            Length(request.VoicemailMessage, "voicemailMessage", MaxVoicemailMessageLength);
        }

        return errors;

        void RequireId(string? value, string field, string what)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Error(field, $"{field} is required: {what}.");
            }
            else
            {
                Length(value, field, MaxIdLength);
            }
        }

        void Length(string? value, string field, int max)
        {
            if (value is not null && value.Length > max)
            {
                Error(field, $"{field} must be at most {max} characters; got {value.Length}.");
            }
        }
    }
}
