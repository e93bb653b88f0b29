using System.Diagnostics;
using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace LeadDialer.Messaging;

/// <summary>
/// Puts the message's lead id and call attempt id (when it has them) into the log scope and onto
/// the consume span, so every log line and span of a consumer or the saga can be found by lead.
/// </summary>
public sealed class LeadScopeFilter<T>(ILogger<LeadScopeFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    static readonly PropertyInfo? LeadId = Find("LeadId");
    static readonly PropertyInfo? CallAttemptId = Find("CallAttemptId");

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (LeadId is null && CallAttemptId is null)
        {
            await next.Send(context);
            return;
        }

        var scope = new Dictionary<string, object?>(2);
        if (LeadId?.GetValue(context.Message) is Guid leadId)
        {
            scope["LeadId"] = leadId;
            Activity.Current?.SetTag("leaddialer.lead_id", leadId.ToString());
        }

        if (CallAttemptId?.GetValue(context.Message) is Guid callAttemptId)
        {
            scope["CallAttemptId"] = callAttemptId;
            Activity.Current?.SetTag("leaddialer.call_attempt_id", callAttemptId.ToString());
        }

        using (logger.BeginScope(scope))
        {
            await next.Send(context);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("leadScope");

    static PropertyInfo? Find(string name) =>
        typeof(T).GetProperty(name) is { } p && (p.PropertyType == typeof(Guid) || p.PropertyType == typeof(Guid?)) ? p : null;
}
