using LeadDialer.Gateway;
using LeadDialer.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGateway();
app.Run();

public partial class Program;
