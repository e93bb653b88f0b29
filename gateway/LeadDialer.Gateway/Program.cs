using LeadDialer.Gateway;
using LeadDialer.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
// The gateway is the edge: it does not take X-Forwarded-* from clients, it sets them.
app.MapDefaultEndpoints(trustForwardedHeaders: false);
app.MapGateway();
app.Run();

public partial class Program;
