using LeadDialer.Contracts;

namespace LeadDialer.Console.Gateway;

// The public API's shapes as the console reads them (docs/leads.md, the services' *Api.cs).

public sealed record Lead(
    Guid Id,
    string Name,
    string Phone,
    string Email,
    string? Company,
    string? Timezone,
    Dictionary<string, string>? CustomFields,
    string Status,
    int Attempts,
    CallOutcome? LastOutcome,
    LeadErrorView? LastError,
    DateTimeOffset? NextRetryAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record LeadErrorView(ErrorKind Kind, string Reason, string? ProviderMessage, string? HowToFix);

public sealed record LeadPage(Lead[] Items, string? NextCursor);

public sealed record LeadDetails(
    Guid Id,
    string Name,
    string Phone,
    string Email,
    string? Company,
    string? Timezone,
    Dictionary<string, string>? CustomFields,
    string Status,
    int Attempts,
    int? MaxAttempts,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextRetryAt,
    TimeSpan? TimeUntilNextRetry,
    CallOutcome? LastOutcome,
    LeadErrorView? LastError,
    Dialing? Dialing,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? PhoneWarning = null);

public sealed record Dialing(bool Available, string? WaitingReason, string? Message, DateTimeOffset? WaitingUntil, string? Unavailable);

public sealed record LeadCall(
    Guid CallAttemptId,
    int Attempt,
    string Provider,
    string? ProviderCallId,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    long? DurationMs,
    CallOutcome? Outcome,
    string? EndedReason,
    string? Transcript,
    string? Summary,
    string? Sentiment,
    bool? VoicemailDetected,
    string? RecordingUrl,
    LeadErrorView? Error);

public sealed record CustomField(string Name, string Type, DateTimeOffset CreatedAt);

public sealed record CallingSettings(
    bool AutoCallingEnabled,
    int MaxConcurrentCalls,
    int RetryDelayHours,
    int MaxAttempts,
    DateTimeOffset UpdatedAt,
    List<string> CallingDays,
    string CallingHoursStart,
    string CallingHoursEnd,
    string DefaultTimeZone,
    Guid? AgentId,
    EffectiveWindow? EffectiveWindow);

public sealed record EffectiveWindow(string Configured, string? Dialled, string? ComplianceLimit, double HoursPerDay, int UpcomingHolidays, string Description);

public sealed record ThroughputInputs(
    int Concurrency,
    double AverageCallSeconds,
    double DispatchIntervalSeconds,
    int BatchSize,
    double CallingHoursPerDay,
    double AnswerRate,
    int MaxAttempts,
    double RetryDelayHours,
    long Leads,
    List<DayOfWeek> CallingDays,
    List<DateOnly> Holidays,
    DateOnly StartDate);

public sealed record ThroughputRound(int Attempt, double Calls, double StartsAfterDays, double EndsAfterDays);

public sealed record ThroughputDefaults(int RecentCalls, double AverageCallSeconds, double AnswerRate, string Source, string Description);

public sealed record ThroughputEstimate(
    ThroughputInputs Inputs,
    double CallsPerHour,
    double CallsPerHourAllowedByConcurrency,
    double CallsPerHourAllowedByDispatch,
    double CallsPerLead,
    double CallsPerDay,
    double LeadsFinishedPerDay,
    double CalendarDays,
    long CallingDays,
    DateOnly? FinishDate,
    List<ThroughputRound> Rounds,
    string Binds,
    string Explanation,
    EffectiveWindow? Window,
    ThroughputDefaults? Defaults);

public sealed record DayFigures(DateOnly Date, int LeadsAdded, int CallsPlaced, int Answered, double? AverageCallDurationSeconds);

public sealed record ReportSummary(
    DateOnly From,
    DateOnly To,
    Dictionary<string, int> LeadsByStatus,
    int CallsPlaced,
    int CallsAnswered,
    double? AnswerRate,
    Dictionary<string, int> Outcomes,
    Dictionary<string, int> EndedReasons,
    Dictionary<string, int> FailedLeadsByReason,
    double? AverageCallDurationSeconds,
    double? AttemptsPerCompletedLead,
    List<DayFigures> Days);

public sealed record Agent(
    Guid Id,
    string Name,
    string Provider,
    string? ExternalAgentId,
    string? FromNumber,
    string? AssistantId,
    string? FirstMessage,
    string? SystemPrompt,
    string? VoicemailMessage,
    string? PhoneNumberId,
    bool Paused,
    string? PausedReason,
    DateTimeOffset? PausedAt,
    bool IsDefault,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    List<string>? Warnings,
    string? VoiceId = null,
    bool Inline = false,
    string? InlineLlmId = null,
    string? InlineAgentId = null,
    List<string>? AssistantPlaceholders = null,
    DateTimeOffset? ProviderSyncedAt = null,
    string? ProviderError = null);

/// <param name="NewFieldName">For a column no lead field takes: the custom field create:&lt;type&gt; creates (named by Import, by the custom field rules).</param>
/// <param name="NewFieldType">The type its values suggest.</param>
public sealed record ColumnSuggestion(string Column, string Target, string? Note, string? NewFieldName = null, string? NewFieldType = null);

public sealed record NewCustomField(string Column, string Name, string Type);

public sealed record UploadResponse(
    Guid Id,
    string FileName,
    long SizeBytes,
    string Encoding,
    string Separator,
    long Rows,
    List<string> Headers,
    List<string[]> SampleRows,
    List<ColumnSuggestion> SuggestedMapping,
    List<CustomField> CustomFields);

public sealed record ImportPreview(
    Guid ImportId,
    long TotalRows,
    long Leads,
    long InvalidPhones,
    long Rejected,
    long DuplicatesInFile,
    long DuplicatesExisting,
    long RewrittenNumbers,
    string? DefaultRegion,
    List<NewCustomField>? NewCustomFields,
    PreviewSamples Samples,
    Dictionary<string, string> DuplicatePolicies,
    string RejectedCsv,
    string RewrittenCsv);

public sealed record PreviewSamples(
    List<SampleLead> Leads,
    List<SampleProblem> InvalidPhones,
    List<SampleProblem> Rejected,
    List<SampleDuplicate> DuplicatesInFile,
    List<SampleDuplicate> DuplicatesExisting,
    List<SampleRewrite> RewrittenNumbers);

public sealed record SampleLead(long Row, string Name, string Phone, string Email, string? Company, string? Timezone, Dictionary<string, string>? CustomFields);

public sealed record SampleProblem(long Row, string Phone, string Reason);

public sealed record SampleDuplicate(long Row, string Phone, long? FirstRow);

public sealed record SampleRewrite(long Row, string Original, string Phone);

public sealed record ImportProgress(
    Guid Id,
    string FileName,
    string Status,
    long TotalRows,
    long RowsDone,
    long Created,
    long Failed,
    long Rejected,
    long DuplicatesInFile,
    long DuplicatesExisting,
    long Updated,
    string? DuplicatePolicy,
    double? RowsPerSecond,
    double? EtaSeconds,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string RejectedCsv);

/// <summary>The gateway's <c>GET /api/me</c>: the calling key's id, name and scopes.</summary>
public sealed record Me(string KeyId, string Name, string[] Scopes);
