using LeadDialer.Dialer;
using LeadDialer.Dialer.Settings;
using LeadDialer.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapCallingSettingsApi();
app.Run();

public partial class Program;
