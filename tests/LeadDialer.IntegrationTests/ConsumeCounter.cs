using MassTransit;

namespace LeadDialer.IntegrationTests;

/// <summary>Counts messages the bus has finished consuming (successfully or not), by type, to wait on.</summary>
sealed class ConsumeCounter : IConsumeObserver
{
    readonly Dictionary<Type, int> _done = [];

    public int Faults { get; private set; }

    public async Task WaitFor<T>(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Done(typeof(T)) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {Done(typeof(T))} of {count} {typeof(T).Name} were consumed in 30 s.");
            await Task.Delay(10);
        }
    }

    int Done(Type type)
    {
        lock (_done)
        {
            return _done.GetValueOrDefault(type);
        }
    }

    void Count(Type type)
    {
        lock (_done)
        {
            _done[type] = _done.GetValueOrDefault(type) + 1;
        }
    }

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        Count(typeof(T));
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        lock (_done)
        {
            Faults++;
        }

        Count(typeof(T));
        return Task.CompletedTask;
    }
}
