using LeadDialer.Dialer;
using LeadDialer.Dialer.Compliance;
using LeadDialer.Dialer.Dialing;
using LeadDialer.Dialer.Settings;
using LeadDialer.Dialer.Throughput;
using LeadDialer.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapCallingSettingsApi();
app.MapDialingStateApi();
app.MapThroughputApi();
app.MapComplianceSettingsApi();
app.MapDoNotCallApi();
app.MapAuditApi();
app.Run();

public partial class Program;
