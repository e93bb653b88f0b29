using LeadDialer.ServiceDefaults;
using LeadDialer.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapWebhooksApi();

app.Run();

public partial class Program;
