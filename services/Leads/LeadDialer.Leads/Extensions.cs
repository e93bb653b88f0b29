using LeadDialer.Leads.Calls;
using LeadDialer.Leads.CustomFields;
using LeadDialer.Leads.Data;
using LeadDialer.Leads.Dialing;
using LeadDialer.Leads.Events;
using LeadDialer.Leads.Leads;
using LeadDialer.Leads.Reports;
using LeadDialer.Leads.StatusProjection;
using LeadDialer.Leads.Submissions;
using LeadDialer.Messaging;
using LeadDialer.Messaging.Outbox;
using LeadDialer.Messaging.Persistence;
using LeadDialer.ServiceDefaults;
using Microsoft.Extensions.Options;

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
            bus.AddConsumer<CallHistoryConsumer>();
            bus.AddConsumer<SubmitLeadConsumer>();
        });

        builder.Services.AddScoped<LeadEditor>();
        builder.Services.AddScoped<LeadEventWriter>();

        builder.Services.AddOptions<LeadEventOptions>().BindConfiguration("Events");
        builder.Services.AddSingleton<LeadEventFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LeadEventFeed>());

        builder.Services.AddOptions<DialerClientOptions>().BindConfiguration("Services:Dialer");
        var dialerTimeout = builder.Configuration.GetSection("Services:Dialer").Get<DialerClientOptions>()?.Timeout ?? new DialerClientOptions().Timeout;
        builder.Services.AddServiceClient<DialerClient>(dialerTimeout,
            (sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<DialerClientOptions>>().Value.BaseUrl);
        return builder;
    }

    public static WebApplication MapLeadsApis(this WebApplication app)
    {
        app.MapLeadsApi();
        app.MapCustomFieldsApi();
        app.MapEventsApi();
        app.MapReportsApi();
        return app;
    }
}
