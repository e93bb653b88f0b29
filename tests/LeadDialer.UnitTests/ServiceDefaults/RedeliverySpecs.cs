using System.Net.Sockets;
using LeadDialer.Messaging;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LeadDialer.UnitTests.ServiceDefaults;

public sealed class RedeliverySpecs
{
    [Fact]
    public void The_default_schedule_outlasts_a_ten_minute_outage_within_the_brokers_consumer_timeout()
    {
        var intervals = new RedeliveryOptions().Intervals();
        var total = intervals.Aggregate(TimeSpan.Zero, (sum, i) => sum + i);

        Assert.Equal(TimeSpan.FromMilliseconds(200), intervals[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(400), intervals[1]);
        Assert.Equal(TimeSpan.FromMinutes(1), intervals.Max());
        Assert.InRange(total, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(20));
    }

    [Fact]
    public void A_schedule_whose_first_wait_exceeds_its_cap_is_refused_naming_the_section()
    {
        var options = new RedeliveryOptions { FirstInterval = TimeSpan.FromMinutes(2), MaxInterval = TimeSpan.FromMinutes(1) };

        var refusal = Assert.Throws<InvalidOperationException>(options.Intervals);
        Assert.Contains(RedeliveryOptions.SectionName, refusal.Message, StringComparison.Ordinal);
    }

    public static TheoryData<Exception> Outages() =>
    [
        new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)),
        new DbUpdateException("save failed", new PostgresException("the database system is starting up", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow)),
        new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected),
        new InvalidOperationException("wrapped", new TimeoutException()),
        new AggregateException(new ArgumentException("bad"), new RabbitMQ.Client.Exceptions.BrokerUnreachableException(new IOException())),
    ];

    [Theory]
    [MemberData(nameof(Outages))]
    public void An_outage_is_transient_also_when_wrapped(Exception exception) => Assert.True(TransientFailure.Is(exception));

    public static TheoryData<Exception> BadMessages() =>
    [
        new ArgumentException("no such lead"),
        new DbUpdateException("save failed", new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)),
        new PostgresException("column does not exist", "ERROR", "ERROR", PostgresErrorCodes.UndefinedColumn),
        new MassTransit.ConcurrencyException("Lead created concurrently.", typeof(object), Guid.NewGuid()),
    ];

    [Theory]
    [MemberData(nameof(BadMessages))]
    public void A_bad_message_or_a_broken_rule_is_not_transient(Exception exception) => Assert.False(TransientFailure.Is(exception));
}
