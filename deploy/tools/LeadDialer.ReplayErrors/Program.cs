// deploy/dev.sh replay-errors runs this: each named <queue>_error queue is emptied back into <queue>
// (ADR 0008). The broker comes from ConnectionStrings__rabbitmq, as for the services, so the password
// is not on the command line.
using LeadDialer.Messaging;

var uri = Environment.GetEnvironmentVariable("ConnectionStrings__rabbitmq");
if (string.IsNullOrWhiteSpace(uri) || args.Length == 0)
{
    Console.Error.WriteLine("usage: ConnectionStrings__rabbitmq=amqp://user:pass@host:5672/vhost LeadDialer.ReplayErrors <queue>_error...");
    return 2;
}

await using var connection = await DeadLetterQueues.ConnectionFactory(uri, "replay-errors").CreateConnectionAsync();
var failures = 0;
foreach (var errorQueue in args)
{
    try
    {
        var moved = await DeadLetterQueues.Replay(connection, errorQueue, CancellationToken.None);
        Console.WriteLine($"{errorQueue}: {moved} message(s) moved back to {DeadLetterQueues.QueueOf(errorQueue)}");
    }
    catch (Exception e) when (e is InvalidOperationException or ArgumentException)
    {
        Console.Error.WriteLine($"{errorQueue}: {e.Message}");
        failures++;
    }
}

return failures == 0 ? 0 : 1;
