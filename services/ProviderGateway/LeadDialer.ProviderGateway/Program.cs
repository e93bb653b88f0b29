using LeadDialer.ProviderGateway;
using LeadDialer.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapProviderGatewayApi();

app.Run();

public partial class Program;
