using LeadDialer.Leads.Data;
using LeadDialer.Leads.StatusProjection;
using LeadDialer.ServiceDefaults.Messaging;
using LeadDialer.ServiceDefaults.Outbox;
using LeadDialer.ServiceDefaults.Persistence;

namespace LeadDialer.Leads;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Order matters: migrations run before the outbox relay and the bus start.
        builder.AddPostgres<LeadsDbContext>("leads");
        builder.AddOutboxRelay();
        builder.AddMessaging("leads", bus =>
        {
            bus.AddConsumer<LeadStatusChangedConsumer>();
            bus.AddConsumer<LeadReadyConsumer>();
        });
        return builder;
    }
}
