using LeadDialer.Contracts;
using LeadDialer.Leads.Data;
using LeadDialer.Leads.StatusProjection;
using LeadDialer.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadDialer.IntegrationTests;

/// <summary>The Leads service's copy of each lead's status: late and repeated events change nothing.</summary>
public sealed class LeadStatusProjectionSpecs : IAsyncLifetime
{
    TestDatabase _database = null!;
    ServiceProvider _provider = null!;
    IBusControl _bus = null!;
    readonly ConsumeCounter _consumed = new();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.Create("leads");
        var services = new ServiceCollection()
            .AddLogging()
            .AddDbContext<LeadsDbContext>(o => o.UseNpgsql(_database.ConnectionString).UseSnakeCaseNamingConvention());
        services.AddMassTransit(x =>
        {
            x.AddConsumer<LeadStatusChangedConsumer>();
            x.UsingInMemory((context, cfg) =>
            {
                cfg.ConfigureJsonSerializerOptions(MessagingExtensions.Configure);
                cfg.ConfigureEndpoints(context);
            });
        });
        _provider = services.BuildServiceProvider(true);
        await using (var scope = _provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LeadsDbContext>().Database.MigrateAsync();
        }

        _bus = _provider.GetRequiredService<IBusControl>();
        _bus.ConnectConsumeObserver(_consumed);
        await _bus.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _bus.StopAsync();
        await _provider.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_late_or_repeated_status_never_overwrites_a_newer_one()
    {
        var id = Guid.CreateVersion7();
        await using (var scope = _provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
            db.Leads.Add(new Lead { Id = id, Name = "Ada", Phone = "+12125550100", Email = "ada@example.com", Status = LeadStatus.Pending });
            await db.SaveChangesAsync();
        }

        var completed = new LeadStatusChanged(id, LeadStatus.Completed, 1, 3, DateTimeOffset.UtcNow, null, CallOutcome.Answered, null);
        await _bus.Publish(completed);
        await _consumed.WaitFor<LeadStatusChanged>(1);
        await _bus.Publish(completed with { Status = LeadStatus.InProgress, Version = 2, LastOutcome = null });
        await _bus.Publish(completed);
        await _consumed.WaitFor<LeadStatusChanged>(3);

        await using var check = _provider.CreateAsyncScope();
        var lead = await check.ServiceProvider.GetRequiredService<LeadsDbContext>().Leads.AsNoTracking().SingleAsync(l => l.Id == id);
        Assert.Equal(LeadStatus.Completed, lead.Status);
        Assert.Equal(3, lead.StatusVersion);
        Assert.Equal(CallOutcome.Answered, lead.LastOutcome);
        Assert.Equal(1, lead.Attempts);
        Assert.Equal(0, _consumed.Faults);
    }
}
