using System.Text;
using LeadDialer.Import.CustomFields;
using LeadDialer.Import.Data;
using LeadDialer.Import.Files;
using LeadDialer.Import.Leads;
using LeadDialer.Import.Running;
using LeadDialer.ServiceDefaults;
using LeadDialer.Messaging.Persistence;
using Npgsql;

namespace LeadDialer.Import;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Windows-1252 files (Excel's "CSV" on Windows) need the code page encodings.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        builder.Services.AddOptions<ImportOptions>()
            .BindConfiguration("Import")
            .Validate(o => o.MaxUploadBytes > 0 && o.BatchSize > 0 && o.HandOverSize > 0 && o.MaxColumns > 0,
                "Import:MaxUploadBytes, BatchSize, HandOverSize and MaxColumns must be positive.")
            .ValidateOnStart();

        // Uploads may be far larger than Kestrel's 30 MB default; the upload endpoint sets its own
        // limit (Import:MaxUploadBytes) per request, every other endpoint keeps the default.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = 30_000_000);

        builder.AddPostgres<ImportDbContext>("import");
        builder.Services.AddSingleton(_ => new LeadsDatabase(LeadsDataSource(builder.Configuration)));
        builder.Services.AddHealthChecks()
            .AddNpgSql(sp => sp.GetRequiredService<LeadsDatabase>().DataSource, name: "leads-postgres", tags: [ServiceDefaultsExtensions.ReadyTag]);

        var leads = new Uri(builder.Configuration["Services:Leads:BaseUrl"] ?? "http://127.0.0.1:8081");
        builder.Services.AddServiceClient<CustomFieldsClient>(TimeSpan.FromSeconds(10), (_, http) => http.BaseAddress = leads);

        builder.Services.AddSingleton<UploadReceiver>();
        builder.Services.AddSingleton<LeadsBulkWriter>();
        builder.Services.AddSingleton<ImportSignal>();
        builder.Services.AddHostedService<ImportRunner>();
        return builder;
    }

    static NpgsqlDataSource LeadsDataSource(IConfiguration configuration)
    {
        var connectionString = configuration.RequiredConnectionString("leads",
            "The Import service writes imported leads into the Leads database (ADR 0003); " +
            "set it to the Leads service's connection string, e.g. Host=127.0.0.1;Database=leaddialer_leads;Username=leaddialer;Password=leaddialer.");
        return new NpgsqlDataSourceBuilder(connectionString).Build();
    }
}
