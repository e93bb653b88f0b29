using LeadDialer.Dialer;
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
app.Run();

public partial class Program;
