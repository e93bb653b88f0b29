using System.Collections.Concurrent;
using LeadDialer.Contracts;
using MassTransit;

namespace LeadDialer.EndToEndTests;

/// <summary>
/// Commands delivered twice (a broker redelivery after a lost acknowledgement looks exactly like
/// this) must not dial twice. The test talks to the running system over its own RabbitMQ virtual host.
/// </summary>
[Collection(LeadDialerSystemCollection.Name)]
public sealed class RedeliverySpecs(LeadDialerSystem system) : IAsyncLifetime
{
    readonly ConcurrentQueue<CallStarted> _started = new();
    IBusControl _bus = null!;

    public async Task InitializeAsync()
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(LeadDialerSystem.RabbitMq));
            // A temporary queue of our own, bound to CallStarted, removed when the test ends.
            cfg.ReceiveEndpoint(e =>
            {
                e.Handler<CallStarted>(context =>
                {
                    _started.Enqueue(context.Message);
                    return Task.CompletedTask;
                });
            });
        });
        await _bus.StartAsync();
    }

    public Task DisposeAsync() => _bus.StopAsync();

    [Fact]
    public async Task A_place_call_command_delivered_twice_dials_once_and_answers_twice()
    {
        var phone = LeadDialerSystem.Number("20");
        var command = new PlaceCall(Guid.NewGuid(), 1, Guid.NewGuid(), new LeadDetails("Alan Turing", phone, "alan@example.com", null, null, new Dictionary<string, string>()));

        await _bus.Publish(command);
        await system.WaitForCallTo(phone);
        await Eventually(() => _started.Count(s => s.CallAttemptId == command.CallAttemptId) >= 1, "the first CallStarted");

        await _bus.Publish(command);
        await Eventually(() => _started.Count(s => s.CallAttemptId == command.CallAttemptId) >= 2, "the repeated CallStarted");

        var answers = _started.Where(s => s.CallAttemptId == command.CallAttemptId).ToList();
        Assert.Equal(answers[0].ProviderCallId, answers[1].ProviderCallId);
        Assert.Equal(1, await system.CallsTo(phone));
    }

    static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
