using LeadDialer.Contracts;
using LeadDialer.Leads.Calls;
using LeadDialer.Leads.Events;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.IntegrationTests.Leads;

/// <summary>The call history is built from call events in whatever order and however often they arrive.</summary>
public sealed class CallHistorySpecs : IAsyncLifetime
{
    LeadsHost _host = null!;

    public async Task InitializeAsync() => _host = await LeadsHost.Start("leads_calls", x => x.AddConsumer<CallHistoryConsumer>());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task When_a_call_ends_before_it_is_reported_started_Should_record_it_whole_and_announce_its_result_once()
    {
        var leadId = Guid.CreateVersion7();
        var attemptId = Guid.NewGuid();
        var started = DateTimeOffset.Parse("2026-11-27T10:00:00Z");
        var ended = new CallEnded(leadId, 1, attemptId, "retell", "call_abc", CallOutcome.NoAnswer, "dial_no_answer", null, started.AddSeconds(30), 30_000,
            "Agent: Hello?", "https://recordings.example/abc.wav", "Short summary");
        var analyzed = new CallAnalyzed(leadId, 1, attemptId, "retell", "call_abc", "The fuller analysed summary", "Neutral", false, started.AddMinutes(1));

        await _host.Bus.Bus.Publish(ended);
        await _host.Bus.Consumed.WaitFor<CallEnded>(1);
        await _host.Bus.Bus.Publish(new CallStarted(leadId, 1, attemptId, "retell", "call_abc", started));
        await _host.Bus.Consumed.WaitFor<CallStarted>(1);
        await _host.Bus.Bus.Publish(analyzed);
        await _host.Bus.Consumed.WaitFor<CallAnalyzed>(1);
        // Redelivered, with the summary that came with the end: the analysis keeps its place.
        await _host.Bus.Bus.Publish(ended);
        await _host.Bus.Consumed.WaitFor<CallEnded>(2);

        var call = await _host.Db(db => db.LeadCalls.AsNoTracking().SingleAsync(c => c.CallAttemptId == attemptId));
        Assert.Equal(started, call.StartedAt);
        Assert.Equal(started.AddSeconds(30), call.EndedAt);
        Assert.Equal(30_000, call.DurationMs);
        Assert.Equal(CallOutcome.NoAnswer, call.Outcome);
        Assert.Equal("dial_no_answer", call.EndedReason);
        Assert.Equal("Agent: Hello?", call.Transcript);
        Assert.Equal("https://recordings.example/abc.wav", call.RecordingUrl);
        Assert.Equal("The fuller analysed summary", call.Summary);
        Assert.Equal("Neutral", call.Sentiment);
        Assert.Equal("call_abc", call.ProviderCallId);
        Assert.Equal(1, await _host.Db(db => db.LeadEvents.CountAsync(e => e.LeadId == leadId && e.Type == LeadEventTypes.CallResult)));
        Assert.Equal(0, _host.Bus.Consumed.Faults);
    }

    [Fact]
    public async Task When_the_provider_refuses_a_call_Should_record_the_error_once_as_not_placed()
    {
        var failed = new CallFailed(Guid.CreateVersion7(), 2, Guid.NewGuid(), "retell", new LeadError(ErrorKind.Temporary, "Rate limit exceeded", "429 Too Many Requests"), 429);

        await _host.Bus.Bus.Publish(failed);
        await _host.Bus.Bus.Publish(failed);
        await _host.Bus.Consumed.WaitFor<CallFailed>(2);

        var call = await _host.Db(db => db.LeadCalls.AsNoTracking().SingleAsync(c => c.CallAttemptId == failed.CallAttemptId));
        Assert.Equal("Rate limit exceeded", call.Error?.Reason);
        Assert.Null(call.StartedAt);
        Assert.Equal(1, await _host.Db(db => db.LeadEvents.CountAsync(e => e.LeadId == failed.LeadId)));
        Assert.Equal(0, _host.Bus.Consumed.Faults);
    }
}
