using LeadDialer.Contracts;
using LeadDialer.Leads.Data;
using LeadDialer.Leads.Events;
using LeadDialer.Leads.StatusProjection;
using LeadDialer.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadDialer.IntegrationTests;

/// <summary>The Leads service's copy of each lead's status: late and repeated events change nothing.</summary>
public sealed class LeadStatusProjectionSpecs : IAsyncLifetime
{
    TestDatabase _database = null!;
    InMemoryBusHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.Create("leads");
        var services = new ServiceCollection()
            .AddScoped<LeadEventWriter>()
            .AddDbContext<LeadsDbContext>(o => o.UseNpgsql(_database.ConnectionString).UseSnakeCaseNamingConvention());
        _host = await InMemoryBusHost.Start(services, x => x.AddConsumer<LeadStatusChangedConsumer>());
        await using var scope = _host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LeadsDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_late_or_repeated_status_never_overwrites_a_newer_one()
    {
        var id = Guid.CreateVersion7();
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
            db.Leads.Add(new Lead { Id = id, Name = "Ada", Phone = "+12125550100", Email = "ada@example.com", Status = LeadStatus.Pending });
            await db.SaveChangesAsync();
        }

        var completed = new LeadStatusChanged(id, LeadStatus.Completed, 1, 3, DateTimeOffset.UtcNow, null, CallOutcome.Answered, null);
        await _host.Bus.Publish(completed);
        await _host.Consumed.WaitFor<LeadStatusChanged>(1);
        await _host.Bus.Publish(completed with { Status = LeadStatus.InProgress, Version = 2, LastOutcome = null });
        await _host.Bus.Publish(completed);
        await _host.Consumed.WaitFor<LeadStatusChanged>(3);

        await using var check = _host.Services.CreateAsyncScope();
        var lead = await check.ServiceProvider.GetRequiredService<LeadsDbContext>().Leads.AsNoTracking().SingleAsync(l => l.Id == id);
        Assert.Equal(LeadStatus.Completed, lead.Status);
        Assert.Equal(3, lead.StatusVersion);
        Assert.Equal(CallOutcome.Answered, lead.LastOutcome);
        Assert.Equal(1, lead.Attempts);
        Assert.Equal(0, _host.Consumed.Faults);
    }
}
