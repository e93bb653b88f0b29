using System.Net;
using System.Net.Http.Json;
using LeadDialer.Contracts.Dialing;
using LeadDialer.Leads.Dialing;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadDialer.UnitTests.Leads;

/// <summary>Lead details ask the Dialer why a lead waits; a Dialer that cannot answer must not break them.</summary>
public sealed class DialerClientSpecs
{
    static readonly Guid LeadId = Guid.Parse("0193a5c4-0000-7000-8000-0000000000aa");

    [Fact]
    public async Task When_the_Dialer_answers_Should_give_its_state_asking_for_the_lead()
    {
        var state = new LeadDialingState(LeadId, "pending", 1, 3, DateTimeOffset.UtcNow, null, WaitingReasons.OutsideCallingHours,
            "Outside calling hours until 09:00 local (America/New_York)", DateTimeOffset.UtcNow.AddHours(3));
        Uri? asked = null;
        var client = Client(request =>
        {
            asked = request.RequestUri;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(state) };
        });

        var lookup = await client.GetDialingState(LeadId, CancellationToken.None);

        Assert.Equal($"http://dialer.test/api/dialer/leads/{LeadId}", asked?.ToString());
        Assert.Null(lookup.Unavailable);
        Assert.Equal(WaitingReasons.OutsideCallingHours, lookup.State?.WaitingReason);
        Assert.Equal(3, lookup.State?.MaxAttempts);
    }

    [Fact]
    public async Task When_the_Dialer_does_not_know_the_lead_Should_say_so()
    {
        var lookup = await Client(_ => new HttpResponseMessage(HttpStatusCode.NotFound)).GetDialingState(LeadId, CancellationToken.None);

        Assert.Null(lookup.State);
        Assert.Contains("not taken this lead on", lookup.Unavailable);
    }

    [Fact]
    public async Task When_the_Dialer_fails_Should_say_it_is_unavailable()
    {
        var lookup = await Client(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)).GetDialingState(LeadId, CancellationToken.None);

        Assert.Null(lookup.State);
        Assert.Contains("503", lookup.Unavailable);
    }

    [Fact]
    public async Task When_the_Dialer_is_down_Should_say_it_is_not_reachable()
    {
        var lookup = await Client(_ => throw new HttpRequestException("Connection refused")).GetDialingState(LeadId, CancellationToken.None);

        Assert.Null(lookup.State);
        Assert.Contains("not reachable", lookup.Unavailable);
    }

    [Fact]
    public async Task When_the_Dialer_is_too_slow_Should_give_up_after_the_timeout()
    {
        var client = new DialerClient(
            new HttpClient(new Handler(_ => throw new InvalidOperationException("not called")) { Delay = TimeSpan.FromSeconds(30) })
            {
                BaseAddress = new Uri("http://dialer.test/"),
                Timeout = TimeSpan.FromMilliseconds(100),
            },
            NullLogger<DialerClient>.Instance);
        var started = DateTime.UtcNow;

        var lookup = await client.GetDialingState(LeadId, CancellationToken.None);

        Assert.Contains("not reachable", lookup.Unavailable);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    static DialerClient Client(Func<HttpRequestMessage, HttpResponseMessage> answer) =>
        new(new HttpClient(new Handler(answer)) { BaseAddress = new Uri("http://dialer.test/") }, NullLogger<DialerClient>.Instance);

    sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public TimeSpan Delay { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }

            return answer(request);
        }
    }
}
